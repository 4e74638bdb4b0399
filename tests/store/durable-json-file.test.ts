/**
 * DurableJsonFile, lowdb's adapter for the JSON documents people read (the curated glossary,
 * JSON exports, the 0.1.0 term base): pretty-printed, atomic, serialised writes, and the temp
 * files of killed processes removed when the 0.1.0 term base is read to upgrade it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableJsonFile } from '../../src/store/lowdb/durable-json-file.js';
import { LEGACY_TERMBASE_FILE, readLegacyTermbase } from '../../src/store/lowdb/legacy-termbase.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'caravan-tb-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('DurableJsonFile', () => {
  it('writes readable, pretty-printed JSON and leaves no temp file behind', async () => {
    const f = new DurableJsonFile<{ a: number[] }>(join(dir, 'x.json'));
    expect(await f.read()).toBeNull();
    await f.write({ a: [1] });
    expect(readFileSync(join(dir, 'x.json'), 'utf8')).toBe('{\n  "a": [\n    1\n  ]\n}\n');
    expect(readdirSync(dir)).toEqual(['x.json']);
  });

  it('removes temp files of processes killed during a write when the 0.1.0 term base is read, and only those', async () => {
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.once('exit', r));
    const alive = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      writeFileSync(join(dir, LEGACY_TERMBASE_FILE), JSON.stringify({ schemaVersion: 1, entries: [], history: [] }));
      writeFileSync(join(dir, `.${LEGACY_TERMBASE_FILE}.${dead.pid}.3.tmp`), '{"half": ');
      writeFileSync(join(dir, `.${LEGACY_TERMBASE_FILE}.${alive.pid}.1.tmp`), '{"writing": ');
      writeFileSync(join(dir, '.other.json.1.1.tmp'), 'not ours');
      expect(await readLegacyTermbase(dir)).toEqual({ schemaVersion: 1, entries: [], history: [] });
      expect(readdirSync(dir).sort()).toEqual(['.other.json.1.1.tmp', `.${LEGACY_TERMBASE_FILE}.${alive.pid}.1.tmp`, LEGACY_TERMBASE_FILE]);
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
