/**
 * Term-base imports into PostgreSQL, all or nothing: `stage` appends each batch of writes to a
 * TEMP table on a connection reserved for the import (one multi-row INSERT per batch; a killed
 * process or a dropped connection takes the stage with it), and `commit` applies the stage in one
 * write transaction, batch by batch through the one write path (pg-termbase-write.ts), and logs
 * the ids it wrote as one `entries` change. Unlike the embedded store, the commit need not be cut
 * into short transactions: PostgreSQL's readers never wait for it, and no event loop holds a lock.
 * A staged write whose entry changed since it was planned fails the whole commit with a conflict
 * ("import the file again"), as in the embedded store. After the commit the search index's
 * pending list is cleaned (see the 002 migration), so searches do not scan the imported rows whole.
 */
import { ConflictError } from '../../domain/errors.js';
import type { BulkEntryWrite, EntryWrite } from '../types.js';
import { CHANGE_ENTRIES } from './pg-changes.js';
import { guard, type PgDb } from './pg-db.js';
import { applyWrites, lockGlossary } from './pg-termbase-write.js';

/** Staged writes read back per batch while committing. */
const COMMIT_BATCH = 1000;

let stages = 0;

/** Opens a staged import of `glossary` (NotFoundError when there is none). */
export async function beginPgEntryImport(db: PgDb, glossary: string): Promise<BulkEntryWrite> {
  await lockGlossary(db.sql, glossary);
  const conn = await db.sql.reserve();
  const table = `term_stage_${process.pid}_${++stages}`;
  let open = true;
  const release = async () => {
    if (!open) return;
    open = false;
    await conn.unsafe(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    conn.release();
  };
  try {
    await conn.unsafe(`CREATE TEMP TABLE ${table} (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, body text NOT NULL)`);
  } catch (err) {
    await release();
    throw err;
  }
  const finished = () => {
    if (!open) throw new Error('the import is finished');
  };
  const stale = (id: string) => new ConflictError(`entry "${id}" changed while the import was prepared; import the file again`, { entryId: id });
  return guard<BulkEntryWrite>({
    async stage(writes) {
      finished();
      if (writes.length) await conn.unsafe(`INSERT INTO ${table} (body) SELECT unnest($1::text[])`, [writes.map((w) => JSON.stringify(w))] as never[]);
    },
    async commit() {
      finished();
      try {
        await db.write(async (tx) => {
          const ids = new Set<string>();
          for (let last = 0; ;) {
            const rows = await tx.unsafe<{ seq: number; body: string }[]>(`SELECT seq, body FROM ${table} WHERE seq > $1 ORDER BY seq LIMIT $2`, [last, COMMIT_BATCH]);
            if (rows.length === 0) break;
            const writes = rows.map((r) => JSON.parse(r.body) as EntryWrite);
            await applyWrites(tx, glossary, writes, stale);
            for (const w of writes) ids.add(w.op === 'put' ? w.entry.id : w.id);
            last = (rows[rows.length - 1] as { seq: number }).seq;
          }
          return { result: undefined, change: ids.size ? { kind: CHANGE_ENTRIES, glossary, entries: [...ids] } : undefined };
        }, conn);
        // The imported rows' search tokens into the main GIN index now, not scanned by every search (002 migration).
        await conn`SELECT gin_clean_pending_list('term_entries_tokens'::regclass), gin_clean_pending_list('term_entries_term_tokens'::regclass)`.catch(() => undefined);
      } finally {
        await release();
      }
    },
    async abort() {
      await release();
    },
  });
}
