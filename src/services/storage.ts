/**
 * Whether the disk of the data directory takes writes, for `GET /health` (issue 9 §4).
 *
 * A write that fails for lack of space (SQLITE_FULL, ENOSPC) is answered 507 and reported here.
 * From then on the storage counts as full until a probe succeeds: PROBE_BYTES written, synced and
 * deleted in the data directory, at most every PROBE_INTERVAL_MS while `/health` is asked. Then
 * writes work again (SQLite and the term base need no restart) and `/health` says so before the
 * next write is tried. Nothing is probed while no write has failed. Without a directory on disk
 * (an in-memory store) a failure counts for RECENT_FAILURE_MS.
 */
import { closeSync, fsyncSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** A probe's size: room for a few SQLite WAL frames, what an ordinary write needs. */
export const PROBE_BYTES = 64 * 1024;
/** Probes while the disk is full are at least this far apart. */
export const PROBE_INTERVAL_MS = 1_000;
/** How long a failure counts when nothing can be probed (in-memory stores). */
export const RECENT_FAILURE_MS = 60_000;
/** File name of the probe in the data directory. */
const PROBE_FILE = '.caravan-space-probe';

/** What `/health` says about storage. */
export interface StorageReport {
  /** `full`: a write was refused for lack of space, and space has not come back since. */
  status: 'ok' | 'full';
  /** Bytes free for the server on the data directory's file system (absent in memory). */
  freeBytes?: number;
  /** When writes started failing, while `status` is `full`. */
  fullSince?: string;
}

/** Watches the disk of one data directory. */
export class StorageMonitor {
  private full: { since: Date; at: number } | undefined;
  private probedAt = 0;

  /** `dataDir` is undefined for an in-memory store. */
  constructor(private readonly dataDir: string | undefined) {}

  /** Free bytes on the data directory's file system, if it can be measured. */
  freeBytes(): number | undefined {
    if (this.dataDir === undefined) return undefined;
    try {
      const s = statfsSync(this.dataDir);
      return s.bavail * s.bsize;
    } catch {
      return undefined;
    }
  }

  /** Records a write refused because the disk is full. */
  recordFull(): void {
    this.full = { since: this.full?.since ?? new Date(), at: Date.now() };
    this.probedAt = Date.now();
  }

  /** True when PROBE_BYTES can be written and synced in the data directory. */
  private probe(dir: string): boolean {
    const file = join(dir, PROBE_FILE);
    let fd: number | undefined;
    try {
      fd = openSync(file, 'w');
      writeSync(fd, Buffer.alloc(PROBE_BYTES));
      fsyncSync(fd);
      return true;
    } catch {
      return false;
    } finally {
      if (fd !== undefined) closeSync(fd);
      rmSync(file, { force: true });
    }
  }

  /** The storage status now. */
  report(): StorageReport {
    if (this.full) {
      const now = Date.now();
      if (this.dataDir === undefined) {
        if (now - this.full.at > RECENT_FAILURE_MS) this.full = undefined;
      } else if (now - this.probedAt >= PROBE_INTERVAL_MS) {
        this.probedAt = now;
        if (this.probe(this.dataDir)) this.full = undefined;
      }
    }
    const free = this.freeBytes();
    return {
      status: this.full ? 'full' : 'ok',
      ...(free !== undefined ? { freeBytes: free } : {}),
      ...(this.full ? { fullSince: this.full.since.toISOString() } : {}),
    };
  }
}
