/**
 * The worker thread of {@link runInWorker} (worker-transaction.ts): opens its own connection to
 * the database, attaches the stage if asked, runs the plan's steps in one `BEGIN IMMEDIATE`
 * transaction with `runSteps`, answers `{ results }` or `{ error }` with SQLite's code, and ends.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { type StepResult, type TransactionPlan, WORKER_BUSY_TIMEOUT_MS, runSteps } from './worker-transaction.js';

/** The worker's one answer. */
export type TransactionAnswer = { results: StepResult[] } | { error: { message: string; code: string } };

function run(plan: TransactionPlan): StepResult[] {
  const db = new Database(plan.file, { timeout: WORKER_BUSY_TIMEOUT_MS });
  try {
    for (const p of plan.pragmas) db.pragma(p);
    if (plan.attach) db.prepare(`ATTACH DATABASE ? AS ${plan.attach.schema}`).run(plan.attach.file);
    return db.transaction(() => runSteps(db, plan.steps)).immediate();
  } finally {
    db.close();
  }
}

if (parentPort) {
  let answer: TransactionAnswer;
  try {
    answer = { results: run(workerData as TransactionPlan) };
  } catch (err) {
    const e = err as { message?: unknown; code?: unknown };
    answer = { error: { message: String(e.message), code: String(e.code ?? 'SQLITE_ERROR') } };
  }
  parentPort.postMessage(answer);
}
