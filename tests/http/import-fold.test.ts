/**
 * A TMX import's units are folded into the index while its commit runs (bulk-fold.ts, issue 12),
 * or, when the file is parsed in a worker (tmx-parse-worker.ts), as they are staged (staged-fold.ts):
 * each case runs on both paths:
 * the units found afterwards carry the ids the store gave them; an import that updates stored
 * units is adopted without them (or, read during its commit with stored units among the rows the
 * commit samples, learned from the store); and a commit that fails after the fold started
 * imports nothing and leaves the index as it was. The failure is made deterministic: another
 * connection holds the write lock until the fold has staged every unit, then adds a trigger that
 * refuses the import's rows.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { createApp } from '../../src/http/app.js';
import type { Services } from '../../src/services/container.js';
import { SQLITE_FILE, openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import type { Stores } from '../../src/store/types.js';
import { diskApp } from '../helpers/disk-app.js';
import { TmxExchangeService } from '../../src/services/exchange/tmx-exchange.js';
import { tmSink } from '../../src/services/exchange/tm-ports.js';

/** Past the stage worker's first 10,000 units, and more than a quarter of the TM: the fold path. */
const UNITS = 12_000;
const tmx = (n: number, text: (i: number) => [string, string]) => `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>
${Array.from({ length: n }, (_, i) => { const [s, t] = text(i); return `<tu><tuv xml:lang="zh-CN"><seg>${s}</seg></tuv><tuv xml:lang="en"><seg>${t}</seg></tuv></tu>`; }).join('\n')}</body></tmx>`;
/** Two CJK characters of their own for each n (numbers would all fold to one symbol of the matching key). */
const chars = (n: number) => String.fromCharCode(0x4e00 + (n % 400), 0x5200 + Math.floor(n / 400));
// Staging order (file order) differs from identity order (the order ids are given in).
const first = (i: number): [string, string] => [`关于${chars((i * 7919) % UNITS)}中亚合作的话。`, `Sentence ${i} on cooperation.`];

/** On the main thread (the default below PARSE_IN_WORKER_BYTES), and parsed in a worker whatever the size. */
describe.each([['parsed on the main thread', Infinity], ['parsed in a worker', 0]])('a TMX import %s', (_, parseInWorkerFrom) => {
  let dir: string;
  let stores: Stores;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  let auth: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'caravan-import-fold-'));
    stores = openSqliteStores(dir);
    ({ app, services, auth } = await diskApp(stores));
    services.tmx = new TmxExchangeService(tmSink(services.tm, stores.tmBulk), { parseInWorkerFrom });
  });
  afterAll(async () => {
    await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const importTmx = (body: string) => request(app).post('/api/v1/tm/import').set('Authorization', auth).set('Content-Type', 'application/x-tmx+xml').send(body);
  const lookup = (source: string) => request(app).post('/api/v1/tm/lookup').set('Authorization', auth)
    .send({ source, sourceLang: 'zh-CN', targetLang: 'en', terms: false }).expect(200);

  /** The best match of `source` is the stored unit it names, with that source and `target`. */
  async function expectFound(source: string, target: string): Promise<void> {
    const best = (await lookup(source)).body.matches[0];
    expect(best, source).toMatchObject({ score: 100, target });
    const unit = await request(app).get(`/api/v1/tm/units/${best.unitId}`).set('Authorization', auth).expect(200);
    expect(unit.body).toMatchObject({ source, target });
  }

  describe('folded into the index', () => {
    it('that fails after the fold started imports nothing and leaves the index as it was', async () => {
      const before = services.tm.indexedUnits;
      const blocker = new Database(join(dir, SQLITE_FILE));
      blocker.exec('BEGIN IMMEDIATE');
      const importing = importTmx(tmx(UNITS, (i) => [`失败的${chars(i)}中亚合作。`, `Failed ${i}.`])).then((res) => res);
      // The fold stages every unit (under provisional ids) while the commit waits for the lock.
      while (services.tm.indexedUnits < before + UNITS) await new Promise((resolve) => setTimeout(resolve, 20));
      // Parsed in a worker, the units were folded before the commit, which lays the seal out while
      // it waits (index-growth.ts PendingSeal): the commit fails once it is built.
      if (parseInWorkerFrom === 0) {
        while (services.tm.sealLaidOut() === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
        await services.tm.sealLaidOut();
      }
      expect((await request(app).get('/health')).body).toMatchObject({ units: 1 });
      blocker.exec(`CREATE TRIGGER refuse BEFORE INSERT ON units WHEN NEW.target LIKE 'Failed %' BEGIN SELECT RAISE(ABORT, 'refused'); END`);
      blocker.exec('COMMIT');
      const res = await importing;
      expect(res.status, res.text).toBe(500);
      blocker.exec('DROP TRIGGER refuse');
      blocker.close();
      expect(services.tm.indexedUnits).toBe(before);
      expect(await stores.tm.countUnits()).toBe(1);
      expect((await lookup(`失败的${chars(7)}中亚合作。`)).body.matches.filter((m: { target: string }) => m.target.startsWith('Failed'))).toEqual([]);
      await expectFound('中亚合作的第一句话。', 'The first sentence.');
    });

    it('finds every unit under the id the store gave it', async () => {
      const res = await importTmx(tmx(UNITS, first));
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ imported: UNITS, updated: 0 });
      expect(services.tm.indexedUnits).toBe(UNITS + 1);
      expect((await request(app).get('/health')).body).toMatchObject({ units: UNITS + 1 });
      for (const i of [0, 1, 4_999, 10_000, UNITS - 1]) await expectFound(...first(i));

    });

    it('that updates stored units among its first rows finds the created ones and the updated ones under their ids', async () => {
      const res = await importTmx(tmx(4 * UNITS, (i) => (i % 4 === 0 ? first(i / 4) : [`新的${chars(i)}中亚合作。`, `New ${i}.`])));
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ imported: 3 * UNITS, updated: UNITS });
      expect(services.tm.indexedUnits).toBe(4 * UNITS + 1);
      for (const i of [1, 2, 4 * UNITS - 1]) await expectFound(`新的${chars(i)}中亚合作。`, `New ${i}.`);
      await expectFound(...first(3));
    });

    it('whose stored units (half of it) come after the rows the commit samples is folded and adopted without them', async () => {
      const later = (i: number): [string, string] => (i < UNITS ? [`后来的${chars(i)}中亚合作。`, `Later ${i}.`] : first(i - UNITS));
      const res = await importTmx(tmx(2 * UNITS, later));
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ imported: UNITS, updated: UNITS });
      expect(services.tm.indexedUnits).toBe(5 * UNITS + 1);
      expect((await request(app).get('/health')).body).toMatchObject({ units: 5 * UNITS + 1 });
      for (const i of [0, 2_001, UNITS - 1]) await expectFound(...later(i));
      await expectFound(...first(5));
    });

    it('keeps the numbers of the units it folds under their ids (concordance finds a number)', async () => {
      // Over a quarter of the index's 60,001 units: folded, not learned after the commit.
      const res = await importTmx(tmx(2 * UNITS, (i) => [`编号${i + 100_000}的中亚合作。`, `Number ${i}.`]));
      expect(res.body).toMatchObject({ imported: 2 * UNITS });
      const hits = await request(app).get('/api/v1/tm/concordance').query({ q: '编号104321的', sourceLang: 'zh-CN', targetLang: 'en' })
        .set('Authorization', auth).expect(200);
      expect(hits.body.total).toBe(1);
      await expectFound('编号104321的中亚合作。', 'Number 4321.');
    });

    it('that refreshes a few stored units past the first rows is adopted with those removed, not read back from the store, and the refreshed units rank by their new updatedAt', async () => {
      // A twin of a unit the import refreshes (same source, another target), written after that
      // unit: it ranks first among the two until the import makes the refreshed unit newer.
      const [twinSource] = first(0);
      await request(app).post('/api/v1/tm/units').set('Authorization', auth).send({ sourceLang: 'zh-CN', targetLang: 'en', source: twinSource, target: 'The twin.' }).expect(201);
      const best = async () => (await request(app).post('/api/v1/tm/lookup').set('Authorization', auth)
        .send({ source: twinSource, sourceLang: 'zh-CN', targetLang: 'en', terms: false, limit: 1 }).expect(200)).body.matches.map((m: { target: string }) => m.target);
      expect(await best()).toEqual(['The twin.']);
      const before = services.tm.indexedUnits;
      const tombstones = () => services.tm.indexFootprint().slots - services.tm.indexFootprint().units;
      const tombstonesBefore = tombstones();
      // Over a quarter of the index's units; 500 of them stored already, after the rows a commit samples.
      const fresh = (i: number): [string, string] => (i >= 3_000 && i < 3_500 ? first(i - 3_000) : [`刷新的${chars(i)}中亚合作。`, `Fresh ${i}.`]);
      const scans = vi.spyOn(stores.tm, 'scanUnitTexts');
      try {
        const res = await importTmx(tmx(2 * UNITS, fresh));
        expect(res.status, res.text).toBe(200);
        expect(res.body).toMatchObject({ imported: 2 * UNITS - 500, updated: 500 });
        expect(scans).not.toHaveBeenCalled();
      } finally {
        scans.mockRestore();
      }
      expect(services.tm.indexedUnits).toBe(before + 2 * UNITS - 500);
      expect((await request(app).get('/health')).body).toMatchObject({ units: before + 2 * UNITS - 500 });
      for (const i of [0, 2_999, 3_500, 2 * UNITS - 1]) await expectFound(...fresh(i));
      for (const i of [3_000, 3_499]) await expectFound(...fresh(i));
      // The refreshed unit is now the newer of the two. Parsed in a worker, the index took the
      // commit's updatedAt (bulk-fold.ts adopt, touchInSteps) and ranks the tie by it; on the main
      // thread an earlier import here was learned from the store, so ties are read from the rows.
      expect(await best()).toEqual([first(0)[1]]);
      // Parsed in a worker, the seal laid out during the commit was installed with the refreshed
      // units' staged slots as tombstones (REFRESHED_IN_LAYOUT); folded during the commit, the
      // index was sealed after it, which keeps no tombstone.
      expect(tombstones() - (parseInWorkerFrom === 0 ? tombstonesBefore : 0)).toBe(parseInWorkerFrom === 0 ? 500 : 0);
    });

    it('whose memory is deleted before its commit answers 404, writes nothing and leaves the index as it was', async () => {
      await request(app).post('/api/v1/memories').set('Authorization', auth).send({ id: 'doomed', name: 'Doomed' }).expect(201);
      const [before, stored] = [services.tm.indexedUnits, await stores.tm.countUnits()];
      const blocker = new Database(join(dir, SQLITE_FILE));
      blocker.exec('BEGIN IMMEDIATE');
      // Over a quarter of the index's units: folded, as in the first case here.
      const n = 3 * UNITS;
      const importing = request(app).post('/api/v1/tm/import?memory=doomed').set('Authorization', auth).set('Content-Type', 'application/x-tmx+xml')
        .send(tmx(n, (i) => [`注定的${chars(i % UNITS)}${i}中亚合作。`, `Doomed ${i}.`])).then((res) => res);
      while (services.tm.indexedUnits < before + n) await new Promise((resolve) => setTimeout(resolve, 20));
      if (parseInWorkerFrom === 0) {
        while (services.tm.sealLaidOut() === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
        await services.tm.sealLaidOut();
      }
      // The memory's row goes while the import waits for its commit (units.memory_id has no foreign key).
      blocker.exec(`DELETE FROM memories WHERE id = 'doomed'`);
      blocker.exec('COMMIT');
      blocker.close();
      const res = await importing;
      expect(res.status, res.text).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(await stores.tm.countUnits()).toBe(stored);
      expect(services.tm.indexedUnits).toBe(before);
      await expectFound(...first(7));
    });
  });
});
