/**
 * Upgrade of a 0.1.0 data directory's term base (tests/fixtures/datadir/v0.1.0): opened by this
 * release through the real start-up path, its termbase.json becomes the glossary `default` with
 * every entry, version and history record (tombstones too), and is kept under a backup name.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SEED_COLLECTION } from '../../src/domain/collections.js';
import type { HistoryRecord, TermEntry } from '../../src/domain/termbase/entry.js';
import { createApp } from '../../src/http/app.js';
import { openRuntime } from '../../src/runtime.js';
import { LEGACY_BACKUP_FILE, LEGACY_TERMBASE_FILE } from '../../src/store/lowdb/legacy-termbase.js';
import { SQLITE_FILE } from '../../src/store/sqlite/sqlite-stores.js';
import { PACKAGE_ROOT } from '../../src/version.js';

const FIXTURE = join(PACKAGE_ROOT, 'tests', 'fixtures', 'datadir', 'v0.1.0');
const ADMIN_KEY = 'fixture-admin-key-0123456789abcdef';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The fixture as a data directory: caravan.sqlite rebuilt from its dump, termbase.json copied. */
function fixtureDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-upgrade-'));
  dirs.push(dir);
  const db = new Database(join(dir, SQLITE_FILE));
  db.exec(readFileSync(join(FIXTURE, 'caravan.sql'), 'utf8'));
  db.close();
  cpSync(join(FIXTURE, LEGACY_TERMBASE_FILE), join(dir, LEGACY_TERMBASE_FILE));
  return dir;
}

interface Legacy {
  entries: Omit<TermEntry, 'glossary'>[];
  history: HistoryRecord[];
}

const open = (dir: string) => openRuntime(loadConfig({ CARAVAN_DATA_DIR: dir, CARAVAN_ADMIN_KEY: ADMIN_KEY }), pino({ level: 'silent' }));

describe('upgrading a 0.1.0 data directory', () => {
  it('loads every entry, version and history record into the glossary default, keeps the file as a backup, and does it once', async () => {
    const dir = fixtureDataDir();
    const legacy = JSON.parse(readFileSync(join(FIXTURE, LEGACY_TERMBASE_FILE), 'utf8')) as Legacy;
    const rt = await open(dir);
    try {
      const tb = rt.stores.termbase;
      const stored: TermEntry[] = [];
      for await (const batch of tb.scanEntries('default', 100)) stored.push(...batch);
      const byId = (list: { id: string }[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(byId(stored)).toEqual(byId(legacy.entries.map((e) => ({ ...e, glossary: 'default' }))));
      const ids = [...new Set(legacy.history.map((h) => h.entryId))];
      const history: HistoryRecord[] = [];
      for (const id of ids) history.push(...await tb.history('default', id));
      const order = (list: HistoryRecord[]) => [...list].sort((a, b) => (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : a.version - b.version));
      expect(order(history)).toEqual(order(legacy.history));
      expect((await tb.history('default', 'fixture-term')).map((h) => h.action)).toEqual(['created', 'deleted']);
      expect(await tb.getEntry('default', 'fixture-term')).toBeUndefined();

      // The 0.1.0 term base was seeded, so the curated glossary is not loaded a second time.
      expect((await tb.listGlossaries()).map((g) => g.id)).toEqual(['default']);
      expect(existsSync(join(dir, LEGACY_TERMBASE_FILE))).toBe(false);
      expect(readFileSync(join(dir, LEGACY_BACKUP_FILE), 'utf8')).toBe(readFileSync(join(FIXTURE, LEGACY_TERMBASE_FILE), 'utf8'));

      // Old clients: the 0.1.0 routes and ETags work on the upgraded entries.
      const app = createApp({ services: rt.services, logger: pino({ level: 'silent' }), validateResponses: true });
      const luban = await request(app).get('/api/v1/glossary/entries/luban-workshop').set('Authorization', `Bearer ${ADMIN_KEY}`).expect(200);
      expect(luban.headers.etag).toBe('"luban-workshop-v2"');
      expect(luban.body).toMatchObject({ glossary: 'default', note: 'Edited in the 0.1 fixture.', version: 2 });
      const put = await request(app).put('/api/v1/glossary/entries/luban-workshop').set('Authorization', `Bearer ${ADMIN_KEY}`)
        .set('If-Match', '"luban-workshop-v2"').send({ ...JSON.parse(JSON.stringify(legacy.entries.find((e) => e.id === 'luban-workshop'))), note: 'After the upgrade.',
          createdAt: undefined, createdBy: undefined, updatedAt: undefined, updatedBy: undefined, version: undefined }).expect(200);
      expect(put.headers.etag).toBe('"luban-workshop-v3"');
      const recreated = await request(app).post('/api/v1/glossary/entries').set('Authorization', `Bearer ${ADMIN_KEY}`)
        .send({ id: 'fixture-term', languages: { 'zh-CN': [{ term: '升级测试术语', status: 'preferred' }] } }).expect(201);
      expect(recreated.headers.etag).toBe('"fixture-term-v3"');
      expect((await request(app).get('/health').expect(200)).body.entries).toBe(legacy.entries.length + 1);
    } finally {
      await rt.close();
    }

    const again = await open(dir);
    try {
      expect(await again.stores.termbase.countEntries('default')).toBe(legacy.entries.length + 1);
      expect(readdirSync(dir).filter((f) => f.startsWith('termbase'))).toEqual([LEGACY_BACKUP_FILE]);
    } finally {
      await again.close();
    }
  });

  it('a new data directory gets an empty default and the curated glossary in a glossary of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caravan-fresh-'));
    dirs.push(dir);
    const rt = await open(dir);
    try {
      const glossaries = await rt.stores.termbase.listGlossaries();
      expect(glossaries.map((g) => [g.id, g.name])).toEqual([[SEED_COLLECTION, 'China–Central Asia summits'], ['default', 'Default']]);
      expect(await rt.stores.termbase.countEntries('default')).toBe(0);
      const curated = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'glossary', 'entries.json'), 'utf8')) as unknown[];
      expect(await rt.stores.termbase.countEntries(SEED_COLLECTION)).toBe(curated.length);
    } finally {
      await rt.close();
    }
  });
});
