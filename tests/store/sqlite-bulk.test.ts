import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import { runBulkWriteContract } from './bulk-contract.js';

runBulkWriteContract('sqlite in memory', { newStore: () => openSqliteStores(':memory:') });

const dirs: string[] = [];
runBulkWriteContract('sqlite on disk', {
  newStore: () => {
    const dir = mkdtempSync(join(tmpdir(), 'caravan-bulk-'));
    dirs.push(dir);
    return openSqliteStores(dir);
  },
});
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
