/**
 * The worker thread of {@link runInWorker} (worker-transaction.ts): opens its own connection to
 * the database, attaches the stage if asked, runs the plan's steps in one `BEGIN IMMEDIATE`
 * transaction with `runSteps`, answers `{ results }` or `{ error }` with SQLite's code, checkpoints
 * the WAL after answering if the plan asks (`checkpointAfter`), and ends.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { type StepResult, type TransactionPlan, WORKER_BUSY_TIMEOUT_MS, runSteps } from './worker-transaction.js';

/** The worker's one answer. */
export type TransactionAnswer = { results: StepResult[] } | { error: { message: string; code: string } };

/**
 * Runs the plan and posts the answer; then, if the plan asks, copies the WAL into the database
 * (a passive checkpoint: it waits for no reader and no writer) before the connection closes.
 */
function run(plan: TransactionPlan, post: (answer: TransactionAnswer) => void): void {
  let db: Database.Database | undefined;
  try {
    db = new Database(plan.file, { timeout: WORKER_BUSY_TIMEOUT_MS });
    for (const p of plan.pragmas) db.pragma(p);
    if (plan.attach) db.prepare(`ATTACH DATABASE ? AS ${plan.attach.schema}`).run(plan.attach.file);
    const tx = db;
    const results = tx.transaction(() => runSteps(tx, plan.steps)).immediate();
    post({ results });
    if (plan.checkpointAfter) db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    const e = err as { message?: unknown; code?: unknown };
    post({ error: { message: String(e.message), code: String(e.code ?? 'SQLITE_ERROR') } });
  } finally {
    db?.close();
  }
}

if (parentPort) {
  const port = parentPort;
  let answered = false;
  // One answer only: a checkpoint that fails after the commit was answered fails nothing (the
  // next checkpoint copies what it left).
  run(workerData as TransactionPlan, (answer) => {
    if (answered) return;
    answered = true;
    port.postMessage(answer);
  });
}
