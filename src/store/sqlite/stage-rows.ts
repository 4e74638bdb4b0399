/**
 * The rows of a bulk write's stage (sqlite-tm-bulk.ts): the stage table's columns and the insert
 * that stages a batch of units, shared by the main connection (an in-memory store, and the first
 * units of an import) and the stage worker (stage-worker.ts), so both write the same rows.
 *
 * A unit staged with the identity of one staged before it leaves the stage as it is: the
 * insert's upsert changes nothing and RETURNING gives the stored row's `ref`, so the repeat is
 * found by the same index lookup that stages it (no second query per unit).
 */
import type { InlineCode } from '../../domain/inline.js';
import type { NewUnit } from '../../domain/tm/unit.js';
import type { StagedRepeat } from '../types.js';
import type { SqliteDb } from './database.js';

/** The stage table's columns that `units` has too. */
export const STAGE_COLUMNS = ['source_lang', 'target_lang', 'source', 'target', 'context_previous', 'context_next', 'origin_document',
  'origin_title', 'origin_date', 'note'] as const;

/** The inline-code columns, written as JSON. */
export const CODE_COLUMNS = ['source_codes', 'target_codes'] as const;

function codesJson(codes: readonly InlineCode[] | undefined): string | null {
  return codes && codes.length ? JSON.stringify(codes) : null;
}

/**
 * Stages batches into `table` on `db`: each call one transaction, refs counting staged units
 * from `staged` + 1 unless given; returns the repeats of each batch.
 */
export function stageWriter(db: SqliteDb, table: string, staged = 0): (units: readonly NewUnit[], refs?: readonly number[]) => StagedRepeat[] {
  const insert = db.prepare(`INSERT INTO ${table} (${STAGE_COLUMNS.join(', ')}, ${CODE_COLUMNS.join(', ')}, ref) VALUES (${Array(13).fill('?').join(', ')})
    ON CONFLICT (source_lang, target_lang, source, target) DO UPDATE SET ref = ref RETURNING ref`);
  return db.transaction((units: readonly NewUnit[], refs?: readonly number[]) => {
    const repeats: StagedRepeat[] = [];
    units.forEach((u, index) => {
      const ref = refs?.[index] ?? staged + index + 1;
      const row = insert.get(u.sourceLang, u.targetLang, u.source, u.target, u.context?.previous ?? null, u.context?.next ?? null,
        u.origin?.document ?? null, u.origin?.title ?? null, u.origin?.date ?? null, u.note ?? null,
        codesJson(u.sourceCodes), codesJson(u.targetCodes), ref) as { ref: number };
      if (row.ref !== ref) repeats.push({ index, firstRef: row.ref });
    });
    staged += units.length;
    return repeats;
  });
}
