/**
 * Translation units in PostgreSQL, with the semantics of sqlite-tm.ts (identity per memory,
 * upserts count a use, a replace onto another unit's texts is a conflict, copies and moves merge
 * twins). Identity is matched on SHA-256 digests of the texts (see the 001 migration). Every write
 * logs the ids it touched, one change row per memory; a follower re-reads their current state, so
 * one change kind serves inserts, replacements, deletes, transfers and merges alike.
 *
 * Writes run concurrently (no lock shared by all writers, see pg-db.ts). A write into a memory
 * holds a KEY SHARE lock on the memory's row, which writers share and a memory's deletion waits
 * for: no unit lands in a memory deleted meanwhile. The memory's last write is read from the
 * change log rather than updated on its row, so writes to one memory do not queue on that row.
 */
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import type { NewUnit, UnitRecord } from '../../domain/tm/unit.js';
import { codesColumn, keysetPages, optional, toUnit, type UnitRow } from '../rows.js';
import type { MergeGroup, PairCount, TargetChange, TmReader, TmWriter, TransferResult, UnitQuery, UnitTexts, UpsertResult } from '../types.js';
import { CHANGE_UNITS, type ChangeInput } from './pg-changes.js';
import type { PgDb, Tx } from './pg-db.js';

/** The stored unit of `memory` with this pair and these texts, if any. */
async function findTwin(tx: Tx, memory: string, u: Pick<NewUnit, 'sourceLang' | 'targetLang' | 'source' | 'target'>): Promise<number | undefined> {
  const [row] = await tx<{ id: number }[]>`SELECT id FROM units WHERE memory_id = ${memory} AND source_lang = ${u.sourceLang}
    AND target_lang = ${u.targetLang} AND source_digest = caravan_digest(${u.source}) AND target_digest = caravan_digest(${u.target})`;
  return row?.id;
}

/** Holds memory `id` against deletion until the transaction ends (see the module header); NotFoundError when it is gone. */
export async function lockMemory(tx: Tx, id: string): Promise<void> {
  const [row] = await tx`SELECT 1 FROM memories WHERE id = ${id} FOR KEY SHARE`;
  if (!row) throw new NotFoundError('memory', id);
}

/** One `units` change per memory, from the (id, memory) pairs a statement returned. */
function changesByMemory(rows: readonly { id: number; memory_id: string }[]): ChangeInput[] {
  const ids = new Map<string, number[]>();
  for (const r of rows) ids.set(r.memory_id, [...(ids.get(r.memory_id) ?? []), r.id]);
  return [...ids].map(([memory, list]) => ({ kind: CHANGE_UNITS, memory, ids: list }));
}

/** A unique-index violation (PostgreSQL 23505) as the conflict it is: another unit has these texts. */
function uniqueAsConflict(err: unknown): never {
  if ((err as { code?: unknown }).code === '23505') throw new ConflictError('another unit of the memory already has this language pair, source and target');
  throw err;
}

/** PostgreSQL adapter for {@link TmReader} and {@link TmWriter}. */
export class PgTm implements TmReader, TmWriter {
  constructor(private readonly db: PgDb) {}

  async getUnit(id: number): Promise<UnitRecord | undefined> {
    const [row] = await this.db.sql<UnitRow[]>`SELECT * FROM units WHERE id = ${id}`;
    return row ? toUnit(row) : undefined;
  }

  async getUnits(ids: number[]): Promise<UnitRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.sql<UnitRow[]>`SELECT * FROM units WHERE id = ANY(${ids}::int[])`;
    const found = new Map(rows.map((r) => [r.id, toUnit(r)]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async findIdentical(memory: string, u: Pick<NewUnit, 'sourceLang' | 'targetLang' | 'source' | 'target'>): Promise<number | undefined> {
    return findTwin(this.db.sql, memory, u);
  }

  async listUnits(q: UnitQuery): Promise<UnitRecord[]> {
    if (q.memories?.length === 0 || q.ids?.length === 0) return [];
    const sql = this.db.sql;
    const where = [sql`id > ${q.afterId ?? 0}`];
    if (q.memories) where.push(sql`memory_id IN ${sql(q.memories)}`);
    if (q.ids) where.push(sql`id = ANY(${[...q.ids]}::int[])`);
    const equal: [string, string | undefined][] = [['source_lang', q.sourceLang], ['target_lang', q.targetLang], ['origin_document', q.originDocument]];
    for (const [column, value] of equal) if (value !== undefined) where.push(sql`${sql(column)} = ${value}`);
    const ranges: [string, '>=' | '<=', string | number | undefined][] = [['created_at', '>=', q.createdFrom], ['created_at', '<=', q.createdTo],
      ['updated_at', '>=', q.updatedFrom], ['updated_at', '<=', q.updatedTo], ['usage_count', '>=', q.minUsage], ['usage_count', '<=', q.maxUsage]];
    for (const [column, op, value] of ranges) if (value !== undefined) where.push(sql`${sql(column)} ${sql.unsafe(op)} ${value}`);
    if (q.author !== undefined) where.push(sql`(created_by = ${q.author} OR updated_by = ${q.author})`);
    const clause = where.reduce((acc, w) => sql`${acc} AND ${w}`);
    return (await sql<UnitRow[]>`SELECT * FROM units WHERE ${clause} ORDER BY id LIMIT ${q.limit}`).map(toUnit);
  }

  async countUnits(): Promise<number> {
    const [row] = await this.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM units`;
    return row?.n ?? 0;
  }

  async pairCounts(memories?: readonly string[]): Promise<PairCount[]> {
    if (memories?.length === 0) return [];
    const sql = this.db.sql;
    const rows = await sql<{ memory_id: string; source_lang: string; target_lang: string; n: number }[]>`
      SELECT memory_id, source_lang, target_lang, count(*)::int AS n FROM units ${memories ? sql`WHERE memory_id IN ${sql(memories)}` : sql``}
      GROUP BY memory_id, source_lang, target_lang ORDER BY memory_id, source_lang, target_lang`;
    return rows.map((r) => ({ memory: r.memory_id, sourceLang: r.source_lang, targetLang: r.target_lang, units: r.n }));
  }

  async *scanUnits(batchSize: number): AsyncIterable<UnitRecord[]> {
    for await (const rows of keysetPages((after) => this.db.sql<UnitRow[]>`SELECT * FROM units WHERE id > ${after} ORDER BY id LIMIT ${batchSize}`)) {
      yield rows.map(toUnit);
    }
  }

  scanUnitTexts(batchSize: number, afterId = 0): AsyncIterable<UnitTexts[]> {
    return keysetPages((after) => this.db.sql<UnitTexts[]>`SELECT id, memory_id AS memory, source_lang AS "sourceLang", target_lang AS "targetLang",
      source, target, updated_at AS "updatedAt" FROM units WHERE id > ${after} ORDER BY id LIMIT ${batchSize}`, afterId);
  }

  async upsertUnits(memory: string, units: NewUnit[], actor: string): Promise<UpsertResult> {
    const now = new Date().toISOString();
    return this.db.write(async (tx) => {
      // Queries issued together are pipelined on the transaction's connection, and run in order.
      const held = lockMemory(tx, memory);
      const rows = Promise.all(units.map((u) => {
        const [cp, cn, od, ot, odate, note, sc, tc] = optional(u);
        return tx<(UnitRow & { inserted: boolean })[]>`INSERT INTO units (memory_id, source_lang, target_lang, source, target, context_previous, context_next, origin_document, origin_title, origin_date, note, source_codes, target_codes,
            created_by, created_at, updated_by, updated_at)
          VALUES (${memory}, ${u.sourceLang}, ${u.targetLang}, ${u.source}, ${u.target}, ${cp ?? null}, ${cn ?? null}, ${od ?? null}, ${ot ?? null},
            ${odate ?? null}, ${note ?? null}, ${sc ?? null}, ${tc ?? null}, ${actor}, ${now}, ${actor}, ${now})
          ON CONFLICT (memory_id, source_lang, target_lang, source_digest, target_digest) DO UPDATE SET
            context_previous = excluded.context_previous, context_next = excluded.context_next, origin_document = excluded.origin_document,
            origin_title = excluded.origin_title, origin_date = excluded.origin_date, note = excluded.note, source_codes = excluded.source_codes,
            target_codes = excluded.target_codes, updated_by = excluded.updated_by, updated_at = excluded.updated_at,
            usage_count = units.usage_count + 1
          RETURNING *, (xmax = 0) AS inserted`;
      }));
      await held;
      const latest = new Map<number, UnitRecord>();
      let created = 0;
      const ids = (await rows).map((r) => {
        const row = r[0] as UnitRow & { inserted: boolean };
        if (row.inserted) created++;
        latest.set(row.id, toUnit(row));
        return row.id;
      });
      return {
        result: { ids, created, updated: ids.length - created, units: ids.map((id) => latest.get(id) as UnitRecord) },
        change: ids.length ? { kind: CHANGE_UNITS, memory, ids: [...latest.keys()] } : undefined,
      };
    });
  }

  async replaceUnit(id: number, u: NewUnit, actor: string): Promise<UnitRecord | undefined> {
    return this.db.write(async (tx) => {
      const [current] = await tx<{ memory_id: string }[]>`SELECT memory_id FROM units WHERE id = ${id} FOR UPDATE`;
      if (!current) return { result: undefined };
      const memory = current.memory_id;
      const clash = await findTwin(tx, memory, u);
      if (clash !== undefined && clash !== id) {
        throw new ConflictError(`unit ${clash} of memory "${memory}" already has this language pair, source and target`, { unitId: clash });
      }
      const [cp, cn, od, ot, odate, note, sc, tc] = optional(u);
      const [row] = await tx<UnitRow[]>`UPDATE units SET source_lang = ${u.sourceLang}, target_lang = ${u.targetLang}, source = ${u.source},
        target = ${u.target}, context_previous = ${cp ?? null}, context_next = ${cn ?? null}, origin_document = ${od ?? null},
        origin_title = ${ot ?? null}, origin_date = ${odate ?? null}, note = ${note ?? null}, source_codes = ${sc ?? null},
        target_codes = ${tc ?? null}, updated_by = ${actor}, updated_at = ${new Date().toISOString()} WHERE id = ${id} RETURNING *`.catch(uniqueAsConflict);
      return { result: toUnit(row as UnitRow), change: { kind: CHANGE_UNITS, memory, ids: [id] } };
    });
  }

  async deleteUnit(id: number): Promise<boolean> {
    return (await this.deleteUnits([id])) > 0;
  }

  async deleteUnits(ids: readonly number[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.db.write(async (tx) => {
      const gone = await tx<{ id: number; memory_id: string }[]>`DELETE FROM units WHERE id = ANY(${[...ids]}::int[]) RETURNING id, memory_id`;
      return { result: gone.length, change: changesByMemory(gone) };
    });
  }

  async updateTargets(changes: readonly TargetChange[], actor: string): Promise<number> {
    if (changes.length === 0) return 0;
    return this.db.write(async (tx) => {
      const done = await tx<{ id: number; memory_id: string }[]>`UPDATE units u SET target = c.target, target_codes = nullif(c.codes, ''), updated_by = ${actor},
          updated_at = ${new Date().toISOString()}
        FROM unnest(${changes.map((c) => c.id)}::int[], ${changes.map((c) => c.target)}::text[],
          ${changes.map((c) => codesColumn(c.targetCodes) ?? '')}::text[]) AS c(id, target, codes)
        WHERE u.id = c.id RETURNING u.id, u.memory_id`.catch(uniqueAsConflict);
      return { result: done.length, change: changesByMemory(done) };
    });
  }

  async mergeUnits(groups: readonly MergeGroup[], actor: string): Promise<number> {
    if (groups.length === 0) return 0;
    const removed = groups.flatMap((g) => g.remove.map((id) => [id, g.keep] as const));
    return this.db.write(async (tx) => {
      // A group whose kept unit is gone merges nothing (as in sqlite-tm.ts); the others in one statement.
      const rows = await tx<{ what: 'kept' | 'gone'; id: number; memory_id: string }[]>`WITH kept AS (
          UPDATE units u SET usage_count = g.usage, updated_by = ${actor}, updated_at = ${new Date().toISOString()}
          FROM unnest(${groups.map((g) => g.keep)}::int[], ${groups.map((g) => g.usageCount)}::int[]) AS g(keep, usage)
          WHERE u.id = g.keep RETURNING u.id, u.memory_id),
        gone AS (DELETE FROM units u USING unnest(${removed.map(([id]) => id)}::int[], ${removed.map(([, keep]) => keep)}::int[]) AS r(id, keep)
          WHERE u.id = r.id AND r.keep IN (SELECT id FROM kept) RETURNING u.id, u.memory_id)
        SELECT 'kept' AS what, id, memory_id FROM kept UNION ALL SELECT 'gone', id, memory_id FROM gone`;
      return { result: rows.filter((r) => r.what === 'gone').length, change: changesByMemory(rows) };
    });
  }

  async transferUnits(ids: readonly number[], to: string, mode: 'copy' | 'move', actor: string): Promise<TransferResult> {
    const now = new Date().toISOString();
    return this.db.write(async (tx) => {
      await lockMemory(tx, to);
      const result: TransferResult = { written: [], merged: 0, removed: [] };
      const touched: { id: number; memory_id: string }[] = [];
      for (const id of ids) {
        const [row] = await tx<UnitRow[]>`SELECT * FROM units WHERE id = ${id} FOR UPDATE`;
        if (!row || row.memory_id === to) continue;
        const twin = await findTwin(tx, to, { sourceLang: row.source_lang, targetLang: row.target_lang, source: row.source, target: row.target });
        if (twin !== undefined) {
          result.merged++;
          if (mode === 'move') {
            await tx`UPDATE units SET usage_count = usage_count + ${row.usage_count}, updated_by = ${actor}, updated_at = ${now} WHERE id = ${twin}`;
            await tx`DELETE FROM units WHERE id = ${id}`;
            result.removed.push(id);
            touched.push({ id, memory_id: row.memory_id }, { id: twin, memory_id: to });
          }
        } else if (mode === 'copy') {
          const [copy] = await tx<{ id: number }[]>`INSERT INTO units (memory_id, source_lang, target_lang, source, target, context_previous, context_next, origin_document, origin_title, origin_date, note, source_codes, target_codes,
              created_by, created_at, updated_by, updated_at, usage_count)
            SELECT ${to}, source_lang, target_lang, source, target, context_previous, context_next, origin_document, origin_title, origin_date, note, source_codes, target_codes, ${actor}, ${now}, ${actor}, ${now}, usage_count
            FROM units WHERE id = ${id} RETURNING id`;
          result.written.push((copy as { id: number }).id);
          touched.push({ id: (copy as { id: number }).id, memory_id: to });
        } else {
          await tx`UPDATE units SET memory_id = ${to}, updated_by = ${actor}, updated_at = ${now} WHERE id = ${id}`;
          result.written.push(id);
          // The unit left its memory and joined `to`: both memories were written.
          touched.push({ id, memory_id: row.memory_id }, { id, memory_id: to });
        }
      }
      return { result, change: changesByMemory(touched) };
    });
  }
}
