/**
 * One process per data directory. The term base is a JSON document held in memory, so two
 * servers on the same directory would overwrite each other's changes: the second refuses
 * to start and says which process holds the lock.
 *
 * The lock is a file created with O_EXCL holding the owner's pid and host. A lock left by a
 * killed process (its pid no longer runs on this host) is stale and taken over.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

/** File name of the lock inside the data directory. */
export const LOCK_FILE = 'caravan.lock';

/** Another live process holds the data directory. */
export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly pid: number, readonly since: string) {
    super(`the data directory ${dataDir} is in use by another Caravan process (pid ${pid}, since ${since}); ` +
      'stop it first, or point CARAVAN_DATA_DIR at another directory');
    this.name = 'DataDirLockedError';
  }
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data-directory lock; returns the function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: 'wx' });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let owner: LockOwner | undefined;
    try {
      owner = JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
    } catch {
      owner = undefined; // unreadable or half-written: treat as stale
    }
    if (owner && owner.host === me.host && owner.pid !== me.pid && alive(owner.pid)) {
      throw new DataDirLockedError(dataDir, owner.pid, owner.since);
    }
    if (owner && owner.host !== me.host) {
      throw new DataDirLockedError(dataDir, owner.pid, `${owner.since} on host ${owner.host}`);
    }
    rmSync(file, { force: true });
  }
  throw new Error(`could not take the lock ${file}`);
}
