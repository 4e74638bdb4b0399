/**
 * The maintainers' writes of single entries, with versions, entity tags and history.
 *
 * The facade (glossary.ts) runs every term-base write one at a time, so the checks here read the
 * stored state and the write cannot be overtaken; the store checks the version again inside its
 * transaction (EntryWrite), which is what holds when several processes share a store. Rules:
 * - PUT and DELETE need `If-Match` with the entry's current ETag: without it 428, with `*` also
 *   428 (it names no version, so it cannot prevent a lost update), with another version 412.
 *   Order: 404 (glossary) -> 403 (read-only) -> 400 (body) -> 428 -> 404 (entry) -> 412 -> 409.
 * - A Chinese term may stand in one entry of a glossary only, compared on its folded key
 *   (`魯班工坊` in one entry and `鲁班工坊` in another is a duplicate): 409 naming the other entry.
 *   Two glossaries may each have the term (that is what priorities are for).
 * - A PUT that changes nothing keeps the version (no empty history record).
 * - Every write appends a history record `{entryId, version, action, by, at, changes}`; a delete
 *   appends a `deleted` record (a tombstone) whose changes list the removed content, so the
 *   history of a deleted entry stays readable. Re-creating a deleted id continues its versions.
 */
import type { Principal } from '../../domain/auth/roles.js';
import { ConflictError, NotFoundError, PreconditionFailedError, PreconditionRequiredError, ValidationError } from '../../domain/errors.js';
import { type EntryContent, type TermEntry, contentOf } from '../../domain/termbase/entry.js';
import { diffContent, entityTag, entryIdBase, ifMatchSatisfied, newEntryId, validateEntry } from '../../domain/termbase/entry-rules.js';
import { primaryLanguage } from '../../domain/termbase/recognizer.js';
import { chineseKey } from '../../domain/termbase/term-keys.js';
import type { TermbaseReader, TermbaseWriter } from '../../store/types.js';
import type { TermbaseView } from './termbase-view.js';

/** The stored shape of an entry: id and glossary, content in the documented order, bookkeeping. */
export function storedEntry(glossary: string, id: string, content: EntryContent, meta: Pick<TermEntry, 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy' | 'version'>): TermEntry {
  return { id, glossary, ...contentOf(content), ...meta };
}

/** The folded Chinese keys of an entry's content, each with a term that has it. */
export function chineseKeys(content: EntryContent): Map<string, string> {
  const keys = new Map<string, string>();
  for (const [tag, terms] of Object.entries(content.languages)) {
    if (primaryLanguage(tag) === 'zh') for (const t of terms) if (!keys.has(chineseKey(t.term))) keys.set(chineseKey(t.term), t.term);
  }
  return keys;
}

function requireIfMatch(ifMatch: string | undefined): string {
  const value = ifMatch?.trim();
  if (!value) throw new PreconditionRequiredError('send If-Match with the ETag of the entry as you last read it, so that no one else\'s change is overwritten');
  if (value === '*') throw new PreconditionRequiredError('If-Match: * names no version; send the ETag of the entry as you last read it');
  return value;
}

/** Creates, replaces and deletes entries of one glossary at a time (the caller checked scope and read-only). */
export class EntryWrites {
  constructor(private readonly store: TermbaseReader & TermbaseWriter, private readonly view: TermbaseView, private readonly now: () => Date) {}

  private async assertNoZhConflict(glossary: string, content: EntryContent, exceptId?: string): Promise<void> {
    const keys = chineseKeys(content);
    for (const [key, owner] of await this.store.chineseOwners(glossary, [...keys.keys()])) {
      if (owner === exceptId) continue;
      const term = keys.get(key) as string;
      throw new ConflictError(`the Chinese term "${term}" already stands in entry "${owner}"`, { entryId: owner, term });
    }
  }

  private async current(glossary: string, id: string, ifMatch: string): Promise<TermEntry> {
    const entry = await this.store.getEntry(glossary, id);
    if (!entry) throw new NotFoundError('entry', id, `in glossary "${glossary}"`);
    if (!ifMatchSatisfied(ifMatch, entityTag(id, entry.version))) {
      throw new PreconditionFailedError(`entry "${id}" has changed: it is at version ${entry.version} (ETag ${entityTag(id, entry.version)}), not ${ifMatch}; read it again and re-apply your change`, entry.version);
    }
    return entry;
  }

  /** Creates an entry; 409 when its id or one of its Chinese terms is taken in the glossary. */
  async create(glossary: string, raw: unknown, by: Principal): Promise<TermEntry> {
    const { id: givenId, content } = validateEntry(raw);
    if (givenId !== undefined && await this.store.getEntry(glossary, givenId)) {
      throw new ConflictError(`entry "${givenId}" already exists`, { entryId: givenId });
    }
    await this.assertNoZhConflict(glossary, content);
    const taken = givenId === undefined ? await this.store.idsInUse(glossary, entryIdBase(content)) : new Set<string>();
    const id = givenId ?? newEntryId(content, (x) => taken.has(x));
    const at = this.now().toISOString();
    const version = (await this.store.lastVersion(glossary, id)) + 1;
    const entry = storedEntry(glossary, id, content, { createdAt: at, createdBy: by.name, updatedAt: at, updatedBy: by.name, version });
    const changes = await this.store.writeEntries(glossary, [{ op: 'put', entry, expectedVersion: null,
      history: { entryId: id, version, action: 'created', by: by.name, at, changes: diffContent(undefined, content) } }]);
    this.view.apply(changes, at);
    return entry;
  }

  /** Replaces the content of entry `id` at the version `ifMatch` names. */
  async replace(glossary: string, id: string, raw: unknown, ifMatch: string | undefined, by: Principal): Promise<TermEntry> {
    const { id: bodyId, content } = validateEntry(raw);
    if (bodyId !== undefined && bodyId !== id) {
      throw new ValidationError(`the body's id "${bodyId}" is not the id in the path ("${id}")`, [{ path: '/id', message: 'must equal the id in the path (ids cannot be renamed)' }]);
    }
    const before = await this.current(glossary, id, requireIfMatch(ifMatch));
    await this.assertNoZhConflict(glossary, content, id);
    const changes = diffContent(contentOf(before), content);
    if (changes.length === 0) return before;
    const at = this.now().toISOString();
    const entry = storedEntry(glossary, id, content, { createdAt: before.createdAt, createdBy: before.createdBy, updatedAt: at, updatedBy: by.name, version: before.version + 1 });
    this.view.apply(await this.store.writeEntries(glossary, [{ op: 'put', entry, expectedVersion: before.version,
      history: { entryId: id, version: entry.version, action: 'updated', by: by.name, at, changes } }]), at);
    return entry;
  }

  /** Deletes entry `id` at the version `ifMatch` names, keeping its history. */
  async delete(glossary: string, id: string, ifMatch: string | undefined, by: Principal): Promise<void> {
    const before = await this.current(glossary, id, requireIfMatch(ifMatch));
    const at = this.now().toISOString();
    this.view.apply(await this.store.writeEntries(glossary, [{ op: 'delete', id, expectedVersion: before.version,
      history: { entryId: id, version: before.version + 1, action: 'deleted', by: by.name, at, changes: diffContent(contentOf(before), undefined) } }]), at);
  }
}
