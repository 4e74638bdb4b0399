/**
 * The services of one running Caravan, built once from the stores. HTTP routes and CLI
 * commands both take this container, so both go through the same code.
 */
import type { Logger } from 'pino';
import { SYSTEM_PRINCIPAL } from '../domain/auth/roles.js';
import { DEFAULT_COLLECTION } from '../domain/collections.js';
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
import { ChangeFollower, type SyncState } from './tm/change-follower.js';
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
  /** The term base: glossaries, recognition (`recognize(text, lang, glossaries)` for TM lookups), QA, search, writes, exchange. */
  glossary: GlossaryService;
  /** XLIFF: documents from XLIFF files, export with TM matches and terms, import back. */
  xliff: XliffExchangeService;
  /** TMX import into and export from the TM. */
  tmx: TmxExchangeService;
  /** Documents against the TM in match bands, for quoting. */
  analysis: AnalysisService;
  /** How far this node has applied the shared change log, and whether it is ready (`/health/ready`, `Caravan-Min-Seq`). */
  sync: SyncState;
  /** The change-log follower when the store is shared (PostgreSQL); the server starts it instead of warming the index. */
  follower?: ChangeFollower;
  /** What the protocol routes serve translation tools (issue 15): TM lookups and writes for link keys, OmegaT's files. */
  protocols: { lookups: LinkLookups; omegat: OmegatFiles };
  /** Whether the data directory's disk takes writes (told of every write refused for lack of space). */
  storage: StorageMonitor;
  health(): Promise<HealthReport>;
}

/** The embedded store has no change log: this node is all there is, ready once its index is built. */
function localSync(tm: TmService): SyncState {
  return { ready: () => tm.warmed, applied: () => 0, waitFor: async () => true };
}

/**
 * Builds the services over opened stores. `ports` plugs the TM engine and the term base into
 * the XLIFF/TMX exchange; by default proposals come from the TM engine, terms from the term
 * base, and units go to the TM through the engine, so that its index learns them. `logger`
 * hears the change-log follower (database away, back, catching up).
 */
export function createServices(stores: Stores, ports: Partial<ExchangePorts> = {}, logger?: Logger): Services {
  // A glossary is used by the documents whose project settings name it (deleting it is a 409
  // then); once deleted, documents' settings and keys' scopes forget it, as for a memory.
  const glossary = new GlossaryService(stores.termbase, {
    usedBy: (id) => stores.documents.documentsUsing('glossaries', id),
    onDeleted: async (id) => {
      await stores.documents.forgetCollection('glossaries', id, DEFAULT_COLLECTION);
      await stores.keys.forgetCollection('glossaries', id);
    },
  });
  const tm = new TmService(stores.tm, { concurrentWrites: stores.changes !== undefined });
  const memories = new MemoryService(stores.memories, stores.tm, stores.keys, stores.documents, (id) => tm.dropMemory(id));
  const documents = new DocumentService(stores.documents, memories, glossary);
  const follower = stores.changes ? new ChangeFollower(stores.changes, tm, logger, glossary, () => stores.keys.changedElsewhere(),
    () => stores.memories.changedElsewhere()) : undefined;
  const exchange: ExchangePorts = {
    matches: ports.matches ?? tmMatches(tm),
    terms: ports.terms ?? glossaryTerms(glossary),
    tm: ports.tm ?? tmSink(tm, stores.tmBulk),
  };
  const storage = new StorageMonitor(stores.dataDir);
  const exists = async (kind: 'memories' | 'glossaries', id: string) =>
    (kind === 'glossaries' ? await stores.termbase.getGlossary(id) : await stores.memories.getMemory(id)) !== undefined;
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
    sync: follower ?? localSync(tm),
    ...(follower ? { follower } : {}),
    protocols: { lookups: new LinkLookups(tm, memories, lookup), omegat: new OmegatFiles(memories, stores.memories, tm, tmx, maintenance, glossary) },
    storage,
    async health() {
      const disk = storage.report();
      return {
        status: disk.status === 'full' ? 'degraded' : 'ok',
        version: VERSION,
        units: await tm.unitCount(),
        documents: await stores.documents.countDocuments(),
        entries: glossary.entryCount(),
        storage: disk,
      };
    },
  };
}

/**
 * The term base as the exchange's term provider: recognition for XLIFF notes and glossaries, QA
 * on import, over the glossaries the caller resolved (a document's project settings, in the
 * caller's scope: DocumentService.glossaries), or every glossary when none are given.
 */
export function glossaryTerms(glossary: GlossaryService): TermProvider {
  const use = (glossaries?: readonly string[]) => glossaries ?? glossary.resolveGlossaries(SYSTEM_PRINCIPAL);
  return {
    recognize: async (text, lang, glossaries) => glossary.recognize(text, lang, use(glossaries)),
    check: async (source, target, sourceLang, targetLang, glossaries) => glossary.check({ source, target, sourceLang, targetLang }, use(glossaries)),
  };
}
