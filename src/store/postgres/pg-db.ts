/**
 * The PostgreSQL connection (the `postgres` driver; README "Scaling out" gives the measured
 * reason), its schema migrations, and the one way every adapter writes.
 *
 * Migrations are plain SQL files (`migrations/NNN-name.sql`), applied in order at start, each in
 * its own transaction, under a session advisory lock so that several nodes starting at once
 * apply each file exactly once; `schema_migrations` records the versions applied.
 *
 * Writes ({@link PgDb.write}) run in one transaction that appends what it changed to the change
 * log (pg-changes.ts) before it commits; the transaction's id is the write's `Caravan-Seq`. No
 * lock is shared by all writers: followers read the log by snapshot, so rows may commit in any
 * order (the first version took a cluster-wide advisory lock to make the log's order the commit
 * order, and every commit then waited for the one before it to reach the disk: 21 writes/s). Writers
 * wake followers through a coalescing notifier after they commit, not with a NOTIFY inside the
 * transaction: PostgreSQL serialises the commits of transactions that NOTIFY (a global lock held
 * until the commit is flushed), which would put the same queue back.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { StoreUnavailableError } from '../../domain/errors.js';
import { PACKAGE_ROOT } from '../../version.js';
import { noteWriteSeq } from '../write-seq.js';
import { appendChanges, type ChangeInput, Notifier } from './pg-changes.js';

/** The driver's handle, with int8 (`bigint`) columns read as numbers: change sequences stay far below 2^53. */
export type Sql = postgres.Sql<{ bigint: number }>;
/** A transaction's handle (a pooled transaction, or a reserved connection inside BEGIN ... COMMIT). */
export type Tx = postgres.ISql<{ bigint: number }>;
/** A connection reserved from the pool (a bulk write's session). */
export type Reserved = postgres.ReservedSql<{ bigint: number }>;

/** Directory of the SQL migrations (read from the package, so a built `dist/` finds them too). */
export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'src', 'store', 'postgres', 'migrations');
/** Advisory lock key of migrations (arbitrary, fixed, "CARAVAN" in ASCII). */
const MIGRATION_LOCK = 0x43415241_01;
/** Connections per node: lookups and writes share them; a bulk import reserves one while it runs. */
const POOL_SIZE = 10;
/** Seconds to wait for a connection before a request fails as "database unavailable". */
const CONNECT_TIMEOUT_S = 5;

/** One migration file. */
export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/** The migration files in version order. */
export function pgMigrations(dir: string = MIGRATIONS_DIR): PgMigration[] {
  return readdirSync(dir).filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f)).sort()
    .map((f) => ({ version: Number(f.slice(0, 3)), name: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/** Connection failures (refused, reset, server shutting down or starting): the database is away, not the request wrong. */
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EPIPE', 'CONNECTION_CLOSED',
  'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

/** True when `err` says the database cannot be reached. */
export function isUnavailable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && UNAVAILABLE_CODES.has(String((err as { code?: unknown }).code));
}

/** `err` as a StoreUnavailableError when the database is away; otherwise unchanged. */
export function translateError(err: unknown): unknown {
  return isUnavailable(err) ? new StoreUnavailableError(`the database is unavailable (${(err as { code: string }).code})`) : err;
}

/** `target` with every promise-returning method's connection failures translated (the database away: StoreUnavailableError, answered 503). */
export function guard<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value: unknown = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const out: unknown = (value as (...a: unknown[]) => unknown).apply(obj, args);
        return out instanceof Promise ? out.catch((err: unknown) => { throw translateError(err); }) : out;
      };
    },
  });
}

/** Driver options shared by the pool and the notifier's connection. */
function driverOptions(max: number): postgres.Options<{ bigint: postgres.PostgresType<number> }> {
  return {
    max,
    connect_timeout: CONNECT_TIMEOUT_S,
    onnotice: () => undefined,
    types: { bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) } },
  };
}

/** An open database: the driver handle and the write path. */
export class PgDb {
  readonly sql: Sql;
  /** This process's name in the change log, so its follower can skip what it applied itself. */
  readonly origin = randomUUID();
  private readonly notifier: Notifier;

  constructor(readonly url: string, opts: { max?: number } = {}) {
    this.sql = postgres(url, driverOptions(opts.max ?? POOL_SIZE));
    // Notifications need no durable commit: `synchronous_commit=off` keeps the global NOTIFY lock short.
    this.notifier = new Notifier(postgres(url, { ...driverOptions(1), connection: { synchronous_commit: 'off' } }));
  }

  /**
   * Runs `fn` in a write transaction (see the module header); `fn` returns its result and what it
   * changed (nothing or an empty list: no log row). The transaction id is noted for the request's
   * `Caravan-Seq`, and followers are woken once it has committed. `on` is a reserved connection
   * when the transaction needs its session (a bulk write's stage).
   */
  async write<T>(fn: (tx: Tx) => Promise<{ result: T; change?: ChangeInput | readonly ChangeInput[] | undefined }>, on: Sql | Reserved = this.sql): Promise<T> {
    let seq = 0;
    const body = async (tx: Tx) => {
      const out = await fn(tx);
      const changes = out.change === undefined ? [] : Array.isArray(out.change) ? out.change : [out.change as ChangeInput];
      if (changes.length) seq = await appendChanges(tx, this.origin, changes);
      return out.result;
    };
    const result = await (on === this.sql ? this.sql.begin((tx) => body(tx as unknown as Tx)) : inTransaction(on, body))
      .catch((err: unknown) => { throw translateError(err); });
    if (seq > 0) {
      noteWriteSeq(seq);
      this.notifier.poke();
    }
    return result as T;
  }

  /** Applies the migrations not applied yet, under the migration lock; returns the schema version. */
  async migrate(migrations: PgMigration[] = pgMigrations()): Promise<number> {
    const conn = await this.sql.reserve();
    try {
      await conn`SELECT pg_advisory_lock(${MIGRATION_LOCK})`;
      await conn`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;
      const [row] = await conn<{ v: number | null }[]>`SELECT max(version) AS v FROM schema_migrations`;
      const current = row?.v ?? 0;
      const latest = migrations[migrations.length - 1]?.version ?? 0;
      if (current > latest) throw new Error(`the database schema (version ${current}) is newer than this Caravan (version ${latest})`);
      for (const m of migrations.filter((x) => x.version > current)) {
        await conn.unsafe('BEGIN');
        try {
          await conn.unsafe(m.sql);
          await conn`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${m.name})`;
          await conn.unsafe('COMMIT');
        } catch (err) {
          await conn.unsafe('ROLLBACK');
          throw err;
        }
      }
      await conn`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`;
      return Math.max(current, latest);
    } finally {
      conn.release();
    }
  }

  async close(): Promise<void> {
    await this.notifier.close();
    await this.sql.end({ timeout: 5 });
  }
}

/** Runs `fn` between BEGIN and COMMIT on a reserved connection (ROLLBACK when it throws). */
async function inTransaction<T>(conn: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  await conn.unsafe('BEGIN');
  try {
    const out = await fn(conn);
    await conn.unsafe('COMMIT');
    return out;
  } catch (err) {
    await conn.unsafe('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
