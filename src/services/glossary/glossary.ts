/**
 * The term base as a service: glossaries as collections, recognition and QA over the glossaries
 * a caller names (in priority order), search, the maintainers' writes with versions and history,
 * and imports and exports per glossary. HTTP routes, CLI commands and the TM and exchange
 * services call this.
 *
 * The store (TermbaseReader/Writer) holds everything; the view (termbase-view.ts) keeps the
 * glossaries' settings and the recognizer in memory, updated by the changes every write returns.
 * Writes (entries, imports, glossaries) run one at a time, in the order they arrive, so a check
 * made before a write still holds when it is made; reads never wait for them. `warm()` loads the
 * view and must run before the first request.
 *
 * On a shared store, other nodes' writes reach this node through the change log: the follower
 * hands them to {@link GlossaryService.follow}, which re-reads the entries and glossaries they
 * name and applies their current state to the view, in the write queue (a local write of the same
 * entry then cannot be overtaken by an older state read before it).
 *
 * Scope and priority: see glossary-scope.ts. Entry writes: entry-writes.ts. Imports:
 * glossary-import.ts. Glossaries: glossary-collections.ts.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../../domain/auth/roles.js';
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import { TERM_STATUSES, type HistoryRecord, type TermEntry, type TermStatus } from '../../domain/termbase/entry.js';
import { type QaIssue, checkTranslation } from '../../domain/termbase/qa.js';
import type { RecognizedTerm } from '../../domain/termbase/recognizer.js';
import type { EntryKeyset, TermbaseReader, TermbaseWriter } from '../../store/types.js';
import { TimeSlicer } from '../../time-slice.js';
import { requireTag } from '../languages.js';
import { EntryWrites } from './entry-writes.js';
import { type GlossaryChanges, GlossaryCollections, type GlossaryInfo, type GlossaryInput, type GlossaryDeleted, type GlossaryUsers } from './glossary-collections.js';
import { type TermbaseUploadFormat, type UploadSource, readTermbaseUpload } from '../../formats/registry.js';
import { type ExportFile, type ExportOptions, exportGlossary } from './glossary-exchange.js';
import { type ImportReport, importConcepts } from './glossary-import.js';
import { legacyLookupOrder, readableGlossary, resolveGlossaries, writableGlossary } from './glossary-scope.js';
import { TermbaseView } from './termbase-view.js';
import type { TermChange } from '../tm/change-follower.js';

/** Default and largest page of entries. */
export const DEFAULT_ENTRY_PAGE = 50;
export const MAX_ENTRY_PAGE = 500;
/** Entries read from the store per batch for an export. */
const EXPORT_BATCH = 2000;
/** Entries re-read per store call when following another node's writes (an import names thousands). */
const FOLLOW_BATCH = 5000;

/** Filters and paging for listing entries. */
export interface EntryQuery {
  /** Glossaries to list from, in priority order; every readable one when absent. */
  glossaries?: readonly string[];
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

/** What the service needs besides its store. */
export interface GlossaryServiceOptions {
  /** Documents that use a glossary (the document service's); none by default. */
  usedBy?: GlossaryUsers;
  /** Called after a glossary is deleted (documents' settings, keys' scopes forget it). */
  onDeleted?: GlossaryDeleted;
  now?: () => Date;
}

interface Cursor extends EntryKeyset {
  /** Fingerprint of the query and filters the cursor belongs to. */
  f: string;
}

function decodeCursor(raw: string, fingerprint: string): EntryKeyset {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.id === 'string' && typeof c.tier === 'number' && typeof c.rank === 'number' && c.f === fingerprint) return { tier: c.tier, id: c.id, rank: c.rank };
  } catch {
    // fall through
  }
  throw new ValidationError('cursor is not one this query returned', [{ path: '/query/cursor', message: 'is not a cursor of this query' }]);
}

/** Glossaries, recognition, QA, search, maintenance and exchange of the term base. */
export class GlossaryService {
  private readonly view = new TermbaseView();
  private readonly collections: GlossaryCollections;
  private readonly writes: EntryWrites;
  private readonly now: () => Date;
  private queue: Promise<unknown> = Promise.resolve();
  private loaded: Promise<void> | undefined;

  constructor(private readonly store: TermbaseReader & TermbaseWriter, opts: GlossaryServiceOptions = {}) {
    this.now = opts.now ?? (() => new Date());
    this.collections = new GlossaryCollections(store, this.view, opts.usedBy ?? (async () => []), this.now, opts.onDeleted);
    this.writes = new EntryWrites(store, this.view, this.now);
  }

  /** Loads glossaries and the recognizer from the store before serving; later calls wait for the first. */
  warm(): Promise<void> {
    this.loaded ??= this.view.load(this.store);
    return this.loaded;
  }

  /** Applies other nodes' writes read from the change log, in order (see the module header). */
  follow(changes: readonly TermChange[]): Promise<void> {
    return this.serial(async () => {
      for (const c of changes) {
        if (c.kind === 'glossary-dropped') {
          this.view.dropGlossary(c.glossary);
          continue;
        }
        for (let i = 0; c.kind === 'entries' && i < c.ids.length; i += FOLLOW_BATCH) {
          const ids = c.ids.slice(i, i + FOLLOW_BATCH);
          const found = await this.store.entryTerms(c.glossary, ids);
          const stored = new Set(found.map((e) => e.id));
          this.view.apply([...found.map((entry) => ({ kind: 'put' as const, entry })),
            ...ids.filter((id) => !stored.has(id) && this.view.recognizer.entry(c.glossary, id)).map((id) => ({ kind: 'delete' as const, glossary: c.glossary, id }))]);
        }
        const g = await this.store.getGlossary(c.glossary);
        if (g) this.view.setGlossary(g);
      }
    });
  }

  /** Resolves when the background index builds (QA's stemmed indexes) are done. */
  settled(): Promise<void> {
    return this.view.settled();
  }

  /** Runs term-base writes one at a time, in arrival order. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * The glossaries to use, in priority order: each requested id checked (a malformed one is a
   * 400 naming it, an unknown or out-of-scope one a 404), or without a list every glossary the
   * principal's scope reaches, in id order. `path` names the list in a 400 (default `/glossaries`).
   */
  resolveGlossaries(principal: Principal, requested?: readonly string[], path?: string): string[] {
    return resolveGlossaries(this.view, principal, requested, path);
  }

  /** Entries counted over every glossary (`/health`). */
  entryCount(): number {
    return this.view.recognizer.size;
  }

  // Glossaries

  listGlossaries(principal: Principal): GlossaryInfo[] {
    return this.collections.list(principal);
  }

  getGlossary(principal: Principal, id: string): GlossaryInfo {
    return this.collections.get(principal, id);
  }

  createGlossary(principal: Principal, input: GlossaryInput): Promise<GlossaryInfo> {
    return this.serial(() => this.collections.create(principal, input));
  }

  updateGlossary(principal: Principal, id: string, changes: GlossaryChanges): Promise<GlossaryInfo> {
    return this.serial(() => this.collections.update(principal, id, changes));
  }

  deleteGlossary(principal: Principal, id: string, opts: { force?: boolean } = {}): Promise<void> {
    return this.serial(() => this.collections.delete(principal, id, opts.force === true));
  }

  // Recognition and QA

  /** Terms of `glossaries` (priority order) in `text` (language `lang`), leftmost-longest, each with its glossary. */
  recognize(text: string, lang: string, glossaries: readonly string[]): RecognizedTerm[] {
    return this.view.recognizer.recognize(text, requireTag('lang', lang), glossaries);
  }

  /** Terminology QA of one translation against `glossaries` (priority order). */
  check(req: CheckRequest, glossaries: readonly string[]): QaIssue[] {
    const sourceLang = requireTag('sourceLang', req.sourceLang);
    const targetLang = requireTag('targetLang', req.targetLang);
    return checkTranslation(this.view.recognizer, { source: req.source, target: req.target, sourceLang, targetLang }, glossaries);
  }

  // Entries

  /** The entry `id` of `glossary`. */
  async get(principal: Principal, glossary: string, id: string): Promise<TermEntry> {
    readableGlossary(this.view, principal, glossary);
    const e = await this.store.getEntry(glossary, id);
    if (!e) throw new NotFoundError('entry', id, `in glossary "${glossary}"`);
    return e;
  }

  /**
   * Which glossary a legacy route (`/glossary/entries/{id}`) means: the first that has the entry,
   * `default` first, then every readable glossary in order; with `history`, failing that, the
   * first that has a history for the id (a deleted entry); failing all, `fallback` if given
   * (writes: `default`, which then answers 404 for the id), else a 404.
   */
  async locate(principal: Principal, id: string, opts: { history?: boolean; fallback?: string } = {}): Promise<string> {
    const order = legacyLookupOrder(this.resolveGlossaries(principal));
    for (const g of order) if (await this.store.getEntry(g, id)) return g;
    if (opts.history) for (const g of order) if (await this.store.lastVersion(g, id) > 0) return g;
    if (opts.fallback !== undefined) return opts.fallback;
    throw new NotFoundError('entry', id);
  }

  /** Every version of `id` in `glossary`, oldest first (also after a delete). */
  async history(principal: Principal, glossary: string, id: string): Promise<HistoryRecord[]> {
    readableGlossary(this.view, principal, glossary);
    const records = await this.store.history(glossary, id);
    if (records.length === 0) throw new NotFoundError('entry', id, `in glossary "${glossary}"`);
    return records;
  }

  /** Entries by full-text query and filters, a page at a time (see {@link EntryQuery}). */
  async list(principal: Principal, query: EntryQuery): Promise<EntryPage> {
    const glossaries = resolveGlossaries(this.view, principal, query.glossaries, '/query/glossaries');
    const limit = Math.min(Math.max(query.limit ?? DEFAULT_ENTRY_PAGE, 1), MAX_ENTRY_PAGE);
    const lang = query.lang === undefined ? undefined : requireTag('lang', query.lang).tag;
    const status = query.status as TermStatus | undefined;
    if (status !== undefined && !TERM_STATUSES.includes(status)) {
      throw new ValidationError(`status must be one of ${TERM_STATUSES.join(', ')}`, [{ path: '/query/status', message: `must be one of ${TERM_STATUSES.join(', ')}` }]);
    }
    const q = query.q?.trim() ? query.q.trim() : undefined;
    const fingerprint = createHash('sha256').update(JSON.stringify([q, lang, status, query.subjectField?.toLowerCase(), glossaries])).digest('base64url').slice(0, 16);
    const after = query.cursor ? decodeCursor(query.cursor, fingerprint) : undefined;
    const page = await this.store.listEntries({ glossaries, limit, ...(q ? { q } : {}), ...(lang ? { lang } : {}), ...(status ? { status } : {}),
      ...(query.subjectField ? { subjectField: query.subjectField } : {}), ...(after ? { after } : {}) });
    const next = page.next ? Buffer.from(JSON.stringify({ f: fingerprint, ...page.next })).toString('base64url') : null;
    return { entries: page.entries, total: page.total, nextCursor: next };
  }

  /** Creates an entry in `glossary` (201); 409 when its id or one of its Chinese terms is taken there. */
  create(principal: Principal, glossary: string, raw: unknown): Promise<TermEntry> {
    writableGlossary(this.view, principal, glossary);
    return this.serial(() => this.writes.create(glossary, raw, principal));
  }

  /** Replaces the content of entry `id` of `glossary` at the version `ifMatch` names. */
  replace(principal: Principal, glossary: string, id: string, raw: unknown, ifMatch: string | undefined): Promise<TermEntry> {
    writableGlossary(this.view, principal, glossary);
    return this.serial(() => this.writes.replace(glossary, id, raw, ifMatch, principal));
  }

  /** Deletes entry `id` of `glossary` at the version `ifMatch` names, keeping its history. */
  delete(principal: Principal, glossary: string, id: string, ifMatch: string | undefined): Promise<void> {
    writableGlossary(this.view, principal, glossary);
    return this.serial(() => this.writes.delete(glossary, id, ifMatch, principal));
  }

  /** Imports a TBX, CSV, TSV or JSON file into `glossary`, all or nothing; a dry run writes nothing. */
  async importFile(principal: Principal, glossary: string, source: UploadSource, opts: { format?: TermbaseUploadFormat; mediaType?: string; dryRun?: boolean }): Promise<ImportReport> {
    writableGlossary(this.view, principal, glossary);
    const file = await readTermbaseUpload(source, opts);
    return this.serial(async () => {
      writableGlossary(this.view, principal, glossary);
      return importConcepts(this.store, this.view, glossary, file, { by: principal, at: this.now().toISOString(), dryRun: opts.dryRun === true });
    });
  }

  /**
   * Glossary `id` as the caller may read it (404 outside the scope), its entries, and when it last
   * changed (its last write, else its creation): files served with an entity tag (OmegaT's, issue
   * 15) carry that date instead of the time of the request, so the same content gives the same bytes.
   */
  async snapshot(principal: Principal, id: string): Promise<{ glossary: GlossaryInfo; entries: TermEntry[]; changedAt: Date }> {
    const glossary = this.getGlossary(principal, id);
    const entries: TermEntry[] = [];
    const slicer = new TimeSlicer();
    for await (const batch of this.store.scanEntries(id, EXPORT_BATCH)) {
      entries.push(...batch);
      await slicer.check();
    }
    return { glossary, entries, changedAt: new Date(glossary.stats.lastWrite ?? glossary.createdAt) };
  }

  /**
   * An export of `glossaries` (priority order; see glossary-exchange.ts for ids two of them
   * share), ready to stream. The entries are read in batches that let other requests run.
   */
  async exportFile(principal: Principal, glossaries: readonly string[], opts: ExportOptions, legacy = false): Promise<ExportFile> {
    const ids = resolveGlossaries(this.view, principal, glossaries);
    const entries: TermEntry[] = [];
    const slicer = new TimeSlicer();
    for (const g of ids) {
      for await (const batch of this.store.scanEntries(g, EXPORT_BATCH)) {
        entries.push(...batch);
        await slicer.check();
      }
    }
    const one = !legacy && ids.length === 1 ? this.view.glossary(ids[0] as string) : undefined;
    const subject = one ? { name: one.id, title: one.name } : { name: 'caravan-glossary', title: 'Caravan term base' };
    return exportGlossary(entries, opts, subject, this.now());
  }
}
