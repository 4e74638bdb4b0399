/**
 * Term-base files in and out: reading an uploaded file into concepts (TBX v2 and v3, CSV, TSV,
 * JSON), and writing glossaries as TBX, CSV, TSV or JSON. What an import does with the concepts
 * is glossary-import.ts.
 *
 * Reading is all or nothing: the file is read whole first (a malformed, hostile or wrongly
 * encoded file is a 400 and nothing changes). The format comes from `format`, else the media
 * type, else the content (`<` starts XML, `[` JSON, a tab in the first line TSV, else CSV).
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
import { NotFoundError, UnreadableInputError, ValidationError } from '../../domain/errors.js';
import type { Term, TermEntry } from '../../domain/termbase/entry.js';
import { primaryLanguage } from '../../domain/termbase/recognizer.js';
import { canonicalizeLanguageTag, chineseScript } from '../../domain/text/language-tag.js';
import { toTraditional } from '../../domain/text/script.js';
import type { ConceptFile } from '../../formats/concepts.js';
import { readDelimitedGlossary, writeDelimitedGlossary } from '../../formats/csv.js';
import { readGlossaryJson, writeGlossaryJson } from '../../formats/glossary-json.js';
import { FORMATS, type FormatId, formatOfRoot, peek, sniffXmlRoot } from '../../formats/registry.js';
import { readTbx } from '../../formats/tbx-read.js';
import { writeTbx } from '../../formats/tbx-write.js';
import { decodeText } from '../../formats/text.js';
import { VERSION } from '../../version.js';

/** Formats a term base can be imported from (`tbx` = either TBX version, sniffed). */
export const IMPORT_FORMATS = ['tbx', 'tbx-v2', 'tbx-v3', 'csv', 'tsv', 'json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
/** Formats a term base can be exported to (`tbx` = TBX v3). */
export const EXPORT_FORMATS = ['tbx', 'tbx-v2', 'csv', 'tsv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A file's bytes: a stream (an HTTP upload), bytes, or text. */
export type ImportSource = AsyncIterable<Uint8Array> | Uint8Array | string;

const XML_TYPES = /^(application|text)\/([\w.+-]+\+)?xml$/;

async function* streamOf(source: ImportSource): AsyncGenerator<Uint8Array> {
  if (typeof source === 'string') yield Buffer.from(source, 'utf8');
  else if (source instanceof Uint8Array) yield source;
  else yield* source;
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of stream) parts.push(c);
  return Buffer.concat(parts);
}

/** Reads a term-base file: the format from `format`, else the media type, else the content. */
export async function readConceptFile(source: ImportSource, opts: { format?: ImportFormat; mediaType?: string }): Promise<ConceptFile> {
  const { head, stream } = await peek(streamOf(source), 4096);
  const mediaType = opts.mediaType?.split(';')[0]?.trim().toLowerCase();
  let kind: 'xml' | 'csv' | 'tsv' | 'json';
  if (opts.format === 'csv' || opts.format === 'tsv' || opts.format === 'json') kind = opts.format;
  else if (opts.format !== undefined || (mediaType && XML_TYPES.test(mediaType))) kind = 'xml';
  else if (mediaType === 'text/csv') kind = 'csv';
  else if (mediaType === 'text/tab-separated-values') kind = 'tsv';
  else if (mediaType === 'application/json') kind = 'json';
  else {
    const start = decodeText(head.subarray(0, 512), 'the file').replace(/^\uFEFF/, '').trimStart();
    kind = start.startsWith('<') ? 'xml' : start.startsWith('[') ? 'json' : (start.split(/\r?\n/)[0] ?? '').includes('\t') ? 'tsv' : 'csv';
  }
  if (kind === 'json') return readGlossaryJson(decodeText(await collect(stream), 'the JSON file'));
  if (kind !== 'xml') return readDelimitedGlossary(decodeText(await collect(stream), `the ${kind.toUpperCase()} file`), kind);
  const found = formatOfRoot(await sniffXmlRoot(head));
  if (found !== 'tbx-v2' && found !== 'tbx-v3') {
    throw new UnreadableInputError(found ? `the file is ${FORMATS[found].title}, not a TBX term base` : 'the root element is not <martif> (TBX v2) or <tbx> (TBX v3)');
  }
  if ((opts.format === 'tbx-v2' || opts.format === 'tbx-v3') && opts.format !== found) {
    throw new UnreadableInputError(`format=${opts.format} was asked for, but the file is ${FORMATS[found].title}`);
  }
  return readTbx(stream);
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
