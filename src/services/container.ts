/**
 * The services of one running Caravan, built once from the stores. HTTP routes and CLI
 * commands both take this container, so both go through the same code.
 */
import type { TermbaseStore } from '../store/lowdb/termbase-store.js';
import type { Stores } from '../store/types.js';
import { VERSION } from '../version.js';
import { DocumentService } from './documents.js';
import { GlossaryService } from './glossary.js';
import { KeyService } from './keys.js';

/** Counts shown by `GET /health`. */
export interface HealthReport {
  status: 'ok';
  version: string;
  units: number;
  documents: number;
  entries: number;
}

/** Every service the HTTP app and the CLI use. */
export interface Services {
  keys: KeyService;
  documents: DocumentService;
  /** The term base: recognition (`recognize(text, lang)` for TM lookups), QA, search, writes, exchange. */
  glossary: GlossaryService;
  health(): Promise<HealthReport>;
}

/** Builds the services over opened stores. */
export function createServices(stores: Stores, termbase: TermbaseStore): Services {
  return {
    keys: new KeyService(stores.keys),
    documents: new DocumentService(stores.documents),
    glossary: new GlossaryService(termbase),
    async health() {
      return {
        status: 'ok',
        version: VERSION,
        units: await stores.tm.countUnits(),
        documents: await stores.documents.countDocuments(),
        entries: termbase.read().entries.length,
      };
    },
  };
}
