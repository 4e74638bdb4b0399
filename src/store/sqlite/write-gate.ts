/**
 * The order of writes on one SQLite database between the main connection and a worker's
 * transaction that holds the write lock for long (the commit of a bulk TM import: 1M units take
 * tens of seconds, worker-transaction.ts).
 *
 * better-sqlite3 is synchronous: a write of the main connection made while a worker holds the
 * lock waits in SQLite's busy handler, which sleeps on the thread that called it, the event
 * loop's. A term saved during a 1M-unit commit used to hold every request of the server (lookups,
 * `/health`) until the commit ended. Here the stores run each write of the main connection
 * through {@link WriteGate.write}: while a long worker transaction holds the gate
 * ({@link WriteGate.exclusive}), the write waits asynchronously and runs, in arrival order, as
 * soon as the worker has committed or rolled back; the event loop goes on serving reads (WAL:
 * they see the last committed state).
 *
 * `write` runs its function in the same turn as it finds the gate open, so no long transaction
 * can start in between; its function must be synchronous (one SQLite transaction or statement).
 * Work that writes in several turns (a glossary deleted in chunks) passes each chunk through the
 * gate. Short worker transactions (the term-base import's 40 ms chunks) do not take the gate:
 * a write waits for one of them in the busy handler for a few milliseconds.
 */
import type { SqliteDb } from './database.js';

/** Writes of one database, held back asynchronously while a worker's long transaction runs. */
export class WriteGate {
  private holders = 0;
  private opened: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;

  /** True while a long worker transaction holds the gate. */
  get held(): boolean {
    return this.holders > 0;
  }

  /** Runs the synchronous write `run` as soon as no long transaction holds the gate. */
  async write<T>(run: () => T): Promise<T> {
    while (this.holders > 0) await this.opened;
    return run();
  }

  /**
   * Holds the gate while `run` (a worker's transaction) is in flight: writes of the main
   * connection issued meanwhile wait for it to settle instead of blocking the event loop.
   */
  async exclusive<T>(run: () => Promise<T>): Promise<T> {
    if (this.holders++ === 0) this.opened = new Promise((resolve) => (this.open = resolve));
    try {
      return await run();
    } finally {
      if (--this.holders === 0) this.open();
    }
  }
}

const gates = new WeakMap<SqliteDb, WriteGate>();

/** The write gate of a database connection (one per connection, shared by its stores). */
export function gateOf(db: SqliteDb): WriteGate {
  let gate = gates.get(db);
  if (gate === undefined) gates.set(db, (gate = new WriteGate()));
  return gate;
}
