/**
 * Picks the store adapter, once, from the configuration: PostgreSQL when `CARAVAN_DATABASE_URL`
 * is set (several nodes share it, term base included), else the embedded SQLite database in the
 * data directory.
 */
import type { Config } from '../config.js';
import { openPgStores } from './postgres/pg-stores.js';
import { openSqliteStores } from './sqlite/sqlite-stores.js';
import type { Stores } from './types.js';

/** Opens the configured stores. */
export async function openStores(config: Pick<Config, 'dataDir' | 'databaseUrl'> & Partial<Pick<Config, 'changeRetentionSeconds'>>): Promise<Stores> {
  const retention = config.changeRetentionSeconds;
  return config.databaseUrl ? openPgStores(config.databaseUrl, retention === undefined ? {} : { changeRetentionMs: retention * 1000 }) : openSqliteStores(config.dataDir);
}
