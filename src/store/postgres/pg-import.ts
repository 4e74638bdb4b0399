/**
 * `caravan migrate --to postgres://...` (issue 13, moving in): copies an embedded data directory's
 * SQLite database into an empty PostgreSQL database, table by table with COPY, keeping ids,
 * timestamps and usage counts, in one transaction (all or nothing), then checks that every table
 * holds as many rows as the source.
 *
 * The embedded store stays untouched: the copy is read from an online backup of it (SQLite's
 * backup API, WAL included) in a temporary directory, which is brought to the current schema
 * there, so a data directory of an earlier release migrates as it is.
 *
 * The term base comes along: glossaries and history are copied as rows; entries go through the
 * PostgreSQL write path in batches (pg-termbase-write.ts), which derives their term index, Chinese
 * keys and search tokens. A 0.1.0 directory whose `termbase.json` was never upgraded (no server
 * ran on it since) has it read, not retired, and loaded as the glossary `default`, as the upgrade
 * at start would.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_COLLECTION } from '../../domain/collections.js';
import type { HistoryRecord, TermEntry } from '../../domain/termbase/entry.js';
import { readLegacyTermbase } from '../lowdb/legacy-termbase.js';
import { openDatabase } from '../sqlite/database.js';
import { type EntryRow, entryOf } from '../sqlite/sqlite-termbase-rows.js';
import { openPgStores } from './pg-stores.js';
import { copyField } from './pg-tm-bulk.js';
import { PgDb, type Tx } from './pg-db.js';
import { insertEntries, insertHistory } from './pg-termbase-write.js';

/** Tables in copy order (foreign keys first), with the columns both schemas share. */
const TABLES: { name: string; columns: string[]; identity?: boolean; where?: string }[] = [
  { name: 'meta', columns: ['key', 'value'] },
  { name: 'memories', columns: ['id', 'name', 'description', 'tags', 'read_only', 'created_at', 'created_by', 'updated_at', 'updated_by', 'last_write', 'revision'] },
  { name: 'api_keys', columns: ['id', 'name', 'role', 'scope', 'link', 'prefix', 'hash', 'created_at', 'created_by'], identity: true },
  { name: 'documents', columns: ['id', 'name', 'source_lang', 'target_lang', 'created_at', 'created_by', 'segment_count', 'meta', 'settings'], identity: true },
  { name: 'segments', columns: ['document_id', 'idx', 'source', 'target', 'state', 'data', 'section'] },
  { name: 'document_sections', columns: ['document_id', 'idx', 'title'] },
  { name: 'units', columns: ['id', 'memory_id', 'source_lang', 'target_lang', 'source', 'target', 'context_previous', 'context_next', 'origin_document',
    'origin_title', 'origin_date', 'note', 'source_codes', 'target_codes', 'created_by', 'created_at', 'updated_by', 'updated_at', 'usage_count'], identity: true },
  // A glossary marked `deleting` is gone for every reader: it is not copied.
  { name: 'glossaries', columns: ['id', 'name', 'description', 'tags', 'read_only', 'created_at', 'created_by', 'updated_at', 'updated_by', 'last_write_at'], where: 'deleting = 0' },
  { name: 'term_history', columns: ['glossary', 'entry_id', 'version', 'action', 'by_name', 'at', 'changes'],
    where: 'glossary IN (SELECT id FROM glossaries WHERE deleting = 0)' },
];
/** Entries written per batch through the term-base write path. */
const ENTRY_BATCH = 1000;
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

/** Copies the entries of `sqlite` (and of a never-upgraded 0.1.0 term base) through the term-base write path; the number copied. */
async function copyEntries(tx: Tx, sqlite: Database.Database, legacy: { entries: TermEntry[]; history: HistoryRecord[] } | undefined, progress: MigrationProgress): Promise<number> {
  const total = (sqlite.prepare('SELECT count(*) AS n FROM term_entries e JOIN glossaries g ON g.id = e.glossary WHERE g.deleting = 0').get() as { n: number }).n;
  const next = sqlite.prepare<[number, number], EntryRow>('SELECT e.* FROM term_entries e JOIN glossaries g ON g.id = e.glossary WHERE g.deleting = 0 AND e.rid > ? ORDER BY e.rid LIMIT ?');
  let done = 0;
  for (let after = 0; ;) {
    const rows = next.all(after, ENTRY_BATCH);
    if (rows.length === 0) break;
    const byGlossary = new Map<string, TermEntry[]>();
    for (const r of rows) byGlossary.set(r.glossary, [...(byGlossary.get(r.glossary) ?? []), entryOf(r)]);
    for (const [glossary, entries] of byGlossary) await insertEntries(tx, glossary, entries);
    done += rows.length;
    after = (rows[rows.length - 1] as EntryRow).rid;
    progress('term_entries', done, total + (legacy?.entries.length ?? 0));
  }
  if (legacy) {
    for (let i = 0; i < legacy.entries.length; i += ENTRY_BATCH) await insertEntries(tx, DEFAULT_COLLECTION, legacy.entries.slice(i, i + ENTRY_BATCH));
    await insertHistory(tx, DEFAULT_COLLECTION, legacy.history);
    const last = [...legacy.history.map((h) => h.at), ...legacy.entries.map((e) => e.updatedAt)].sort().pop();
    if (last !== undefined) await tx`UPDATE glossaries SET last_write_at = ${last} WHERE id = ${DEFAULT_COLLECTION}`;
    done += legacy.entries.length;
    progress('term_entries', done, done);
  }
  return done;
}

/** A 0.1.0 term base in `dataDir` that was never upgraded into the SQLite store (its `default` is empty), read only. */
async function legacyTermbase(dataDir: string | undefined, sqlite: Database.Database): Promise<{ entries: TermEntry[]; history: HistoryRecord[] } | undefined> {
  const legacy = dataDir === undefined ? undefined : await readLegacyTermbase(dataDir);
  if (!legacy) return undefined;
  const used = sqlite.prepare('SELECT (SELECT count(*) FROM term_entries WHERE glossary = ?) + (SELECT count(*) FROM term_history WHERE glossary = ?) AS n')
    .get(DEFAULT_COLLECTION, DEFAULT_COLLECTION) as { n: number };
  return used.n > 0 ? undefined : { entries: legacy.entries.map((e) => ({ ...e, glossary: DEFAULT_COLLECTION })), history: legacy.history };
}

/**
 * Copies the SQLite database `file` into the empty PostgreSQL database at `url`; returns the rows per
 * table. `dataDir` is where a 0.1.0 term base (`termbase.json`) may wait for its upgrade.
 */
export async function migrateSqliteToPg(file: string, url: string, progress: MigrationProgress = () => undefined, dataDir?: string): Promise<MigrationCounts> {
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
        await tx`DELETE FROM memories`; // the schema's own 'default' memory (and glossary) come from the source
        await tx`DELETE FROM glossaries`;
        const legacy = await legacyTermbase(dataDir, sqlite);
        for (const t of TABLES) {
          const where = t.where ? ` WHERE ${t.where}` : '';
          const total = (sqlite.prepare(`SELECT count(*) AS n FROM ${t.name}${where}`).get() as { n: number }).n;
          const rows = sqlite.prepare(`SELECT ${t.columns.join(', ')} FROM ${t.name}${where}`).raw().iterate() as IterableIterator<unknown[]>;
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
        counts.term_entries = await copyEntries(tx, sqlite, legacy, progress);
        if (legacy) counts.term_history = (counts.term_history ?? 0) + legacy.history.length;
        return { result: undefined, change: { kind: 'migrated' } };
      });
      for (const t of [...TABLES, { name: 'term_entries' }]) {
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
