/**
 * Bulk writes of translation units into one memory in SQLite, for imports of any size that must
 * be all or nothing. Staged units go into a table of a stage database attached to the same
 * connection: a file in the data directory (`caravan-stage.sqlite`, no journal, no fsync: it is
 * disposable), deleted as soon as no bulk write is open, so its space is given back at once and
 * it lives on the disk the operator watches (SQLite's TEMP tables sit in a deleted file in
 * /var/tmp that keeps its largest size until the process ends). An in-memory store stages in
 * TEMP tables. A stage file left by a killed process is removed when the stores open
 * (sqlite-stores.ts). The process's memory does not grow with the import; nothing touches
 * `units` until `commit`, which applies the whole stage in one transaction (the staged units
 * already stored refreshed, the rest inserted: {@link stagePlan}), and a failed import leaves no
 * trace.
 *
 * On disk the commit runs in a worker thread on a second connection (worker-transaction.ts):
 * it was the longest stall of the service during an import (100k units into 100k: 2.27 s at
 * load 2.3, all on the event loop, lookups waiting behind it); now readers go on against the
 * last committed state and see the whole import at once when it commits. Writes of the TM wait
 * for it in the TM service's queue; the stores' other writes of the main connection (terms,
 * documents, keys) wait for it asynchronously in the connection's write gate (write-gate.ts),
 * which the commit holds: they used to wait in SQLite's busy handler, which held the event loop
 * until the commit ended. A write outside the gate would still wait there, for up to
 * {@link COMMIT_WAIT_MS} instead of 5 s, late but never refused. An in-memory store (one
 * connection only) commits on the main thread as before. Upsert semantics are those of
 * `SqliteTm.upsertUnits`: a unit with the same pair, source and target refreshes the stored one's
 * context, origin and note.
 *
 * Inline codes staged with each unit (`sourceCodes`/`targetCodes`) are written as JSON to
 * `source_codes`/`target_codes`. Writing a unit that is already stored counts one more use of
 * it (`usage_count`), as `SqliteTm.upsertUnits` does.
 *
 * The stage table is a plain rowid table in staging order; repeats are found by a short key of
 * each identity (stage-rows.ts). It used to be keyed by identity (`WITHOUT ROWID`), which let
 * the commit read it in identity order with no sort, but at 1M units that b-tree (~400 MB) was
 * written at random places far past its cache and the parse waited for it (issue 12). The
 * commit then sorted the stage into the order of `units`' identity index; since that index is on
 * a short key (unit-identity.ts) it reads the stage in staging order, unsorted.
 *
 * Profile of the commit at 1M units into an empty memory (bench/commit-probe.ts; the sorted
 * design and this one alternating, two rounds, load 6.3-8): before, 44.9 and 33.9 s (sort 20.2 /
 * 16.3, insert 11.9 / 7.5, COMMIT with its checkpoint 8.9 / 7.2), the database 825 MB; now 15.6
 * and 11.5 s (insert 13.5 / 10.3, COMMIT 2.0 / 1.2), then a checkpoint of 2.5-2.7 s after the
 * commit is answered, the database 484 MB. Alone at load 2.8-4.5: 28.8 s before, 7.9 s now
 * (insert 6.3, COMMIT 1.0; checkpoint 1.3 s after). What is left is writing ~480 MB of pages.
 *
 * Staging beyond the first {@link STAGE_IN_WORKER_AFTER} units runs in a worker thread on its own
 * connection to the stage (stage-thread.ts): the inserts were a quarter of the main thread's
 * time during a TMX import, and now overlap the parsing. The commit waits for the worker's last
 * batch; a worker that fails fails the import, which is aborted and leaves no trace. The rows
 * are those of stage-rows.ts, whichever thread writes them. `stagePort` gives another thread (a
 * TMX import's parse worker) a port to the stage worker, so a file parsed off the main thread is
 * staged without passing through it; the stage worker answers each batch with its repeats and the
 * position of its first new row, which the index's fold numbers the units by.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError } from '../../domain/errors.js';
import type { NewUnit } from '../../domain/tm/unit.js';
import type { BulkUnitWrite, BulkWriteCounts, StageReader, TmBulkWriter, UnitTexts } from '../types.js';
import { BUSY_TIMEOUT_MS, type SqliteDb } from './database.js';
import { CODE_COLUMNS, STAGE_COLUMNS, stageTableSql, stageWriter } from './stage-rows.js';
import { StageThread } from './stage-thread.js';
import { IDENTITY_INDEX, type KeyOf, sameIdentity } from './unit-identity.js';
import { type PlanStep, type StepResult, runInWorker, runSteps } from './worker-transaction.js';
import { gateOf } from './write-gate.js';

const REFRESHED = ['context_previous', 'context_next', 'origin_document', 'origin_title', 'origin_date', 'note'];

/**
 * Units staged on the main connection before the rest go to a stage worker: starting one costs
 * some 50-100 ms (a thread, better-sqlite3 loaded again), the time of staging a few thousand
 * units, so small imports stage here as before.
 */
export const STAGE_IN_WORKER_AFTER = 10_000;

/** File name of the stage database inside the data directory. */
export const STAGE_FILE = 'caravan-stage.sqlite';
/** Schema name the stage database is attached as. */
const STAGE_SCHEMA = 'stage';

/** Removes a stage database left by a process that was killed during an import. */
export function removeStageFiles(dataDir: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(join(dataDir, `${STAGE_FILE}${suffix}`), { force: true });
}

/**
 * Page cache during a commit (negative: KiB): the identity key index (some 20 bytes a unit) stays
 * in it, so its inserts at random places read nothing back (1 GB was measured at 1M units: the
 * same commit, its spill moved into the COMMIT).
 *
 * 64 MB since issue 12's eighth round, 256 MB before: the cache fills with the new rows' pages,
 * which the commit only appends, and the 256 MB were held beside the layout, where the server's
 * RSS peaks; the commit was not slower (README, "Imports, eighth round"). 64 MB holds the
 * identity index of some 3M units of the memory written; larger memories were not measured.
 */
const COMMIT_CACHE_KIB = -65_536;

/**
 * The pragmas of a worker's commit connection (exported for bench/commit-probe.ts). No automatic
 * checkpoint: at COMMIT it copied the whole import from the WAL into the database before the
 * commit was answered (at 1M units ~480 MB, 1.3-2.6 s at load 3-6); the worker checkpoints
 * after answering instead (`checkpointAfter`), so the import is acknowledged once it is durable
 * in the WAL (`synchronous = FULL` syncs the WAL at COMMIT).
 */
export const COMMIT_PRAGMAS: readonly string[] = ['synchronous = FULL', 'foreign_keys = ON', `cache_size = ${COMMIT_CACHE_KIB}`, 'wal_autocheckpoint = 0'];

/**
 * How long a write of the main connection waits for the write lock while a worker commits
 * (`busy_timeout`, instead of database.ts's 5 s): a 1M-unit commit takes tens of seconds, and a
 * write that does not pass the write gate (write-gate.ts) must wait for it rather than fail with
 * SQLITE_BUSY.
 */
const COMMIT_WAIT_MS = 600_000;

/**
 * Page cache of the stage database (negative: KiB): its identity index is written at random
 * places, and with SQLite's default 2 MB every insert of a large import rereads pages from the
 * file; 64 MB holds the index of a 100k-unit stage.
 */
const STAGE_CACHE_KIB = -65_536;

/**
 * Staged rows looked up in the memory before a commit is given a reader that has not folded the
 * stage yet (StageReader): an import that updates many stored units is not adopted by the index
 * (bulk-fold.ts), and folding it while it commits would be work done twice (a 100k-unit import
 * into 100k with some in common: the stall probe's longest lookup 570 -> 1,118 ms at load 6).
 * 2,000 lookups take a few milliseconds. A reader that folded the stage as it was staged (its
 * `stamp` set) is given it whatever the sample: the commit says which staged units it refreshed.
 */
const STORED_SAMPLE = 2_000;

let stages = 0;

/** The code of the commit's error when its memory no longer exists (deleted while the import was staged). */
const MEMORY_GONE = 'CARAVAN_MEMORY_GONE';

/**
 * The statements that write a stage into `units`, as one transaction (exported for
 * bench/commit-probe.ts): the memory's check (the commit fails, writing nothing, when it is
 * gone), the stage's size and rowid range, the last id, the staged rows whose
 * identity is stored (by key, texts compared: unit-identity.ts) matched into a temporary table,
 * those units refreshed, the rest inserted in staging order (new ids follow the file), the
 * memory's revision (only when something was staged), the last id again.
 *
 * Staging order, no sort: the key index is ~20 bytes a row, so a million random inserts into it
 * stay in the commit's page cache. With the UNIQUE index on the full texts, the stage was sorted
 * into its order first (SQLite's external sort, 8.8 s of the 28.8 s commit at 1M, load 6) and
 * the insert walked that index (10.5 s).
 */
export function stagePlan(table: string, memory: string, actor: string, now: string): PlanStep[] {
  const columns = [...STAGE_COLUMNS, ...CODE_COLUMNS];
  const get = (sql: string): PlanStep => ({ sql, params: [], get: true });
  const matched = `temp.bulk_matched_${process.pid}_${++stages}`;
  return [
    // `units.memory_id` has no foreign key: a memory deleted while its import was staged would
    // get every unit, and the index none of the folded ones. Checked in the transaction, first.
    { sql: 'SELECT 1 AS found FROM main.memories WHERE id = ?', params: [memory], get: true, required: MEMORY_GONE },
    get(`SELECT (SELECT min(rowid) FROM ${table}) AS first, (SELECT max(rowid) FROM ${table}) AS last`),
    get('SELECT max(id) AS n FROM main.units'),
    // The stage outside (CROSS JOIN keeps it there), each row's key looked up in the memory; not
    // read at all when the memory is empty (SQLite tests the constant EXISTS once, before the loop).
    { sql: `CREATE TABLE ${matched} AS SELECT s.rowid AS r, u.id AS id FROM ${table} s CROSS JOIN main.units u INDEXED BY ${IDENTITY_INDEX}
      WHERE EXISTS (SELECT 1 FROM main.units INDEXED BY ${IDENTITY_INDEX} WHERE memory_id = ?) AND ${sameIdentity('u', 's')}`, params: [memory, memory] },
    { sql: `UPDATE main.units SET ${[...REFRESHED, ...CODE_COLUMNS].map((c) => `${c} = s.${c}`).join(', ')}, updated_by = ?, updated_at = ?,
      usage_count = usage_count + 1 FROM ${matched} m CROSS JOIN ${table} s ON s.rowid = m.r WHERE units.id = m.id`, params: [actor, now] },
    { sql: `INSERT INTO main.units (memory_id, identity, ${columns.join(', ')}, created_by, created_at, updated_by, updated_at)
      SELECT ?, identity, ${columns.join(', ')}, ?, ?, ?, ? FROM ${table} WHERE rowid NOT IN (SELECT r FROM ${matched}) ORDER BY rowid`,
    params: [memory, actor, now, actor, now] },
    { sql: `UPDATE main.memories SET last_write = ?, revision = revision + 1 WHERE id = ? AND EXISTS (SELECT 1 FROM ${table})`, params: [now, memory] },
    get('SELECT max(id) AS n FROM main.units'),
    // The staged rows that refreshed stored units and those units, in staging order (a reader of
    // the stage adopts the rest, bulk-fold.ts); empty when nothing was stored.
    { sql: `SELECT r FROM ${matched} ORDER BY r`, params: [], column: true },
    { sql: `SELECT id FROM ${matched} ORDER BY r`, params: [], column: true },
    { sql: `DROP TABLE ${matched}`, params: [] },
  ];
}

/** What the steps of {@link stagePlan} did; `withOrder`: say which staged unit each new id went to. */
function stageCounts(all: readonly StepResult[], withOrder: boolean): BulkWriteCounts {
  // After the memory's check.
  const results = all.slice(1);
  const { first, last } = results[0] as { first: number | null; last: number | null };
  const lastId = Number((results[1] as { n: number | null }).n ?? 0);
  const [updated, created] = [results[3] as number, results[4] as number];
  const maxId = Number((results[6] as { n: number | null }).n ?? 0);
  const out: BulkWriteCounts = { created, updated };
  if (created > 0) out.createdIds = { from: lastId + 1, to: maxId };
  const [refreshedRows, refreshedIds] = [results[7] as Int32Array, results[8] as Int32Array];
  // Every staged row created in rowid order (the stage's rowids are its staging positions) but
  // the refreshed ones; ids in 32 bits, as the worker's column results carry them.
  if (withOrder && first !== null && last !== null && last - first + 1 === created + updated && refreshedRows.length === updated && maxId <= 0x7fffffff) {
    out.createdOrder = new Int32Array(created);
    for (let r = first, k = 0, j = 0; r <= last; r++) {
      if (j < refreshedRows.length && refreshedRows[j] === r) j++;
      else out.createdOrder[k++] = r;
    }
    if (updated > 0) Object.assign(out, { updatedOrder: refreshedRows, updatedIds: refreshedIds });
  }
  return out;
}

/** Units read from the stage per page for a {@link StageReader}, with the updatedAt the commit gives every unit it writes. */
function stagePages(db: SqliteDb, table: string, memory: string, updatedAt: string): (batch: number) => AsyncIterable<UnitTexts[]> {
  // Rows as arrays, each made into a unit once (named rows and a copy with the memory cost a
  // third more on the main thread while a 1M-unit commit runs).
  const page = db.prepare(`SELECT rowid, source_lang, target_lang, source, target FROM ${table} WHERE rowid > ? ORDER BY rowid LIMIT ?`).raw(true);
  return async function* (batch) {
    for (let after = 0; ;) {
      const rows = page.all(after, batch) as [number, string, string, string, string][];
      if (rows.length) yield rows.map(([id, sourceLang, targetLang, source, target]) => ({ id, memory, sourceLang, targetLang, source, target, updatedAt }));
      if (rows.length < batch) return;
      after = (rows[rows.length - 1] as [number, string, string, string, string])[0];
    }
  };
}

/** SQLite adapter for {@link TmBulkWriter}. */
export class SqliteTmBulk implements TmBulkWriter {
  private openStages = 0;
  /** Commits running in workers now (the main connection's longer wait lasts while any runs). */
  private workerCommits = 0;

  /**
   * `stageDir` is the data directory; undefined stages in TEMP tables (an in-memory store).
   * `stageInWorkerAfter`: units staged on this connection before a stage worker takes the rest.
   * `keyOf`: the identity key (unit-identity.ts); a test's own (one that collides) cannot travel
   * to a worker, so with one every unit is staged on this connection.
   */
  constructor(private readonly db: SqliteDb, private readonly stageDir?: string, private readonly stageInWorkerAfter = STAGE_IN_WORKER_AFTER,
    private readonly keyOf?: KeyOf) {}

  /** The schema a new stage table goes in, attaching the stage database for the first one. */
  private openStage(): string {
    if (this.stageDir === undefined) return 'temp';
    if (this.openStages === 0) {
      removeStageFiles(this.stageDir);
      this.db.prepare(`ATTACH DATABASE ? AS ${STAGE_SCHEMA}`).run(join(this.stageDir, STAGE_FILE));
      this.db.pragma(`${STAGE_SCHEMA}.journal_mode = OFF`);
      this.db.pragma(`${STAGE_SCHEMA}.synchronous = OFF`);
      this.db.pragma(`${STAGE_SCHEMA}.cache_size = ${STAGE_CACHE_KIB}`);
    }
    this.openStages++;
    return STAGE_SCHEMA;
  }

  /** Detaches and deletes the stage database when the last open stage is gone. */
  private closeStage(): void {
    if (this.stageDir === undefined) return;
    if (--this.openStages > 0) return;
    this.db.exec(`DETACH DATABASE ${STAGE_SCHEMA}`);
    removeStageFiles(this.stageDir);
  }

  /**
   * Runs the commit of a stage: on disk, in a worker thread on its own connection (the event loop
   * stays free, see worker-transaction.ts); in memory (one connection only), here.
   */
  private async commitStage(table: string, memory: string, actor: string, now = new Date().toISOString()): Promise<StepResult[]> {
    return this.runStagePlan(table, memory, actor, now).catch((err: unknown) => {
      throw (err as { code?: unknown }).code === MEMORY_GONE ? new NotFoundError('memory', memory) : err;
    });
  }

  private async runStagePlan(table: string, memory: string, actor: string, now: string): Promise<StepResult[]> {
    const steps = stagePlan(table, memory, actor, now);
    const stageDir = this.stageDir;
    if (stageDir !== undefined) {
      if (this.workerCommits++ === 0) this.db.pragma(`busy_timeout = ${COMMIT_WAIT_MS}`);
      try {
        return await gateOf(this.db).exclusive(() => runInWorker({
          file: this.db.name, attach: { file: join(stageDir, STAGE_FILE), schema: STAGE_SCHEMA },
          pragmas: COMMIT_PRAGMAS, steps, checkpointAfter: true,
        }));
      } finally {
        if (--this.workerCommits === 0) this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      }
    }
    const db = this.db;
    const cache = db.pragma('cache_size', { simple: true }) as number;
    db.pragma(`cache_size = ${COMMIT_CACHE_KIB}`);
    try {
      return db.transaction(() => runSteps(db, steps))();
    } finally {
      db.pragma(`cache_size = ${cache}`);
    }
  }

  async beginBulkWrite(memory: string, actor: string): Promise<BulkUnitWrite> {
    const db = this.db;
    const schema = this.openStage();
    const table = `${schema}.bulk_units_${process.pid}_${++stages}`;
    try {
      db.exec(stageTableSql(table));
    } catch (err) {
      this.closeStage();
      throw err;
    }
    return this.stageOn(table, memory, actor);
  }

  private stageOn(table: string, memory: string, actor: string): BulkUnitWrite {
    const db = this.db;
    const commitStage = (t: string, m: string, a: string, now?: string) => this.commitStage(t, m, a, now);
    const inWorker = this.stageDir !== undefined;
    const stageHere = stageWriter(db, table, 0, this.keyOf);
    let staged = 0;
    /** Rows in the stage, about (a repeat within one `tu` is not reported): counting them would read the whole stage. */
    let rows = 0;
    let thread: StageThread | undefined;
    const stageDir = this.stageDir;
    const startThread = (dir: string) => new StageThread({ file: join(dir, STAGE_FILE), schema: STAGE_SCHEMA, table, staged,
      pragmas: ['journal_mode = OFF', 'synchronous = OFF', `cache_size = ${STAGE_CACHE_KIB}`] });
    const stageMany = async (units: NewUnit[], refs: readonly number[] | undefined) => {
      if (thread === undefined && stageDir !== undefined && this.keyOf === undefined && staged >= this.stageInWorkerAfter) thread = startThread(stageDir);
      staged += units.length;
      const repeats = await (thread ? thread.stage(units, refs) : stageHere(units, refs));
      rows += units.length - repeats.length;
      return repeats;
    };
    /** Waits for the stage worker's last batch and ends it (before the stage is read or dropped). */
    const settle = async () => {
      const t = thread;
      thread = undefined;
      await t?.close();
    };
    const counts = (): { total: number; existing: number } => ({
      total: (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n,
      existing: stored(table),
    });
    /** Rows of `rows` (the stage, or a part of it) whose identity is stored in the memory. */
    const stored = (rows: string) => (db.prepare(`SELECT count(*) AS n FROM ${rows} s
      WHERE EXISTS (SELECT 1 FROM main.units u INDEXED BY ${IDENTITY_INDEX} WHERE ${sameIdentity('u', 's')})`).get(memory) as { n: number }).n;
    // A reader that would fold the stage during the commit is given it only when few units are
    // stored already (STORED_SAMPLE); one that folded it as it was staged always is.
    const readable = (during: StageReader | undefined): during is StageReader => during !== undefined
      && (during.stamp !== undefined || stored(`(SELECT * FROM ${table} ORDER BY rowid LIMIT ${STORED_SAMPLE})`) === 0) && during.wants(rows);
    let open = true;
    const drop = () => {
      if (!open) return;
      open = false;
      try {
        // The last open stage goes with its file (closeStage): dropping its table first would
        // only rewrite that file on the event loop (66-123 ms at 100k units under load 7).
        if (this.stageDir === undefined || this.openStages > 1) db.exec(`DROP TABLE IF EXISTS ${table}`);
      } finally {
        this.closeStage();
      }
    };
    const ensureOpen = () => {
      if (!open) throw new Error('the bulk write is already committed or aborted');
    };
    const write: BulkUnitWrite = {
      async stage(units, refs) {
        ensureOpen();
        return stageMany(units, refs);
      },
      async preview() {
        ensureOpen();
        await settle();
        const { total, existing } = counts();
        return { created: total - existing, updated: existing };
      },
      async commit(during) {
        ensureOpen();
        try {
          await settle();
          if (!readable(during)) return stageCounts(await commitStage(table, memory, actor), false);
          const now = during.stamp ?? new Date().toISOString();
          const reading = () => during.read(stagePages(db, table, memory, now));
          // One connection in memory: the reader goes first. On disk it reads the stage while the
          // commit's worker writes; the stage is dropped only once both are done.
          if (!inWorker) await reading().catch(() => undefined);
          const [committed] = await Promise.allSettled([commitStage(table, memory, actor, now), inWorker ? reading() : undefined]);
          if (committed.status === 'rejected') throw committed.reason;
          return stageCounts(committed.value, true);
        } finally {
          drop();
        }
      },
      async abort() {
        const t = thread;
        thread = undefined;
        // Waits for the batch it writes (the stage has no journal to roll a killed one back).
        await t?.close().catch(() => t.terminate());
        drop();
      },
    };
    // On disk, another thread may stage through the stage worker (started here if it is not yet);
    // not with a test's own identity key, which cannot travel to the worker.
    if (stageDir !== undefined && this.keyOf === undefined) {
      write.stagePort = () => {
        ensureOpen();
        thread ??= startThread(stageDir);
        return thread.port();
      };
    }
    return write;
  }
}
