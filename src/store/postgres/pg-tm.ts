/**
 * Translation units in PostgreSQL, with the semantics of sqlite-tm.ts (identity per memory,
 * upserts count a use, a replace onto another unit's texts is a conflict, copies and moves merge
 * twins). Identity is matched on SHA-256 digests of the texts (see the 001 migration). Every write
 * logs the ids it touched; a follower re-reads their current state, so one change kind serves
 * inserts, replacements, deletes and transfers alike.
 */
import { ConflictError } from '../../domain/errors.js';
import type { NewUnit, UnitRecord } from '../../domain/tm/unit.js';
import { keysetPages, optional, toUnit, type UnitRow } from '../rows.js';
import type { PairCount, TmReader, TmWriter, TransferResult, UnitQuery, UnitTexts, UpsertResult } from '../types.js';
import { CHANGE_UNITS, type PgDb, type Tx } from './pg-db.js';

/** The stored unit of `memory` with this pair and these texts, if any. */
async function findTwin(tx: Tx, memory: string, u: { sourceLang: string; targetLang: string; source: string; target: string }): Promise<number | undefined> {
  const [row] = await tx<{ id: number }[]>`SELECT id FROM units WHERE memory_id = ${memory} AND source_lang = ${u.sourceLang}
    AND target_lang = ${u.targetLang} AND source_digest = caravan_digest(${u.source}) AND target_digest = caravan_digest(${u.target})`;
  return row?.id;
}

async function touch(tx: Tx, memory: string, now: string): Promise<void> {
  await tx`UPDATE memories SET last_write = ${now} WHERE id = ${memory}`;
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
    const rows = await this.db.sql<UnitRow[]>`SELECT * FROM units WHERE id = ANY(${this.db.sql.array(ids)}::int[])`;
    const found = new Map(rows.map((r) => [r.id, toUnit(r)]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async listUnits(q: UnitQuery): Promise<UnitRecord[]> {
    if (q.memories?.length === 0) return [];
    const sql = this.db.sql;
    const rows = await sql<UnitRow[]>`SELECT * FROM units WHERE id > ${q.afterId ?? 0}
      ${q.memories ? sql`AND memory_id IN ${sql(q.memories)}` : sql``}
      ${q.sourceLang ? sql`AND source_lang = ${q.sourceLang}` : sql``}
      ${q.targetLang ? sql`AND target_lang = ${q.targetLang}` : sql``}
      ORDER BY id LIMIT ${q.limit}`;
    return rows.map(toUnit);
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
      source, target FROM units WHERE id > ${after} ORDER BY id LIMIT ${batchSize}`, afterId);
  }

  async upsertUnits(memory: string, units: NewUnit[], actor: string): Promise<UpsertResult> {
    const now = new Date().toISOString();
    return this.db.write(async (tx) => {
      // Queries issued together are pipelined on the transaction's connection, and run in order.
      const touched = units.length ? touch(tx, memory, now) : Promise.resolve();
      const rows = await Promise.all(units.map((u) => {
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
      await touched;
      const latest = new Map<number, UnitRecord>();
      let created = 0;
      const ids = rows.map((r) => {
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
      const now = new Date().toISOString();
      await touch(tx, memory, now);
      const [cp, cn, od, ot, odate, note, sc, tc] = optional(u);
      const [row] = await tx<UnitRow[]>`UPDATE units SET source_lang = ${u.sourceLang}, target_lang = ${u.targetLang}, source = ${u.source},
        target = ${u.target}, context_previous = ${cp ?? null}, context_next = ${cn ?? null}, origin_document = ${od ?? null},
        origin_title = ${ot ?? null}, origin_date = ${odate ?? null}, note = ${note ?? null}, source_codes = ${sc ?? null},
        target_codes = ${tc ?? null}, updated_by = ${actor}, updated_at = ${now} WHERE id = ${id} RETURNING *`;
      return { result: toUnit(row as UnitRow), change: { kind: CHANGE_UNITS, memory, ids: [id] } };
    });
  }

  async deleteUnit(id: number): Promise<boolean> {
    return this.db.write(async (tx) => {
      const [row] = await tx<{ memory_id: string }[]>`DELETE FROM units WHERE id = ${id} RETURNING memory_id`;
      if (!row) return { result: false };
      await touch(tx, row.memory_id, new Date().toISOString());
      return { result: true, change: { kind: CHANGE_UNITS, memory: row.memory_id, ids: [id] } };
    });
  }

  async transferUnits(ids: readonly number[], to: string, mode: 'copy' | 'move', actor: string): Promise<TransferResult> {
    const now = new Date().toISOString();
    return this.db.write(async (tx) => {
      const result: TransferResult = { written: [], merged: 0, removed: [] };
      const touched = new Set<string>([to]);
      for (const id of ids) {
        const [row] = await tx<UnitRow[]>`SELECT * FROM units WHERE id = ${id} FOR UPDATE`;
        if (!row || row.memory_id === to) continue;
        touched.add(row.memory_id);
        const twin = await findTwin(tx, to, { sourceLang: row.source_lang, targetLang: row.target_lang, source: row.source, target: row.target });
        if (twin !== undefined) {
          result.merged++;
          if (mode === 'move') {
            await tx`UPDATE units SET usage_count = usage_count + ${row.usage_count}, updated_by = ${actor}, updated_at = ${now} WHERE id = ${twin}`;
            await tx`DELETE FROM units WHERE id = ${id}`;
            result.removed.push(id);
          }
        } else if (mode === 'copy') {
          const [copy] = await tx<{ id: number }[]>`INSERT INTO units (memory_id, source_lang, target_lang, source, target, context_previous, context_next, origin_document, origin_title, origin_date, note, source_codes, target_codes,
              created_by, created_at, updated_by, updated_at, usage_count)
            SELECT ${to}, source_lang, target_lang, source, target, context_previous, context_next, origin_document, origin_title, origin_date, note, source_codes, target_codes, ${actor}, ${now}, ${actor}, ${now}, usage_count
            FROM units WHERE id = ${id} RETURNING id`;
          result.written.push((copy as { id: number }).id);
        } else {
          await tx`UPDATE units SET memory_id = ${to}, updated_by = ${actor}, updated_at = ${now} WHERE id = ${id}`;
          result.written.push(id);
        }
      }
      for (const m of touched) if (mode === 'move' || m === to) await touch(tx, m, now);
      const changed = [...result.written, ...result.removed];
      return { result, change: changed.length ? { kind: CHANGE_UNITS, memory: to, ids: changed } : undefined };
    });
  }
}
