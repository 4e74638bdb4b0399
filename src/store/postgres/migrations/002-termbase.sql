-- Caravan's PostgreSQL schema, version 2: the term base shared by every node (issue 13), the same
-- data as the embedded store's glossaries, term_entries and term_history (SQLite migration 3),
-- with the indexes PostgreSQL searches through, and what the change log needs for term writes and
-- for pruning. Ids compare bytewise (COLLATE "C"), as in SQLite: listings page by id.

CREATE TABLE glossaries (
  id text COLLATE "C" PRIMARY KEY,
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  tags text NOT NULL DEFAULT '[]',
  read_only boolean NOT NULL DEFAULT false,
  created_at text NOT NULL,
  created_by text NOT NULL,
  updated_at text NOT NULL,
  updated_by text NOT NULL,
  last_write_at text
);
INSERT INTO glossaries (id, name, description, created_at, created_by, updated_at, updated_by)
  VALUES ('default', 'Default', 'Entries written without a named glossary.',
    to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'system',
    to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'system');

-- One row per entry. `tokens` holds the search tokens of every field (search-tokens.ts), `term_tokens`
-- those of the terms alone (the second search tier); GIN indexes answer "holds every query token"
-- (`@>`). `chinese_keys` is what recognition walks (as in SQLite).
CREATE TABLE term_entries (
  rid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  glossary text NOT NULL REFERENCES glossaries (id) ON DELETE CASCADE,
  id text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  subject_field text,
  definition text,
  note text,
  source text,
  languages text NOT NULL,
  chinese_keys text,
  created_at text NOT NULL,
  created_by text NOT NULL,
  updated_at text NOT NULL,
  updated_by text NOT NULL,
  tokens text[] NOT NULL,
  term_tokens text[] NOT NULL,
  UNIQUE (glossary, id)
);
CREATE INDEX term_entries_by_id ON term_entries (id);
-- New rows wait in a GIN index's pending list, which every search scans whole: at the default
-- 4 MB limit that was most of the search time after an import (10-13 ms of a 25 ms query at 20k
-- entries). A 256 kB limit keeps single writes' list short; an import cleans the list when it
-- commits (pg-termbase-import.ts). Without a pending list (fastupdate off) an import of 100k
-- concepts took 2.5 times as long.
CREATE INDEX term_entries_tokens ON term_entries USING gin (tokens) WITH (gin_pending_list_limit = 256);
CREATE INDEX term_entries_term_tokens ON term_entries USING gin (term_tokens) WITH (gin_pending_list_limit = 256);

-- One row per term: filters by language and status, and "a term equals the query" (its folded key).
CREATE TABLE term_index (
  rid bigint NOT NULL REFERENCES term_entries (rid) ON DELETE CASCADE,
  lang text NOT NULL,
  status text NOT NULL,
  key text NOT NULL
);
CREATE INDEX term_index_rid ON term_index (rid);
CREATE INDEX term_index_key ON term_index (key);

-- The 409 rule as a primary key: a Chinese key stands in one entry of a glossary.
CREATE TABLE term_zh_keys (
  glossary text NOT NULL,
  key text NOT NULL,
  rid bigint NOT NULL REFERENCES term_entries (rid) ON DELETE CASCADE,
  PRIMARY KEY (glossary, key)
);
CREATE INDEX term_zh_keys_rid ON term_zh_keys (rid);

CREATE TABLE term_history (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  glossary text NOT NULL REFERENCES glossaries (id) ON DELETE CASCADE,
  entry_id text COLLATE "C" NOT NULL,
  version integer NOT NULL,
  action text NOT NULL,
  by_name text NOT NULL,
  at text NOT NULL,
  changes text NOT NULL,
  UNIQUE (glossary, entry_id, version)
);

-- Term writes in the change log: `glossary` names the glossary a change is about, `entries` the
-- ids of its entries whose current state (stored or gone) every node's recognizer must take.
ALTER TABLE changes ADD COLUMN glossary text, ADD COLUMN entries text[];

-- Each node's place in the change log, so the log can be pruned of what every live node has read
-- (pg-changes.ts): the `xmin` of the last position it applied, and when it said so.
CREATE TABLE change_followers (
  origin text PRIMARY KEY,
  applied_xmin xid8 NOT NULL,
  seen_at timestamptz NOT NULL
);
