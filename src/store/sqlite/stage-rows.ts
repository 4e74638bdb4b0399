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

/** The stage's columns in insert order (STAGE_COLUMNS, CODE_COLUMNS, identity, ref). */
const INSERT_COLUMNS = [...STAGE_COLUMNS, ...CODE_COLUMNS, 'identity', 'ref'];

/**
 * Rows inserted by one statement (issue 12: 100k rows of 14 columns into a file stage, the rows
 * made beforehand: 0.37 s of CPU one row a statement, 0.24 s eight, 0.21 s 32). The stage worker
 * staging the HTTP benchmark's 100k units, in one process alternating with the writer before
 * (eight runs each, load 8-11): 0.61-0.71 -> 0.54-0.59 s of CPU, with the identity key's cheaper
 * read (unit-identity.ts); counted by callgrind, 688 -> 478 million instructions per 10k units.
 * What is left: the inserts 45%, the MD5 of every identity 30% (its UTF-8 copy of the texts
 * mostly), garbage collection 10%.
 */
export const ROWS_PER_INSERT = 32;

/** Writes a unit's values in INSERT_COLUMNS order into `to` from `at`. */
function putRow(to: (string | number | null)[], at: number, u: NewUnit, key: number, ref: number): void {
  to[at] = u.sourceLang;
  to[at + 1] = u.targetLang;
  to[at + 2] = u.source;
  to[at + 3] = u.target;
  to[at + 4] = u.context?.previous ?? null;
  to[at + 5] = u.context?.next ?? null;
  to[at + 6] = u.origin?.document ?? null;
  to[at + 7] = u.origin?.title ?? null;
  to[at + 8] = u.origin?.date ?? null;
  to[at + 9] = u.note ?? null;
  to[at + 10] = codesJson(u.sourceCodes);
  to[at + 11] = codesJson(u.targetCodes);
  to[at + 12] = key;
  to[at + 13] = ref;
}

/**
 * Stages batches into `table` on `db`: each call one transaction, refs counting staged units
 * from `staged` + 1 unless given; returns the repeats of each batch. Rows already in the table
 * (staged by another connection before this one took over) are keyed first. `keyOf` is the
 * identity key (a test passes one that collides).
 *
 * Rows are inserted ROWS_PER_INSERT at a time. The table has one writer at a time and no
 * deletes, so each row's rowid is known before it is written (the last one plus one, checked
 * after each statement); a key already seen is verified against the row it points at, in the
 * table or, not written yet, where it waits. A batch's tail goes in statements of powers of two.
 * Before (issue 12, seventh round), a key hit first wrote the rows waiting one a statement, and
 * so did a batch's tail: a file with many repeats lost the gain of ROWS_PER_INSERT (a batch of
 * 100 units, every third a repeat of the one before: 4 statements, 67 before; counted by the test).
 */
export function stageWriter(db: SqliteDb, table: string, staged = 0, keyOf: KeyOf = identityKey):
(units: readonly NewUnit[], refs?: readonly number[]) => StagedRepeat[] {
  const insertSql = (rows: number) => `INSERT INTO ${table} (${INSERT_COLUMNS.join(', ')}) VALUES ${
    Array(rows).fill(`(${INSERT_COLUMNS.map(() => '?').join(', ')})`).join(', ')}`;
  /** The insert of `rows` rows (a power of two up to ROWS_PER_INSERT), prepared when first needed. */
  const inserts = new Map<number, ReturnType<SqliteDb['prepare']>>();
  const insertOf = (rows: number) => {
    let insert = inserts.get(rows);
    if (insert === undefined) inserts.set(rows, (insert = db.prepare(insertSql(rows))));
    return insert;
  };
  const row = db.prepare(`SELECT source_lang AS sourceLang, target_lang AS targetLang, source, target, ref FROM ${table} WHERE rowid = ?`);
  const keys: KeyMap = new Map();
  const remember = (key: number, rowid: number) => {
    const had = keys.get(key);
    keys.set(key, had === undefined ? rowid : typeof had === 'number' ? [had, rowid] : [...had, rowid]);
  };
  for (const r of db.prepare(`SELECT rowid AS id, source_lang AS sourceLang, target_lang AS targetLang, source, target FROM ${table} ORDER BY rowid`)
    .iterate() as IterableIterator<Identity & { id: number }>) remember(keyOf(r), r.id);
  const lastRowid = db.prepare(`SELECT max(rowid) FROM ${table}`).pluck();
  /** The rowid the next row decided on gets, and that of the first row not yet written. */
  let next = 0;
  let unwritten = 0;
  const width = INSERT_COLUMNS.length;
  /** The values of the rows decided on and not yet written (`waiting` of them): one statement's worth at most. */
  const values = new Array<string | number | null>(ROWS_PER_INSERT * width).fill(null);
  /** The units of those rows, and their refs: a repeat of one is found here, without writing it first. */
  const waitingUnits = new Array<Identity>(ROWS_PER_INSERT);
  const waitingRefs = new Array<number>(ROWS_PER_INSERT);
  let waiting = 0;
  /** Throws unless the last row written got the rowid foreseen. */
  const wrote = (rows: number, last: number | bigint) => {
    unwritten += rows;
    if (Number(last) !== unwritten - 1) throw new Error(`the stage's rows did not get the rowids foreseen (${last} for ${unwritten - 1})`);
  };
  /**
   * Writes the rows waiting: a full statement's worth at once, fewer (a batch's tail) in
   * statements of the powers of two that sum to them (at most five for 31 rows: 16, 8, 4, 2 and 1).
   */
  const write = () => {
    if (waiting === ROWS_PER_INSERT) wrote(ROWS_PER_INSERT, insertOf(ROWS_PER_INSERT).run(values).lastInsertRowid);
    else {
      for (let r = 0; r < waiting;) {
        const rows = 1 << (31 - Math.clz32(waiting - r));
        wrote(rows, insertOf(rows).run(values.slice(r * width, (r + rows) * width)).lastInsertRowid);
        r += rows;
      }
    }
    waiting = 0;
  };
  const same = (a: Identity, b: Identity) => a.source === b.source && a.target === b.target && a.sourceLang === b.sourceLang && a.targetLang === b.targetLang;
  /** The ref of the staged row with `u`'s identity, if any (a row still waiting is compared where it waits). */
  const firstRef = (key: number, u: Identity): number | undefined => {
    const had = keys.get(key);
    if (had === undefined) return undefined;
    for (const rowid of typeof had === 'number' ? [had] : had) {
      if (rowid >= unwritten) {
        // Not written yet: waiting (a rowid past them was a failed batch's, and is no row).
        const w = rowid - unwritten;
        if (w < waiting && same(waitingUnits[w] as Identity, u)) return waitingRefs[w] as number;
        continue;
      }
      // A row of a batch that failed (rolled back) is gone; the import fails with that batch anyway.
      const r = row.get(rowid) as (Identity & { ref: number }) | undefined;
      if (r && same(r, u)) return r.ref;
    }
    return undefined;
  };
  return db.transaction((units: readonly NewUnit[], refs?: readonly number[]) => {
    const repeats: StagedRepeat[] = [];
    next = unwritten = Number((lastRowid.get() as number | null) ?? 0) + 1;
    waiting = 0;
    units.forEach((u, index) => {
      const ref = refs?.[index] ?? staged + index + 1;
      const key = keyOf(u);
      const first = firstRef(key, u);
      if (first !== undefined) {
        if (first !== ref) repeats.push({ index, firstRef: first });
        return;
      }
      putRow(values, waiting * width, u, key, ref);
      waitingUnits[waiting] = u;
      waitingRefs[waiting] = ref;
      remember(key, next++);
      if (++waiting === ROWS_PER_INSERT) write();
    });
    write();
    staged += units.length;
    return repeats;
  });
}
