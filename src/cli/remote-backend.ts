/**
 * The CLI against a running server (`--server URL`, key in `CARAVAN_KEY`): each command is the
 * HTTP call the API documents (openapi.yaml), so the server's validation, roles, key scopes
 * and limits apply as to any client; `--memories`, `--memory` and `--glossaries` go as the
 * query parameters of the same names (in the body of a lookup). Imports stream the file as the request body; exports stream the
 * response to the output, counting units (TMX) or segments (XLIFF) as they arrive against the
 * totals the server reports (`/tm/stats`, the document), so the bars show the download. An
 * analysis has no bar: the server answers when it is done.
 */
import { parseGlossaryList } from '../domain/collections.js';
import { readFile } from 'node:fs/promises';
import type { RecognizedTerm } from '../domain/termbase/recognizer.js';
import type { TmxImportReport } from '../services/exchange/tmx-exchange.js';
import type { XliffImportReport } from '../services/exchange/xliff-exchange.js';
import type { ImportReport } from '../services/glossary/glossary-import.js';
import type { TmStats } from '../services/tm/tm.js';
import { type AnalysisAnswer, type Backend, type DocumentLine, type LookupAnswer, counting, unitsOfPair } from './backend.js';
import type { CaravanServer } from './http-client.js';
import { glossariesOption, memoriesOption } from './memories.js';

/** Longest opening tag counted in a download (`<trans-unit `), for matches split by chunk boundaries. */
const LONGEST_COUNTED_TAG = 12;

/** The backend that calls `server`. */
/** The 0.1.0 route of a glossary operation without a glossary named, else the glossary's own. */
function glossaryPath(glossary: string | undefined, op: 'import' | 'export'): string {
  return glossary === undefined ? `/api/v1/glossary/${op}` : `/api/v1/glossaries/${encodeURIComponent(glossary)}/${op}`;
}

export function remoteBackend(server: CaravanServer): Backend {
  return {
    async addDocument(file, doc) {
      return server.upload<DocumentLine>('POST', '/api/v1/documents', { ...doc }, await readFile(file), 'text/plain');
    },
    async listDocuments() {
      return (await server.json<{ documents: DocumentLine[] }>('GET', '/api/v1/documents')).documents;
    },
    async lookup(q) {
      // The body takes lists, which the server would otherwise parse from the query.
      const memories = memoriesOption(q.memories);
      const glossaries = glossariesOption(q.glossaries);
      return server.json<LookupAnswer>('POST', '/api/v1/tm/lookup', {}, { source: q.source, sourceLang: q.sourceLang, targetLang: q.targetLang,
        threshold: q.threshold, limit: q.limit, ...(memories ? { memories } : {}), ...(glossaries ? { glossaries } : {}) });
    },
    async recognize(text, lang, glossaries) {
      const body = { text, lang, ...(glossaries === undefined ? {} : { glossaries: parseGlossaryList(glossaries, '--glossary') }) };
      return (await server.json<{ terms: RecognizedTerm[] }>('POST', '/api/v1/glossary/recognize', {}, body)).terms;
    },
    tmStats: (opts) => server.json<TmStats>('GET', '/api/v1/tm/stats', { ...opts }),
    importTmx: (body, opts) => server.upload<TmxImportReport>('POST', '/api/v1/tm/import', { ...opts }, body, 'application/x-tmx+xml'),
    async exportTmx(opts, consume) {
      const total = unitsOfPair(await server.json<TmStats>('GET', '/api/v1/tm/stats', { memories: opts.memories }), opts);
      const file = await server.download('/api/v1/tm/export', { ...opts });
      await consume({ name: file.filename ?? 'caravan.tmx', total, chunks: file.chunks });
    },
    importXliff: (doc, body, opts) => server.upload<XliffImportReport>('PUT', `/api/v1/documents/${doc}/xliff`, { ...opts }, body, 'application/xliff+xml'),
    async exportXliff(doc, opts, progress, consume) {
      const detail = await server.json<{ segmentCount: number; sections?: { index: number; segments: number }[] }>('GET', `/api/v1/documents/${doc}`, { limit: 1 });
      const segmentCount = opts.section === undefined ? detail.segmentCount : detail.sections?.find((x) => x.index === opts.section)?.segments ?? 0;
      const file = await server.download(`/api/v1/documents/${doc}/xliff`, { version: opts.version, fill: opts.fill,
        untranslatedTarget: opts.untranslatedTarget, memories: opts.memories, glossaries: opts.glossaries, section: opts.section });
      // One trans-unit per segment in 1.2, one <segment> per segment in 2.1.
      const unit = opts.version === '1.2' ? /<trans-unit[\s>]/ : /<segment[\s>]/;
      const chunks = counting(file.chunks, unit, LONGEST_COUNTED_TAG, (n) => progress.update(n, segmentCount));
      await consume({ name: file.filename ?? `document-${doc}.xlf`, chunks });
      progress.stop();
    },
    async analysis(doc, opts, progress) {
      // The server analyses before it answers: there is nothing to show until then.
      progress.stop();
      return server.json<AnalysisAnswer>('GET', `/api/v1/documents/${doc}/analysis`, { ...opts });
    },
    async analysisFile(doc, format, opts) {
      let text = '';
      for await (const chunk of (await server.download(`/api/v1/documents/${doc}/analysis`, { format, ...opts })).chunks) text += chunk;
      return text;
    },
    importGlossary: (body, { glossary, ...opts }) => server.upload<ImportReport>('POST', glossaryPath(glossary, 'import'), { ...opts }, body, 'application/octet-stream'),
    async exportGlossary(opts, consume) {
      const file = await server.download(glossaryPath(opts.glossary, 'export'), { format: opts.format, langs: opts.langs?.join(','), includeTraditional: opts.includeTraditional });
      const concepts = Number(file.headers.get('x-caravan-concepts'));
      await consume({ name: file.filename ?? `caravan-glossary.${opts.format}`, ...(Number.isFinite(concepts) ? { total: concepts } : {}), chunks: file.chunks });
    },
  };
}
