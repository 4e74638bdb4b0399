import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import { SQLITE_FILE } from '../../src/store/sqlite/sqlite-stores.js';
import type { Worker } from 'node:worker_threads';
import { openDatabase } from '../../src/store/sqlite/database.js';
import { type ApplyOptions, SqliteEntryImport } from '../../src/store/sqlite/sqlite-termbase-import.js';
import { EntryRows } from '../../src/store/sqlite/sqlite-termbase-rows.js';
import { SqliteTermbase } from '../../src/store/sqlite/sqlite-termbase.js';
import { create, runTermbaseContract, storedEntry } from './termbase-contract.js';

runTermbaseContract('sqlite in memory', { newStore: () => openSqliteStores(':memory:') });

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-termbase-'));
  dirs.push(dir);
  return dir;
};
runTermbaseContract('sqlite on disk', { newStore: () => openSqliteStores(tempDir()) });
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('sqlite term base after a killed process', () => {
  it('finishes an import that was committing, and drops one that was only staged', async () => {
    const dir = tempDir();
    const stores = openSqliteStores(dir);
    const committing = await stores.termbase.beginEntryImport('default');
    await committing.stage(Array.from({ length: 450 }, (_, i) => create(storedEntry('default', `c-${i}`, `词${i}`, `word ${i}`))));
    const staged = await stores.termbase.beginEntryImport('default');
    await staged.stage([create(storedEntry('default', 'staged-only', '暂存', 'staged'))]);
    await stores.close();
    // What a process killed between the decision and the last chunk leaves: the import marked committing, some chunks applied.
    const raw = new Database(join(dir, SQLITE_FILE));
    raw.prepare("UPDATE term_imports SET state = 'committing' WHERE id = (SELECT min(id) FROM term_imports)").run();
    raw.close();
    const reopened = openSqliteStores(dir);
    expect(await reopened.termbase.countEntries('default')).toBe(450);
    expect(await reopened.termbase.getEntry('default', 'staged-only')).toBeUndefined();
    expect((await reopened.termbase.listEntries({ glossaries: ['default'], q: '词449', limit: 5 })).entries.map((e) => e.id)).toEqual(['c-449']);
    await reopened.close();
  });

  it('finishes deleting a glossary marked for deletion', async () => {
    const dir = tempDir();
    const stores = openSqliteStores(dir);
    await stores.termbase.createGlossary({ id: 'doomed', name: 'D', description: '', tags: [], readOnly: false, createdAt: 'x', createdBy: 'a', updatedAt: 'x', updatedBy: 'a', lastWriteAt: null });
    await stores.termbase.writeEntries('doomed', [create(storedEntry('doomed', 'x-1', '注定', 'doomed'))]);
    await stores.close();
    const raw = new Database(join(dir, SQLITE_FILE));
    raw.prepare("UPDATE glossaries SET deleting = 1 WHERE id = 'doomed'").run();
    raw.close();
    const reopened = openSqliteStores(dir);
    expect(await reopened.termbase.getGlossary('doomed')).toBeUndefined();
    const check = new Database(join(dir, SQLITE_FILE), { readonly: true });
    expect(check.prepare("SELECT count(*) AS n FROM term_entries WHERE glossary = 'doomed'").get()).toEqual({ n: 0 });
    expect(check.prepare("SELECT count(*) AS n FROM glossaries WHERE id = 'doomed'").get()).toEqual({ n: 0 });
    check.close();
    await reopened.close();
  });

  it('rebuilds stored keys when they were folded by another version of the folding code', async () => {
    const dir = tempDir();
    const stores = openSqliteStores(dir);
    await stores.termbase.writeEntries('default', [create(storedEntry('default', 'luban', '鲁班工坊', 'Luban Workshop'))]);
    await stores.close();
    // What an older fold would have left: other keys, and an older version in meta.
    const raw = new Database(join(dir, SQLITE_FILE));
    raw.prepare("UPDATE term_index SET key = 'stale'").run();
    raw.prepare("UPDATE term_zh_keys SET key = 'stale'").run();
    raw.prepare("UPDATE term_entries SET chinese_keys = NULL").run();
    raw.prepare("UPDATE meta SET value = '0' WHERE key = 'termbase.keys'").run();
    raw.close();
    const reopened = openSqliteStores(dir);
    expect(await reopened.termbase.chineseOwners('default', ['鲁班工坊', 'stale'])).toEqual(new Map([['鲁班工坊', 'luban']]));
    expect((await reopened.termbase.listEntries({ glossaries: ['default'], q: '魯班工坊', limit: 5 })).entries.map((e) => e.id)).toEqual(['luban']);
    const terms = [];
    for await (const batch of reopened.termbase.scanTerms(10)) terms.push(...batch);
    expect(terms[0]?.chineseKeys).toEqual({ 'zh-CN': ['鲁班工坊'] });
    await reopened.close();
  });
});

describe('a large sqlite term-base import on disk', () => {
  /** Imports `n` new entries into 'default' with `opts`; answers the worker started, if any, and the term base. */
  async function importOnDisk(n: number, opts: ApplyOptions): Promise<{ worker: Worker | undefined; termbase: SqliteTermbase; close: () => void }> {
    const db = openDatabase(join(tempDir(), SQLITE_FILE));
    const termbase = new SqliteTermbase(db);
    let worker: Worker | undefined;
    const write = SqliteEntryImport.begin(db, new EntryRows(db), 'default', { ...opts, onWorker: (w) => { worker = w; opts.onWorker?.(w); } });
    await write.stage(Array.from({ length: n }, (_, i) => create(storedEntry('default', `w-${i}`, `工坊${i}`, `workshop ${i}`))));
    await write.commit();
    return { worker, termbase, close: () => db.close() };
  }

  it('is applied by a worker thread on its own connection: every entry stored, searchable, with its history', async () => {
    let answer: unknown;
    const { worker, termbase, close } = await importOnDisk(300, { workerMinWrites: 300, onWorker: (w) => w.once('message', (m) => { answer = m; }) });
    try {
      expect(worker).toBeDefined();
      expect(answer, 'the worker applied the whole import').toEqual({ done: true });
      expect(await termbase.countEntries('default')).toBe(300);
      expect((await termbase.listEntries({ glossaries: ['default'], q: '工坊299', limit: 5 })).entries.map((e) => e.id)).toEqual(['w-299']);
      expect(await termbase.history('default', 'w-7')).toHaveLength(1);
    } finally {
      close();
    }
  });

  it('is finished on the main connection when the worker dies before it is done', async () => {
    const { worker, termbase, close } = await importOnDisk(300, { workerMinWrites: 300, onWorker: (w) => void w.terminate() });
    try {
      expect(worker).toBeDefined();
      expect(await termbase.countEntries('default')).toBe(300);
      expect((await termbase.listEntries({ glossaries: ['default'], q: 'workshop', limit: 500 })).entries).toHaveLength(300);
    } finally {
      close();
    }
  });

  it('is applied on the main connection below the worker threshold', async () => {
    const { worker, termbase, close } = await importOnDisk(50, { workerMinWrites: 300 });
    try {
      expect(worker).toBeUndefined();
      expect(await termbase.countEntries('default')).toBe(50);
    } finally {
      close();
    }
  });
});
