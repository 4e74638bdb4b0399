/**
 * Term-base files out: glossaries written as TBX, CSV, TSV or JSON. Reading an upload into
 * concepts is the format registry's (`readTermbaseUpload`); what an import does with them is
 * glossary-import.ts.
 *
 * Export writes entries in id order. `langs` keeps the sections whose tag matches one of the
 * given ranges (RFC 4647 basic filtering: `zh` matches `zh-CN`). `includeTraditional` adds a
 * `zh-TW` section made with OpenCC (`tw`, length-keeping) from the Simplified Chinese section,
 * unless the entry has its own zh-TW section. Every term is converted and kept, also when the
 * conversion leaves it unchanged (`丝路` -> `絲路` but `中亚` -> `中亞`, `三十而立` stays), so the
 * zh-TW section is a complete Traditional term list for CAT tools that do not fold scripts.
 * An export of several glossaries (the legacy `/glossary/export`) lists them in priority order;
 * an id an earlier glossary already wrote is written as `<glossary>.<id>`, so ids stay unique
 * in the file (an import reads such an id as no id of ours and matches by Chinese term).
 */
import { NotFoundError, ValidationError } from '../../domain/errors.js';
import type { Term, TermEntry } from '../../domain/termbase/entry.js';
import { primaryLanguage } from '../../domain/termbase/recognizer.js';
import { canonicalizeLanguageTag, chineseScript } from '../../domain/text/language-tag.js';
import { toTraditional } from '../../domain/text/script.js';
import { writeDelimitedGlossary } from '../../formats/csv.js';
import { writeGlossaryJson } from '../../formats/glossary-json.js';
import { FORMATS, type FormatId } from '../../formats/registry.js';
import { writeTbx } from '../../formats/tbx-write.js';
import { VERSION } from '../../version.js';

/** Formats a term base can be exported to (`tbx` = TBX v3). */
export const EXPORT_FORMATS = ['tbx', 'tbx-v2', 'csv', 'tsv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

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
  /** The entries as written (ids qualified, languages filtered). */
  entries: TermEntry[];
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

/**
 * The entries as exported: in id order (stable: at one id, the order given, i.e. glossary
 * priority), an id already written qualified with its glossary, languages filtered, zh-TW added,
 * Chinese first.
 */
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
  const written = new Set<string>();
  for (const e of [...entries].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
    const zh: [string, Term[]][] = [];
    const rest: [string, Term[]][] = [];
    for (const [tag, terms] of Object.entries(e.languages)) if (keep(tag)) (primaryLanguage(tag) === 'zh' ? zh : rest).push([tag, terms]);
    if (opts.includeTraditional && !('zh-TW' in e.languages)) {
      const simplified = Object.entries(e.languages).find(([tag]) => primaryLanguage(tag) === 'zh' && chineseScript(canonicalizeLanguageTag(tag)) === 'Hans');
      if (simplified) zh.push(['zh-TW', traditionalSection(simplified[1])]);
    }
    if (zh.length + rest.length === 0) continue;
    const id = written.has(e.id) ? `${e.glossary}.${e.id}` : e.id;
    written.add(e.id);
    out.push({ ...e, id, languages: Object.fromEntries([...zh, ...rest]) });
  }
  return out;
}

const EXPORT_FORMAT_IDS: Record<ExportFormat, FormatId> = { tbx: 'tbx-v3', 'tbx-v2': 'tbx-v2', csv: 'csv', tsv: 'tsv', json: 'json' };
const EXTENSIONS: Record<ExportFormat, string> = { tbx: 'tbx', 'tbx-v2': 'v2.tbx', csv: 'csv', tsv: 'tsv', json: 'json' };

/** What an export is of: a file name stem and a title for the file's header. */
export interface ExportSubject {
  /** `caravan-glossary` for the legacy export of every glossary, else the glossary id. */
  name: string;
  title: string;
}

/** Builds an export of `entries`. A TBX export needs at least one concept (the schemas require one). */
export function exportGlossary(entries: readonly TermEntry[], opts: ExportOptions, subject: ExportSubject, now: Date): ExportFile {
  const view = exportView(entries, opts);
  const format = EXPORT_FORMAT_IDS[opts.format];
  if (view.length === 0 && FORMATS[format].xml) {
    throw new NotFoundError('concept to export', opts.langs?.length ? `langs=${opts.langs.join(',')}` : 'the glossary is empty');
  }
  const description = `Exported from Caravan ${VERSION} on ${now.toISOString()}: ${view.length} concepts.`;
  const chunks = format === 'tbx-v2' || format === 'tbx-v3'
    ? writeTbx(format, view, { title: subject.title, description })
    : format === 'json' ? writeGlossaryJson(view) : writeDelimitedGlossary(format === 'tsv' ? 'tsv' : 'csv', view);
  return { format, mediaType: `${FORMATS[format].mediaType}; charset=utf-8`, filename: `${subject.name}.${EXTENSIONS[opts.format]}`, concepts: view.length, entries: view, chunks };
}
