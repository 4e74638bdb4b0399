/**
 * `caravan migrate --to postgres://...` on the data directory of release 0.1.0: every table is
 * copied with its ids and verified (the term base too, from its 0.1.0 file), the stores read back the same records, the embedded store is
 * untouched, and a second migration into the same database is refused.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { migrateSqliteToPg } from '../../src/store/postgres/pg-import.js';
import { openPgStores } from '../../src/store/postgres/pg-stores.js';
import { create, storedEntry } from '../store/termbase-contract.js';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import { upgradeTermbase } from '../../src/store/upgrade-termbase.js';
import { PACKAGE_ROOT } from '../../src/version.js';
import { restoreDataDir } from '../helpers/datadir-fixture.js';
import { describePg, freshDatabase } from '../helpers/postgres.js';

const run = promisify(execFile);
const caravan = (dir: string, ...args: string[]) => run(process.execPath, ['--import', 'tsx', join(PACKAGE_ROOT, 'src', 'cli', 'main.ts'), ...args],
  { cwd: PACKAGE_ROOT, env: { ...process.env, CARAVAN_DATA_DIR: dir } });
const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describePg('caravan migrate', (cluster) => {
  it('copies a 0.1.0 data directory into PostgreSQL, verifies the counts and leaves the directory untouched', async () => {
    const dir = restoreDataDir('v0.1.0');
    const url = await freshDatabase(cluster());
    try {
      const before = digest(join(dir, 'caravan.sqlite'));
      const { stdout } = await caravan(dir, 'migrate', '--to', url);
      expect(stdout).toBe('meta\t1\tverified\nmemories\t1\tverified\napi_keys\t3\tverified\ndocuments\t7\tverified\n' +
        `segments\t${stdout.match(/segments\t(\d+)/)?.[1]}\tverified\ndocument_sections\t0\tverified\nunits\t138\tverified\n` +
        'glossaries\t1\tverified\nterm_history\t211\tverified\nterm_entries\t208\tverified\n');
      expect(digest(join(dir, 'caravan.sqlite'))).toBe(before);

      const pg = await openPgStores(url);
      const copy = restoreDataDir('v0.1.0');
      const lite = openSqliteStores(copy);
      await upgradeTermbase(copy, lite); // what the first start of a server on the directory does
      try {
        const all = async (s: typeof pg) => ({
          units: await s.tm.listUnits({ limit: 1_000 }),
          documents: await s.documents.listDocuments(),
          segments: await s.documents.listSegments(7, 0, 1_000),
          keys: await s.keys.listKeys(),
          // Each restore upgrades its own copy to schema 3, which stamps the 'default' memory with that moment.
          memories: (await s.memories.listMemories()).map(({ createdAt: _c, updatedAt: _u, ...m }) => m),
          glossaries: (await s.termbase.listGlossaries()).map(({ createdAt: _c, updatedAt: _u, ...g }) => g),
          entries: await s.termbase.listEntries({ glossaries: ['default'], limit: 1_000 }),
          search: await s.termbase.listEntries({ glossaries: ['default'], q: '丝绸之路', limit: 1_000 }),
          history: await s.termbase.history('default', 'luban-workshop'),
        });
        expect(await all(pg)).toEqual(await all(lite));
        // New rows continue after the copied ids.
        const { ids } = await pg.tm.upsertUnits('default', [{ sourceLang: 'zh-CN', targetLang: 'en', source: '迁移后的新句子。', target: 'New after the move.' }], 't');
        expect(ids[0]).toBe(139);
      } finally {
        await pg.close();
        await lite.close();
        rmSync(copy, { recursive: true, force: true });
      }

      const again = (await caravan(dir, 'migrate', '--to', url).catch((e: unknown) => e)) as { code: number; stderr: string };
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('already holds Caravan data');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('copies glossaries, entries (searchable, recognisable) and history of the embedded term base', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caravan-migrate-tb-'));
    const url = await freshDatabase(cluster());
    try {
      const lite = openSqliteStores(dir);
      await lite.termbase.createGlossary({ id: 'client', name: 'Client', description: '', tags: ['legal'], readOnly: false, createdAt: 'x', createdBy: 'a', updatedAt: 'x', updatedBy: 'a', lastWriteAt: null });
      await lite.termbase.writeEntries('client', [create(storedEntry('client', 'luban', '鲁班工坊', 'Luban Workshop')), create(storedEntry('client', 'gone', '消失', 'gone'))]);
      await lite.termbase.writeEntries('client', [{ op: 'delete', id: 'gone', expectedVersion: 1, history: { entryId: 'gone', version: 2, action: 'deleted', by: 'a', at: 'y', changes: [] } }]);
      await lite.close();
      const counts = await migrateSqliteToPg(join(dir, 'caravan.sqlite'), url);
      expect(counts).toMatchObject({ glossaries: 2, term_entries: 1, term_history: 3 });
      const pg = await openPgStores(url);
      const again = openSqliteStores(dir);
      try {
        const all = async (s: typeof pg) => ({
          glossaries: await s.termbase.listGlossaries(),
          search: await s.termbase.listEntries({ glossaries: ['client'], q: '魯班', limit: 10 }),
          owners: await s.termbase.chineseOwners('client', ['鲁班工坊']),
          history: [await s.termbase.history('client', 'luban'), await s.termbase.history('client', 'gone')],
        });
        expect(await all(pg)).toEqual(await all(again));
        expect((await pg.termbase.listEntries({ glossaries: ['client'], q: '魯班', limit: 10 })).entries.map((e) => e.id)).toEqual(['luban']);
      } finally {
        await pg.close();
        await again.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
