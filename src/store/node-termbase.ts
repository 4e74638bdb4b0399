/**
 * The term base of a node on the shared PostgreSQL store (issue 13, not finished): glossaries and
 * their entries stay in the node's own SQLite file (`<dataDir>/caravan.sqlite`, the embedded
 * store's file, so a data directory moved to PostgreSQL with `caravan migrate --to` keeps its
 * glossaries on that node). The term base is not shared: each node has its own glossaries, their
 * writes are not in the change log, and If-Match holds on one node only. A PostgreSQL adapter of
 * TermbaseReader & TermbaseWriter (tests/store/termbase-contract.ts) is the remaining work.
 */
import { join } from 'node:path';
import { openDatabase } from './sqlite/database.js';
import { SQLITE_FILE } from './sqlite/sqlite-stores.js';
import { SqliteTermbase } from './sqlite/sqlite-termbase.js';
import type { TermbaseReader, TermbaseWriter } from './types.js';

/** A node's own term base and how to close it. */
export interface NodeTermbase {
  termbase: TermbaseReader & TermbaseWriter;
  close(): void;
}

/** Opens the term base of a node in `dataDir`, or in memory when `dataDir` is ':memory:'. */
export function openNodeTermbase(dataDir: string): NodeTermbase {
  const db = openDatabase(dataDir === ':memory:' ? ':memory:' : join(dataDir, SQLITE_FILE));
  return { termbase: new SqliteTermbase(db), close: () => db.close() };
}
