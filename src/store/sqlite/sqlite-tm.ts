/**
 * Translation units in SQLite. A unit's identity is (memory, source language, target language,
 * source, target): writing the same pair of texts into the same memory again updates the stored
 * unit (its context, origin, note and inline codes) instead of adding a duplicate. Replacing a
 * unit with texts that another unit of its memory already has is a conflict, never a silent
 * merge. Every write records its time as the memory's last write, in the same transaction.
 *
 * Identities are found by their short key (unit-identity.ts): every statement that writes texts
 * writes the key with them, and every lookup by identity compares the full texts of the rows
 * with that key, so colliding keys never merge two units. The schema no longer refuses a
 * duplicate; the writes here do, in the transaction that would make one.
 *
 * A lookup's rows at 1M units (issue 12, tenth round; the 535 MB data directory of
 * `run-lookups.js 1000000`, load 1.2-5). Read alone (16,000 random ids, 8 a read, a read-only
 * connection): 6-10 µs of CPU a row, of which finding the row 3.3-4.6 (`SELECT id` alone), and
 * with every page in a 1 GB cache 4.5-4.8 against 7.1-7.4 (`id` 2.3 against 3.3-3.6): a page
 * SQLite's 2 MB cache misses costs some 1-2.7 µs (its `pread` from the OS cache, which holds the
 * whole file); the rest is the columns made into V8 values; building the records in `getUnits`
 * adds 0.4-1.7 µs. In the service (bench/service-probe.ts, PROBE_EACH), the rows are 5% of a
 * warm lookup's CPU at 1M (0.09-0.13 ms: 10 rows in 1.3 reads) and 8% of the 25 slowest (0.55-0.82
 * of 6.6-9.5 ms, 85 rows each); in the first run 0.18-0.24 ms, 18-24 µs a row, of which the main
 * thread's profile holds 12-15 (V8's compiles on other threads land in the rest). Measured and
 * left, the same answers (digest e6c13c69): a 64 MB `cache_size` on the main connection, the
 * service's runs alternating (load 3.6-4.2), first run 20.7 / 20.6 against 20.8 / 21.2 µs a row,
 * third 11.0 / 10.8 against 16.3 / 10.5 (a random page is rarely in it, and a repeated one only in
 * a later round of the same queries), for 50 MB more RSS after the start (the start's scan fills
 * it); `mmap_size` 1 GB, RSS after the start 1,009 -> 1,502 MB (the start's scan maps the whole
 * file; 16,000 random rows alone map 420 MB); reading 8 of the 19 columns as NULL for the
 * candidates (what only the presented matches need), the 25 slowest's rows 0.62 / 0.66 against
 * 0.56 / 0.62 ms with every column (alternating, load 1.2-1.9): no gain to pay a second read for.
 */
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { NewUnit, UnitRecord } from '../../domain/tm/unit.js';
import { codesColumn, keysetPages, optional, toUnit, type UnitRow } from '../rows.js';
import type { MergeGroup, PairCount, TargetChange, TmReader, TmWriter, TransferResult, UnitQuery, UnitTexts, UpsertResult } from '../types.js';
import type { SqliteDb } from './database.js';
import { IDENTITY_INDEX, type Identity, type KeyOf, identityKey } from './unit-identity.js';
import { gateOf } from './write-gate.js';

/**
 * A unit row's columns in the order `byIds` reads them, as arrays (better-sqlite3's `raw`): a row
 * read as an object cost some 10.6 µs of CPU and 7.5 as an array (5 random rows of the 100k
 * benchmark memory a read, load 7-8, issue 12 eighth round; `id, updated_at` alone 3.6 µs: the
 * rest is building the object's 19 properties through V8's API, one at a time).
 */
const UNIT_COLUMNS = 'id, memory_id, source_lang, target_lang, source, target, context_previous, context_next, origin_document, origin_title, ' +
  'origin_date, note, created_by, created_at, updated_by, updated_at, usage_count, source_codes, target_codes';
type UnitValues = [number, string, string, string, string, string, string | null, string | null, string | null, string | null,
  string | null, string | null, string, string, string, string, number, string | null, string | null];

/** The row of values read in {@link UNIT_COLUMNS}' order. */
function rowOfValues(v: UnitValues): UnitRow {
  return {
    id: v[0], memory_id: v[1], source_lang: v[2], target_lang: v[3], source: v[4], target: v[5], context_previous: v[6], context_next: v[7],
    origin_document: v[8], origin_title: v[9], origin_date: v[10], note: v[11], created_by: v[12], created_at: v[13], updated_by: v[14],
    updated_at: v[15], usage_count: v[16], source_codes: v[17], target_codes: v[18],
  };
}

/** Most ids bound in one `IN (...)` list; SQLite allows 32766 variables. */
const MAX_IDS_PER_QUERY = 10_000;

/** SQLite adapter for {@link TmReader} and {@link TmWriter}. */
export class SqliteTm implements TmReader, TmWriter {
  private readonly stmts;

  /** Main-connection writes wait here while a worker commits (write-gate.ts). */
  private readonly gate: ReturnType<typeof gateOf>;

  /** `keyOf`: the identity key (unit-identity.ts; a test passes one that collides). */
  constructor(private readonly db: SqliteDb, private readonly keyOf: KeyOf = identityKey) {
    this.gate = gateOf(db);
    this.stmts = {
      get: db.prepare<[number], UnitRow>('SELECT * FROM units WHERE id = ?'),
      // One statement for any number of ids (a JSON array), prepared once: preparing an `IN (?, ?, ...)`
      // per call was a tenth of a lookup's CPU in the issue 12 profile.
      byIds: db.prepare<[string], UnitValues>(`SELECT ${UNIT_COLUMNS} FROM units WHERE id IN (SELECT value FROM json_each(?))`).raw(true),
      find: db.prepare<[string, number, string, string, string, string], { id: number }>(
        `SELECT id FROM units INDEXED BY ${IDENTITY_INDEX}
         WHERE memory_id = ? AND identity = ? AND source_lang = ? AND target_lang = ? AND source = ? AND target = ?`),
      insert: db.prepare(
        `INSERT INTO units (memory_id, identity, source_lang, target_lang, source, target, context_previous, context_next, origin_document,
           origin_title, origin_date, note, source_codes, target_codes, created_by, created_at, updated_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      touch: db.prepare('UPDATE memories SET last_write = ?, revision = revision + 1 WHERE id = ?'),
      memoryOf: db.prepare<[number], { memory_id: string }>('SELECT memory_id FROM units WHERE id = ?'),
      copy: db.prepare<[string, string, string, string, string, number], { id: number }>(
        `INSERT INTO units (memory_id, identity, source_lang, target_lang, source, target, context_previous, context_next, origin_document,
           origin_title, origin_date, note, source_codes, target_codes, created_by, created_at, updated_by, updated_at, usage_count)
         SELECT ?, identity, source_lang, target_lang, source, target, context_previous, context_next, origin_document, origin_title,
           origin_date, note, source_codes, target_codes, ?, ?, ?, ?, usage_count FROM units WHERE id = ? RETURNING id`),
      move: db.prepare('UPDATE units SET memory_id = ?, updated_by = ?, updated_at = ? WHERE id = ?'),
      addUsage: db.prepare('UPDATE units SET usage_count = usage_count + ?, updated_by = ?, updated_at = ? WHERE id = ?'),
      setUsage: db.prepare('UPDATE units SET usage_count = ?, updated_by = ?, updated_at = ? WHERE id = ?'),
      setTarget: db.prepare('UPDATE units SET identity = ?, target = ?, target_codes = ?, updated_by = ?, updated_at = ? WHERE id = ?'),
      refresh: db.prepare(
        `UPDATE units SET context_previous = ?, context_next = ?, origin_document = ?, origin_title = ?, origin_date = ?,
           note = ?, source_codes = ?, target_codes = ?, updated_by = ?, updated_at = ?, usage_count = usage_count + 1 WHERE id = ?`),
      replace: db.prepare(
        `UPDATE units SET identity = ?, source_lang = ?, target_lang = ?, source = ?, target = ?, context_previous = ?, context_next = ?,
           origin_document = ?, origin_title = ?, origin_date = ?, note = ?, source_codes = ?, target_codes = ?,
           updated_by = ?, updated_at = ? WHERE id = ?`),
      delete: db.prepare('DELETE FROM units WHERE id = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM units'),
      pairs: db.prepare<[], { memory_id: string; source_lang: string; target_lang: string; n: number }>(
        `SELECT memory_id, source_lang, target_lang, count(*) AS n FROM units GROUP BY memory_id, source_lang, target_lang
         ORDER BY memory_id, source_lang, target_lang`),
      scan: db.prepare<[number, number], UnitRow>('SELECT * FROM units WHERE id > ? ORDER BY id LIMIT ?'),
      scanTexts: db.prepare<[number, number], UnitTexts>(
        `SELECT id, memory_id AS memory, source_lang AS sourceLang, target_lang AS targetLang, source, target, updated_at AS updatedAt FROM units
         WHERE id > ? ORDER BY id LIMIT ?`),
    };
  }

  async getUnit(id: number): Promise<UnitRecord | undefined> {
    const row = this.stmts.get.get(id);
    return row ? toUnit(row) : undefined;
  }

  /** The unit of `memory` with identity `u`: its key, then its texts compared. */
  private find(memory: string, u: Identity): { id: number } | undefined {
    return this.stmts.find.get(memory, this.keyOf(u), u.sourceLang, u.targetLang, u.source, u.target);
  }

  async findIdentical(memory: string, u: Identity): Promise<number | undefined> {
    return this.find(memory, u)?.id;
  }

  async getUnits(ids: number[]): Promise<UnitRecord[]> {
    const found = new Map<number, UnitRecord>();
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_QUERY) {
      const chunk = ids.slice(i, i + MAX_IDS_PER_QUERY);
      const rows = this.stmts.byIds.all(JSON.stringify(chunk));
      for (const r of rows) found.set(r[0], toUnit(rowOfValues(r)));
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async listUnits(q: UnitQuery): Promise<UnitRecord[]> {
    if (q.ids && q.ids.length > MAX_IDS_PER_QUERY) {
      // Long id lists (a common word's units) are filtered a slice at a time, in id order.
      const out: UnitRecord[] = [];
      const ids = q.ids.filter((id) => id > (q.afterId ?? 0));
      for (let i = 0; i < ids.length && out.length < q.limit; i += MAX_IDS_PER_QUERY) {
        out.push(...(await this.listUnits({ ...q, ids: ids.slice(i, i + MAX_IDS_PER_QUERY), limit: q.limit - out.length })));
      }
      return out;
    }
    const where: string[] = ['id > ?'];
    const args: (string | number)[] = [q.afterId ?? 0];
    const among = (column: string, values: readonly (string | number)[] | undefined): boolean => {
      if (!values) return true;
      if (values.length === 0) return false;
      where.push(`${column} IN (${values.map(() => '?').join(',')})`);
      args.push(...values);
      return true;
    };
    if (!among('memory_id', q.memories) || !among('id', q.ids)) return [];
    const simple: [string, string | number | undefined][] = [['source_lang = ?', q.sourceLang], ['target_lang = ?', q.targetLang],
      ['origin_document = ?', q.originDocument], ['created_at >= ?', q.createdFrom], ['created_at <= ?', q.createdTo],
      ['updated_at >= ?', q.updatedFrom], ['updated_at <= ?', q.updatedTo], ['usage_count >= ?', q.minUsage], ['usage_count <= ?', q.maxUsage]];
    for (const [clause, value] of simple) if (value !== undefined) { where.push(clause); args.push(value); }
    if (q.author !== undefined) { where.push('(created_by = ? OR updated_by = ?)'); args.push(q.author, q.author); }
    args.push(q.limit);
    return this.db.prepare<(string | number)[], UnitRow>(`SELECT * FROM units WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`)
      .all(...args).map(toUnit);
  }

  async countUnits(): Promise<number> {
    return this.stmts.count.get()?.n ?? 0;
  }

  async pairCounts(memories?: readonly string[]): Promise<PairCount[]> {
    const wanted = memories && new Set(memories);
    return this.stmts.pairs.all().filter((r) => !wanted || wanted.has(r.memory_id))
      .map((r) => ({ memory: r.memory_id, sourceLang: r.source_lang, targetLang: r.target_lang, units: r.n }));
  }

  async *scanUnits(batchSize: number): AsyncIterable<UnitRecord[]> {
    for await (const rows of keysetPages((after) => this.stmts.scan.all(after, batchSize))) yield rows.map(toUnit);
  }

  scanUnitTexts(batchSize: number, afterId = 0): AsyncIterable<UnitTexts[]> {
    return keysetPages((after) => this.stmts.scanTexts.all(after, batchSize), afterId);
  }

  async upsertUnits(memory: string, units: NewUnit[], actor: string): Promise<UpsertResult> {
    const now = new Date().toISOString();
    const { ids, created } = await this.gate.write(this.db.transaction(() => {
      const out: number[] = [];
      let fresh = 0;
      for (const u of units) {
        const existing = this.find(memory, u);
        if (existing) {
          this.stmts.refresh.run(...optional(u), actor, now, existing.id);
          out.push(existing.id);
        } else {
          const info = this.stmts.insert.run(memory, this.keyOf(u), u.sourceLang, u.targetLang, u.source, u.target, ...optional(u), actor, now, actor, now);
          out.push(Number(info.lastInsertRowid));
          fresh++;
        }
      }
      // No unit lands in a memory that is gone (deleted while the request was on its way).
      if (units.length && this.stmts.touch.run(now, memory).changes === 0) throw new NotFoundError('memory', memory);
      return { ids: out, created: fresh };
    }));
    const byId = new Map((await this.getUnits([...new Set(ids)])).map((u) => [u.id, u]));
    return { ids, created, updated: ids.length - created, units: ids.map((id) => byId.get(id) as UnitRecord) };
  }

  async replaceUnit(id: number, u: NewUnit, actor: string): Promise<UnitRecord | undefined> {
    const changes = await this.gate.write(this.db.transaction(() => {
      const memory = this.stmts.memoryOf.get(id)?.memory_id;
      if (memory === undefined) return 0;
      this.refuseTwin(memory, u, id);
      const now = new Date().toISOString();
      this.stmts.touch.run(now, memory);
      return this.stmts.replace.run(this.keyOf(u), u.sourceLang, u.targetLang, u.source, u.target, ...optional(u), actor, now, id).changes;
    }));
    return changes > 0 ? this.getUnit(id) : undefined;
  }

  /** Throws a conflict when a unit of `memory` other than `id` has identity `u`. */
  private refuseTwin(memory: string, u: Identity, id: number): void {
    const clash = this.find(memory, u);
    if (clash && clash.id !== id) {
      throw new ConflictError(`unit ${clash.id} of memory "${memory}" already has this language pair, source and target`, { unitId: clash.id });
    }
  }

  async deleteUnit(id: number): Promise<boolean> {
    return this.gate.write(this.db.transaction(() => {
      const memory = this.stmts.memoryOf.get(id)?.memory_id;
      if (memory === undefined) return false;
      this.stmts.touch.run(new Date().toISOString(), memory);
      return this.stmts.delete.run(id).changes > 0;
    }));
  }

  async deleteUnits(ids: readonly number[]): Promise<number> {
    const now = new Date().toISOString();
    return this.gate.write(this.db.transaction(() => {
      let n = 0;
      for (const id of ids) {
        const memory = this.stmts.memoryOf.get(id)?.memory_id;
        if (memory === undefined) continue;
        this.stmts.touch.run(now, memory);
        n += this.stmts.delete.run(id).changes;
      }
      return n;
    }));
  }

  async updateTargets(changes: readonly TargetChange[], actor: string): Promise<number> {
    const now = new Date().toISOString();
    return this.gate.write(this.db.transaction(() => {
      let n = 0;
      for (const c of changes) {
        const row = this.stmts.get.get(c.id);
        if (!row) continue;
        const changed = { sourceLang: row.source_lang, targetLang: row.target_lang, source: row.source, target: c.target };
        this.refuseTwin(row.memory_id, changed, c.id);
        this.stmts.touch.run(now, row.memory_id);
        n += this.stmts.setTarget.run(this.keyOf(changed), c.target, codesColumn(c.targetCodes), actor, now, c.id).changes;
      }
      return n;
    }));
  }

  async mergeUnits(groups: readonly MergeGroup[], actor: string): Promise<number> {
    const now = new Date().toISOString();
    return this.gate.write(this.db.transaction(() => {
      let removed = 0;
      for (const g of groups) {
        const memory = this.stmts.memoryOf.get(g.keep)?.memory_id;
        if (memory === undefined) continue;
        for (const id of g.remove) removed += this.stmts.delete.run(id).changes;
        this.stmts.setUsage.run(g.usageCount, actor, now, g.keep);
        this.stmts.touch.run(now, memory);
      }
      return removed;
    }));
  }

  async transferUnits(ids: readonly number[], to: string, mode: 'copy' | 'move', actor: string): Promise<TransferResult> {
    const now = new Date().toISOString();
    return this.gate.write(this.db.transaction(() => {
      const result: TransferResult = { written: [], merged: 0, removed: [] };
      const touched = new Set<string>([to]);
      for (const id of ids) {
        const row = this.stmts.get.get(id);
        if (!row || row.memory_id === to) continue;
        touched.add(row.memory_id);
        const twin = this.find(to, { sourceLang: row.source_lang, targetLang: row.target_lang, source: row.source, target: row.target });
        if (twin) {
          result.merged++;
          if (mode === 'move') {
            this.stmts.addUsage.run(row.usage_count, actor, now, twin.id);
            this.stmts.delete.run(id);
            result.removed.push(id);
          }
        } else if (mode === 'copy') {
          result.written.push((this.stmts.copy.get(to, actor, now, actor, now, id) as { id: number }).id);
        } else {
          this.stmts.move.run(to, actor, now, id);
          result.written.push(id);
        }
      }
      for (const m of touched) if (mode === 'move' || m === to) this.stmts.touch.run(now, m);
      return result;
    }));
  }

}
