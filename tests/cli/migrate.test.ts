/**
 * `caravan migrate --to postgres://...` on the data directory of release 0.1.0: every table is
 * copied with its ids and verified, the stores read back the same records, the embedded store is
 * untouched, and a second migration into the same database is refused.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { openPgStores } from '../../src/store/postgres/pg-stores.js';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
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
        `segments\t${stdout.match(/segments\t(\d+)/)?.[1]}\tverified\ndocument_sections\t0\tverified\nunits\t138\tverified\n`);
      expect(digest(join(dir, 'caravan.sqlite'))).toBe(before);

      const pg = await openPgStores(url);
      const copy = restoreDataDir('v0.1.0');
      const lite = openSqliteStores(copy);
      try {
        const all = async (s: typeof pg) => ({
          units: await s.tm.listUnits({ limit: 1_000 }),
          documents: await s.documents.listDocuments(),
          segments: await s.documents.listSegments(7, 0, 1_000),
          keys: await s.keys.listKeys(),
          // Each restore upgrades its own copy to schema 3, which stamps the 'default' memory with that moment.
          memories: (await s.memories.listMemories()).map(({ createdAt: _c, updatedAt: _u, ...m }) => m),
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
});
