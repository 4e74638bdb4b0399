/**
 * The services of one running Caravan, built once from the stores. HTTP routes and CLI
 * commands both take this container, so both go through the same code.
 */
import type { TermbaseStore } from '../store/lowdb/termbase-store.js';
import type { Stores } from '../store/types.js';
import { VERSION } from '../version.js';
import { AnalysisService } from './exchange/analysis.js';
import { DocumentService } from './documents.js';
import { LookupService } from './tm/lookup.js';
import { GlossaryService } from './glossary/glossary.js';
import type { ExchangePorts, TermProvider } from './exchange/exchange-ports.js';
import { KeyService } from './keys.js';
import { LinkLookups } from './protocols/link-lookups.js';
import { OmegatFiles } from './protocols/omegat-files.js';
import { TmMaintenance } from './tm/maintenance.js';
import { MemoryService } from './tm/memories.js';
import { type StorageReport, StorageMonitor } from './storage.js';
import { TmService } from './tm/tm.js';
import { tmMatches, tmSink } from './exchange/tm-ports.js';
import { TmxExchangeService } from './exchange/tmx-exchange.js';
import { XliffExchangeService } from './exchange/xliff-exchange.js';

/** Counts shown by `GET /health`; `degraded` while the disk is full (reads still work). */
export interface HealthReport {
  status: 'ok' | 'degraded';
  version: string;
  units: number;
  documents: number;
  entries: number;
  storage: StorageReport;
}

/** Every service the HTTP app and the CLI use. */
export interface Services {
  keys: KeyService;
  /** Memories: the collections units belong to; what a key may read and write. */
  memories: MemoryService;
  /** Units by filter: lists, exports, bulk delete, search and replace, duplicates. */
  maintenance: TmMaintenance;
  documents: DocumentService;
  /** The translation memory: units, lookups, concordance, stats (kept in step with its n-gram index). */
  tm: TmService;
  /** TM matches together with the term-base terms of the segment. */
  lookup: LookupService;
  /** The term base: recognition (`recognize(text, lang)` for TM lookups), QA, search, writes, exchange. */
  glossary: GlossaryService;
  /** XLIFF: documents from XLIFF files, export with TM matches and terms, import back. */
  xliff: XliffExchangeService;
  /** TMX import into and export from the TM. */
  tmx: TmxExchangeService;
  /** Documents against the TM in match bands, for quoting. */
  analysis: AnalysisService;
  /** What the protocol routes serve translation tools (issue 15): TM lookups and writes for link keys, OmegaT's files. */
  protocols: { lookups: LinkLookups; omegat: OmegatFiles };
  /** Whether the data directory's disk takes writes (told of every write refused for lack of space). */
  storage: StorageMonitor;
  health(): Promise<HealthReport>;
}

/**
 * Builds the services over opened stores. `ports` plugs the TM engine and the term base into
 * the XLIFF/TMX exchange; by default proposals come from the TM engine, terms from the term
 * base, and units go to the TM through the engine, so that its index learns them.
 */
export function createServices(stores: Stores, termbase: TermbaseStore, ports: Partial<ExchangePorts> = {}): Services {
  const glossary = new GlossaryService(termbase);
  const tm = new TmService(stores.tm);
  const memories = new MemoryService(stores.memories, stores.tm, stores.keys, stores.documents, (id) => tm.dropMemory(id));
  const documents = new DocumentService(stores.documents, memories);
  const exchange: ExchangePorts = {
    matches: ports.matches ?? tmMatches(tm),
    terms: ports.terms ?? glossaryTerms(glossary),
    tm: ports.tm ?? tmSink(tm, stores.tmBulk),
  };
  const storage = new StorageMonitor(stores.dataDir);
  const exists = async (kind: 'memories' | 'glossaries', id: string) => kind === 'glossaries' || (await stores.memories.getMemory(id)) !== undefined;
  const lookup = new LookupService(tm, memories, glossary);
  const tmx = new TmxExchangeService(exchange.tm);
  const maintenance = new TmMaintenance(tm, stores.tm, memories);
  return {
    keys: new KeyService(stores.keys, exists),
    memories,
    maintenance,
    documents,
    tm,
    glossary,
    lookup,
    xliff: new XliffExchangeService(stores.documents, documents, exchange),
    tmx,
    analysis: new AnalysisService(stores.documents, documents, exchange.matches),
    protocols: { lookups: new LinkLookups(tm, memories, lookup), omegat: new OmegatFiles(memories, stores.memories, tm, tmx, maintenance, glossary) },
    storage,
    async health() {
      const disk = storage.report();
      return {
        status: disk.status === 'full' ? 'degraded' : 'ok',
        version: VERSION,
        units: await stores.tm.countUnits(),
        documents: await stores.documents.countDocuments(),
        entries: termbase.read().entries.length,
        storage: disk,
      };
    },
  };
}

/** The term base as the exchange's term provider: recognition for notes and glossaries, QA on import. */
export function glossaryTerms(glossary: GlossaryService): TermProvider {
  return {
    recognize: async (text, lang) => glossary.recognize(text, lang),
    check: async (source, target, sourceLang, targetLang) => glossary.check({ source, target, sourceLang, targetLang }),
  };
}
