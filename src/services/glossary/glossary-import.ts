/**
 * Imports a read and checked term-base file into one glossary, all or nothing, in time linear in
 * the file. Step 1 and the checks of step 5 that need only the file run before, in the import's
 * worker thread (import-incoming.ts, import-reader.ts); the steps here need the store.
 *
 * Per concept:
 * 1. Language tags are canonicalised (an invalid tag fails the whole import, naming the concept);
 *    repeated sections of one language are merged.
 * 2. It is matched to an existing entry: by id when the file's id names one that shares a Chinese
 *    term with it, else by a Chinese term (compared on the folded key). A file id that names an
 *    entry without a Chinese term in common is ignored: `c1` in one vendor's file is not `c1` in
 *    another's, so it neither merges into that entry nor stops the concept from being created.
 * 3. Matched: the file's data is merged in. Concept fields the file has replace ours; languages
 *    the file lacks stay; a term already present keeps its status unless the file states one,
 *    and takes the part of speech, context and note the file gives; a new term is appended. A
 *    stated preferred term demotes the previous preferred one to admitted. No change: `unchanged`.
 * 4. Not matched: created, with the file's id when it is a free slug (never used, also not by a
 *    deleted entry), else a new id (entry-rules.ts). A term without a stated status becomes
 *    preferred if its language has no preferred term yet, else admitted (the first term of a TBX
 *    langSet is the main one, as translate-toolkit reads it).
 * 5. Skipped, with a reason: no Chinese term, two stated preferred terms in one language, a
 *    Chinese term that stands in another entry, a term over the limits of domain/limits.ts
 *    (checked before it is folded), or any rule of entry-rules.ts the result breaks. A report
 *    quotes little of any term or id of the file (limits.ts `quote`), and cuts a reason at
 *    MAX_REASON_LENGTH.
 *
 * Linear (issue 11): the store is asked once, before the pass, for the owners of every Chinese
 * key in the file and for the entries they and the file's ids name; the pass then works on those
 * maps, kept up to date as it plans (a later concept sees what an earlier one created). The one
 * pass serves the dry run and the import: the import stages the planned writes in batches as the
 * pass goes and commits them at the end (BulkEntryWrite), so nothing is planned twice. The pass,
 * and the update of the recognizer and glossary statistics after the commit, yield to other
 * requests every SLICE_MS (time-slice.ts).
 */
import type { Principal } from '../../domain/auth/roles.js';
import { ValidationError } from '../../domain/errors.js';
import { quote } from '../../domain/limits.js';
import { type EntryChange, type EntryContent, type Term, type TermEntry, contentOf } from '../../domain/termbase/entry.js';
import { ENTRY_ID_PATTERN, MAX_ID_LENGTH, diffContent, entryIdBase, newEntryId, termKey, validateEntry } from '../../domain/termbase/entry-rules.js';
import type { FileConcept } from '../../formats/concepts.js';
import type { FormatId } from '../../formats/registry.js';
import type { EntryWrite, TermbaseReader, TermbaseWriter } from '../../store/types.js';
import { TimeSlicer } from '../../time-slice.js';
import { chineseKeys, storedEntry } from './entry-writes.js';
import type { CheckedFile, Incoming } from './import-incoming.js';
import type { TermbaseView } from './termbase-view.js';

/** Longest skip reason: a rule and the field it names; what a reason quotes is cut shorter. */
const MAX_REASON_LENGTH = 300;

/** Writes staged per batch (one transaction) while the pass goes on: a few milliseconds each (200 took 20-40 ms on a busy machine). */
const STAGE_BATCH = 100;
/** Keys looked up per store call before the pass: one indexed read each, a few milliseconds per call. */
const LOOKUP_BATCH = 250;

/** A concept the import did not use. */
export interface SkippedConcept {
  index: number;
  id?: string;
  term?: string;
  reason: string;
}

/** What an import did (or, in a dry run, would do). */
export interface ImportReport {
  format: FormatId;
  dryRun: boolean;
  concepts: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: SkippedConcept[];
}

/** Merges what a file says about a concept into `base` (empty for a new entry); see step 3. */
function merge(base: EntryContent, incoming: Incoming): EntryContent {
  const languages: Record<string, Term[]> = structuredClone(base.languages);
  for (const [tag, fileTerms] of incoming.sections) {
    const terms = (languages[tag] ??= []);
    for (const ft of fileTerms) {
      const key = termKey(ft.term, tag);
      let t = terms.find((x) => termKey(x.term, tag) === key);
      if (!t) {
        t = { term: ft.term, status: ft.stated && ft.status ? ft.status : terms.some((x) => x.status === 'preferred') ? 'admitted' : 'preferred' };
        terms.push(t);
      } else if (ft.stated && ft.status) t.status = ft.status;
      if (ft.partOfSpeech) t.partOfSpeech = ft.partOfSpeech;
      if (ft.context) t.context = ft.context;
      if (ft.note) t.note = ft.note;
      if (t.status === 'preferred') for (const other of terms) if (other !== t && other.status === 'preferred') other.status = 'admitted';
    }
    languages[tag] = terms.map((x) => ({ term: x.term, status: x.status, ...(x.partOfSpeech ? { partOfSpeech: x.partOfSpeech } : {}),
      ...(x.context ? { context: x.context } : {}), ...(x.note ? { note: x.note } : {}) }));
  }
  return contentOf({ ...contentOf(base), ...incoming.fields, languages });
}

/** The state the pass plans against: what the store held, plus what the pass has planned so far. */
class ImportPlan {
  /** Entries by id; null: known not to exist. */
  private readonly entries = new Map<string, TermEntry | null>();
  /** Chinese key -> id of the entry holding it; null: free. */
  private readonly owners = new Map<string, string | null>();
  private readonly created = new Set<string>();
  readonly changes: EntryChange[] = [];
  pending: EntryWrite[] = [];

  constructor(private readonly store: TermbaseReader, private readonly glossary: string, private readonly by: Principal, private readonly at: string, readonly report: ImportReport) {}

  /** Asks the store, in batches, for everything the pass will look up. */
  async prefetch(concepts: readonly (Incoming | string)[], fileIds: readonly (string | undefined)[], slicer: TimeSlicer): Promise<void> {
    const unique = new Set<string>();
    for (const c of concepts) {
      if (typeof c !== 'string') for (const k of c.keys) unique.add(k);
      await slicer.check();
    }
    const keys = [...unique];
    for (let i = 0; i < keys.length; i += LOOKUP_BATCH) {
      const batch = keys.slice(i, i + LOOKUP_BATCH);
      const found = await this.store.chineseOwners(this.glossary, batch);
      for (const k of batch) this.owners.set(k, found.get(k) ?? null);
      await slicer.check();
    }
    const ids = new Set([...this.owners.values(), ...fileIds].filter((x): x is string => typeof x === 'string'));
    for (const id of ids) {
      this.entries.set(id, (await this.store.getEntry(this.glossary, id)) ?? null);
      await slicer.check();
    }
  }

  private skip(c: FileConcept, reason: string): void {
    const term = (c.sections.find((s) => s.lang.toLowerCase().startsWith('zh')) ?? c.sections[0])?.terms[0]?.term;
    this.report.skipped.push({ index: c.index, ...(c.id ? { id: quote(c.id) } : {}), ...(term ? { term: quote(term) } : {}), reason: quote(reason, MAX_REASON_LENGTH) });
  }

  private write(entry: TermEntry, before: TermEntry | undefined, changes: ReturnType<typeof diffContent>): void {
    this.pending.push({ op: 'put', entry, expectedVersion: before?.version ?? null,
      history: { entryId: entry.id, version: entry.version, action: before ? 'updated' : 'created', by: this.by.name, at: this.at, changes } });
    this.changes.push({ kind: 'put', entry: { glossary: this.glossary, id: entry.id, languages: entry.languages } });
    if (before) for (const k of chineseKeys(before).keys()) this.owners.set(k, null);
    for (const k of chineseKeys(entry).keys()) this.owners.set(k, entry.id);
    this.entries.set(entry.id, entry);
  }

  private async freeId(content: EntryContent, fileId: string | undefined): Promise<string> {
    if (fileId && ENTRY_ID_PATTERN.test(fileId) && fileId.length >= 2 && fileId.length <= MAX_ID_LENGTH && !this.entries.get(fileId) && !this.created.has(fileId)
      && !(await this.store.idsInUse(this.glossary, fileId)).has(fileId)) return fileId;
    const taken = await this.store.idsInUse(this.glossary, entryIdBase(content));
    return newEntryId(content, (x) => taken.has(x) || this.created.has(x) || !!this.entries.get(x));
  }

  /** Plans one concept (steps 2-5). */
  async add(c: FileConcept, incoming: Incoming | string): Promise<void> {
    if (typeof incoming === 'string') return this.skip(c, incoming);
    const fileId = c.id?.toLowerCase();
    const named = fileId ? this.entries.get(fileId) ?? undefined : undefined;
    const namedKeys = named && chineseKeys(named);
    const shares = namedKeys && incoming.keys.some((k) => namedKeys.has(k));
    const ownerId = shares ? undefined : incoming.keys.map((k) => this.owners.get(k)).find((o): o is string => typeof o === 'string');
    const existing = shares ? named : ownerId === undefined ? undefined : this.entries.get(ownerId) ?? undefined;
    let content: EntryContent;
    try {
      content = validateEntry(merge(existing ? contentOf(existing) : { languages: {} }, incoming), { allowId: false }).content;
    } catch (err) {
      if (err instanceof ValidationError) return this.skip(c, err.message.replace(/^the entry is invalid: /, ''));
      throw err;
    }
    for (const [key, term] of chineseKeys(content)) {
      const owner = this.owners.get(key);
      if (typeof owner === 'string' && owner !== existing?.id) return this.skip(c, `the Chinese term "${quote(term)}" already stands in entry "${owner}"`);
    }
    const by = this.by.name;
    if (existing) {
      const changes = diffContent(contentOf(existing), content);
      if (changes.length === 0) {
        this.report.unchanged++;
        return;
      }
      this.write(storedEntry(this.glossary, existing.id, content, { createdAt: existing.createdAt, createdBy: existing.createdBy, updatedAt: this.at, updatedBy: by, version: existing.version + 1 }), existing, changes);
      this.report.updated++;
      return;
    }
    const id = await this.freeId(content, fileId);
    this.created.add(id);
    this.write(storedEntry(this.glossary, id, content, { createdAt: this.at, createdBy: by, updatedAt: this.at, updatedBy: by, version: 1 }), undefined, diffContent(undefined, content));
    this.report.created++;
  }

  /** The writes planned since the last call. */
  take(): EntryWrite[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

/** Imports `file` into `glossary` (the caller checked scope and read-only, and runs writes one at a time). */
export async function importConcepts(store: TermbaseReader & TermbaseWriter, view: TermbaseView, glossary: string, file: CheckedFile,
  opts: { by: Principal; at: string; dryRun: boolean }): Promise<ImportReport> {
  const report: ImportReport = { format: file.format, dryRun: opts.dryRun, concepts: file.concepts.length, created: 0, updated: 0, unchanged: 0, skipped: [] };
  const slicer = new TimeSlicer();
  const { incoming } = file;
  const plan = new ImportPlan(store, glossary, opts.by, opts.at, report);
  await plan.prefetch(incoming, file.concepts.map((c) => c.id?.toLowerCase()), slicer);
  const bulk = opts.dryRun ? undefined : await store.beginEntryImport(glossary);
  try {
    for (let i = 0; i < file.concepts.length; i++) {
      await plan.add(file.concepts[i] as FileConcept, incoming[i] as Incoming | string);
      if (bulk && plan.pending.length >= STAGE_BATCH) await bulk.stage(plan.take());
      await slicer.check();
    }
    if (!bulk) return report;
    if (plan.changes.length === 0) {
      await bulk.abort();
      return report;
    }
    await bulk.stage(plan.take());
    await bulk.commit();
  } catch (err) {
    await bulk?.abort();
    throw err;
  }
  for (const change of plan.changes) {
    view.apply([change], opts.at);
    await slicer.check();
  }
  return report;
}
