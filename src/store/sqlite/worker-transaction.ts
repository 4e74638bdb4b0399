/**
 * One write transaction of SQLite statements run on a second connection in a worker thread, so
 * that a long transaction (the commit of a bulk import: 100k-1M rows) never holds the event loop.
 *
 * Why a second connection works (https://sqlite.org/wal.html): in WAL mode readers on the main
 * connection keep reading the last committed state while the worker writes; the worker's
 * transaction is `BEGIN IMMEDIATE`, so it takes the one write lock at its start and waits (in
 * the worker, under its own busy timeout) for a write of the main connection to finish. What
 * commits is all or nothing, as on the main connection: a killed process leaves an uncommitted
 * WAL tail that SQLite discards on the next open. A write of the main connection made while the
 * worker holds the lock would wait in SQLite's busy handler (`busy_timeout`, database.ts), which
 * blocks its thread: the stores' writes therefore wait asynchronously in the connection's write
 * gate (write-gate.ts), which a long worker transaction holds.
 *
 * The worker (transaction-worker.ts, started by `startWorker`, so it runs from `dist/` and under
 * vitest alike) runs a plan of statements built on the main thread with {@link runSteps}. An error in the worker comes back as a
 * `SqliteError` with SQLite's code, so a full disk still answers 507.
 */
import Database from 'better-sqlite3';
import { startWorker } from '../../worker-run.js';
import type { TransactionAnswer } from './transaction-worker.js';
import type { SqliteDb } from './database.js';

/**
 * A statement of a plan: `get` returns its first row, `column` the first column of every row
 * (integers, as an Int32Array), otherwise its number of changed rows.
 */
export interface PlanStep {
  sql: string;
  params: readonly (string | number | null)[];
  get?: boolean;
  column?: boolean;
  /** With `get`: when it finds no row, the transaction fails with an error of this code (nothing is written). */
  required?: string;
}

/** A transaction to run on its own connection to `file`. */
export interface TransactionPlan {
  /** The database file (the main connection's `db.name`). */
  file: string;
  /** A database to attach first (the stage of a bulk import). */
  attach?: { file: string; schema: string };
  /** Pragmas for the worker's connection, as `name = value`. */
  pragmas: readonly string[];
  steps: readonly PlanStep[];
  /**
   * Checkpoint the WAL after the transaction has committed and been answered (with
   * `wal_autocheckpoint = 0` among the pragmas, so that the COMMIT does not do it first).
   */
  checkpointAfter?: boolean;
}

/** A step's result: the first row of a `get`, the column of a `column`, or the number of rows a `run` changed. */
export type StepResult = Record<string, unknown> | undefined | number | Int32Array;

/**
 * How long the worker waits for a write of the main connection before giving up: main-thread
 * writes are short (milliseconds), so a minute means something is wrong, not busy.
 */
export const WORKER_BUSY_TIMEOUT_MS = 60_000;

/** Runs a plan's steps on `db` (inside the caller's transaction): the in-memory store's path. */
export function runSteps(db: SqliteDb, steps: readonly PlanStep[]): StepResult[] {
  return steps.map((s) => {
    const stmt = db.prepare(s.sql);
    if (s.column) return Int32Array.from(stmt.pluck().all(...s.params) as number[]);
    if (!s.get) return stmt.run(...s.params).changes;
    const row = stmt.get(...s.params) as Record<string, unknown> | undefined;
    if (row === undefined && s.required !== undefined) throw Object.assign(new Error(`a row the plan requires is missing: ${s.sql}`), { code: s.required });
    return row;
  });
}

/** Runs `plan` in one transaction on a new connection in a worker thread; resolves when it has committed. */
export function runInWorker(plan: TransactionPlan): Promise<StepResult[]> {
  const worker = startWorker(new URL('./transaction-worker.js', import.meta.url), { workerData: plan });
  return new Promise<StepResult[]>((resolve, reject) => {
    let settled = false;
    worker.once('message', (m: TransactionAnswer) => {
      settled = true;
      if ('error' in m) reject(new Database.SqliteError(m.error.message, m.error.code));
      else resolve(m.results);
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the commit worker exited (code ${code}) before its transaction finished`));
    });
  });
}
