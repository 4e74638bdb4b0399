import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import { SQLITE_FILE } from '../../src/store/sqlite/sqlite-stores.js';
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
});
