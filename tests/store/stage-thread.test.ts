/**
 * The stage worker of a bulk write (stage-thread.ts, stage-worker.ts): batches are staged in
 * order on the worker's own connection, repeats are reported across batches, and a worker that
 * fails or dies fails every batch still waiting and every later one, so the import that owns it
 * is aborted and commits nothing.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTION } from '../../src/domain/collections.js';
import { StageThread } from '../../src/store/sqlite/stage-thread.js';
import { stageTableSql } from '../../src/store/sqlite/stage-rows.js';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import { STAGE_FILE } from '../../src/store/sqlite/sqlite-tm-bulk.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const unit = (n: number) => ({ sourceLang: 'zh-CN', targetLang: 'en', source: `第${n}句。`, target: `Sentence ${n}.` });

/** A stage file with an empty stage table, as the main connection makes it. */
function stageFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-stage-thread-'));
  dirs.push(dir);
  const file = join(dir, 'stage.sqlite');
  const db = new Database(file);
  db.exec(stageTableSql('bulk'));
  db.close();
  return file;
}
const job = (file: string, table = 'stage.bulk') => ({ file, schema: 'stage', table, staged: 3, pragmas: ['journal_mode = OFF', 'synchronous = OFF'] });

describe('a stage worker', () => {
  it('stages batches in order, reports repeats across them with refs going on from the units staged before', async () => {
    const file = stageFile();
    const thread = new StageThread(job(file));
    const first = thread.stage([unit(1), unit(2)]);
    const second = thread.stage([unit(3), unit(1)]);
    const third = thread.stage([unit(2), unit(4)], [100, 101]);
    expect(await Promise.all([first, second, third])).toEqual([[], [{ index: 1, firstRef: 4 }], [{ index: 0, firstRef: 5 }]]);
    await thread.close();
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT source, ref FROM bulk ORDER BY ref').all()).toEqual([
      { source: '第1句。', ref: 4 }, { source: '第2句。', ref: 5 }, { source: '第3句。', ref: 6 }, { source: '第4句。', ref: 101 },
    ]);
    db.close();
  });

  it('that dies with batches waiting rejects them, every later one and its close', async () => {
    const thread = new StageThread(job(stageFile()));
    await thread.stage([unit(1)]);
    const waiting = Array.from({ length: 5 }, (_, i) => thread.stage(Array.from({ length: 2000 }, (_, k) => unit(10_000 * (i + 1) + k))));
    waiting.forEach((p) => p.catch(() => undefined));
    await thread.terminate();
    const settled = await Promise.allSettled(waiting);
    expect(settled.some((s) => s.status === 'rejected')).toBe(true);
    await expect(thread.stage([unit(2)])).rejects.toThrow(/stage worker exited/);
    await expect(thread.close()).rejects.toThrow(/stage worker exited/);
  });

  it('answers an SQLite error with its code, and fails what follows', async () => {
    const thread = new StageThread(job(stageFile(), 'stage.missing'));
    await expect(thread.stage([unit(1)])).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
    await expect(thread.stage([unit(2)])).rejects.toThrow();
    await expect(thread.close()).rejects.toThrow();
  });
});

describe('a bulk write staged in a worker', () => {
  it('whose worker fails is aborted and commits nothing; the stage file goes; the next import works', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caravan-stage-fail-'));
    dirs.push(dir);
    const s = openSqliteStores(dir, { stageInWorkerAfter: 2 });
    try {
      const write = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      await write.stage([unit(1), unit(2)]);
      // A unit the worker cannot bind (a value of no SQLite type) fails there, not on this thread.
      const bad = { ...unit(3), note: { not: 'a string' } as unknown as string };
      await expect(write.stage([unit(4), bad])).rejects.toThrow();
      await expect(write.commit()).rejects.toThrow();
      expect(await s.tm.countUnits()).toBe(0);
      await write.abort();
      expect(readdirSync(dir).filter((f) => f.startsWith(STAGE_FILE))).toEqual([]);
      const next = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      await next.stage([unit(1), unit(2), unit(3)]);
      expect((await next.commit()).created).toBe(3);
    } finally {
      await s.close();
    }
  });
});
