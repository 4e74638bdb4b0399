/**
 * Import and export of the term base: TBX v2 and v3, CSV and TSV.
 *
 * Import is all or nothing: the file is read whole first (a malformed, hostile or wrongly
 * encoded file is a 400 and nothing changes), then every concept is applied to the term-base
 * document inside one `TermbaseStore.update()`; a dry run applies them to a copy and discards
 * it. Per concept:
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
 *    deleted entry), else a new id (entry-rules.ts). A term
 *    without a stated status becomes preferred if its language has no preferred term yet, else
 *    admitted (the first term of a TBX langSet is the main one, as translate-toolkit reads it).
 * 5. Skipped, with a reason: no Chinese term, two stated preferred terms in one language, a
 *    Chinese term that stands in another entry, or any rule of entry-rules.ts the result breaks.
 *
 * Export writes entries in id order. `langs` keeps the sections whose tag matches one of the
 * given ranges (RFC 4647 basic filtering: `zh` matches `zh-CN`). `includeTraditional` adds a
 * `zh-TW` section made with OpenCC (`tw`, length-keeping) from the Simplified Chinese section,
 * unless the entry has its own zh-TW section. Every term is converted and kept, also when the
 * conversion leaves it unchanged (`丝路` -> `絲路` but `中亚` -> `中亞`, `三十而立` stays), so the
 * zh-TW section is a complete Traditional term list for CAT tools that do not fold scripts.
 */
import type { Principal } from '../../domain/auth/roles.js';
import { NotFoundError, UnreadableInputError, ValidationError } from '../../domain/errors.js';
import { type EntryContent, type Term, type TermEntry, contentOf } from '../../domain/termbase/entry.js';
import { ENTRY_ID_PATTERN, MAX_ID_LENGTH, diffContent, newEntryId, termKey, validateEntry } from '../../domain/termbase/entry-rules.js';
import { primaryLanguage } from '../../domain/termbase/recognizer.js';
import { quote, termProblem } from '../../domain/limits.js';
import { chineseKey } from '../../domain/termbase/term-keys.js';
import { canonicalizeLanguageTag, chineseScript } from '../../domain/text/language-tag.js';
import { toTraditional } from '../../domain/text/script.js';
import type { ConceptFile, FileConcept, FileTerm } from '../../formats/concepts.js';
import { writeDelimitedGlossary } from '../../formats/csv.js';
import { FORMATS, type FormatId } from '../../formats/registry.js';
import { writeTbx } from '../../formats/tbx-write.js';
import type { TermbaseDocument } from '../../store/lowdb/termbase-store.js';
import { VERSION } from '../../version.js';
import { lastVersion, storedEntry, zhConflict } from './termbase-doc.js';

/** Formats a term base can be exported to (`tbx` = TBX v3). */
export const EXPORT_FORMATS = ['tbx', 'tbx-v2', 'csv', 'tsv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

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

/** Longest skip reason: a rule and the field it names; what a reason quotes is cut shorter. */
const MAX_REASON_LENGTH = 300;

interface Incoming {
  fields: Omit<EntryContent, 'languages'>;
  sections: Map<string, FileTerm[]>;
}

/** Canonical tags, merged sections, and the checks that skip a concept. */
function incomingOf(c: FileConcept): Incoming | string {
  const sections = new Map<string, FileTerm[]>();
  for (const s of c.sections) {
    let tag: string;
    try {
      tag = canonicalizeLanguageTag(s.lang).tag;
    } catch {
      throw new UnreadableInputError(`${c.where}: the language "${quote(s.lang)}" is not a valid BCP 47 language tag`);
    }
    const terms = sections.get(tag) ?? [];
    // The limits of a term first (domain/limits.ts): a 5 MB "term" is refused before it is folded.
    for (const [i, t] of s.terms.entries()) {
      const problem = termProblem(t.term.trim());
      if (problem) return `/languages/${tag}/${i}/term: ${problem}`;
    }
    for (const t of s.terms) if (!terms.some((x) => termKey(x.term, tag) === termKey(t.term, tag))) terms.push(t);
    if (terms.length) sections.set(tag, terms);
  }
  if (![...sections.keys()].some((t) => primaryLanguage(t) === 'zh')) return 'no Chinese (zh-*) term';
  for (const [tag, terms] of sections) {
    const preferred = terms.filter((t) => t.stated && t.status === 'preferred');
    if (preferred.length > 1) return `two preferred ${tag} terms: ${preferred.slice(0, 3).map((t) => `"${quote(t.term)}"`).join(', ')}`;
  }
  const fields: Omit<EntryContent, 'languages'> = {};
  for (const f of ['subjectField', 'definition', 'note', 'source'] as const) if (c[f] !== undefined) fields[f] = c[f];
  return { fields, sections };
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

function sharesChinese(entry: TermEntry, incoming: Incoming): boolean {
  const keys = new Set(Object.entries(entry.languages).filter(([t]) => primaryLanguage(t) === 'zh').flatMap(([, ts]) => ts.map((x) => chineseKey(x.term))));
  return [...incoming.sections].some(([tag, ts]) => primaryLanguage(tag) === 'zh' && ts.some((x) => keys.has(chineseKey(x.term))));
}

function chineseOwner(doc: TermbaseDocument, incoming: Incoming): TermEntry | undefined {
  const owner = new Map<string, TermEntry>();
  for (const e of doc.entries) for (const [tag, ts] of Object.entries(e.languages)) if (primaryLanguage(tag) === 'zh') for (const t of ts) owner.set(chineseKey(t.term), e);
  for (const [tag, ts] of incoming.sections) {
    if (primaryLanguage(tag) !== 'zh') continue;
    for (const t of [...ts].sort((a, b) => Number(b.status === 'preferred') - Number(a.status === 'preferred'))) {
      const e = owner.get(chineseKey(t.term));
      if (e) return e;
    }
  }
  return undefined;
}

/** Applies the concepts of a file to `doc` (mutating it) and reports what happened. */
export function applyImport(doc: TermbaseDocument, file: ConceptFile, by: Principal, at: string, dryRun: boolean): ImportReport {
  const report: ImportReport = { format: file.format, dryRun, concepts: file.concepts.length, created: 0, updated: 0, unchanged: 0, skipped: [] };
  for (const c of file.concepts) {
    const firstTerm = (c.sections.find((s) => s.lang.toLowerCase().startsWith('zh')) ?? c.sections[0])?.terms[0]?.term;
    const skip = (reason: string) => report.skipped.push({ index: c.index, ...(c.id ? { id: quote(c.id) } : {}), ...(firstTerm ? { term: quote(firstTerm) } : {}), reason: quote(reason, MAX_REASON_LENGTH) });
    const incoming = incomingOf(c);
    if (typeof incoming === 'string') { skip(incoming); continue; }
    const fileId = c.id?.toLowerCase();
    const byId = fileId ? doc.entries.find((e) => e.id === fileId && sharesChinese(e, incoming)) : undefined;
    const existing = byId ?? chineseOwner(doc, incoming);
    let content: EntryContent;
    try {
      content = validateEntry(merge(existing ? contentOf(existing) : { languages: {} }, incoming), { allowId: false }).content;
    } catch (err) {
      if (err instanceof ValidationError) { skip(err.message.replace(/^the entry is invalid: /, '')); continue; }
      throw err;
    }
    const clash = zhConflict(doc.entries, content, existing?.id);
    if (clash) { skip(`the Chinese term "${quote(clash.term)}" already stands in entry "${clash.entryId}"`); continue; }
    if (existing) {
      const changes = diffContent(contentOf(existing), content);
      if (changes.length === 0) { report.unchanged++; continue; }
      const entry = storedEntry(existing.id, content, { createdAt: existing.createdAt, createdBy: existing.createdBy, updatedAt: at, updatedBy: by.name, version: existing.version + 1 });
      doc.entries[doc.entries.indexOf(existing)] = entry;
      doc.history.push({ entryId: entry.id, version: entry.version, action: 'updated', by: by.name, at, changes });
      report.updated++;
    } else {
      const used = (x: string) => doc.entries.some((e) => e.id === x) || doc.history.some((h) => h.entryId === x);
      const id = fileId && ENTRY_ID_PATTERN.test(fileId) && fileId.length >= 2 && fileId.length <= MAX_ID_LENGTH && !used(fileId) ? fileId : newEntryId(content, used);
      const version = lastVersion(doc, id) + 1;
      doc.entries.push(storedEntry(id, content, { createdAt: at, createdBy: by.name, updatedAt: at, updatedBy: by.name, version }));
      doc.history.push({ entryId: id, version, action: 'created', by: by.name, at, changes: diffContent(undefined, content) });
      report.created++;
    }
  }
  return report;
}

/** Options of an export. */
export interface ExportOptions {
  format: ExportFormat;
  /** Language ranges to keep (RFC 4647 basic filtering); all languages when absent. */
  langs?: string[];
  includeTraditional?: boolean;
}

/** An export ready to stream. */
export interface ExportFile {
  format: FormatId;
  mediaType: string;
  filename: string;
  concepts: number;
  chunks: Iterable<string>;
}

function traditionalSection(terms: Term[]): Term[] {
  const out: Term[] = [];
  for (const t of terms) {
    const term = toTraditional(t.term, 'tw');
    if (out.some((x) => x.term === term)) continue;
    out.push({ term, status: t.status, ...(t.partOfSpeech ? { partOfSpeech: t.partOfSpeech } : {}), ...(t.context ? { context: toTraditional(t.context, 'tw') } : {}), ...(t.note ? { note: t.note } : {}) });
  }
  return out;
}

/** The entries as exported: languages filtered, zh-TW added, Chinese first. */
export function exportView(entries: readonly TermEntry[], opts: Pick<ExportOptions, 'langs' | 'includeTraditional'>): TermEntry[] {
  const ranges = opts.langs?.map((l, i) => {
    try {
      return canonicalizeLanguageTag(l).tag;
    } catch (err) {
      throw new ValidationError(`langs: ${(err as Error).message}`, [{ path: `/query/langs/${i}`, message: (err as Error).message }]);
    }
  });
  const keep = (tag: string) => ranges === undefined || ranges.some((r) => tag === r || tag.startsWith(`${r}-`));
  const out: TermEntry[] = [];
  for (const e of [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const zh: [string, Term[]][] = [];
    const rest: [string, Term[]][] = [];
    for (const [tag, terms] of Object.entries(e.languages)) if (keep(tag)) (primaryLanguage(tag) === 'zh' ? zh : rest).push([tag, terms]);
    if (opts.includeTraditional && !('zh-TW' in e.languages)) {
      const simplified = Object.entries(e.languages).find(([tag]) => primaryLanguage(tag) === 'zh' && chineseScript(canonicalizeLanguageTag(tag)) === 'Hans');
      if (simplified) zh.push(['zh-TW', traditionalSection(simplified[1])]);
    }
    if (zh.length + rest.length > 0) out.push({ ...e, languages: Object.fromEntries([...zh, ...rest]) });
  }
  return out;
}

const EXPORT_FORMAT_IDS: Record<ExportFormat, FormatId> = { tbx: 'tbx-v3', 'tbx-v2': 'tbx-v2', csv: 'csv', tsv: 'tsv' };
const FILENAMES: Record<ExportFormat, string> = { tbx: 'caravan-glossary.tbx', 'tbx-v2': 'caravan-glossary.v2.tbx', csv: 'caravan-glossary.csv', tsv: 'caravan-glossary.tsv' };

/** Builds an export of `entries`. A TBX export needs at least one concept (the schemas require one). */
export function exportGlossary(entries: readonly TermEntry[], opts: ExportOptions, now: Date): ExportFile {
  const view = exportView(entries, opts);
  const format = EXPORT_FORMAT_IDS[opts.format];
  if (view.length === 0 && FORMATS[format].xml) {
    throw new NotFoundError('concept to export', opts.langs?.length ? `langs=${opts.langs.join(',')}` : 'term base is empty');
  }
  const description = `Exported from Caravan ${VERSION} on ${now.toISOString()}: ${view.length} concepts.`;
  const chunks = format === 'tbx-v2' || format === 'tbx-v3'
    ? writeTbx(format, view, { title: 'Caravan term base', description })
    : writeDelimitedGlossary(format === 'tsv' ? 'tsv' : 'csv', view);
  return { format, mediaType: `${FORMATS[format].mediaType}; charset=utf-8`, filename: FILENAMES[opts.format], concepts: view.length, chunks };
}
