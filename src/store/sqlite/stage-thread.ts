/**
 * The main thread's side of a stage worker (stage-worker.ts): batches go to the worker in order
 * and each call resolves with its batch's repeats when the worker has staged it, so the caller
 * can go on parsing while earlier batches are written. A worker that fails (an SQLite error, a
 * crash, an exit) rejects every batch still waiting and every later one; the caller aborts its
 * bulk write, whose stage is then dropped, so nothing of it is ever committed.
 */
import Database from 'better-sqlite3';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import type { NewUnit } from '../../domain/tm/unit.js';
import { startWorker } from '../../worker-run.js';
import type { StagedRepeat } from '../types.js';
import type { StageAnswer, StageJob, StageRequest } from './stage-worker.js';

interface Waiting {
  resolve: (answer: StageAnswer) => void;
  reject: (err: Error) => void;
}

/** A stage worker, started on `job`. */
export class StageThread {
  private readonly worker: Worker;
  private readonly waiting: Waiting[] = [];
  private failure: Error | undefined;
  private ended = false;
  private closing = false;

  constructor(job: StageJob) {
    this.worker = startWorker(new URL('./stage-worker.js', import.meta.url), { workerData: job });
    this.worker.on('message', (m: StageAnswer) => this.waiting.shift()?.resolve(m));
    this.worker.once('error', (err) => this.fail(err));
    this.worker.once('exit', (code) => {
      this.ended = true;
      if (!this.closing || this.waiting.length > 0) this.fail(new Error(`the stage worker exited (code ${code}) before its batches were staged`));
    });
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const w of this.waiting.splice(0)) w.reject(this.failure);
  }

  private send(request: StageRequest): Promise<StageAnswer> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<StageAnswer>((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.worker.postMessage(request);
    });
  }

  /** Stages a batch; resolves with its repeats once the worker has written it. */
  async stage(units: NewUnit[], refs?: readonly number[]): Promise<StagedRepeat[]> {
    const answer = await this.send(refs ? { units, refs: [...refs] } : { units });
    if ('error' in answer) {
      const err = new Database.SqliteError(answer.error.message, answer.error.code);
      this.failure ??= err;
      throw err;
    }
    return 'repeats' in answer ? answer.repeats : [];
  }

  /** A port another thread stages through (stage-worker.ts), answered by the worker directly. */
  port(): MessagePort {
    const { port1, port2 } = new MessageChannel();
    this.worker.postMessage({ port: port2 } satisfies StageRequest, [port2]);
    return port1;
  }

  /**
   * Waits for every batch sent, closes the worker's connection and ends the worker; rejects
   * with the worker's failure, if it failed at any point.
   */
  async close(): Promise<void> {
    if (!this.ended && !this.closing) {
      this.closing = true;
      const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
      await this.send({ close: true });
      await exited;
    }
    if (this.failure) throw this.failure;
  }

  /** Ends the worker at once (its stage is being dropped). */
  async terminate(): Promise<void> {
    this.closing = true;
    if (!this.ended) await this.worker.terminate();
  }
}
