/**
 * A data directory on a disk that can be filled and freed, for the full-disk tests (issue 9 §4).
 *
 * `tmpfs`: a small tmpfs is mounted (root only) and filled with a file until the kernel says
 * ENOSPC; everything that fails then fails for real (SQLite's SQLITE_FULL, the term base's and
 * the lock's ENOSPC). `injected`: where mounting is not allowed, the same errors are raised at the
 * lowest layer the server uses: better-sqlite3 statements that write throw its SqliteError
 * `SQLITE_FULL`, and node:fs writes (term base, lock, space probe) fail with ENOSPC.
 */
import { execFileSync } from 'node:child_process';
import fs, { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type MockInstance, vi } from 'vitest';

/** How the disk is made full. */
export type FullDiskMode = 'tmpfs' | 'injected';

/** A directory whose disk can be filled and freed. */
export interface FullDisk {
  mode: FullDiskMode;
  dir: string;
  fill(): Promise<void>;
  free(): Promise<void>;
  dispose(): Promise<void>;
}

/** Size of the tmpfs: room for empty stores and a few writes. */
const TMPFS_SIZE = '16m';

/** True when this process may mount a tmpfs (it tries once, on a scratch directory). */
export function canMountTmpfs(): boolean {
  if (process.platform !== 'linux') return false;
  const dir = mkdtempSync(join(tmpdir(), 'caravan-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function enospc(syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), { code: 'ENOSPC', errno: -28, syscall });
}

async function tmpfsDisk(): Promise<FullDisk> {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${TMPFS_SIZE}`, 'tmpfs', dir]);
  const filler = join(dir, 'filler');
  return {
    mode: 'tmpfs',
    dir,
    async fill() {
      const fd = openSync(filler, 'w');
      const block = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
      } finally {
        closeSync(fd);
      }
    },
    async free() {
      rmSync(filler, { force: true });
    },
    async dispose() {
      execFileSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function injectedDisk(): Promise<FullDisk> {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-full-'));
  const spies: MockInstance[] = [];
  const originalWriteSync = fs.writeSync;
  const scratch = new Database(':memory:');
  const statementProto = Object.getPrototypeOf(scratch.prepare('SELECT 1')) as { run: (...args: unknown[]) => unknown; reader: boolean };
  const handle = await open(join(dir, '.probe'), 'w');
  const fileHandleProto = Object.getPrototypeOf(handle) as { writeFile: (...args: unknown[]) => Promise<void> };
  await handle.close();
  rmSync(join(dir, '.probe'));
  const restore = () => {
    for (const s of spies.splice(0)) s.mockRestore();
    fs.writeSync = originalWriteSync;
    syncBuiltinESMExports();
  };
  return {
    mode: 'injected',
    dir,
    async fill() {
      const run = statementProto.run;
      spies.push(vi.spyOn(statementProto, 'run').mockImplementation(function (this: { reader: boolean }, ...args: unknown[]) {
        if (!this.reader) throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
        return run.apply(this, args);
      }));
      spies.push(vi.spyOn(fileHandleProto, 'writeFile').mockImplementation(async () => { throw enospc('write'); }));
      fs.writeSync = (() => { throw enospc('write'); }) as typeof fs.writeSync;
      syncBuiltinESMExports();
    },
    async free() {
      restore();
    },
    async dispose() {
      restore();
      scratch.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A disk of the given kind. */
export function fullDisk(mode: FullDiskMode): Promise<FullDisk> {
  return mode === 'tmpfs' ? tmpfsDisk() : injectedDisk();
}
