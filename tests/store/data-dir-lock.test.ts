import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from '../../src/store/data-dir-lock.js';
import { processAlive } from '../../src/store/process-state.js';
import { zombie } from '../helpers/zombie.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'caravan-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('data-directory lock', () => {
  it('refuses a second holder while a live process holds it, naming that process', async () => {
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: sleeper.pid, host: hostname(), since: '2026-01-01T00:00:00Z' }));
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(`in use by another Caravan process (pid ${sleeper.pid}`);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a killed process', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: dead.pid, host: hostname(), since: 'then' }));
    const release = lockDataDir(dir);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
    expect(() => readFileSync(join(dir, LOCK_FILE))).toThrow();
  });

  it('takes over a lock left by a killed process its parent has not reaped yet (a zombie)', async (ctx) => {
    const z = await zombie();
    if (!z) {
      ctx.skip(true, 'no /proc here: zombies cannot be told apart from live processes');
      return;
    }
    try {
      expect(processAlive(z.pid)).toBe(false);
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: z.pid, host: hostname(), since: 'just now' }));
      const release = lockDataDir(dir);
      expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
      release();
    } finally {
      z.parent.kill('SIGKILL');
    }
  });

  it('releases on request so the directory can be opened again', () => {
    lockDataDir(dir)();
    lockDataDir(dir)();
  });
});
