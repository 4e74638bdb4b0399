/**
 * Follows the shared store's change log (issue 13, several nodes) and applies it to this node's
 * TM index, so that a unit written on any node is found by lookups on every node.
 *
 * Start: take the log's position, then build the index from the store (the snapshot), then apply
 * every change that committed after that position. The build reads a state at least as new as the
 * position, and {@link TmService.applyChange} takes the current state of the units a change
 * names, so a change the build already saw does no harm. Changes this process wrote itself are
 * skipped: the TM service applied them to its index when they committed (every unit write of a
 * node goes through it).
 *
 * The log is read by snapshot (pg-changes.ts), so writes on several nodes commit in any order and
 * none is missed. The position this node has applied is what `Caravan-Min-Seq` waits on: a
 * write's sequence is its transaction id, applied once that transaction had finished at a
 * position this node has applied.
 *
 * Waking: a notification after each commit wakes the follower at once; it also polls every
 * {@link POLL_MS}, which covers a lost notification and a listening connection that is down,
 * and tells whether the database answers at all. The node is ready when it has applied what its
 * last successful read returned; while the database is away it is not ready (503 on
 * `/health/ready`) and catches up by itself when the database comes back.
 */
import type { Logger } from 'pino';
import type { ChangeFeed, ChangeRecord, LogPosition } from '../../store/types.js';
import type { IndexChange, TmService } from './tm.js';

/** Polling interval: bounds the lag when a notification is lost, and how soon an outage or a recovery is noticed. */
const POLL_MS = 500;

/** Unit ids read back per store call when runs of changes are joined (a catch-up after an outage may hold many). */
const MAX_RUN_IDS = 5_000;

/** What this node has applied of the log, and whether it is ready to serve. */
export interface SyncState {
  /** Ready for a load balancer: index built, caught up, database reachable. */
  ready(): boolean;
  /** A sequence such that this one and every earlier one are applied here (0 before any). */
  applied(): number;
  /** Resolves true once the write with sequence `seq` is applied here, false after `timeoutMs`. */
  waitFor(seq: number, timeoutMs: number): Promise<boolean>;
}

/** The index changes a log record asks for. */
export function indexChanges(c: ChangeRecord): IndexChange[] {
  if (c.kind === 'memory-dropped' && c.memory !== null) return [{ kind: 'memory-dropped', memory: c.memory }];
  if (c.kind !== 'units') return [];
  const out: IndexChange[] = [];
  if (c.ids && c.ids.length) out.push({ kind: 'units', ids: c.ids });
  if (c.from !== null && c.to !== null) out.push({ kind: 'created', from: c.from, to: c.to });
  return out;
}

/**
 * Joins runs of `units` changes into one (one read of the store for a run): the index takes the
 * units' current state, so within a run their order does not matter. Bulk ranges and dropped
 * memories keep their place between the runs.
 */
export function coalesce(changes: readonly IndexChange[]): IndexChange[] {
  const steps: (IndexChange | Set<number>)[] = [];
  for (const c of changes) {
    const last = steps[steps.length - 1];
    if (c.kind !== 'units') steps.push(c);
    else if (last instanceof Set && last.size < MAX_RUN_IDS) for (const id of c.ids) last.add(id);
    else steps.push(new Set(c.ids));
  }
  return steps.map((s) => (s instanceof Set ? { kind: 'units', ids: [...s] } : s));
}

/** True when the write with sequence (transaction id) `seq` had finished at `p`. */
function covers(p: LogPosition, seq: number): boolean {
  return seq < p.xmax && !p.running.includes(seq);
}

/** Applies the change log to a TM service's index. */
export class ChangeFollower implements SyncState {
  private position: LogPosition = { xmin: 0, xmax: 0, running: [] };
  private started = false;
  private caughtUp = false;
  private reachable = false;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private waiters: { seq: number; done: (ok: boolean) => void }[] = [];

  constructor(private readonly feed: ChangeFeed, private readonly tm: TmService, private readonly logger?: Logger) {}

  /** Takes the snapshot (see the module header), subscribes, and catches up; resolves when the node is ready. */
  async start(): Promise<void> {
    const position = await this.feed.position();
    await this.tm.warm();
    this.position = position;
    this.started = true;
    this.reachable = true;
    try {
      this.unlisten = await this.feed.listen(() => void this.wake());
    } catch (err) {
      this.logger?.warn({ err }, 'LISTEN failed; following the change log by polling only');
    }
    this.timer = setInterval(() => void this.wake(), POLL_MS);
    this.timer.unref();
    await this.wake();
  }

  ready(): boolean {
    return this.started && this.reachable && this.caughtUp;
  }

  applied(): number {
    return Math.max(0, this.position.xmin - 1);
  }

  waitFor(seq: number, timeoutMs: number): Promise<boolean> {
    if (covers(this.position, seq)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiter = { seq, done: (ok: boolean) => { clearTimeout(timer); resolve(ok); } };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
      void this.wake();
    });
  }

  /** Reads and applies what is new; one run at a time, and one more if woken meanwhile. */
  private wake(): Promise<void> {
    if (!this.started) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.catchUp();
      } while (this.again);
    })().finally(() => { this.running = undefined; });
    return this.running;
  }

  private async catchUp(): Promise<void> {
    try {
      const { changes, position } = await this.feed.since(this.position);
      if (!this.reachable) this.logger?.info({ applied: this.applied() }, 'the database is back; catching up');
      this.reachable = true;
      for (const change of coalesce(changes.filter((c) => c.origin !== this.feed.origin).flatMap(indexChanges))) {
        await this.tm.applyChange(change);
      }
      this.position = position;
      this.caughtUp = true;
      this.release();
    } catch (err) {
      if (this.reachable) this.logger?.warn({ err }, 'cannot read the change log; not ready until the database answers');
      this.reachable = false;
    }
  }

  private release(): void {
    if (!this.waiters.some((w) => covers(this.position, w.seq))) return;
    const due = this.waiters.filter((w) => covers(this.position, w.seq));
    this.waiters = this.waiters.filter((w) => !covers(this.position, w.seq));
    for (const w of due) w.done(true);
  }

  /** Stops following. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.started = false;
    await this.running;
    await this.unlisten?.().catch(() => undefined);
    for (const w of this.waiters) w.done(false);
    this.waiters = [];
  }
}
