/**
 * Follows the shared store's change log (issue 13, several nodes) and applies it to this node's
 * TM index and term base (glossary settings and recognizer), so that a unit or a term written on
 * any node is found by lookups on every node. One reader of the log per node serves both.
 *
 * Start: take the log's position (and record it, so the log is not pruned of what this node has
 * yet to read), then build the index and load the term base from the store (the snapshot), then
 * apply every change that committed after that position. The build reads a state at least as new as the
 * position, and {@link TmService.applyChange} takes the current state of the units a change
 * names (so does the term base, see GlossaryService.follow), so a change the build already saw does no harm. Changes this process wrote itself are
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
 *
 * A `keys` record written by another node (a key created, revoked, or its scope narrowed) is
 * passed on to `keysChanged`, which moves the key store's version: the keys this node keeps
 * (services/keys.ts) are read again at their next use, so a key revoked on one node stops
 * working on the others within the follower's delay (a notification, or {@link POLL_MS}).
 *
 * Likewise a `memories` or `memory-dropped` record (a memory created, changed or deleted on
 * another node) is passed on to `memoriesChanged`, which moves the memory store's version: the
 * memory list this node keeps for lookups (memories.ts) is read again at its next use.
 *
 * Every {@link CHECKPOINT_MS} the follower records its position, and the log is pruned of what
 * every live node has applied (pg-changes.ts). A node told that changes it had not read were
 * pruned (it was away longer than the retention) stays not ready and says it must be restarted.
 */
import type { Logger } from 'pino';
import type { ChangeFeed, ChangeRecord, LogPosition } from '../../store/types.js';
import type { IndexChange, TmService } from './tm.js';

/** Polling interval: bounds the lag when a notification is lost, and how soon an outage or a recovery is noticed. */
const POLL_MS = 500;

/** How often this node records its position in the log (and the log is pruned): a few rows per checkpoint at 200 writes/s. */
const CHECKPOINT_MS = 10_000;

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

/** A term-base change as the log records it: entries whose current state to take, or a glossary changed or dropped. */
export type TermChange = { kind: 'entries'; glossary: string; ids: string[] } | { kind: 'glossary' | 'glossary-dropped'; glossary: string };

/** The term base of a node, as the follower keeps it in step (GlossaryService). */
export interface TermFollower {
  /** Loads glossaries and the recognizer from the store (the snapshot). */
  warm(): Promise<void>;
  /** Applies changes other nodes wrote, in order. */
  follow(changes: readonly TermChange[]): Promise<void>;
}

/** The term-base changes a log record asks for. */
export function termChanges(c: ChangeRecord): TermChange[] {
  if (c.glossary === null) return [];
  if (c.kind === 'entries') return c.entries && c.entries.length ? [{ kind: 'entries', glossary: c.glossary, ids: c.entries }] : [];
  return c.kind === 'glossary' || c.kind === 'glossary-dropped' ? [{ kind: c.kind, glossary: c.glossary }] : [];
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
  private lost = false;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private reachable = false;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private waiters: { seq: number; done: (ok: boolean) => void }[] = [];

  constructor(private readonly feed: ChangeFeed, private readonly tm: TmService, private readonly logger?: Logger, private readonly terms?: TermFollower,
    private readonly keysChanged?: () => void, private readonly memoriesChanged?: () => void) {}

  /** Takes the snapshot (see the module header), subscribes, and catches up; resolves when the node is ready. */
  async start(): Promise<void> {
    const position = await this.feed.position();
    await this.feed.checkpoint(position);
    await this.tm.warm();
    await this.terms?.warm();
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
    this.checkpointTimer = setInterval(() => void this.checkpoint(), CHECKPOINT_MS);
    this.checkpointTimer.unref();
    await this.wake();
  }

  ready(): boolean {
    return this.started && this.reachable && this.caughtUp && !this.lost;
  }

  /** Records this node's position and lets the log be pruned (see the module header). */
  async checkpoint(): Promise<void> {
    try {
      const { lost } = await this.feed.checkpoint(this.position);
      if (lost && !this.lost) this.logger?.error('changes this node had not applied were pruned from the change log (it was away longer than CARAVAN_CHANGE_RETENTION); restart it to load a fresh snapshot');
      this.lost ||= lost;
    } catch (err) {
      this.logger?.warn({ err }, 'cannot record this node\'s position in the change log');
    }
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
      const others = changes.filter((c) => c.origin !== this.feed.origin);
      if (others.some((c) => c.kind === 'keys')) this.keysChanged?.();
      if (others.some((c) => c.kind === 'memories' || c.kind === 'memory-dropped')) this.memoriesChanged?.();
      for (const change of coalesce(others.flatMap(indexChanges))) {
        await this.tm.applyChange(change);
      }
      const terms = others.flatMap(termChanges);
      if (terms.length && this.terms) await this.terms.follow(terms);
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
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    this.started = false;
    await this.running;
    await this.unlisten?.().catch(() => undefined);
    await this.feed.leave().catch(() => undefined);
    for (const w of this.waiters) w.done(false);
    this.waiters = [];
  }
}
