/**
 * What the CLI's commands need from Caravan, whichever way they reach it: the data directory
 * opened in this process (local-backend.ts, the default), or a running server over HTTP
 * (remote-backend.ts, `--server URL` with the key in `CARAVAN_KEY`, chosen in connect.ts), for
 * when a server holds the directory. Answers have the shapes of the HTTP API's JSON (openapi.yaml), so every
 * command prints one way, and the same commands behave the same against either.
 *
 * Exports hand their chunks to a `consume` callback instead of returning them: a local export
 * reads the store while it streams, so it must finish before the data directory is closed.
 */
import type { AnalysisResult } from '../domain/analysis/bands.js';
import type { RecognizedTerm } from '../domain/termbase/recognizer.js';
import type { TermbaseUploadFormat } from '../formats/registry.js';
import { canonicalizeLanguageTag } from '../domain/text/language-tag.js';
import type { TmxImportReport } from '../services/exchange/tmx-exchange.js';
import type { XliffImportReport } from '../services/exchange/xliff-exchange.js';
import type { ExportFormat } from '../services/glossary/glossary-exchange.js';
import type { ImportReport } from '../services/glossary/glossary-import.js';
import type { TmStats } from '../services/tm/tm.js';
import type { Progress } from './progress.js';

/** A document as listed (`DocumentSummary`). */
export interface DocumentLine {
  id: number;
  name: string;
  sourceLang: string;
  targetLang: string;
  segments: number;
}

/** A TM match as printed (the `Match` fields the CLI shows). */
export interface MatchLine {
  unitId: number;
  memory: string;
  score: number;
  matchType: string;
  target: string;
  penalties: { code: string; points: number }[];
}

/** A lookup's answer. */
export interface LookupAnswer {
  matches: MatchLine[];
  terms: RecognizedTerm[];
}

/** A section of a document (an article of a newspaper page), as the API presents it. */
export interface SectionLine {
  index: number;
  title: string | null;
  start: number;
  end: number;
}

/** A document's analysis (`AnalysisReport`), of one section when it names one. */
export type AnalysisAnswer = AnalysisResult & { document: DocumentLine | Omit<DocumentLine, 'segments'>; section?: SectionLine };

/** A file being downloaded: its name, what it counts (units, segments, concepts), its text in chunks. */
export interface Download {
  name: string;
  /** Units (TMX), segments (XLIFF) or concepts (TBX, CSV) it holds, when known beforehand. */
  total?: number;
  chunks: Iterable<string> | AsyncIterable<string>;
}

/** Receives a download while the backend can still serve it. */
export type Consume = (file: Download) => Promise<void>;

/** Languages of a TMX import or export. */
export interface PairOptions {
  sourceLang?: string;
  targetLang?: string;
}

/**
 * Memories and glossaries as the CLI's options name them (`--memories client-a,general:10`,
 * `--glossaries x,y`, `--memory m`); each backend parses or forwards them.
 */
export interface Collections {
  memories?: string;
  glossaries?: string;
  memory?: string;
}

/** An analysis's options: `--weights` as written, the memories, and the section. */
export type AnalysisOptions = Pick<Collections, 'memories'> & { weights?: string; section?: number };

/** Everything the import, export, lookup and analysis commands do. */
export interface Backend {
  addDocument(file: string, doc: { name: string; sourceLang: string; targetLang: string } & Collections): Promise<DocumentLine>;
  listDocuments(): Promise<DocumentLine[]>;
  lookup(q: { source: string; sourceLang: string; targetLang: string; threshold?: number; limit?: number } & Collections): Promise<LookupAnswer>;
  /** Terms in `text`, from `glossaries` (comma-separated, priority order) or every readable glossary. */
  recognize(text: string, lang: string, glossaries?: string): Promise<RecognizedTerm[]>;
  tmStats(opts: Pick<Collections, 'memories'>): Promise<TmStats>;
  importTmx(body: AsyncIterable<Uint8Array>, opts: PairOptions & Pick<Collections, 'memory'> & { dryRun: boolean }): Promise<TmxImportReport>;
  exportTmx(opts: PairOptions & Pick<Collections, 'memories'>, consume: Consume): Promise<void>;
  importXliff(doc: number, body: AsyncIterable<Uint8Array>, opts: Pick<Collections, 'memory'>): Promise<XliffImportReport>;
  /** `progress` moves while the local service gathers TM matches, or while the server's file arrives. */
  exportXliff(doc: number, opts: { version: '1.2' | '2.1'; fill: number; untranslatedTarget: 'source' | 'empty'; section?: number } & Collections,
    progress: Progress, consume: Consume): Promise<void>;
  analysis(doc: number, opts: AnalysisOptions, progress: Progress): Promise<AnalysisAnswer>;
  /** The analysis as a CSV table or a printable HTML page. */
  analysisFile(doc: number, format: 'csv' | 'html', opts: AnalysisOptions): Promise<string>;
  importGlossary(body: AsyncIterable<Uint8Array>, opts: { format?: TermbaseUploadFormat; dryRun: boolean; glossary?: string }): Promise<ImportReport>;
  exportGlossary(opts: { format: ExportFormat; langs?: string[]; includeTraditional: boolean; glossary?: string }, consume: Consume): Promise<void>;
}

/** Units of a TMX export of `pair`, from the TM's counts per pair. */
export function unitsOfPair(stats: TmStats, pair: PairOptions): number {
  const tag = (t: string | undefined) => (t === undefined ? undefined : canonicalizeLanguageTag(t).tag);
  const [from, to] = [tag(pair.sourceLang), tag(pair.targetLang)];
  return stats.pairs.filter((p) => (from === undefined || p.sourceLang === from) && (to === undefined || p.targetLang === to))
    .reduce((n, p) => n + p.units, 0);
}

/**
 * Passes chunks through and reports, after each, how many times `pattern` has been seen in
 * the text so far, also when a chunk boundary splits a match (`longest`: its longest match).
 */
export async function* counting(chunks: Iterable<string> | AsyncIterable<string>, pattern: RegExp, longest: number,
  report: (count: number) => void): AsyncGenerator<string> {
  const global = new RegExp(pattern.source, 'g');
  let tail = '';
  let count = 0;
  for await (const chunk of chunks) {
    const text = tail + chunk;
    for (const m of text.matchAll(global)) if (m.index + m[0].length > tail.length) count++;
    tail = longest > 1 ? text.slice(-(longest - 1)) : '';
    report(count);
    yield chunk;
  }
}
