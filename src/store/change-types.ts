/**
 * The change log that several nodes on one PostgreSQL database follow (issue 13; split from
 * types.ts, which re-exports these).
 */

/**
 * One committed write in the change log (issue 13; PostgreSQL only). `kind` names what changed:
 * `units` (the current state of `ids` is what the index must hold; `from`..`to` is the range of
 * ids a bulk import created), `memory-dropped` (`memory` was deleted), the term-base kinds
 * `entries`, `glossary` and `glossary-dropped` (pg-changes.ts), or another area a node need not
 * act on. `xid` is the writing transaction (the write's `Caravan-Seq`); `origin` the
 * process that wrote it.
 */
export interface ChangeRecord {
  seq: number;
  xid: number;
  origin: string;
  kind: string;
  memory: string | null;
  ids: number[] | null;
  from: number | null;
  to: number | null;
  /** The glossary of a term-base change, and the ids of its entries an `entries` change names. */
  glossary: string | null;
  entries: string[] | null;
}

/**
 * A position in the change log: which writing transactions had finished (PostgreSQL's snapshot:
 * every id below `xmin` had, none from `xmax` on, and of those between, all but `running`).
 */
export interface LogPosition {
  xmin: number;
  xmax: number;
  running: number[];
}

/** The change log that several nodes on one database follow (read by snapshot: see pg-changes.ts). */
export interface ChangeFeed {
  /** This process's name in the log: the `origin` of the changes it writes. */
  readonly origin: string;
  /** The log's position now: every change committed before it is visible. */
  position(): Promise<LogPosition>;
  /** The changes that committed after `from` (in commit order where they conflict), and the position they were read at. */
  since(from: LogPosition): Promise<{ changes: ChangeRecord[]; position: LogPosition }>;
  /**
   * Records that this node has applied the log up to `applied` and prunes what every live node has
   * applied and is older than the retention (pg-changes.ts); `lost` when changes this node had not
   * read were pruned (it was away longer than the retention and must load a fresh snapshot).
   */
  checkpoint(applied: LogPosition): Promise<{ pruned: number; lost: boolean }>;
  /** Takes this node out of the pruning horizon (it stops following). */
  leave(): Promise<void>;
  /** Calls `onWake` when a change commits (NOTIFY) and when the listening connection comes back; resolves to a stop function. */
  listen(onWake: () => void): Promise<() => Promise<void>>;
}
