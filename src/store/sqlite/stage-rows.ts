/**
 * The rows of a bulk write's stage (sqlite-tm-bulk.ts): the stage table, its columns and the
 * insert that stages a batch of units, shared by the main connection (an in-memory store, and the
 * first units of an import) and the stage worker (stage-worker.ts), so both write the same rows.
 *
 * Repeats (a unit with the identity of one staged before it) are found by a short key: the 48-bit
 * identity key of unit-identity.ts (written with each row, as `units` keeps it: the commit finds
 * stored units by it), kept in a map of the writing thread, pointing at the rowid of the first
 * row with that key; a hit is verified against the row's full text, so a collision only costs a
 * read (the rows of one key are chained in the map). The table itself is a plain rowid table
 * written in staging order, so every insert appends.
 *
 * Why (issue 12, profile of a 1M-unit import): the stage used to be keyed by identity
 * (`WITHOUT ROWID`, primary key on the full texts): some 400 MB of b-tree at 1M units, far past
 * its 64 MB page cache, written at random places, so every insert read pages back from the file
 * and the stage worker was what the parse waited for. The map holds 1M keys in some 40 MB of the
 * writing thread and the table's pages are only appended. The commit reads the stage in staging
 * order too (sqlite-tm-bulk.ts).
 */
import type { InlineCode } from '../../domain/inline.js';
import type { NewUnit } from '../../domain/tm/unit.js';
import type { StagedRepeat } from '../types.js';
import type { SqliteDb } from './database.js';
import { type Identity, type KeyOf, identityKey } from './unit-identity.js';

/** The stage table's columns that `units` has too. */
export const STAGE_COLUMNS = ['source_lang', 'target_lang', 'source', 'target', 'context_previous', 'context_next', 'origin_document',
  'origin_title', 'origin_date', 'note'] as const;

/** The inline-code columns, written as JSON. */
export const CODE_COLUMNS = ['source_codes', 'target_codes'] as const;

/**
 * The statement that creates stage table `table` (rows in staging order; `identity` is the key
 * `units` keeps too, unit-identity.ts; `ref` is the caller's, e.g. the `tu`).
 */
export function stageTableSql(table: string): string {
  return `CREATE TABLE ${table} (${STAGE_COLUMNS.join(', ')}, ${CODE_COLUMNS.join(', ')}, identity INTEGER, ref INTEGER)`;
}

function codesJson(codes: readonly InlineCode[] | undefined): string | null {
  return codes && codes.length ? JSON.stringify(codes) : null;
}

/** Rowids of staged rows by identity key: one rowid, or the chain of rows whose keys collide. */
type KeyMap = Map<number, number | number[]>;

/**
 * Stages batches into `table` on `db`: each call one transaction, refs counting staged units
 * from `staged` + 1 unless given; returns the repeats of each batch. Rows already in the table
 * (staged by another connection before this one took over) are keyed first. `keyOf` is the
 * identity key (a test passes one that collides).
 */
export function stageWriter(db: SqliteDb, table: string, staged = 0, keyOf: KeyOf = identityKey):
(units: readonly NewUnit[], refs?: readonly number[]) => StagedRepeat[] {
  const insert = db.prepare(`INSERT INTO ${table} (${STAGE_COLUMNS.join(', ')}, ${CODE_COLUMNS.join(', ')}, identity, ref) VALUES (${Array(14).fill('?').join(', ')})`);
  const row = db.prepare(`SELECT source_lang AS sourceLang, target_lang AS targetLang, source, target, ref FROM ${table} WHERE rowid = ?`);
  const keys: KeyMap = new Map();
  const remember = (key: number, rowid: number) => {
    const had = keys.get(key);
    keys.set(key, had === undefined ? rowid : typeof had === 'number' ? [had, rowid] : [...had, rowid]);
  };
  for (const r of db.prepare(`SELECT rowid AS id, source_lang AS sourceLang, target_lang AS targetLang, source, target FROM ${table} ORDER BY rowid`)
    .iterate() as IterableIterator<Identity & { id: number }>) remember(keyOf(r), r.id);
  /** The ref of the staged row with `u`'s identity, if any. */
  const firstRef = (key: number, u: Identity): number | undefined => {
    const had = keys.get(key);
    if (had === undefined) return undefined;
    for (const rowid of typeof had === 'number' ? [had] : had) {
      const r = row.get(rowid) as Identity & { ref: number };
      if (r.source === u.source && r.target === u.target && r.sourceLang === u.sourceLang && r.targetLang === u.targetLang) return r.ref;
    }
    return undefined;
  };
  return db.transaction((units: readonly NewUnit[], refs?: readonly number[]) => {
    const repeats: StagedRepeat[] = [];
    units.forEach((u, index) => {
      const ref = refs?.[index] ?? staged + index + 1;
      const key = keyOf(u);
      const first = firstRef(key, u);
      if (first !== undefined) {
        if (first !== ref) repeats.push({ index, firstRef: first });
        return;
      }
      const { lastInsertRowid } = insert.run(u.sourceLang, u.targetLang, u.source, u.target, u.context?.previous ?? null, u.context?.next ?? null,
        u.origin?.document ?? null, u.origin?.title ?? null, u.origin?.date ?? null, u.note ?? null,
        codesJson(u.sourceCodes), codesJson(u.targetCodes), key, ref);
      remember(key, Number(lastInsertRowid));
    });
    staged += units.length;
    return repeats;
  });
}
