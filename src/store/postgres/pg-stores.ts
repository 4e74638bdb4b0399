/**
 * The shared store: every store interface over one PostgreSQL database (issue 13), selected by
 * `CARAVAN_DATABASE_URL`. Opening it checks that the database answers (a clear error naming the
 * variable, without its password, when it does not) and applies the schema migrations.
 *
 * Every adapter's calls go through `guard` (pg-db.ts): a connection failure (the database restarting
 * or away) becomes a StoreUnavailableError, which the HTTP layer answers with 503 and
 * `Retry-After`; the driver reconnects by itself on a later call.
 */
import type { Stores } from '../types.js';
import { redactUrl } from '../../config.js';
import { changeFeed } from './pg-changes.js';
import { guard, PgDb } from './pg-db.js';
import { PgDocuments } from './pg-documents.js';
import { PgKeys } from './pg-keys.js';
import { PgMemories } from './pg-memories.js';
import { PgTm } from './pg-tm.js';
import { PgTermbase } from './pg-termbase.js';
import { PgTmBulk } from './pg-tm-bulk.js';

/** The database named by `CARAVAN_DATABASE_URL` cannot be used at start. */
export class DatabaseUnreachableError extends Error {
  constructor(url: string, cause: unknown) {
    super(`CARAVAN_DATABASE_URL=${redactUrl(url)}: cannot use the database (${cause instanceof Error ? cause.message : String(cause)})`);
    this.name = 'DatabaseUnreachableError';
  }
}

/** Opens the PostgreSQL stores at `url`: connects, migrates, and returns the adapters; `changeRetentionMs` bounds the change log (pg-changes.ts). */
export async function openPgStores(url: string, opts: { changeRetentionMs?: number } = {}): Promise<Stores> {
  const db = new PgDb(url);
  try {
    await db.sql`SELECT 1`;
    await db.migrate();
  } catch (err) {
    await db.close().catch(() => undefined);
    throw new DatabaseUnreachableError(url, err);
  }
  const keys = guard(new PgKeys(db));
  return {
    documents: guard(new PgDocuments(db)),
    keys,
    meta: keys,
    memories: guard(new PgMemories(db)),
    tm: guard(new PgTm(db)),
    tmBulk: guard(new PgTmBulk(db)),
    changes: guard(changeFeed(db.sql, db.origin, opts.changeRetentionMs)),
    termbase: guard(new PgTermbase(db)),
    async close() {
      await db.close();
    },
  };
}
