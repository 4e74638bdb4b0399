/**
 * The term base as a service: recognition, QA checks, search, and the maintainers' writes with
 * versions, entity tags and history. HTTP routes and CLI commands both call this.
 *
 * Derived structures (the recognizer's tries, the lunr index, the id map) are built lazily per
 * version of the term-base document: `TermbaseStore.read()` returns a new document object after
 * every write, so a write invalidates them by identity and the next read rebuilds them once.
 *
 * Writes go through `TermbaseStore.update()` (serialised, atomic, durable) and re-check their
 * preconditions against the document inside it, so of two writers holding the same ETag exactly
 * one succeeds and the other gets 412. Rules:
 * - PUT and DELETE need `If-Match` with the entry's current ETag: without it 428, with `*` also
 *   428 (it names no version, so it cannot prevent a lost update), with another version 412.
 *   Order: 400 (body) -> 428 -> 404 -> 412 -> 409.
 * - A Chinese term may stand in one entry only, compared on its folded key (`魯班工坊` in one
 *   entry and `鲁班工坊` in another is a duplicate): 409 naming the other entry.
 * - A PUT that changes nothing keeps the version (no empty history record).
 * - Every write appends a history record `{entryId, version, action, by, at, changes}`; a delete
 *   appends a `deleted` record (a tombstone) whose changes list the removed content, so the
 *   history of a deleted entry stays readable. Re-creating a deleted id continues its versions.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../../domain/auth/roles.js';
import { ConflictError, NotFoundError, PreconditionFailedError, PreconditionRequiredError, ValidationError } from '../../domain/errors.js';
import { TERM_STATUSES, type EntryContent, type TermEntry, type TermStatus, contentOf } from '../../domain/termbase/entry.js';
import { diffContent, entityTag, ifMatchSatisfied, newEntryId, validateEntry } from '../../domain/termbase/entry-rules.js';
import { type QaIssue, checkTranslation } from '../../domain/termbase/qa.js';
import { type RecognizedTerm, TermRecognizer } from '../../domain/termbase/recognizer.js';
import type { HistoryRecord, TermbaseDocument, TermbaseStore } from '../../store/lowdb/termbase-store.js';
import { type TermbaseUploadFormat, type UploadSource, readTermbaseUpload } from '../../formats/registry.js';
import { type ExportFile, type ExportOptions, type ImportReport, applyImport, exportGlossary } from './glossary-exchange.js';
import { GlossarySearchIndex } from './glossary-search.js';
import { requireTag } from '../languages.js';
import { lastVersion, storedEntry, zhConflict } from './termbase-doc.js';

/** Default and largest page of entries. */
export const DEFAULT_ENTRY_PAGE = 50;
export const MAX_ENTRY_PAGE = 500;

/** Filters and paging for listing entries. */
export interface EntryQuery {
  q?: string;
  lang?: string;
  status?: string;
  subjectField?: string;
  cursor?: string;
  limit?: number;
}

/** One page of entries. */
export interface EntryPage {
  entries: TermEntry[];
  /** Entries matching the query and filters, on all pages. */
  total: number;
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A translation to check, with language tags as sent. */
export interface CheckRequest {
  source: string;
  target: string;
  sourceLang: string;
  targetLang: string;
}

interface View {
  doc: TermbaseDocument;
  byId: Map<string, TermEntry>;
  recognizer: TermRecognizer;
  search?: GlossarySearchIndex;
}

interface Cursor {
  /** Fingerprint of the query and filters the cursor belongs to. */
  f: string;
  id: string;
  s?: number;
}

function matchesLang(tag: string, range: string): boolean {
  return tag === range || tag.startsWith(`${range}-`);
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(raw: string, fingerprint: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id === 'string' && c.f === fingerprint) return c;
  } catch {
    // fall through
  }
  throw new ValidationError('cursor is not one this query returned', [{ path: '/query/cursor', message: 'is not a cursor of this query' }]);
}

/** Recognition, QA, search and maintenance of the term base. */
export class GlossaryService {
  private view?: View;

  constructor(private readonly store: TermbaseStore, private readonly now: () => Date = () => new Date()) {}

  private current(): View {
    const doc = this.store.read();
    if (this.view?.doc !== doc) this.view = { doc, byId: new Map(doc.entries.map((e) => [e.id, e])), recognizer: new TermRecognizer(doc.entries) };
    return this.view;
  }

  /** Terms of the term base in `text` (language `lang`), leftmost-longest; what TM lookups attach as `terms`. */
  recognize(text: string, lang: string): RecognizedTerm[] {
    return this.current().recognizer.recognize(text, requireTag('lang', lang));
  }

  /** Terminology QA of one translation. */
  check(req: CheckRequest): QaIssue[] {
    const sourceLang = requireTag('sourceLang', req.sourceLang);
    const targetLang = requireTag('targetLang', req.targetLang);
    return checkTranslation(this.current().recognizer, { source: req.source, target: req.target, sourceLang, targetLang });
  }

  /** The entry `id`. */
  get(id: string): TermEntry {
    const e = this.current().byId.get(id);
    if (!e) throw new NotFoundError('entry', id);
    return e;
  }

  /** Every version of `id`, oldest first (also after a delete). */
  history(id: string): HistoryRecord[] {
    const records = this.store.read().history.filter((h) => h.entryId === id).sort((a, b) => a.version - b.version);
    if (records.length === 0 && !this.current().byId.has(id)) throw new NotFoundError('entry', id);
    return records;
  }

  /** Entries by full-text query and filters, a page at a time (see {@link EntryQuery}). */
  list(query: EntryQuery): EntryPage {
    const view = this.current();
    const limit = Math.min(Math.max(query.limit ?? DEFAULT_ENTRY_PAGE, 1), MAX_ENTRY_PAGE);
    const lang = query.lang === undefined ? undefined : requireTag('lang', query.lang).tag;
    const status = query.status as TermStatus | undefined;
    if (status !== undefined && !TERM_STATUSES.includes(status)) {
      throw new ValidationError(`status must be one of ${TERM_STATUSES.join(', ')}`, [{ path: '/query/status', message: `must be one of ${TERM_STATUSES.join(', ')}` }]);
    }
    const field = query.subjectField?.toLowerCase();
    const keep = (e: TermEntry) => (field === undefined || e.subjectField?.toLowerCase() === field)
      && (lang === undefined && status === undefined ? true
        : Object.entries(e.languages).some(([tag, terms]) => (lang === undefined || matchesLang(tag, lang)) && (status === undefined || terms.some((t) => t.status === status))));

    const q = query.q?.trim() ? query.q.trim() : undefined;
    const fingerprint = createHash('sha256').update(JSON.stringify([q, lang, status, field])).digest('base64url').slice(0, 16);
    const after = query.cursor ? decodeCursor(query.cursor, fingerprint) : undefined;
    let ranked: { entry: TermEntry; score?: number }[];
    if (q === undefined) {
      ranked = view.doc.entries.filter(keep).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((entry) => ({ entry }));
    } else {
      view.search ??= GlossarySearchIndex.build(view.doc.entries);
      ranked = view.search.search(q).flatMap((h) => {
        const entry = view.byId.get(h.id);
        return entry && keep(entry) ? [{ entry, score: h.score }] : [];
      });
    }
    const start = after === undefined ? 0 : ranked.findIndex((r) => (after.s === undefined || r.score === undefined
      ? r.entry.id > after.id
      : r.score < after.s || (r.score === after.s && r.entry.id > after.id)));
    const page = start < 0 ? [] : ranked.slice(start, start + limit);
    const last = page[page.length - 1];
    const more = start >= 0 && start + limit < ranked.length && last !== undefined;
    return {
      entries: page.map((r) => r.entry),
      total: ranked.length,
      nextCursor: more ? encodeCursor({ f: fingerprint, id: last.entry.id, ...(last.score === undefined ? {} : { s: last.score }) }) : null,
    };
  }

  /** Creates an entry (201); 409 when its id or one of its Chinese terms is taken. */
  async create(raw: unknown, by: Principal): Promise<TermEntry> {
    const { id: givenId, content } = validateEntry(raw);
    return this.store.update((doc) => {
      if (givenId !== undefined && doc.entries.some((e) => e.id === givenId)) {
        throw new ConflictError(`entry "${givenId}" already exists`, { entryId: givenId });
      }
      this.assertNoZhConflict(doc, content);
      const id = givenId ?? newEntryId(content, (x) => doc.entries.some((e) => e.id === x) || doc.history.some((h) => h.entryId === x));
      const at = this.now().toISOString();
      const version = lastVersion(doc, id) + 1;
      const entry = storedEntry(id, content, { createdAt: at, createdBy: by.name, updatedAt: at, updatedBy: by.name, version });
      doc.entries.push(entry);
      doc.history.push({ entryId: id, version, action: 'created', by: by.name, at, changes: diffContent(undefined, content) });
      return entry;
    });
  }

  /** Replaces the content of entry `id` at the version `ifMatch` names. */
  async replace(id: string, raw: unknown, ifMatch: string | undefined, by: Principal): Promise<TermEntry> {
    const { id: bodyId, content } = validateEntry(raw);
    if (bodyId !== undefined && bodyId !== id) {
      throw new ValidationError(`the body's id "${bodyId}" is not the id in the path ("${id}")`, [{ path: '/id', message: 'must equal the id in the path (ids cannot be renamed)' }]);
    }
    const condition = this.requireIfMatch(ifMatch);
    return this.store.update((doc) => {
      const index = this.findForWrite(doc, id, condition);
      const before = doc.entries[index] as TermEntry;
      this.assertNoZhConflict(doc, content, id);
      const changes = diffContent(contentOf(before), content);
      if (changes.length === 0) return before;
      const at = this.now().toISOString();
      const entry = storedEntry(id, content, { createdAt: before.createdAt, createdBy: before.createdBy, updatedAt: at, updatedBy: by.name, version: before.version + 1 });
      doc.entries[index] = entry;
      doc.history.push({ entryId: id, version: entry.version, action: 'updated', by: by.name, at, changes });
      return entry;
    });
  }

  /** Deletes entry `id` at the version `ifMatch` names, keeping its history. */
  async delete(id: string, ifMatch: string | undefined, by: Principal): Promise<void> {
    const condition = this.requireIfMatch(ifMatch);
    await this.store.update((doc) => {
      const index = this.findForWrite(doc, id, condition);
      const [before] = doc.entries.splice(index, 1) as [TermEntry];
      doc.history.push({ entryId: id, version: before.version + 1, action: 'deleted', by: by.name, at: this.now().toISOString(), changes: diffContent(contentOf(before), undefined) });
    });
  }

  /**
   * Imports a TBX, CSV or TSV file, all or nothing (see glossary-exchange.ts); a dry run reports
   * what would happen and writes nothing.
   */
  async importFile(source: UploadSource, opts: { format?: TermbaseUploadFormat; mediaType?: string; dryRun?: boolean }, by: Principal): Promise<ImportReport> {
    const file = await readTermbaseUpload(source, opts);
    const at = this.now().toISOString();
    const preview = applyImport(structuredClone(this.store.read()), file, by, at, opts.dryRun === true);
    if (opts.dryRun || preview.created + preview.updated === 0) return preview;
    return this.store.update((doc) => applyImport(doc, file, by, at, false));
  }

  /** An export of the whole term base, ready to stream. */
  exportFile(opts: ExportOptions): ExportFile {
    return exportGlossary(this.store.read().entries, opts, this.now());
  }

  /**
   * The entries as they are now, and when the term base last changed (the latest entry or
   * history record; the epoch for a term base never written): files served with an entity tag
   * (OmegaT's, issue 15) carry that date instead of the time of the request, so the same content
   * gives the same bytes.
   */
  snapshot(): { entries: readonly TermEntry[]; changedAt: Date } {
    const doc = this.store.read();
    let latest = '';
    for (const e of doc.entries) if (e.updatedAt > latest) latest = e.updatedAt;
    for (const h of doc.history) if (h.at > latest) latest = h.at;
    return { entries: doc.entries, changedAt: new Date(latest || 0) };
  }

  private requireIfMatch(ifMatch: string | undefined): string {
    const value = ifMatch?.trim();
    if (!value) throw new PreconditionRequiredError('send If-Match with the ETag of the entry as you last read it, so that no one else\'s change is overwritten');
    if (value === '*') throw new PreconditionRequiredError('If-Match: * names no version; send the ETag of the entry as you last read it');
    return value;
  }

  private findForWrite(doc: TermbaseDocument, id: string, ifMatch: string): number {
    const index = doc.entries.findIndex((e) => e.id === id);
    const entry = doc.entries[index];
    if (!entry) throw new NotFoundError('entry', id);
    if (!ifMatchSatisfied(ifMatch, entityTag(id, entry.version))) {
      throw new PreconditionFailedError(`entry "${id}" has changed: it is at version ${entry.version} (ETag ${entityTag(id, entry.version)}), not ${ifMatch}; read it again and re-apply your change`, entry.version);
    }
    return index;
  }

  private assertNoZhConflict(doc: TermbaseDocument, content: EntryContent, exceptId?: string): void {
    const clash = zhConflict(doc.entries, content, exceptId);
    if (clash) throw new ConflictError(`the Chinese term "${clash.term}" already stands in entry "${clash.entryId}"`, { entryId: clash.entryId, term: clash.term });
  }
}
