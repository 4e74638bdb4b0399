/**
 * The change log in PostgreSQL (issue 13): what every write appends, how nodes are woken, and how
 * a follower reads what committed since it last looked.
 *
 * A change row records the id of the transaction that wrote it (`xid`, PostgreSQL's
 * `pg_current_xact_id()`). Rows commit in any order, so a follower does not read "after sequence
 * n" (a row numbered below n that commits later would be missed); it reads by snapshot instead.
 * A position is a snapshot (`pg_current_snapshot()`: `xmin`, `xmax` and the transactions still
 * running). A read at a new snapshot S, taken in the same REPEATABLE READ transaction as the
 * rows, returns the rows of the transactions that were still open at the previous position: those
 * running then, or starting at or after its `xmax`. Every transaction finished at the previous
 * position had its rows read at that position or before; every one still open now is read later.
 * So no committed change is missed, none is read twice, and rolled-back ones are never seen.
 *
 * Order: within a read, rows are sorted by `seq`, drawn when the row is inserted, which is the
 * last statement of its transaction. Two writes that touch the same row serialise on its lock: the
 * second draws its `seq` after the first committed, so it sorts later, and it cannot be visible
 * at a snapshot where the first is not. Writes that touch nothing in common commute. A follower
 * therefore applies conflicting changes in commit order (tests/store/pg-change-log.test.ts).
 *
 * Waking: a write pokes a {@link Notifier} after its commit; followers also poll.
 *
 * Pruning: each follower records the position it has applied (`change_followers`, at start before
 * it loads its snapshot, then every few seconds), and the log keeps every change that a live node
 * (one heard of in the last NODE_TIMEOUT_S) has not read, and every change younger than the
 * retention; the rest is deleted. A node away for less than the retention therefore misses nothing. A memory's revision and last write are counted from the log (pg-memories.ts), so the
 * deletion folds the unit changes it removes into the memory's `revision` and `last_write`, in the
 * same statement. A node away for longer than the retention may have lost changes it had not read;
 * it learns so from `pruned_below` (the `meta` key below) and must load a fresh snapshot.
 */
import type { ChangeFeed, ChangeRecord, LogPosition } from '../types.js';
import type { Sql, Tx } from './pg-db.js';

/** How long changes are kept by default (CARAVAN_CHANGE_RETENTION): a node away for longer loads a fresh snapshot. */
export const DEFAULT_RETENTION_MS = 3_600_000;
/** Meta key: every change of a transaction below this id may have been pruned. */
const PRUNED_META = 'changes.pruned_below';
/** A node not heard of for this long no longer holds the log back (it checkpoints every few seconds while it runs). */
const NODE_TIMEOUT_S = 300;
/** Advisory lock key of pruning (one node prunes at a time; the others skip). */
const PRUNE_LOCK = 0x43415241_02;

/** The channel followers LISTEN on; a notification carries no payload (a follower reads the log). */
export const CHANGES_CHANNEL = 'caravan_changes';

/**
 * Change kinds the followers act on: `units` lists unit ids whose current state (stored or gone)
 * the index must take, or the range of ids a bulk import created; `memory-dropped` names a deleted
 * memory. Other writes log their area (`documents`, `keys`, `meta`, `memories`) for `Caravan-Seq`.
 */
export const CHANGE_UNITS = 'units';
export const CHANGE_MEMORY_DROPPED = 'memory-dropped';
/**
 * Term-base kinds: `entries` lists entry ids of `glossary` whose current state (stored or gone) the
 * recognizer must take; `glossary` says a glossary's settings changed (or it was created);
 * `glossary-dropped` that it was deleted with its entries.
 */
export const CHANGE_ENTRIES = 'entries';
export const CHANGE_GLOSSARY = 'glossary';
export const CHANGE_GLOSSARY_DROPPED = 'glossary-dropped';

/** What a write changed, for the change log (`kind` names it; followers apply unit changes to their index). */
export interface ChangeInput {
  kind: string;
  memory?: string;
  ids?: readonly number[];
  from?: number;
  to?: number;
  glossary?: string;
  entries?: readonly string[];
}

/**
 * Appends `changes` inside a write transaction, as its last statements; returns the transaction's
 * id (the write's `Caravan-Seq`). `at` is the write's time: a memory's last write is read from it.
 */
export async function appendChanges(tx: Tx, origin: string, changes: readonly ChangeInput[]): Promise<number> {
  const at = new Date().toISOString();
  // Issued together: the driver pipelines them on the transaction's connection, in order.
  const rows = await Promise.all(changes.map((c) => tx<{ xid: string }[]>`INSERT INTO changes (origin, at, kind, memory, ids, id_from, id_to, glossary, entries)
    VALUES (${origin}, ${at}, ${c.kind}, ${c.memory ?? null}, ${c.ids ? [...c.ids] : null}::integer[], ${c.from ?? null}, ${c.to ?? null},
      ${c.glossary ?? null}, ${c.entries ? [...c.entries] : null}::text[])
    RETURNING xid::text AS xid`));
  return Number(rows[0]?.[0]?.xid ?? 0);
}

/** A snapshot as `pg_current_snapshot()` prints it (`xmin:xmax:xip,...`). */
export function parsePosition(text: string): LogPosition {
  const [xmin = '0', xmax = '0', xip = ''] = text.split(':');
  return { xmin: Number(xmin), xmax: Number(xmax), running: xip ? xip.split(',').map(Number) : [] };
}

/** A change row as the driver returns it (`xid8` comes as text). */
type ChangeRow = Omit<ChangeRecord, 'xid'> & { xid: string };

/** Deletes what every live node has read and is older than `retentionMs` (see the module header); the rows deleted. */
export async function pruneChanges(sql: Sql, retentionMs: number): Promise<number> {
  return sql.begin(async (tx) => {
    const [lock] = await tx<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(${PRUNE_LOCK}) AS ok`;
    if (!lock?.ok) return 0;
    const cutoff = new Date(Date.now() - retentionMs).toISOString();
    await tx`DELETE FROM change_followers WHERE seen_at < now() - make_interval(secs => ${NODE_TIMEOUT_S})`;
    const [h] = await tx<{ horizon: string | null }[]>`SELECT min(applied_xmin)::text AS horizon FROM change_followers`;
    const [snap] = await tx<{ xmin: string }[]>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`;
    // Nothing still running may be pruned, nor what a live node has not read.
    const horizon = h?.horizon ?? snap?.xmin ?? '0';
    const [done] = await tx<{ n: number }[]>`WITH gone AS (DELETE FROM changes WHERE xid < ${horizon}::xid8 AND at < ${cutoff} RETURNING kind, memory, at),
      folded AS (UPDATE memories m SET revision = m.revision + f.n, last_write = greatest(m.last_write, f.last)
        FROM (SELECT g.memory, count(*)::int AS n, max(g.at) AS last FROM gone g JOIN memories x ON x.id = g.memory
          WHERE g.kind = ${CHANGE_UNITS} AND g.at >= x.created_at GROUP BY g.memory) f WHERE m.id = f.memory RETURNING 1)
      SELECT (SELECT count(*)::int FROM gone) AS n`;
    const n = done?.n ?? 0;
    if (n > 0) {
      await tx`INSERT INTO meta (key, value) VALUES (${PRUNED_META}, ${horizon}) ON CONFLICT (key) DO UPDATE SET value = excluded.value
        WHERE meta.value::xid8 < excluded.value::xid8`;
    }
    return n;
  });
}

/** The change log over the pool `sql`; `origin` is this process's name in it; changes older than `retentionMs` may be pruned. */
export function changeFeed(sql: Sql, origin: string, retentionMs: number = DEFAULT_RETENTION_MS): ChangeFeed {
  return {
    origin,
    async position() {
      const [row] = await sql<{ s: string }[]>`SELECT pg_current_snapshot()::text AS s`;
      return parsePosition(row?.s ?? '0:0:');
    },
    async since(from) {
      return sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
        // The first statement fixes the transaction's snapshot; the rows below are read at the same one.
        const [snap] = await tx<{ s: string }[]>`SELECT pg_current_snapshot()::text AS s`;
        const rows = await tx<ChangeRow[]>`SELECT seq, xid::text AS xid, origin, kind, memory, ids, id_from AS "from", id_to AS "to", glossary, entries
          FROM changes WHERE xid >= ${String(from.xmax)}::xid8 OR xid = ANY(${`{${from.running.join(',')}}`}::xid8[]) ORDER BY seq`;
        const changes: ChangeRecord[] = rows.map((r) => ({ ...r, xid: Number(r.xid) }));
        return { changes, position: parsePosition(snap?.s ?? '0:0:') };
      });
    },
    async checkpoint(applied) {
      await sql`INSERT INTO change_followers (origin, applied_xmin, seen_at) VALUES (${origin}, ${String(applied.xmin)}::xid8, now())
        ON CONFLICT (origin) DO UPDATE SET applied_xmin = excluded.applied_xmin, seen_at = excluded.seen_at`;
      const pruned = await pruneChanges(sql, retentionMs);
      const [row] = await sql<{ value: string }[]>`SELECT value FROM meta WHERE key = ${PRUNED_META}`;
      return { pruned, lost: row !== undefined && applied.xmin < Number(row.value) };
    },
    async leave() {
      await sql`DELETE FROM change_followers WHERE origin = ${origin}`;
    },
    async listen(onWake) {
      // The driver re-listens after a reconnection and calls the third argument each time it (re)subscribes.
      const sub = await sql.listen(CHANGES_CHANNEL, () => onWake(), () => onWake());
      return () => sub.unlisten();
    },
  };
}

/**
 * Wakes the followers after commits: one NOTIFY at a time, and one more if writes committed while
 * it was on its way (200 writes/s send far fewer notifications). Runs on its own connection with
 * `synchronous_commit=off`: a lost notification costs at most one poll interval.
 */
export class Notifier {
  private sending: Promise<void> | undefined;
  private again = false;

  constructor(private readonly sql: Sql) {}

  /** Asks for a notification soon. */
  poke(): void {
    if (this.sending) {
      this.again = true;
      return;
    }
    this.sending = this.send().finally(() => { this.sending = undefined; });
  }

  private async send(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.sql`SELECT pg_notify(${CHANGES_CHANNEL}, '')`;
      } catch {
        return; // the database is away: followers find the change by polling when it is back
      }
    } while (this.again);
  }

  async close(): Promise<void> {
    await this.sending;
    await this.sql.end({ timeout: 5 });
  }
}
