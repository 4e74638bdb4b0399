/**
 * The CLI on the data directory itself: each call opens it (the same stores and services as
 * the server), runs as the system principal, and closes it, so it refuses to run while a
 * server holds the directory (use `--server` then). Answers are put into the HTTP API's
 * shapes (backend.ts).
 */
import { readFile } from 'node:fs/promises';
import { type Band, parseWeights } from '../domain/analysis/bands.js';
import { SYSTEM_PRINCIPAL } from '../domain/auth/roles.js';
import { DEFAULT_COLLECTION, parseGlossaryList } from '../domain/collections.js';
import type { DocumentRecord } from '../domain/document/document.js';
import { ValidationError } from '../domain/errors.js';
import { analysisCsv, analysisHtml } from '../formats/analysis-report.js';
import { decodeText } from '../formats/text.js';
import type { Runtime } from '../runtime.js';
import type { AnalysisOptions, Backend, DocumentLine } from './backend.js';
import { unitsOfPair } from './backend.js';
import { withRuntime } from './context.js';
import { glossariesOption, memoriesOption } from './memories.js';

function documentLine(d: DocumentRecord): DocumentLine {
  return { id: d.id, name: d.name, sourceLang: d.sourceLang, targetLang: d.targetLang, segments: d.segmentCount };
}

/** `--memories` and `--glossaries`, parsed, as optional fields. */
function collections(opts: { memories?: string; glossaries?: string }) {
  const memories = memoriesOption(opts.memories);
  const glossaries = glossariesOption(opts.glossaries);
  return { ...(memories ? { memories } : {}), ...(glossaries ? { glossaries } : {}) };
}

/** Ids of the memories `--memories` names (every memory when absent). */
async function readableIds(rt: Runtime, memories: string | undefined): Promise<string[]> {
  return (await rt.services.memories.readable(SYSTEM_PRINCIPAL, memoriesOption(memories))).map((m) => m.id);
}

function analysisOptions(opts: AnalysisOptions): { weights?: Partial<Record<Band, number>>; memories?: ReturnType<typeof memoriesOption>; section?: number } {
  let weights: Partial<Record<Band, number>> | undefined;
  try {
    weights = opts.weights === undefined ? undefined : parseWeights(opts.weights);
  } catch (err) {
    throw new ValidationError(`--weights: ${(err as Error).message}`);
  }
  const memories = memoriesOption(opts.memories);
  return { ...(weights ? { weights } : {}), ...(memories ? { memories } : {}), ...(opts.section === undefined ? {} : { section: opts.section }) };
}

/** The backend that opens the data directory named by the configuration (CARAVAN_DATA_DIR). */
export function localBackend(): Backend {
  return {
    async addDocument(file, doc) {
      const text = decodeText(await readFile(file), file);
      const { memories, glossaries } = collections(doc);
      const settings = { ...(doc.memory ? { writeMemory: doc.memory } : {}), ...(memories ? { memories } : {}), ...(glossaries ? { glossaries } : {}) };
      return documentLine(await withRuntime((rt) => rt.services.documents.createFromText(
        { name: doc.name, sourceLang: doc.sourceLang, targetLang: doc.targetLang, text, settings }, SYSTEM_PRINCIPAL)));
    },
    async listDocuments() {
      return (await withRuntime((rt) => rt.services.documents.list(SYSTEM_PRINCIPAL))).map(documentLine);
    },
    async lookup(q) {
      const { matches, terms } = await withRuntime((rt) => rt.services.lookup.lookup({ source: q.source, sourceLang: q.sourceLang, targetLang: q.targetLang,
        threshold: q.threshold, limit: q.limit, ...collections(q) }, SYSTEM_PRINCIPAL));
      return { terms, matches: matches.map((m) => ({ unitId: m.unit.id, memory: m.unit.memory, score: m.score, matchType: m.matchType, target: m.target, penalties: m.penalties })) };
    },
    recognize: (text, lang, glossaries) => withRuntime(async (rt) => rt.services.glossary.recognize(text, lang,
      rt.services.glossary.resolveGlossaries(SYSTEM_PRINCIPAL, glossaries === undefined ? undefined : parseGlossaryList(glossaries, '--glossary')))),
    tmStats: (opts) => withRuntime(async (rt) => rt.services.tm.stats(await readableIds(rt, opts.memories))),
    importTmx: (body, opts) => withRuntime(async (rt) => rt.services.tmx.importTmx(body, { memory: await rt.services.memories.writable(SYSTEM_PRINCIPAL, opts.memory),
      ...(opts.sourceLang ? { sourceLang: opts.sourceLang } : {}), ...(opts.targetLang ? { targetLang: opts.targetLang } : {}), dryRun: opts.dryRun }, SYSTEM_PRINCIPAL)),
    exportTmx: (opts, consume) => withRuntime(async (rt) => {
      const memories = memoriesOption(opts.memories)?.map((m) => m.id);
      const filter = await rt.services.maintenance.resolve(SYSTEM_PRINCIPAL, { ...(memories ? { memories } : {}),
        ...(opts.sourceLang ? { sourceLang: opts.sourceLang } : {}), ...(opts.targetLang ? { targetLang: opts.targetLang } : {}) }, 'read');
      const total = unitsOfPair(await rt.services.tm.stats(filter.memories), filter);
      await consume({ name: rt.services.tmx.exportName(filter), total, chunks: rt.services.tmx.exportTmx(rt.services.maintenance.walk(filter), filter.sourceLang) });
    }),
    importXliff: (doc, body, opts) => withRuntime((rt) => rt.services.xliff.importDocument(doc, body, SYSTEM_PRINCIPAL, opts.memory ? { memory: opts.memory } : {})),
    exportXliff: (doc, opts, progress, consume) => withRuntime(async (rt) => {
      const file = await rt.services.xliff.exportDocument(doc, { version: opts.version, fill: opts.fill, untranslatedTarget: opts.untranslatedTarget,
        ...collections(opts), ...(opts.section === undefined ? {} : { section: opts.section }), progress: (done, total) => progress.update(done, total) }, SYSTEM_PRINCIPAL);
      progress.stop();
      await consume({ name: file.filename, chunks: file.chunks });
    }),
    async analysis(doc, opts, progress) {
      const options = analysisOptions(opts);
      const { document, section, result } = await withRuntime((rt) => rt.services.analysis.analyse(doc, SYSTEM_PRINCIPAL, options, (done, total) => progress.update(done, total)));
      progress.stop();
      return { document: documentLine(document), ...(section ? { section: { index: section.index, title: section.title, start: section.start, end: section.end } } : {}), ...result };
    },
    async analysisFile(doc, format, opts) {
      const options = analysisOptions(opts);
      const { document, section, result } = await withRuntime((rt) => rt.services.analysis.analyse(doc, SYSTEM_PRINCIPAL, options));
      return format === 'csv' ? analysisCsv(result) : analysisHtml(result, { document: document.name, title: document.meta.title, ...(section ? { section } : {}),
        sourceLang: document.sourceLang, targetLang: document.targetLang, generatedAt: new Date().toISOString() });
    },
    importGlossary: (body, { glossary, ...opts }) => withRuntime((rt) => rt.services.glossary.importFile(SYSTEM_PRINCIPAL, glossary ?? DEFAULT_COLLECTION, body, opts)),
    exportGlossary: ({ glossary, ...opts }, consume) => withRuntime(async (rt) => {
      const ids = rt.services.glossary.resolveGlossaries(SYSTEM_PRINCIPAL, glossary === undefined ? undefined : [glossary]);
      const file = await rt.services.glossary.exportFile(SYSTEM_PRINCIPAL, ids, opts, glossary === undefined);
      await consume({ name: file.filename, total: file.concepts, chunks: file.chunks });
    }),
  };
}
