/**
 * One process per data directory. The term base is a JSON document held in memory, so two
 * servers on the same directory would overwrite each other's changes: the second refuses
 * to start and says which process holds the lock.
 *
 * The lock is a file created with O_EXCL holding the owner's pid and host. A lock left by a
 * killed process (its pid no longer runs on this host, or is a zombie not yet reaped) is stale
 * and taken over. A lock whose write fails (a full disk) is removed again before the error is
 * reported, so a failed start leaves no empty lock behind.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { processAlive } from './process-state.js';

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

/** The lock could not be written: the disk of the data directory is full. */
export class DataDirFullError extends Error {
  constructor(readonly dataDir: string, readonly code: string) {
    super(`the disk of the data directory ${dataDir} is full (${code}): could not write ${LOCK_FILE}; free some space and start again`);
    this.name = 'DataDirFullError';
  }
}

interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

function diskFull(err: unknown, dataDir: string): unknown {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return code === 'ENOSPC' || code === 'EDQUOT' ? new DataDirFullError(dataDir, code) : err;
}

/** Creates `file` exclusively with `text`; a failed write removes it again. */
function createExclusive(file: string, text: string, dataDir: string): void {
  let fd: number;
  try {
    fd = openSync(file, 'wx');
  } catch (err) {
    throw diskFull(err, dataDir);
  }
  try {
    writeSync(fd, text);
  } catch (err) {
    closeSync(fd);
    rmSync(file, { force: true });
    throw diskFull(err, dataDir);
  }
  closeSync(fd);
}

/** Takes the data-directory lock; returns the function that releases it. */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      createExclusive(file, JSON.stringify(me), dataDir);
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
    if (owner && owner.host === me.host && owner.pid !== me.pid && processAlive(owner.pid)) {
      throw new DataDirLockedError(dataDir, owner.pid, owner.since);
    }
    if (owner && owner.host !== me.host) {
      throw new DataDirLockedError(dataDir, owner.pid, `${owner.since} on host ${owner.host}`);
    }
    rmSync(file, { force: true });
  }
  throw new Error(`could not take the lock ${file}`);
}
