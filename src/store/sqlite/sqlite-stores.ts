/** The embedded store: one SQLite file holding documents, keys, meta values, memories, the TM and the term base. */
import { join } from 'node:path';
import type { Stores } from '../types.js';
import { openDatabase } from './database.js';
import { SqliteDocuments } from './sqlite-documents.js';
import { SqliteKeys } from './sqlite-keys.js';
import { SqliteMemories } from './sqlite-memories.js';
import { SqliteTermbase } from './sqlite-termbase.js';
import { SqliteTm } from './sqlite-tm.js';
import { SqliteTmBulk, removeStageFiles } from './sqlite-tm-bulk.js';
import type { KeyOf } from './unit-identity.js';

/** File name of the database inside the data directory. */
export const SQLITE_FILE = 'caravan.sqlite';

/**
 * Opens the SQLite stores at `<dataDir>/caravan.sqlite`, or in memory when `dataDir` is ':memory:'.
 * `stageInWorkerAfter`: units a bulk write stages on the main connection before a worker takes over;
 * `identityKey`: the units' identity key (unit-identity.ts; tests pass one that collides).
 */
export function openSqliteStores(dataDir: string, opts: { stageInWorkerAfter?: number; identityKey?: KeyOf } = {}): Stores {
  const onDisk = dataDir !== ':memory:';
  const db = openDatabase(onDisk ? join(dataDir, SQLITE_FILE) : ':memory:');
  if (onDisk) removeStageFiles(dataDir);
  const keys = new SqliteKeys(db);
  return {
    documents: new SqliteDocuments(db),
    keys,
    meta: keys,
    memories: new SqliteMemories(db),
    tm: new SqliteTm(db, opts.identityKey),
    tmBulk: new SqliteTmBulk(db, onDisk ? dataDir : undefined, opts.stageInWorkerAfter, opts.identityKey),
    termbase: new SqliteTermbase(db),
    ...(onDisk ? { dataDir } : {}),
    async close() {
      db.close();
    },
  };
}
