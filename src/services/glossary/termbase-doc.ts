/**
 * Rules over the whole term-base document that writes (API and import) share: the 409 rule for
 * Chinese terms, version numbers that never repeat for an id, and the stored shape of an entry.
 */
import type { EntryContent, TermEntry } from '../../domain/termbase/entry.js';
import { contentOf } from '../../domain/termbase/entry.js';
import { primaryLanguage } from '../../domain/termbase/recognizer.js';
import { chineseKey } from '../../domain/termbase/term-keys.js';
import type { TermbaseDocument } from '../../store/lowdb/termbase-store.js';

/** The id of the entry other than `exceptId` in which `content` has a Chinese term, if any. */
export function zhConflict(entries: readonly TermEntry[], content: EntryContent, exceptId?: string): { term: string; entryId: string } | undefined {
  const owner = new Map<string, string>();
  for (const e of entries) {
    if (e.id === exceptId) continue;
    for (const [tag, terms] of Object.entries(e.languages)) if (primaryLanguage(tag) === 'zh') for (const t of terms) owner.set(chineseKey(t.term), e.id);
  }
  for (const [tag, terms] of Object.entries(content.languages)) {
    if (primaryLanguage(tag) !== 'zh') continue;
    for (const t of terms) {
      const entryId = owner.get(chineseKey(t.term));
      if (entryId !== undefined) return { term: t.term, entryId };
    }
  }
  return undefined;
}

/** The last version an id had, deleted or not (0 when never used). */
export function lastVersion(doc: TermbaseDocument, id: string): number {
  let v = doc.entries.find((e) => e.id === id)?.version ?? 0;
  for (const h of doc.history) if (h.entryId === id && h.version > v) v = h.version;
  return v;
}

/** A stored entry with its fields in the documented order. */
export function storedEntry(id: string, content: EntryContent, meta: { createdAt: string; createdBy: string; updatedAt: string; updatedBy: string; version: number }): TermEntry {
  return { id, ...contentOf(content), ...meta };
}

