/**
 * The worker thread that applies a committing term-base import (sqlite-termbase-import.ts) on a
 * connection of its own to the WAL database, so that the apply's transactions, their commits and
 * the garbage they leave (some 200,000 rows for 20,000 concepts: entries, term index, Chinese
 * keys, FTS5 segments, history) no longer hold the event loop between requests (issue 11). It runs
 * the very chunks the main thread ran (`applyChunk`: one transaction each, the staged writes it
 * applied deleted in the same transaction, the last one synced), so a process killed meanwhile
 * leaves the import `committing` and opening the database finishes it, as before; the main
 * connection's writes wait at most one chunk for the lock.
 *
 * Protocol: the job comes as `workerData` ({@link ApplyJob}); one message goes back,
 * `{ done: true }` or `{ error }` with SQLite's code, and the worker ends.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { applyChunk, firstClock } from './sqlite-termbase-import.js';
import { EntryRows } from './sqlite-termbase-rows.js';
import { WORKER_BUSY_TIMEOUT_MS } from './worker-transaction.js';

/** What the worker applies. */
export interface ApplyJob {
  /** The database file (the main connection's `db.name`). */
  file: string;
  importId: number;
  glossary: string;
}

/** The worker's one answer. */
export type ApplyAnswer = { done: true } | { error: { message: string; code: string } };

function run(job: ApplyJob): ApplyAnswer {
  const db = new Database(job.file, { timeout: WORKER_BUSY_TIMEOUT_MS });
  try {
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    const rows = new EntryRows(db);
    const clock = firstClock();
    while (applyChunk(db, rows, job.importId, job.glossary, clock));
    return { done: true };
  } finally {
    db.close();
  }
}

if (parentPort) {
  let answer: ApplyAnswer;
  try {
    answer = run(workerData as ApplyJob);
  } catch (err) {
    const e = err as { message?: unknown; code?: unknown };
    answer = { error: { message: String(e.message), code: String(e.code ?? 'SQLITE_ERROR') } };
  }
  parentPort.postMessage(answer);
}
