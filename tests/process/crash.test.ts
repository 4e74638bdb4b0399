/**
 * Durability and exclusivity of a real server process: acknowledged writes (documents and keys
 * in SQLite, glossary entries in the lowdb term base) survive SIGKILL, a second server on the
 * same data directory refuses to start, and a restart right after a SIGKILL is not refused.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { linuxState } from '../../src/store/process-state.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { exited, serverEnv, startServer } from '../helpers/server-process.js';
import { becameZombie } from '../helpers/zombie.js';

const ADMIN = 'test-admin-key-0123456789abcdef';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'caravan-proc-'));
  dirs.push(d);
  return d;
}

async function post(url: string, path: string, body: unknown): Promise<Response> {
  return fetch(`${url}${path}`, { method: 'POST', headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
}

describe('a real server process', () => {
  it('keeps every acknowledged write after SIGKILL in the middle of a burst', async () => {
    const dir = dataDir();
    const server = await startServer(serverEnv(dir, ADMIN));
    const acknowledged: { doc: number[]; key: string[]; entry: string[]; unit: { id: number; n: number }[] } = { doc: [], key: [], entry: [], unit: [] };
    let sent = 0;
    let killed = false;
    const worker = async () => {
      while (!killed) {
        const n = sent++;
        try {
          if (n % 5 === 4) {
            const res = await post(server.url, '/api/v1/tm/units', { sourceLang: 'zh-CN', targetLang: 'en', source: `突发句子第${n}号。`, target: `Burst sentence ${n}.` });
            if (res.status === 201) acknowledged.unit.push({ id: ((await res.json()) as { ids: number[] }).ids[0] as number, n });
          } else if (n % 4 === 2) {
            const res = await post(server.url, '/api/v1/keys', { name: `burst-${n}`, role: 'reader' });
            if (res.status === 201) acknowledged.key.push(((await res.json()) as { key: string }).key);
          } else if (n % 4 === 3) {
            const res = await post(server.url, '/api/v1/glossary/entries', { id: `burst-${n}`, languages: { 'zh-CN': [{ term: `突发术语${n}号`, status: 'preferred' }] } });
            if (res.status === 201) acknowledged.entry.push(((await res.json()) as { id: string }).id);
          } else {
            const res = await post(server.url, '/api/v1/documents', { name: `burst-${n}`, sourceLang: 'zh-CN', targetLang: 'en', text: `第${n}句。中国—中亚命运共同体。` });
            if (res.status === 201) acknowledged.doc.push(((await res.json()) as { id: number }).id);
          }
        } catch {
          return; // the connection died with the process
        }
        if (!killed && acknowledged.doc.length + acknowledged.key.length + acknowledged.entry.length + acknowledged.unit.length >= 100) {
          killed = true;
          server.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    await exited(server.child);
    expect(acknowledged.doc.length).toBeGreaterThan(20);
    expect(acknowledged.entry.length).toBeGreaterThan(10);
    expect(acknowledged.unit.length).toBeGreaterThan(10);

    const again = await startServer(serverEnv(dir, ADMIN));
    try {
      for (const id of acknowledged.doc) {
        const res = await fetch(`${again.url}/api/v1/documents/${id}`, { headers: { Authorization: `Bearer ${ADMIN}` } });
        expect(res.status, `document ${id}`).toBe(200);
      }
      for (const key of acknowledged.key) {
        const res = await fetch(`${again.url}/api/v1/documents`, { headers: { Authorization: `Bearer ${key}` } });
        expect(res.status, 'an acknowledged key still authenticates').toBe(200);
      }
      for (const id of acknowledged.entry) {
        const res = await fetch(`${again.url}/api/v1/glossary/entries/${id}`, { headers: { Authorization: `Bearer ${ADMIN}` } });
        expect(res.status, `glossary entry ${id}`).toBe(200);
        expect(((await res.json()) as { languages: Record<string, { term: string }[]> }).languages['zh-CN']?.[0]?.term).toBe(`突发术语${id.slice(6)}号`);
      }
      for (const { id, n } of acknowledged.unit) {
        const res = await fetch(`${again.url}/api/v1/tm/units/${id}`, { headers: { Authorization: `Bearer ${ADMIN}` } });
        expect(res.status, `unit ${id}`).toBe(200);
        const lookup = await post(again.url, '/api/v1/tm/lookup', { source: `突发句子第${n}号。`, sourceLang: 'zh-CN', targetLang: 'en', limit: 1 });
        expect(((await lookup.json()) as { matches: { unitId: number; score: number }[] }).matches[0], 'the rebuilt index finds it').toMatchObject({ unitId: id, score: 100 });
      }
      const health = (await (await fetch(`${again.url}/health`)).json()) as { documents: number; entries: number };
      expect(health.documents).toBeGreaterThanOrEqual(5 + acknowledged.doc.length);
      expect(health.entries).toBeGreaterThanOrEqual(242 + acknowledged.entry.length);
    } finally {
      again.child.kill('SIGTERM');
      await exited(again.child);
    }
  }, 180_000);

  it('refuses a second server on the same data directory, saying which process holds it', async () => {
    const dir = dataDir();
    const first = await startServer(serverEnv(dir, ADMIN));
    try {
      const err = (await startServer(serverEnv(dir, ADMIN)).then(() => undefined, (e: unknown) => e)) as { code: number; output: string } | undefined;
      expect(err?.code).toBe(1);
      expect(err?.output).toContain(`is in use by another Caravan process (pid ${first.child.pid}`);
    } finally {
      first.child.kill('SIGTERM');
      expect(await exited(first.child)).toBe(0);
    }
  }, 120_000);

  it('restarts within a second of a SIGKILL, while the killed server is not yet reaped (a zombie)', async (ctx) => {
    if (linuxState(process.pid) === undefined) {
      ctx.skip(true, 'no /proc here: a zombie cannot be made and told apart');
      return;
    }
    const dir = dataDir();
    // The server's parent replaces itself with `sleep`, which never reaps it: after SIGKILL it stays a zombie.
    const parent = spawn('sh', ['-c', `"${process.execPath}" --import tsx src/main.ts & echo "server-pid=$!"; exec sleep 120`],
      { env: serverEnv(dir, ADMIN), cwd: PACKAGE_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const pid = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the first server did not start:\n${out}`)), 60_000);
        parent.stdout?.on('data', (d: Buffer) => {
          out += String(d);
          const m = /server-pid=(\d+)/.exec(out);
          if (m && out.includes('Caravan is listening')) {
            clearTimeout(timer);
            resolve(Number(m[1]));
          }
        });
      });
      process.kill(pid, 'SIGKILL');
      expect(await becameZombie(pid)).toBe(true);
      const again = await startServer(serverEnv(dir, ADMIN));
      try {
        expect((await fetch(`${again.url}/health`)).status).toBe(200);
        expect(linuxState(pid), 'the first server was still unreaped when the second took over').toBe('Z');
      } finally {
        again.child.kill('SIGTERM');
        await exited(again.child);
      }
    } finally {
      parent.kill('SIGKILL');
    }
  }, 120_000);

  it('seeds a fresh data directory on first start and only once', async () => {
    const dir = dataDir();
    const first = await startServer(serverEnv(dir, ADMIN));
    const h1 = (await (await fetch(`${first.url}/health`)).json()) as { documents: number; units: number; entries: number };
    first.child.kill('SIGTERM');
    await exited(first.child);
    const second = await startServer(serverEnv(dir, ADMIN));
    const h2 = (await (await fetch(`${second.url}/health`)).json()) as { documents: number; units: number; entries: number };
    second.child.kill('SIGTERM');
    await exited(second.child);
    expect(h1.documents).toBe(5);
    expect(h1.units).toBeGreaterThanOrEqual(120);
    expect(h1.entries).toBeGreaterThanOrEqual(100);
    const counts = (h: typeof h1) => ({ documents: h.documents, units: h.units, entries: h.entries });
    expect(counts(h2)).toEqual(counts(h1));
  }, 120_000);
});
