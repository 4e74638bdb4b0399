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
import { IDENTITY_FUNCTION, IDENTITY_INDEX, registerIdentityFunction } from './unit-identity.js';

/** The database handle type used by the adapters. */
export type SqliteDb = Database.Database;

/** Schema migrations in order; index + 1 is the schema version they produce (exported for upgrade tests). */
export const MIGRATIONS: readonly string[] = [
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
  // v3: collections (issue 10). Every unit belongs to a memory; the units of a data directory
  // from before memories existed go to 'default'. Unit identity is per memory. Keys get a scope
  // (every collection for existing keys), documents their project settings (null: defaults).
  // memory_id has no REFERENCES clause: SQLite cannot add a column with a foreign key and a
  // non-null default, and rebuilding a million-row table to get one is not worth it; the store
  // deletes a memory's units in the same transaction as the memory.
  `
  CREATE TABLE memories (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    read_only INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    last_write TEXT
  );
  INSERT INTO memories (id, name, description, created_at, created_by, updated_at, updated_by, last_write)
    VALUES ('default', 'Default', 'Units written without a named memory.',
      strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'system', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'system',
      (SELECT max(updated_at) FROM units));
  ALTER TABLE units ADD COLUMN memory_id TEXT NOT NULL DEFAULT 'default';
  DROP INDEX units_identity;
  DROP INDEX units_pair;
  CREATE UNIQUE INDEX units_identity ON units(memory_id, source_lang, target_lang, source, target);
  CREATE INDEX units_memory_pair ON units(memory_id, source_lang, target_lang, id);
  ALTER TABLE api_keys ADD COLUMN scope TEXT NOT NULL DEFAULT '{"memories":"*","glossaries":"*"}';
  ALTER TABLE documents ADD COLUMN settings TEXT;
  `,
  // v4: sections of a document (the articles of a newspaper page): each segment's section, null
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
  // v5: link keys (issue 15), keys meant to travel inside the URLs of translation tools: `link` is
  // NULL for an ordinary key, else a JSON object with the memories the key reads (priority,
  // penalties) and the memory its tmserver writes go to. Memories count their writes
  // (`revision`, bumped with `last_write` in the same transaction), so a file served to OmegaT
  // carries an entity tag that changes with every change to its units, even two in one millisecond.
  `
  ALTER TABLE api_keys ADD COLUMN link TEXT;
  ALTER TABLE memories ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
  `,
  // v6: glossaries and the term base (issues 10, 11): see sqlite-termbase.ts. The glossary `default`
  // always exists; an upgraded termbase.json is loaded into it (upgrade-termbase.ts).
  `
  CREATE TABLE glossaries (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    read_only INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    last_write_at TEXT,
    deleting INTEGER NOT NULL DEFAULT 0
  );
  INSERT INTO glossaries (id, name, description, created_at, created_by, updated_at, updated_by)
    VALUES ('default', 'Default', 'Entries written without a named glossary.',
      strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'system', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'system');

  CREATE TABLE term_entries (
    rid INTEGER PRIMARY KEY,
    glossary TEXT NOT NULL REFERENCES glossaries(id),
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    subject_field TEXT,
    definition TEXT,
    note TEXT,
    source TEXT,
    languages TEXT NOT NULL,
    chinese_keys TEXT,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
  );
  CREATE UNIQUE INDEX term_entries_id ON term_entries(glossary, id);
  CREATE INDEX term_entries_by_id ON term_entries(id);
  CREATE INDEX term_entries_key ON term_entries(rid, glossary, id);

  CREATE TABLE term_index (
    rid INTEGER NOT NULL REFERENCES term_entries(rid) ON DELETE CASCADE,
    lang TEXT NOT NULL,
    status TEXT NOT NULL,
    key TEXT NOT NULL
  );
  CREATE INDEX term_index_rid ON term_index(rid);
  CREATE INDEX term_index_key ON term_index(key);

  CREATE TABLE term_zh_keys (
    glossary TEXT NOT NULL,
    key TEXT NOT NULL,
    rid INTEGER NOT NULL REFERENCES term_entries(rid) ON DELETE CASCADE,
    PRIMARY KEY (glossary, key)
  ) WITHOUT ROWID;
  CREATE INDEX term_zh_keys_rid ON term_zh_keys(rid);

  CREATE VIRTUAL TABLE term_search USING fts5(term, definition, note, context,
    content = '', contentless_delete = 1, tokenize = 'ascii', detail = 'column');

  CREATE TABLE term_history (
    seq INTEGER PRIMARY KEY,
    glossary TEXT NOT NULL,
    entry_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    action TEXT NOT NULL,
    by_name TEXT NOT NULL,
    at TEXT NOT NULL,
    changes TEXT NOT NULL
  );
  CREATE UNIQUE INDEX term_history_entry ON term_history(glossary, entry_id, version);

  CREATE TABLE term_imports (
    id INTEGER PRIMARY KEY,
    glossary TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE term_import_writes (
    import_id INTEGER NOT NULL REFERENCES term_imports(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    entry_id TEXT NOT NULL,
    expected INTEGER,
    after INTEGER,
    body TEXT NOT NULL,
    PRIMARY KEY (import_id, seq)
  ) WITHOUT ROWID;
  `,
  // v7: unit identity by a short key (issue 12, unit-identity.ts): the UNIQUE index on the full
  // texts gives way to an index on (memory_id, identity), the key computed for every stored row
  // by a function the connection registers; uniqueness is kept by the store, which compares the
  // full texts of every row with the key. The dropped index's pages stay in the file as free
  // pages, which later writes reuse.
  `
  ALTER TABLE units ADD COLUMN identity INTEGER NOT NULL DEFAULT 0;
  UPDATE units SET identity = ${IDENTITY_FUNCTION}(source_lang, target_lang, source, target);
  DROP INDEX units_identity;
  CREATE INDEX ${IDENTITY_INDEX} ON units(memory_id, identity);
  `,
];

/** The schema version this release writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** How long a write waits for another connection's write lock before SQLITE_BUSY (a worker's commit, sqlite-tm-bulk.ts, waits longer). */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Bytes of WAL file kept after a checkpoint has copied it all (`journal_size_limit`): SQLite never
 * shrinks the file by itself, so a 1M-unit import left ~480 MB of WAL beside the database until
 * the server stopped; the next write that starts the WAL over truncates it to this.
 */
const WAL_KEPT_BYTES = 64 * 1024 * 1024;

/** Opens (creating if needed) the database at `file`, or in memory for ':memory:'. */
export function openDatabase(file: string): SqliteDb {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma(`journal_size_limit = ${WAL_KEPT_BYTES}`);
  registerIdentityFunction(db);
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
