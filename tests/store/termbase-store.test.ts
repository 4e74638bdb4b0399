import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableJsonFile } from '../../src/store/lowdb/durable-json-file.js';
import { TERMBASE_FILE, openTermbaseStore } from '../../src/store/lowdb/termbase-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'caravan-tb-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const entry = (id: string) => ({ id, subjectField: 'diplomacy', definition: 'd', languages: { 'zh-CN': [{ term: id, status: 'preferred' as const }] },
  createdAt: 'now', createdBy: 't', updatedAt: 'now', updatedBy: 't', version: 1 });

describe('DurableJsonFile', () => {
  it('writes readable, pretty-printed JSON and leaves no temp file behind', async () => {
    const f = new DurableJsonFile<{ a: number[] }>(join(dir, 'x.json'));
    expect(await f.read()).toBeNull();
    await f.write({ a: [1] });
    expect(readFileSync(join(dir, 'x.json'), 'utf8')).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(readdirSync(dir)).toEqual(['x.json']);
  });

  it('removes temp files of processes killed during a write when the term base opens, and only those', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      writeFileSync(join(dir, `.${TERMBASE_FILE}.${dead.pid}.3.tmp`), '{"half": ');
      writeFileSync(join(dir, `.${TERMBASE_FILE}.${alive.pid}.1.tmp`), '{"writing": ');
      writeFileSync(join(dir, '.other.json.1.1.tmp'), 'not ours');
      const store = await openTermbaseStore(dir);
      await store.close();
      expect(readdirSync(dir).sort()).toEqual(['.other.json.1.1.tmp', `.${TERMBASE_FILE}.${alive.pid}.1.tmp`]);
    } finally {
      alive.kill('SIGKILL');
    }
  });

  it('serialises concurrent writes: the last one issued is the one on disk', async () => {
    const f = new DurableJsonFile<{ n: number }>(join(dir, 'x.json'));
    await Promise.all(Array.from({ length: 50 }, (_, n) => f.write({ n })));
    expect(await f.read()).toEqual({ n: 49 });
  });
});

describe('term-base store', () => {
  it('persists each update before resolving', async () => {
    const tb = await openTermbaseStore(dir);
    await tb.update((d) => d.entries.push(entry('一带一路')));
    const onDisk = JSON.parse(readFileSync(join(dir, TERMBASE_FILE), 'utf8')) as { entries: { id: string }[] };
    expect(onDisk.entries.map((e) => e.id)).toEqual(['一带一路']);
    const reopened = await openTermbaseStore(dir);
    expect(reopened.read().entries).toHaveLength(1);
  });

  it('leaves the term base unchanged when a change throws half way', async () => {
    const tb = await openTermbaseStore(dir);
    await tb.update((d) => d.entries.push(entry('a')));
    await expect(tb.update((d) => {
      d.entries.push(entry('b'));
      throw new Error('bad import');
    })).rejects.toThrow('bad import');
    expect(tb.read().entries.map((e) => e.id)).toEqual(['a']);
    expect((JSON.parse(readFileSync(join(dir, TERMBASE_FILE), 'utf8')) as { entries: unknown[] }).entries).toHaveLength(1);
  });

  it('reads a term base written by an earlier process', async () => {
    writeFileSync(join(dir, TERMBASE_FILE), JSON.stringify({ schemaVersion: 1, entries: [entry('x')], history: [] }));
    expect((await openTermbaseStore(dir)).read().entries[0]?.id).toBe('x');
  });
});
