/**
 * The term base in PostgreSQL, shared by every node (issue 13): glossaries, entries, their term
 * index, search tokens and history (the 002 migration), with the semantics of the embedded store
 * (sqlite-termbase.ts; both pass tests/store/termbase-contract.ts). The write path is
 * pg-termbase-write.ts, listing and search pg-termbase-list.ts, imports pg-termbase-import.ts.
 *
 * Every write logs what it changed in its own transaction (pg-changes.ts): `entries` with the ids
 * written, `glossary` for a created or changed glossary, `glossary-dropped` for a deleted one.
 * Each node's change follower applies them to its glossary settings and recognizer. Deleting a
 * glossary is one transaction (foreign keys cascade to its entries and history): readers never
 * wait for it, and it waits for the entry writes in flight, which hold the glossary's row.
 */
import { ConflictError } from '../../domain/errors.js';
import type { EntryChange, EntryTerms, HistoryRecord, TermEntry } from '../../domain/termbase/entry.js';
import type { BulkEntryWrite, EntryListPage, EntryListQuery, EntryWrite, GlossaryPatch, GlossaryRecord, TermbaseReader, TermbaseWriter } from '../types.js';
import { type EntryRow, type HistoryRow, entryOf, historyOf } from '../sqlite/sqlite-termbase-rows.js';
import { type CollectionRow, collectionOf } from '../sqlite/collection-rows.js';
import { CHANGE_ENTRIES, CHANGE_GLOSSARY, CHANGE_GLOSSARY_DROPPED } from './pg-changes.js';
import type { PgDb } from './pg-db.js';
import { PgEntryLister } from './pg-termbase-list.js';
import { beginPgEntryImport } from './pg-termbase-import.js';
import { applyWrites, insertEntries, insertHistory, lockGlossary } from './pg-termbase-write.js';

type GlossaryRow = CollectionRow & { last_write_at: string | null };

function glossaryOf(r: GlossaryRow): GlossaryRecord {
  return { ...collectionOf(r), lastWriteAt: r.last_write_at };
}

type TermsRow = { rid: number; glossary: string; id: string; languages: string; chinese_keys: string | null };

function termsOf(r: TermsRow): EntryTerms {
  const e: EntryTerms = { glossary: r.glossary, id: r.id, languages: JSON.parse(r.languages) as EntryTerms['languages'] };
  if (r.chinese_keys !== null) e.chineseKeys = JSON.parse(r.chinese_keys) as EntryTerms['chineseKeys'];
  return e;
}

/** PostgreSQL adapter of the term-base reader and writer. */
export class PgTermbase implements TermbaseReader, TermbaseWriter {
  private readonly lister: PgEntryLister;

  constructor(private readonly db: PgDb) {
    this.lister = new PgEntryLister(db.sql);
  }

  async listGlossaries(): Promise<GlossaryRecord[]> {
    return (await this.db.sql<GlossaryRow[]>`SELECT * FROM glossaries ORDER BY id`).map(glossaryOf);
  }

  async getGlossary(id: string): Promise<GlossaryRecord | undefined> {
    const [row] = await this.db.sql<GlossaryRow[]>`SELECT * FROM glossaries WHERE id = ${id}`;
    return row && glossaryOf(row);
  }

  async getEntry(glossary: string, id: string): Promise<TermEntry | undefined> {
    const [row] = await this.db.sql<EntryRow[]>`SELECT * FROM term_entries WHERE glossary = ${glossary} AND id = ${id}`;
    return row && entryOf(row);
  }

  /** The terms of the entries `ids` of `glossary` that exist (what a node's recognizer takes from an `entries` change). */
  async entryTerms(glossary: string, ids: readonly string[]): Promise<EntryTerms[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.sql<TermsRow[]>`SELECT rid, glossary, id, languages, chinese_keys FROM term_entries
      WHERE glossary = ${glossary} AND id = ANY(${[...ids]}::text[])`;
    return rows.map(termsOf);
  }

  listEntries(query: EntryListQuery): Promise<EntryListPage> {
    return this.lister.list(query);
  }

  async countEntries(glossary: string): Promise<number> {
    const [row] = await this.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM term_entries WHERE glossary = ${glossary}`;
    return row?.n ?? 0;
  }

  async history(glossary: string, id: string): Promise<HistoryRecord[]> {
    return (await this.db.sql<HistoryRow[]>`SELECT * FROM term_history WHERE glossary = ${glossary} AND entry_id = ${id} ORDER BY version`).map(historyOf);
  }

  async lastVersion(glossary: string, id: string): Promise<number> {
    const [row] = await this.db.sql<{ v: number | null }[]>`SELECT greatest((SELECT max(version) FROM term_history WHERE glossary = ${glossary} AND entry_id = ${id}),
      (SELECT version FROM term_entries WHERE glossary = ${glossary} AND id = ${id})) AS v`;
    return row?.v ?? 0;
  }

  async idsInUse(glossary: string, base?: string): Promise<Set<string>> {
    // `base` and `base-...`: ids are [a-z0-9-], and '-' is the only one of them below '.', so one index range holds both.
    const range = base === undefined ? this.db.sql`` : this.db.sql`AND id >= ${base} AND id < ${`${base}.`}`;
    const rangeH = base === undefined ? this.db.sql`` : this.db.sql`AND entry_id >= ${base} AND entry_id < ${`${base}.`}`;
    const rows = await this.db.sql<{ id: string }[]>`SELECT id FROM term_entries WHERE glossary = ${glossary} ${range}
      UNION SELECT entry_id FROM term_history WHERE glossary = ${glossary} ${rangeH}`;
    const ids = rows.map((r) => r.id);
    return new Set(base === undefined ? ids : ids.filter((id) => id === base || id.startsWith(`${base}-`)));
  }

  async chineseOwners(glossary: string, keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await this.db.sql<{ key: string; id: string }[]>`SELECT k.key, e.id FROM term_zh_keys k JOIN term_entries e ON e.rid = k.rid
      WHERE k.glossary = ${glossary} AND k.key = ANY(${[...new Set(keys)]}::text[])`;
    return new Map(rows.map((r) => [r.key, r.id]));
  }

  async *scanEntries(glossary: string, batchSize: number): AsyncIterable<TermEntry[]> {
    for (let after = ''; ;) {
      const batch = await this.db.sql<EntryRow[]>`SELECT * FROM term_entries WHERE glossary = ${glossary} AND id > ${after} ORDER BY id LIMIT ${batchSize}`;
      if (batch.length === 0) return;
      yield batch.map(entryOf);
      after = (batch[batch.length - 1] as EntryRow).id;
    }
  }

  async *scanTerms(batchSize: number): AsyncIterable<EntryTerms[]> {
    for (let after = 0; ;) {
      const batch = await this.db.sql<TermsRow[]>`SELECT rid, glossary, id, languages, chinese_keys FROM term_entries WHERE rid > ${after} ORDER BY rid LIMIT ${batchSize}`;
      if (batch.length === 0) return;
      yield batch.map(termsOf);
      after = (batch[batch.length - 1] as TermsRow).rid;
    }
  }

  async createGlossary(g: GlossaryRecord): Promise<void> {
    await this.db.write(async (tx) => {
      const rows = await tx`INSERT INTO glossaries (id, name, description, tags, read_only, created_at, created_by, updated_at, updated_by, last_write_at)
        VALUES (${g.id}, ${g.name}, ${g.description}, ${JSON.stringify(g.tags)}, ${g.readOnly}, ${g.createdAt}, ${g.createdBy}, ${g.updatedAt}, ${g.updatedBy}, ${g.lastWriteAt})
        ON CONFLICT (id) DO NOTHING RETURNING id`;
      if (rows.length === 0) throw new ConflictError(`glossary "${g.id}" already exists`, { glossary: g.id });
      return { result: undefined, change: { kind: CHANGE_GLOSSARY, glossary: g.id } };
    });
  }

  async updateGlossary(id: string, patch: GlossaryPatch): Promise<GlossaryRecord | undefined> {
    return this.db.write(async (tx) => {
      const [row] = await tx<GlossaryRow[]>`UPDATE glossaries SET updated_at = ${patch.updatedAt}, updated_by = ${patch.updatedBy},
        name = coalesce(${patch.name ?? null}, name), description = coalesce(${patch.description ?? null}, description),
        tags = coalesce(${patch.tags === undefined ? null : JSON.stringify(patch.tags)}, tags), read_only = coalesce(${patch.readOnly ?? null}::boolean, read_only)
        WHERE id = ${id} RETURNING *`;
      return row ? { result: glossaryOf(row), change: { kind: CHANGE_GLOSSARY, glossary: id } } : { result: undefined };
    });
  }

  async deleteGlossary(id: string): Promise<boolean> {
    return this.db.write(async (tx) => {
      const gone = (await tx`DELETE FROM glossaries WHERE id = ${id}`).count > 0;
      return { result: gone, change: gone ? { kind: CHANGE_GLOSSARY_DROPPED, glossary: id } : undefined };
    });
  }

  async writeEntries(glossary: string, writes: EntryWrite[]): Promise<EntryChange[]> {
    return this.db.write(async (tx) => {
      const changes = await applyWrites(tx, glossary, writes);
      const ids = [...new Set(changes.map((c) => (c.kind === 'put' ? c.entry.id : c.id)))];
      return { result: changes, change: ids.length ? { kind: CHANGE_ENTRIES, glossary, entries: ids } : undefined };
    });
  }

  async restoreGlossary(glossary: string, entries: TermEntry[], history: HistoryRecord[]): Promise<void> {
    await this.db.write(async (tx) => {
      await lockGlossary(tx, glossary, [...history.map((h) => h.at), ...entries.map((e) => e.updatedAt)].sort().pop());
      if ((await tx`SELECT 1 FROM term_entries WHERE glossary = ${glossary} LIMIT 1`).length > 0) throw new ConflictError(`glossary "${glossary}" is not empty`, { glossary });
      await insertEntries(tx, glossary, entries.map((e) => ({ ...e, glossary })));
      await insertHistory(tx, glossary, history);
      return { result: undefined, change: entries.length ? { kind: CHANGE_ENTRIES, glossary, entries: entries.map((e) => e.id) } : undefined };
    });
  }

  beginEntryImport(glossary: string): Promise<BulkEntryWrite> {
    return beginPgEntryImport(this.db, glossary);
  }
}
