/**
 * The CLI on the data directory itself: each call opens it (the same stores and services as
 * the server), runs, and closes it, so it refuses to run while a server holds the directory
 * (use `--server` then). Answers are put into the HTTP API's shapes (backend.ts).
 */
import { readFile } from 'node:fs/promises';
import { type Band, parseWeights } from '../domain/analysis/bands.js';
import { SYSTEM_PRINCIPAL } from '../domain/auth/roles.js';
import type { DocumentRecord } from '../domain/document/document.js';
import { ValidationError } from '../domain/errors.js';
import { analysisCsv, analysisHtml } from '../formats/analysis-report.js';
import { decodeText } from '../formats/text.js';
import type { Backend, DocumentLine } from './backend.js';
import { unitsOfPair } from './backend.js';
import { withRuntime } from './context.js';

function documentLine(d: DocumentRecord): DocumentLine {
  return { id: d.id, name: d.name, sourceLang: d.sourceLang, targetLang: d.targetLang, segments: d.segmentCount };
}

function weightsOf(spec: string | undefined): Partial<Record<Band, number>> | undefined {
  if (spec === undefined) return undefined;
  try {
    return parseWeights(spec);
  } catch (err) {
    throw new ValidationError(`--weights: ${(err as Error).message}`);
  }
}

/** The backend that opens the data directory named by the configuration (CARAVAN_DATA_DIR). */
export function localBackend(): Backend {
  return {
    async addDocument(file, doc) {
      const text = decodeText(await readFile(file), file);
      return documentLine(await withRuntime((rt) => rt.services.documents.createFromText({ ...doc, text }, SYSTEM_PRINCIPAL)));
    },
    async listDocuments() {
      return (await withRuntime((rt) => rt.services.documents.list())).map(documentLine);
    },
    async lookup(q) {
      const { matches, terms } = await withRuntime((rt) => rt.services.lookup.lookup(q));
      return { terms, matches: matches.map((m) => ({ unitId: m.unit.id, score: m.score, matchType: m.matchType, target: m.target, penalties: m.penalties })) };
    },
    recognize: (text, lang) => withRuntime(async (rt) => rt.services.glossary.recognize(text, lang)),
    tmStats: () => withRuntime((rt) => rt.services.tm.stats()),
    importTmx: (body, opts) => withRuntime((rt) => rt.services.tmx.importTmx(body, opts, SYSTEM_PRINCIPAL)),
    exportTmx: (opts, consume) => withRuntime(async (rt) => {
      const options = rt.services.tmx.exportOptions(opts.sourceLang, opts.targetLang);
      const total = unitsOfPair(await rt.services.tm.stats(), options);
      await consume({ name: rt.services.tmx.exportName(options), total, chunks: rt.services.tmx.exportTmx(options) });
    }),
    importXliff: (doc, body) => withRuntime((rt) => rt.services.xliff.importDocument(doc, body, SYSTEM_PRINCIPAL)),
    exportXliff: (doc, opts, progress, consume) => withRuntime(async (rt) => {
      const file = await rt.services.xliff.exportDocument(doc, { ...opts, progress: (done, total) => progress.update(done, total) });
      progress.stop();
      await consume({ name: file.filename, chunks: file.chunks });
    }),
    async analysis(doc, weights, progress) {
      const parsed = weightsOf(weights);
      const { document, result } = await withRuntime((rt) => rt.services.analysis.analyse(doc, parsed, (done, total) => progress.update(done, total)));
      progress.stop();
      return { document: documentLine(document), ...result };
    },
    async analysisFile(doc, format, weights) {
      const parsed = weightsOf(weights);
      const { document, result } = await withRuntime((rt) => rt.services.analysis.analyse(doc, parsed));
      return format === 'csv' ? analysisCsv(result) : analysisHtml(result, { document: document.name, title: document.meta.title,
        sourceLang: document.sourceLang, targetLang: document.targetLang, generatedAt: new Date().toISOString() });
    },
    importGlossary: (body, opts) => withRuntime((rt) => rt.services.glossary.importFile(body, opts, SYSTEM_PRINCIPAL)),
    exportGlossary: (opts, consume) => withRuntime(async (rt) => {
      const file = rt.services.glossary.exportFile(opts);
      await consume({ name: file.filename, total: file.concepts, chunks: file.chunks });
    }),
  };
}
