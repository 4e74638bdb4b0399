/**
 * Translation units in SQLite. A unit's identity is (source language, target language,
 * source, target): writing the same pair of texts again updates the stored unit (its
 * context, origin, note and inline codes) instead of adding a duplicate. Replacing a unit with
 * texts that another unit already has is a conflict, never a silent merge.
 */
import { ConflictError } from '../../domain/errors.js';
import type { InlineCode } from '../../domain/inline.js';
import type { NewUnit, UnitRecord } from '../../domain/tm/unit.js';
import type { PairCount, TmReader, TmWriter, UnitQuery, UnitTexts, UpsertResult } from '../types.js';
import type { SqliteDb } from './database.js';

interface UnitRow {
  id: number;
  source_lang: string;
  target_lang: string;
  source: string;
  target: string;
  context_previous: string | null;
  context_next: string | null;
  origin_document: string | null;
  origin_title: string | null;
  origin_date: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  usage_count: number;
  source_codes: string | null;
  target_codes: string | null;
}

function toUnit(r: UnitRow): UnitRecord {
  const context: UnitRecord['context'] = {};
  if (r.context_previous !== null) context.previous = r.context_previous;
  if (r.context_next !== null) context.next = r.context_next;
  const origin: UnitRecord['origin'] = {};
  if (r.origin_document !== null) origin.document = r.origin_document;
  if (r.origin_title !== null) origin.title = r.origin_title;
  if (r.origin_date !== null) origin.date = r.origin_date;
  const unit: UnitRecord = {
    id: r.id, sourceLang: r.source_lang, targetLang: r.target_lang, source: r.source, target: r.target,
    context, origin, note: r.note, createdBy: r.created_by, createdAt: r.created_at,
    updatedBy: r.updated_by, updatedAt: r.updated_at, usageCount: r.usage_count,
  };
  if (r.source_codes !== null) unit.sourceCodes = JSON.parse(r.source_codes) as InlineCode[];
  if (r.target_codes !== null) unit.targetCodes = JSON.parse(r.target_codes) as InlineCode[];
  return unit;
}

/** Codes as a JSON column value; no codes is NULL. */
function codesColumn(codes: InlineCode[] | undefined): string | null {
  return codes && codes.length > 0 ? JSON.stringify(codes) : null;
}

/** Column values of a unit's optional fields, in statement order. */
function optional(u: NewUnit): (string | null)[] {
  return [u.context?.previous ?? null, u.context?.next ?? null, u.origin?.document ?? null,
    u.origin?.title ?? null, u.origin?.date ?? null, u.note ?? null, codesColumn(u.sourceCodes), codesColumn(u.targetCodes)];
}

/** Most ids bound in one `IN (...)` list; SQLite allows 32766 variables. */
const MAX_IDS_PER_QUERY = 10_000;

/** SQLite adapter for {@link TmReader} and {@link TmWriter}. */
export class SqliteTm implements TmReader, TmWriter {
  private readonly stmts;

  constructor(private readonly db: SqliteDb) {
    this.stmts = {
      get: db.prepare<[number], UnitRow>('SELECT * FROM units WHERE id = ?'),
      find: db.prepare<[string, string, string, string], { id: number }>(
        'SELECT id FROM units WHERE source_lang = ? AND target_lang = ? AND source = ? AND target = ?'),
      insert: db.prepare(
        `INSERT INTO units (source_lang, target_lang, source, target, context_previous, context_next, origin_document,
           origin_title, origin_date, note, source_codes, target_codes, created_by, created_at, updated_by, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      refresh: db.prepare(
        `UPDATE units SET context_previous = ?, context_next = ?, origin_document = ?, origin_title = ?, origin_date = ?,
           note = ?, source_codes = ?, target_codes = ?, updated_by = ?, updated_at = ?, usage_count = usage_count + 1 WHERE id = ?`),
      replace: db.prepare(
        `UPDATE units SET source_lang = ?, target_lang = ?, source = ?, target = ?, context_previous = ?, context_next = ?,
           origin_document = ?, origin_title = ?, origin_date = ?, note = ?, source_codes = ?, target_codes = ?,
           updated_by = ?, updated_at = ? WHERE id = ?`),
      delete: db.prepare('DELETE FROM units WHERE id = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM units'),
      pairs: db.prepare<[], { source_lang: string; target_lang: string; n: number }>(
        'SELECT source_lang, target_lang, count(*) AS n FROM units GROUP BY source_lang, target_lang ORDER BY source_lang, target_lang'),
      scan: db.prepare<[number, number], UnitRow>('SELECT * FROM units WHERE id > ? ORDER BY id LIMIT ?'),
      scanTexts: db.prepare<[number, number], { id: number; sourceLang: string; targetLang: string; source: string; target: string }>(
        'SELECT id, source_lang AS sourceLang, target_lang AS targetLang, source, target FROM units WHERE id > ? ORDER BY id LIMIT ?'),
    };
  }

  async getUnit(id: number): Promise<UnitRecord | undefined> {
    const row = this.stmts.get.get(id);
    return row ? toUnit(row) : undefined;
  }

  async getUnits(ids: number[]): Promise<UnitRecord[]> {
    const found = new Map<number, UnitRecord>();
    for (let i = 0; i < ids.length; i += MAX_IDS_PER_QUERY) {
      const chunk = ids.slice(i, i + MAX_IDS_PER_QUERY);
      const rows = this.db.prepare<number[], UnitRow>(`SELECT * FROM units WHERE id IN (${chunk.map(() => '?').join(',')})`).all(...chunk);
      for (const r of rows) found.set(r.id, toUnit(r));
    }
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async listUnits(q: UnitQuery): Promise<UnitRecord[]> {
    const where: string[] = ['id > ?'];
    const args: (string | number)[] = [q.afterId ?? 0];
    if (q.sourceLang) { where.push('source_lang = ?'); args.push(q.sourceLang); }
    if (q.targetLang) { where.push('target_lang = ?'); args.push(q.targetLang); }
    args.push(q.limit);
    return this.db.prepare<(string | number)[], UnitRow>(`SELECT * FROM units WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`)
      .all(...args).map(toUnit);
  }

  async countUnits(): Promise<number> {
    return this.stmts.count.get()?.n ?? 0;
  }

  async pairCounts(): Promise<PairCount[]> {
    return this.stmts.pairs.all().map((r) => ({ sourceLang: r.source_lang, targetLang: r.target_lang, units: r.n }));
  }

  async *scanUnits(batchSize: number): AsyncIterable<UnitRecord[]> {
    let after = 0;
    for (;;) {
      const rows = this.stmts.scan.all(after, batchSize);
      if (rows.length === 0) return;
      after = (rows[rows.length - 1] as UnitRow).id;
      yield rows.map(toUnit);
    }
  }

  async *scanUnitTexts(batchSize: number, afterId = 0): AsyncIterable<UnitTexts[]> {
    let after = afterId;
    for (;;) {
      const rows = this.stmts.scanTexts.all(after, batchSize);
      if (rows.length === 0) return;
      after = (rows[rows.length - 1] as UnitTexts).id;
      yield rows;
    }
  }

  async upsertUnits(units: NewUnit[], actor: string): Promise<UpsertResult> {
    const now = new Date().toISOString();
    const { ids, created } = this.db.transaction(() => {
      const out: number[] = [];
      let fresh = 0;
      for (const u of units) {
        const existing = this.stmts.find.get(u.sourceLang, u.targetLang, u.source, u.target);
        if (existing) {
          this.stmts.refresh.run(...optional(u), actor, now, existing.id);
          out.push(existing.id);
        } else {
          const info = this.stmts.insert.run(u.sourceLang, u.targetLang, u.source, u.target, ...optional(u), actor, now, actor, now);
          out.push(Number(info.lastInsertRowid));
          fresh++;
        }
      }
      return { ids: out, created: fresh };
    })();
    const byId = new Map((await this.getUnits([...new Set(ids)])).map((u) => [u.id, u]));
    return { ids, created, updated: ids.length - created, units: ids.map((id) => byId.get(id) as UnitRecord) };
  }

  async replaceUnit(id: number, u: NewUnit, actor: string): Promise<UnitRecord | undefined> {
    const changes = this.db.transaction(() => {
      const clash = this.stmts.find.get(u.sourceLang, u.targetLang, u.source, u.target);
      if (clash && clash.id !== id && this.stmts.get.get(id)) {
        throw new ConflictError(`unit ${clash.id} already has this language pair, source and target`, { unitId: clash.id });
      }
      return this.stmts.replace.run(u.sourceLang, u.targetLang, u.source, u.target, ...optional(u), actor,
        new Date().toISOString(), id).changes;
    })();
    return changes > 0 ? this.getUnit(id) : undefined;
  }

  async deleteUnit(id: number): Promise<boolean> {
    return this.stmts.delete.run(id).changes > 0;
  }

}
