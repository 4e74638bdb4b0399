/**
 * `caravan migrate --to postgres://...` (issue 13, moving in): copies an embedded data directory's
 * SQLite database into an empty PostgreSQL database, table by table with COPY, keeping ids,
 * timestamps and usage counts, in one transaction (all or nothing), then checks that every table
 * holds as many rows as the source.
 *
 * The embedded store stays untouched: the copy is read from an online backup of it (SQLite's
 * backup API, WAL included) in a temporary directory, which is brought to the current schema
 * there, so a data directory of an earlier release migrates as it is.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../sqlite/database.js';
import { openPgStores } from './pg-stores.js';
import { copyField } from './pg-tm-bulk.js';
import { PgDb } from './pg-db.js';

/** Tables in copy order (foreign keys first), with the columns both schemas share. */
const TABLES: { name: string; columns: string[]; identity?: boolean }[] = [
  { name: 'meta', columns: ['key', 'value'] },
  { name: 'memories', columns: ['id', 'name', 'description', 'tags', 'read_only', 'created_at', 'created_by', 'updated_at', 'updated_by', 'last_write', 'revision'] },
  { name: 'api_keys', columns: ['id', 'name', 'role', 'scope', 'link', 'prefix', 'hash', 'created_at', 'created_by'], identity: true },
  { name: 'documents', columns: ['id', 'name', 'source_lang', 'target_lang', 'created_at', 'created_by', 'segment_count', 'meta', 'settings'], identity: true },
  { name: 'segments', columns: ['document_id', 'idx', 'source', 'target', 'state', 'data', 'section'] },
  { name: 'document_sections', columns: ['document_id', 'idx', 'title'] },
  { name: 'units', columns: ['id', 'memory_id', 'source_lang', 'target_lang', 'source', 'target', 'context_previous', 'context_next', 'origin_document',
    'origin_title', 'origin_date', 'note', 'source_codes', 'target_codes', 'created_by', 'created_at', 'updated_by', 'updated_at', 'usage_count'], identity: true },
];
/** Rows sent per COPY chunk. */
const CHUNK = 10_000;

/** Rows copied per table. */
export type MigrationCounts = Record<string, number>;

/** Progress of a migration: a table, rows done, rows in it. */
export type MigrationProgress = (table: string, done: number, total: number) => void;

function cell(v: unknown, column: string): string {
  if (v === null || v === undefined) return '\\N';
  if (Buffer.isBuffer(v)) return `\\\\x${v.toString('hex')}`;
  if (column === 'read_only') return v ? 't' : 'f';
  return copyField(String(v));
}

/** Copies the SQLite database `file` into the empty PostgreSQL database at `url`; returns the rows per table. */
export async function migrateSqliteToPg(file: string, url: string, progress: MigrationProgress = () => undefined): Promise<MigrationCounts> {
  const tmp = mkdtempSync(join(tmpdir(), 'caravan-migrate-'));
  try {
    const source = new Database(file, { readonly: true, fileMustExist: true });
    await source.backup(join(tmp, 'copy.sqlite'));
    source.close();
    const sqlite = openDatabase(join(tmp, 'copy.sqlite'));
    (await openPgStores(url).then((s) => s.close())); // migrates the target schema (and fails clearly when unreachable)
    const db = new PgDb(url, { max: 1 });
    try {
      const counts: MigrationCounts = {};
      await db.write(async (tx) => {
        const [{ n } = { n: 0 }] = await tx<{ n: number }[]>`SELECT (SELECT count(*) FROM units) + (SELECT count(*) FROM documents) + (SELECT count(*) FROM api_keys)
          + (SELECT count(*) FROM memories WHERE id <> 'default') AS n`;
        if (Number(n) > 0) throw new Error('the target database already holds Caravan data; migrate into an empty database');
        await tx`DELETE FROM memories`; // the schema's own 'default' memory comes from the source
        for (const t of TABLES) {
          const total = (sqlite.prepare(`SELECT count(*) AS n FROM ${t.name}`).get() as { n: number }).n;
          const rows = sqlite.prepare(`SELECT ${t.columns.join(', ')} FROM ${t.name}`).raw().iterate() as IterableIterator<unknown[]>;
          let done = 0;
          let buffer: string[] = [];
          const flush = async () => {
            if (!buffer.length) return;
            const sink = await tx.unsafe(`COPY ${t.name} (${t.columns.join(', ')}) FROM STDIN`).writable();
            await new Promise<void>((resolve, reject) => {
              sink.once('error', reject);
              sink.once('finish', resolve);
              sink.end(buffer.join(''));
            });
            done += buffer.length;
            buffer = [];
            progress(t.name, done, total);
          };
          for (const r of rows) {
            buffer.push(`${r.map((v, i) => cell(v, t.columns[i] as string)).join('\t')}\n`);
            if (buffer.length >= CHUNK) await flush();
          }
          await flush();
          progress(t.name, done, total);
          if (t.identity) await tx.unsafe(`SELECT setval(pg_get_serial_sequence('${t.name}', 'id'), coalesce((SELECT max(id) FROM ${t.name}), 0) + 1, false)`);
          counts[t.name] = total;
        }
        return { result: undefined, change: { kind: 'migrated' } };
      });
      for (const t of TABLES) {
        const [row] = await db.sql.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${t.name}`);
        if (row?.n !== counts[t.name]) throw new Error(`verification failed: ${t.name} has ${row?.n} rows in PostgreSQL, ${counts[t.name]} in the data directory`);
      }
      return counts;
    } finally {
      sqlite.close();
      await db.close();
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
