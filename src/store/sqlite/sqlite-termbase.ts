/**
 * The term base in the embedded SQLite database (issue 11): glossaries, entries, their term
 * index, full-text search tokens and history, in the same file as the rest of the store
 * (`caravan.sqlite`). Tables and the write path: sqlite-termbase-rows.ts; listing and search:
 * sqlite-termbase-list.ts; imports and glossary deletion in chunks: sqlite-termbase-import.ts.
 *
 * Indexes follow the lookups the services make: an entry by glossary and id (unique), entries by
 * id across glossaries (legacy routes, listings), the owner of a Chinese key in a glossary (the
 * 409 rule, a primary key), terms by folded key in any language (searches), history by glossary,
 * entry and version (unique: a version never repeats for an id).
 */
import { ConflictError } from '../../domain/errors.js';
import type { EntryChange, EntryTerms, HistoryRecord, TermEntry } from '../../domain/termbase/entry.js';
import { TERM_KEYS_VERSION } from '../../domain/termbase/term-keys.js';
import type { BulkEntryWrite, EntryListPage, EntryListQuery, EntryWrite, GlossaryPatch, GlossaryRecord, TermbaseReader, TermbaseWriter } from '../types.js';
import { type CollectionRow, collectionOf } from './collection-rows.js';
import type { SqliteDb } from './database.js';
import { gateOf } from './write-gate.js';
import { EntryLister } from './sqlite-termbase-list.js';
import { SqliteEntryImport, deleteGlossaryInChunks, recoverTermbase } from './sqlite-termbase-import.js';
import { type EntryRow, EntryRows, type HistoryRow, entryOf, historyOf } from './sqlite-termbase-rows.js';

interface GlossaryRow extends CollectionRow {
  last_write_at: string | null;
}

function glossaryOf(r: GlossaryRow): GlossaryRecord {
  return { ...collectionOf(r), lastWriteAt: r.last_write_at };
}

/** Meta key: the TERM_KEYS_VERSION the stored keys were folded with. */
const KEYS_META = 'termbase.keys';
/** Entries re-indexed per transaction when the stored keys are stale. */
const REINDEX_BATCH = 1000;

/**
 * Rebuilds every entry's stored keys (term index, Chinese keys, search tokens) when they were
 * folded by another version of term-keys.ts (TERM_KEYS_VERSION); at start, before anything reads them.
 */
function reindexIfStale(db: SqliteDb, rows: EntryRows): void {
  const stored = (db.prepare("SELECT value FROM meta WHERE key = ?").get(KEYS_META) as { value: string } | undefined)?.value;
  if (stored === String(TERM_KEYS_VERSION)) return;
  const batch = db.prepare<[number, number], EntryRow>('SELECT * FROM term_entries WHERE rid > ? ORDER BY rid LIMIT ?');
  for (let after = 0; ;) {
    const list = batch.all(after, REINDEX_BATCH);
    if (list.length === 0) break;
    db.transaction(() => { for (const r of list) rows.putEntry(entryOf(r), r.rid); })();
    after = (list[list.length - 1] as EntryRow).rid;
  }
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(KEYS_META, String(TERM_KEYS_VERSION));
}

/** SQLite adapter of the term-base reader and writer. */
export class SqliteTermbase implements TermbaseReader, TermbaseWriter {
  private readonly rows: EntryRows;
  private readonly lister: EntryLister;
  private readonly s;

  /** Main-connection writes wait here while a worker commits (write-gate.ts). */
  private readonly gate: ReturnType<typeof gateOf>;

  constructor(private readonly db: SqliteDb) {
    this.gate = gateOf(db);
    recoverTermbase(db);
    this.rows = new EntryRows(db);
    reindexIfStale(db, this.rows);
    this.lister = new EntryLister(db);
    this.s = {
      glossaries: db.prepare<[], GlossaryRow>('SELECT * FROM glossaries WHERE deleting = 0 ORDER BY id'),
      glossary: db.prepare<[string], GlossaryRow>('SELECT * FROM glossaries WHERE id = ? AND deleting = 0'),
      anyGlossary: db.prepare<[string], { n: number }>('SELECT 1 AS n FROM glossaries WHERE id = ?'),
      insertGlossary: db.prepare(`INSERT INTO glossaries (id, name, description, tags, read_only, created_at, created_by, updated_at, updated_by, last_write_at)
        VALUES (@id, @name, @description, @tags, @readOnly, @createdAt, @createdBy, @updatedAt, @updatedBy, @lastWriteAt)`),
      entry: db.prepare<[string, string], EntryRow>('SELECT * FROM term_entries WHERE glossary = ? AND id = ?'),
      count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM term_entries WHERE glossary = ?'),
      history: db.prepare<[string, string], HistoryRow>('SELECT * FROM term_history WHERE glossary = ? AND entry_id = ? ORDER BY version'),
      lastVersion: db.prepare<[string, string, string, string], { v: number | null }>(`SELECT max(v) AS v FROM (
        SELECT max(version) AS v FROM term_history WHERE glossary = ? AND entry_id = ? UNION ALL SELECT version FROM term_entries WHERE glossary = ? AND id = ?)`),
      // `base` and `base-...`: ids are [a-z0-9-], and '-' is the only one of them below '.', so one index range holds both.
      idsLike: db.prepare<[string, string, string, string, string, string], { id: string }>(`SELECT id FROM term_entries WHERE glossary = ? AND id >= ? AND id < ?
        UNION SELECT entry_id FROM term_history WHERE glossary = ? AND entry_id >= ? AND entry_id < ?`),
      ids: db.prepare<[string, string], { id: string }>('SELECT id FROM term_entries WHERE glossary = ? UNION SELECT entry_id FROM term_history WHERE glossary = ?'),
      zhOwner: db.prepare<[string, string], { id: string }>('SELECT e.id FROM term_zh_keys k JOIN term_entries e ON e.rid = k.rid WHERE k.glossary = ? AND k.key = ?'),
      scan: db.prepare<[string, string, number], EntryRow>('SELECT * FROM term_entries WHERE glossary = ? AND id > ? ORDER BY id LIMIT ?'),
      scanTerms: db.prepare<[number, number], { rid: number; glossary: string; id: string; languages: string; chinese_keys: string | null }>(
        'SELECT rid, glossary, id, languages, chinese_keys FROM term_entries WHERE rid > ? ORDER BY rid LIMIT ?'),
      deleting: db.prepare<[], { id: string }>('SELECT id FROM glossaries WHERE deleting = 1'),
    };
  }

  async listGlossaries(): Promise<GlossaryRecord[]> {
    return this.s.glossaries.all().map(glossaryOf);
  }

  async getGlossary(id: string): Promise<GlossaryRecord | undefined> {
    const r = this.s.glossary.get(id);
    return r && glossaryOf(r);
  }

  async getEntry(glossary: string, id: string): Promise<TermEntry | undefined> {
    const r = this.s.entry.get(glossary, id);
    return r && entryOf(r);
  }

  async listEntries(query: EntryListQuery): Promise<EntryListPage> {
    return this.lister.list(query);
  }

  async countEntries(glossary: string): Promise<number> {
    return this.s.count.get(glossary)?.n ?? 0;
  }

  async history(glossary: string, id: string): Promise<HistoryRecord[]> {
    return this.s.history.all(glossary, id).map(historyOf);
  }

  async lastVersion(glossary: string, id: string): Promise<number> {
    return this.s.lastVersion.get(glossary, id, glossary, id)?.v ?? 0;
  }

  async idsInUse(glossary: string, base?: string): Promise<Set<string>> {
    if (base === undefined) return new Set(this.s.ids.all(glossary, glossary).map((r) => r.id));
    const rows = this.s.idsLike.all(glossary, base, `${base}.`, glossary, base, `${base}.`);
    return new Set(rows.map((r) => r.id).filter((id) => id === base || id.startsWith(`${base}-`)));
  }

  async chineseOwners(glossary: string, keys: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const key of new Set(keys)) {
      const owner = this.s.zhOwner.get(glossary, key);
      if (owner) out.set(key, owner.id);
    }
    return out;
  }

  async *scanEntries(glossary: string, batchSize: number): AsyncIterable<TermEntry[]> {
    for (let after = ''; ;) {
      const batch = this.s.scan.all(glossary, after, batchSize);
      if (batch.length === 0) return;
      yield batch.map(entryOf);
      after = (batch[batch.length - 1] as EntryRow).id;
    }
  }

  async entryTerms(glossary: string, ids: readonly string[]): Promise<EntryTerms[]> {
    return ids.flatMap((id) => {
      const r = this.s.entry.get(glossary, id);
      return r ? [{ glossary, id, languages: entryOf(r).languages }] : [];
    });
  }

  async *scanTerms(batchSize: number): AsyncIterable<EntryTerms[]> {
    const deleting = new Set(this.s.deleting.all().map((r) => r.id));
    for (let after = 0; ;) {
      const batch = this.s.scanTerms.all(after, batchSize);
      if (batch.length === 0) return;
      const out: EntryTerms[] = [];
      for (const r of batch) {
        if (deleting.has(r.glossary)) continue;
        const e: EntryTerms = { glossary: r.glossary, id: r.id, languages: JSON.parse(r.languages) as EntryTerms['languages'] };
        if (r.chinese_keys !== null) e.chineseKeys = JSON.parse(r.chinese_keys) as EntryTerms['chineseKeys'];
        out.push(e);
      }
      yield out;
      after = (batch[batch.length - 1] as { rid: number }).rid;
    }
  }

  async createGlossary(g: GlossaryRecord): Promise<void> {
    await this.gate.write(() => {
      if (this.s.anyGlossary.get(g.id)) throw new ConflictError(`glossary "${g.id}" already exists`, { glossary: g.id });
      this.s.insertGlossary.run({ ...g, tags: JSON.stringify(g.tags), readOnly: g.readOnly ? 1 : 0 });
    });
  }

  async updateGlossary(id: string, patch: GlossaryPatch): Promise<GlossaryRecord | undefined> {
    const sets: string[] = ['updated_at = @updatedAt', 'updated_by = @updatedBy'];
    if (patch.name !== undefined) sets.push('name = @name');
    if (patch.description !== undefined) sets.push('description = @description');
    if (patch.tags !== undefined) sets.push('tags = @tags');
    if (patch.readOnly !== undefined) sets.push('read_only = @readOnly');
    const params = { ...patch, id, tags: JSON.stringify(patch.tags ?? []), readOnly: patch.readOnly ? 1 : 0 };
    const update = this.db.prepare(`UPDATE glossaries SET ${sets.join(', ')} WHERE id = @id AND deleting = 0`);
    if ((await this.gate.write(() => update.run(params))).changes === 0) return undefined;
    return this.getGlossary(id);
  }

  deleteGlossary(id: string): Promise<boolean> {
    return deleteGlossaryInChunks(this.db, id);
  }

  async writeEntries(glossary: string, writes: EntryWrite[]): Promise<EntryChange[]> {
    return this.gate.write(this.db.transaction(() => {
      this.rows.requireGlossary(glossary);
      return writes.map((w) => this.rows.apply(glossary, w));
    }));
  }

  async restoreGlossary(glossary: string, entries: TermEntry[], history: HistoryRecord[]): Promise<void> {
    await this.gate.write(this.db.transaction(() => {
      this.rows.requireGlossary(glossary);
      if ((this.s.count.get(glossary)?.n ?? 0) > 0) throw new ConflictError(`glossary "${glossary}" is not empty`, { glossary });
      for (const e of entries) this.rows.putEntry({ ...e, glossary });
      for (const h of history) this.rows.insertHistory(glossary, h);
      const last = [...history.map((h) => h.at), ...entries.map((e) => e.updatedAt)].sort().pop();
      if (last !== undefined) this.rows.touch(glossary, last);
    }));
  }

  async beginEntryImport(glossary: string): Promise<BulkEntryWrite> {
    return this.gate.write(() => SqliteEntryImport.begin(this.db, this.rows, glossary));
  }
}
