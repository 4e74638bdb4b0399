/**
 * Follows the shared store's change log (issue 13, several nodes) and applies it to this node's
 * TM index, so that a unit written on any node is found by lookups on every node.
 *
 * Start: read the log's head, then build the index from the store (the snapshot), then apply
 * every change after that head. The build reads a state at least as new as the head, and
 * {@link TmService.applyChange} takes the current state of the units a change names, so changes
 * applied twice or after the snapshot already saw them do no harm.
 *
 * Waking: a NOTIFY on each commit wakes the follower at once; it also polls by sequence every
 * {@link POLL_MS}, which covers a lost notification and a listening connection that is down,
 * and tells whether the database answers at all. The node is ready when it has applied the head
 * of its last successful poll; while the database is away it is not ready (503 on
 * `/health/ready`) and catches up by itself when the database comes back.
 */
import type { Logger } from 'pino';
import type { ChangeFeed, ChangeRecord } from '../../store/types.js';
import type { IndexChange, TmService } from './tm.js';

/** Polling interval: bounds the lag when a notification is lost, and how soon an outage or a recovery is noticed. */
const POLL_MS = 500;
/** Changes read from the log at a time. */
const BATCH = 500;

/** What this node has applied of the log, and whether it is ready to serve. */
export interface SyncState {
  /** Ready for a load balancer: index built, caught up, database reachable. */
  ready(): boolean;
  /** The last change applied to this node's index (0 before any). */
  applied(): number;
  /** Resolves true once change `seq` is applied here, false after `timeoutMs`. */
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

/** Applies the change log to a TM service's index. */
export class ChangeFollower implements SyncState {
  private seq = 0;
  private head = 0;
  private started = false;
  private reachable = false;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private waiters: { seq: number; done: (ok: boolean) => void }[] = [];

  constructor(private readonly feed: ChangeFeed, private readonly tm: TmService, private readonly logger?: Logger) {}

  /** Takes the snapshot (see the module header), subscribes, and catches up; resolves when the node is ready. */
  async start(): Promise<void> {
    const head = await this.feed.head();
    await this.tm.warm();
    this.seq = this.head = head;
    this.started = true;
    this.reachable = true;
    try {
      this.unlisten = await this.feed.listen(() => this.wake());
    } catch (err) {
      this.logger?.warn({ err }, 'LISTEN failed; following the change log by polling only');
    }
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.timer.unref();
    await this.wake();
  }

  ready(): boolean {
    return this.started && this.reachable && this.seq >= this.head;
  }

  applied(): number {
    return this.seq;
  }

  waitFor(seq: number, timeoutMs: number): Promise<boolean> {
    if (this.seq >= seq) return Promise.resolve(true);
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
      for (;;) {
        const batch = await this.feed.after(this.seq, BATCH);
        if (!this.reachable) this.logger?.info({ applied: this.seq }, 'the database is back; catching up');
        this.reachable = true;
        for (const c of batch) {
          for (const change of indexChanges(c)) await this.tm.applyChange(change);
          this.seq = c.seq;
          this.release();
        }
        if (batch.length < BATCH) break;
      }
      this.head = Math.max(this.head, this.seq);
    } catch (err) {
      if (this.reachable) this.logger?.warn({ err }, 'cannot read the change log; not ready until the database answers');
      this.reachable = false;
    }
  }

  private release(): void {
    if (!this.waiters.some((w) => w.seq <= this.seq)) return;
    const [due, rest] = [this.waiters.filter((w) => w.seq <= this.seq), this.waiters.filter((w) => w.seq > this.seq)];
    this.waiters = rest;
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
