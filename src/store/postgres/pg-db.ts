/**
 * The PostgreSQL connection (the `postgres` driver; README "Scaling out" gives the measured
 * reason), its schema migrations, and the one way every adapter writes.
 *
 * Migrations are plain SQL files (`migrations/NNN-name.sql`), applied in order at start, each in
 * its own transaction, under a session advisory lock so that several nodes starting at once
 * apply each file exactly once; `schema_migrations` records the versions applied.
 *
 * Writes ({@link PgDb.write}) run in one transaction that first takes a transaction advisory
 * lock shared by every node, then appends one row to the change log and notifies
 * `caravan_changes` before it commits. The lock makes the log's sequence order the commit order
 * (a follower reading `seq > n` can never miss a row that commits later with a smaller number)
 * and makes the ids one bulk insert creates consecutive. It serialises writes across the
 * cluster, as the embedded store serialises them in one process; reads never take it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import { StoreUnavailableError } from '../../domain/errors.js';
import { PACKAGE_ROOT } from '../../version.js';
import { noteWriteSeq } from '../write-seq.js';

/** The driver's handle, with int8 (`bigint`) columns read as numbers: change sequences stay far below 2^53. */
export type Sql = postgres.Sql<{ bigint: number }>;
/** A transaction's handle (a pooled transaction, or a reserved connection inside BEGIN ... COMMIT). */
export type Tx = Sql;

/** Directory of the SQL migrations (read from the package, so a built `dist/` finds them too). */
export const MIGRATIONS_DIR = join(PACKAGE_ROOT, 'src', 'store', 'postgres', 'migrations');
/** The channel a committed write notifies, with its sequence as payload. */
export const CHANGES_CHANNEL = 'caravan_changes';
/** Advisory lock keys: one for migrations, one for writes (arbitrary, fixed, "CARAVAN" in ASCII). */
const MIGRATION_LOCK = 0x43415241_01;
const WRITE_LOCK = 0x43415241_02;
/** Connections per node: lookups and writes share them; a bulk import reserves one while it runs. */
const POOL_SIZE = 10;
/** Seconds to wait for a connection before a request fails as "database unavailable". */
const CONNECT_TIMEOUT_S = 5;

/**
 * Change kinds the followers act on: `units` lists unit ids whose current state (stored or gone)
 * the index must take, or the range of ids a bulk import created; `memory-dropped` names a deleted
 * memory. Other writes log their area (`documents`, `keys`, `meta`, `memories`) for `Caravan-Seq`.
 */
export const CHANGE_UNITS = 'units';
export const CHANGE_MEMORY_DROPPED = 'memory-dropped';

/** What a write changed, for the change log (`kind` names it; followers apply unit changes to their index). */
export interface ChangeInput {
  kind: string;
  memory?: string;
  ids?: readonly number[];
  from?: number;
  to?: number;
}

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

/** An open database: the driver handle and the write path. */
export class PgDb {
  readonly sql: Sql;

  constructor(readonly url: string, opts: { max?: number } = {}) {
    this.sql = postgres(url, {
      max: opts.max ?? POOL_SIZE,
      connect_timeout: CONNECT_TIMEOUT_S,
      onnotice: () => undefined,
      types: { bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) } },
    });
  }

  /**
   * Runs `fn` in a write transaction (see the module header); `fn` returns its result and what it
   * changed (undefined: nothing, no log row). The sequence of the change is noted for the request.
   * `on` is a reserved connection when the transaction needs its session (a bulk write's stage).
   */
  async write<T>(fn: (tx: Tx) => Promise<{ result: T; change?: ChangeInput | undefined }>, on: Sql = this.sql): Promise<T> {
    let seq = 0;
    const body = async (tx: Tx) => {
      await tx`SELECT pg_advisory_xact_lock(${WRITE_LOCK})`;
      const out = await fn(tx);
      if (out.change) seq = await appendChange(tx, out.change);
      return out.result;
    };
    const result = await (on === this.sql ? this.sql.begin((tx) => body(tx as unknown as Tx)) : inTransaction(on, body))
      .catch((err: unknown) => { throw translateError(err); });
    if (seq > 0) noteWriteSeq(seq);
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
    await this.sql.end({ timeout: 5 });
  }
}

/** Runs `fn` between BEGIN and COMMIT on a reserved connection (ROLLBACK when it throws). */
async function inTransaction<T>(conn: Sql, fn: (tx: Tx) => Promise<T>): Promise<T> {
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

/** Appends a change inside a write transaction and notifies followers at commit; returns its sequence. */
async function appendChange(tx: Tx, c: ChangeInput): Promise<number> {
  // One round trip: the row and its notification (delivered at commit).
  const [row] = await tx<{ seq: number }[]>`WITH c AS (INSERT INTO changes (kind, memory, ids, id_from, id_to)
    VALUES (${c.kind}, ${c.memory ?? null}, ${c.ids ? tx.array([...c.ids]) : null}::integer[], ${c.from ?? null}, ${c.to ?? null}) RETURNING seq)
    SELECT seq, pg_notify(${CHANGES_CHANNEL}, seq::text) FROM c`;
  return (row as { seq: number }).seq;
}
