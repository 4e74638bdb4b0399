/** Picks the store adapter, once, from the configuration (only the embedded SQLite for now). */
import type { Config } from '../config.js';
import { openSqliteStores } from './sqlite/sqlite-stores.js';
import type { Stores } from './types.js';

/** Opens the configured stores. A PostgreSQL adapter will be chosen here. */
export function openStores(config: Pick<Config, 'dataDir'>): Stores {
  return openSqliteStores(config.dataDir);
}
