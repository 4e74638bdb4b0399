/**
 * Opens the embedded SQLite database (better-sqlite3) and brings its schema up to date.
 *
 * WAL journal for concurrent readers; `synchronous = FULL` so that a transaction is on disk
 * before the call returns: an acknowledged write survives a killed process or a power cut.
 * Schema versions live in `PRAGMA user_version`; each migration runs in one transaction.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** The database handle type used by the adapters. */
export type SqliteDb = Database.Database;

/** Schema migrations in order; index + 1 is the schema version they produce. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

  CREATE TABLE api_keys (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    prefix TEXT NOT NULL,
    hash BLOB NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL
  );
  CREATE INDEX api_keys_prefix ON api_keys(prefix);

  CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    segment_count INTEGER NOT NULL,
    meta TEXT NOT NULL DEFAULT '{}'
  );

  CREATE TABLE segments (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    source TEXT NOT NULL,
    target TEXT,
    state TEXT NOT NULL,
    data TEXT,
    PRIMARY KEY (document_id, idx)
  ) WITHOUT ROWID;

  CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    context_previous TEXT,
    context_next TEXT,
    origin_document TEXT,
    origin_title TEXT,
    origin_date TEXT,
    note TEXT,
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    usage_count INTEGER NOT NULL DEFAULT 0
  );
  CREATE UNIQUE INDEX units_identity ON units(source_lang, target_lang, source, target);
  CREATE INDEX units_pair ON units(source_lang, target_lang, id);
  `,
  // v2: inline codes of source and target (JSON arrays of {id, type, offset, data?}); identity stays on the plain texts.
  `
  ALTER TABLE units ADD COLUMN source_codes TEXT;
  ALTER TABLE units ADD COLUMN target_codes TEXT;
  `,
  // v3: sections of a document (the articles of a newspaper page): each segment's section, null
  // for documents without sections (all of them before this version), and each section's heading.
  `
  ALTER TABLE segments ADD COLUMN section INTEGER;
  CREATE TABLE document_sections (
    document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    title TEXT,
    PRIMARY KEY (document_id, idx)
  ) WITHOUT ROWID;
  `,
];

/** Opens (creating if needed) the database at `file`, or in memory for ':memory:'. */
export function openDatabase(file: string): SqliteDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

function migrate(db: SqliteDb): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new Error(`the database schema (version ${current}) is newer than this Caravan (version ${MIGRATIONS.length})`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    const sql = MIGRATIONS[v] as string;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
