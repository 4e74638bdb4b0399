/**
 * A TMX import parsed in a worker (tmx-parse-worker.ts) answers as one parsed on the main thread:
 * the same report (counts, skips with their `tu` numbers and reasons), the same 400 with the same
 * line and column for a malformed file, the same 400 for hostile XML and broken encodings; and
 * whatever fails (the file, or the worker itself, ended mid-import after the index began to fold
 * its pages) imports nothing, leaves the index as it was, and lets the next import through. Into
 * PostgreSQL, whose stage is written on the main thread, the worker parses and sends the batches
 * back: the same report and the same 400.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SOURCE_LENGTH } from '../../src/domain/limits.js';
import type { createApp } from '../../src/http/app.js';
import type { Services } from '../../src/services/container.js';
import { tmSink } from '../../src/services/exchange/tm-ports.js';
import { TmxExchangeService } from '../../src/services/exchange/tmx-exchange.js';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import type { NewUnit } from '../../src/domain/tm/unit.js';
import type { Stores, TmBulkWriter } from '../../src/store/types.js';
import { diskApp } from '../helpers/disk-app.js';
import { useNodePair } from '../helpers/nodes.js';
import { describePg } from '../helpers/postgres.js';

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>\n';
const END = '</body></tmx>\n';
const chars = (n: number) => String.fromCharCode(0x4e00 + (n % 400), 0x5200 + Math.floor(n / 400));
const tu = (s: string, t: string, attrs = '', lang = 'en') => `<tu${attrs}><tuv xml:lang="zh-CN"><seg>${s}</seg></tuv><tuv xml:lang="${lang}"><seg>${t}</seg></tuv></tu>\n`;
/** `n` distinct units (several pages of the worker), texts marked by `tag`. */
const units = (n: number, tag: string) => Array.from({ length: n }, (_, i) => tu(`${tag}${chars(i)}的句子。`, `${tag} sentence ${i}.`)).join('');

/** A unit with a note, a context and inline codes (what a unit carries beyond its texts). */
const RICH = '<tu tuid="rich"><note>checked</note><prop type="x-caravan-context-prev">前一句。</prop><tuv xml:lang="zh-CN"><seg>有<bpt i="1">&lt;b&gt;</bpt>标记<ept i="1">&lt;/b&gt;</ept>的句子。</seg></tuv>'
  + '<tuv xml:lang="en"><seg>A <bpt i="1">&lt;b&gt;</bpt>tagged<ept i="1">&lt;/b&gt;</ept> sentence.</seg></tuv></tu>\n';
/** A file with every kind of skip between ordinary units: repeats, a bad language tag, an empty target, an over-long source, a tuid. */
const MIXED = HEAD + units(1_200, '混合') + tu(`混合${chars(0)}的句子。`, '混合 sentence 0.', ' tuid="again"')
  + '<tu><tuv xml:lang="zh-CN"><seg>没有语言</seg></tuv><tuv xml:lang="not a tag!"><seg>x</seg></tuv></tu>\n'
  + tu('空的译文。', '') + tu('长'.repeat(MAX_SOURCE_LENGTH + 1), 'Long.') + units(800, '混合') + units(300, '另外') + RICH + END;

let dir: string;
let stores: Stores;
let services: Services;
let app: ReturnType<typeof createApp>;
let auth: string;
let onWorker: ((w: Worker) => void) | undefined;

const onMain = () => new TmxExchangeService(tmSink(services.tm, stores.tmBulk), { parseInWorkerFrom: Infinity });
const inWorker = () => new TmxExchangeService(tmSink(services.tm, stores.tmBulk), { parseInWorkerFrom: 0, onWorker: (w) => onWorker?.(w) });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'caravan-parse-worker-'));
  stores = openSqliteStores(dir);
  ({ app, services, auth } = await diskApp(stores));
});
afterAll(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (body: string | Buffer, query = '') => request(app).post(`/api/v1/tm/import?memory=default${query}`).set('Authorization', auth)
  .set('Content-Type', 'application/x-tmx+xml').send(body);
/** The response to `body` from each path, main thread first. */
async function onBoth(body: string | Buffer, query = ''): Promise<[request.Response, request.Response]> {
  services.tmx = onMain();
  const main = await post(body, query);
  services.tmx = inWorker();
  return [main, await post(body, query)];
}
/** What must not change when an import fails. */
const state = async () => ({ stored: await stores.tm.countUnits(), index: services.tm.indexFootprint(), health: (await request(app).get('/health')).body.units });

describe('a TMX import parsed in a worker', () => {
  it('reports what the main thread reports: counts, and each skip with its tu number and reason', async () => {
    const [main, worker] = await onBoth(MIXED, '&dryRun=true');
    expect(main.status, main.text).toBe(200);
    expect(worker.body).toEqual(main.body);
    expect(main.body).toMatchObject({ imported: 1_501, updated: 0, dryRun: true, skippedTotal: 805 });
    expect(main.body.skipped.slice(0, 5)).toEqual([
      { tu: 1_201, tuid: 'again', reason: 'same zh-CN and en text as tu 1' },
      { tu: 1_202, reason: 'a <tuv> has no valid language tag ("not a tag!")' },
      { tu: 1_202, reason: 'no translation of the zh-CN text' },
      { tu: 1_203, reason: 'the en text is empty' },
      { tu: 1_204, reason: `zh-CN → en: source must be at most ${MAX_SOURCE_LENGTH} characters (it has ${MAX_SOURCE_LENGTH + 1})` },
    ]);
    expect(main.body.skipped[5]).toEqual({ tu: 1_205, reason: 'same zh-CN and en text as tu 1' });
    expect(await stores.tm.countUnits()).toBe(1);
  });

  it('imports what it reports, every field kept, and lookups find each unit under the id the store gave it', async () => {
    services.tmx = inWorker();
    const res = await post(MIXED);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ imported: 1_501, updated: 0, skippedTotal: 805 });
    expect(await stores.tm.countUnits()).toBe(1_502);
    expect(services.tm.indexedUnits).toBe(1_502);
    for (const [s, t] of [[`混合${chars(0)}的句子。`, '混合 sentence 0.'], [`另外${chars(299)}的句子。`, '另外 sentence 299.']] as const) {
      const best = (await request(app).post('/api/v1/tm/lookup').set('Authorization', auth)
        .send({ source: s, sourceLang: 'zh-CN', targetLang: 'en', terms: false }).expect(200)).body.matches[0];
      expect(best).toMatchObject({ score: 100, target: t });
      expect((await request(app).get(`/api/v1/tm/units/${best.unitId}`).set('Authorization', auth).expect(200)).body).toMatchObject({ source: s });
    }
    const rich = (await request(app).post('/api/v1/tm/lookup').set('Authorization', auth)
      .send({ source: '有标记的句子。', sourceLang: 'zh-CN', targetLang: 'en', terms: false }).expect(200)).body.matches[0];
    expect((await request(app).get(`/api/v1/tm/units/${rich.unitId}`).set('Authorization', auth).expect(200)).body).toMatchObject({
      target: 'A tagged sentence.', note: 'checked', context: { previous: '前一句。' },
      sourceCodes: [{ type: 'open', offset: 1, data: '<b>' }, { type: 'close', offset: 3, data: '</b>' }],
    });
  });

  it('answers a file malformed near its end with the same 400, line and column, and imports nothing', async () => {
    const before = await state();
    const truncated = HEAD + units(3_000, '截断') + '<tu><tuv xml:lang="zh-CN"><seg>截断</tuv></tu>\n' + END;
    const [main, worker] = await onBoth(truncated);
    expect(main.status).toBe(400);
    expect(main.body).toMatchObject({ type: expect.stringContaining('unreadable-input'), detail: expect.stringMatching(/line 3003, column \d+/) });
    expect(worker.status).toBe(400);
    expect(worker.body).toEqual(main.body);
    expect(await state()).toEqual(before);
  });

  it('refuses hostile XML and broken encodings as the main thread does, and imports nothing', async () => {
    const before = await state();
    const entities = '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><tmx version="1.4"><header/><body>'
      + units(10, '实体') + '<tu><tuv xml:lang="zh-CN"><seg>&b;</seg></tuv><tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>';
    const broken = Buffer.concat([Buffer.from(HEAD + units(1_000, '编码')), Buffer.from([0xe4, 0xb8]), Buffer.from(`<tu/>${END}`)]);
    for (const body of [entities, broken]) {
      const [main, worker] = await onBoth(body);
      expect(main.status, main.text).toBe(400);
      expect(worker.body).toEqual(main.body);
    }
    expect(await state()).toEqual(before);
  });

  it('whose worker ends mid-import, after the index began to fold its pages, imports nothing and leaves the index as it was', async () => {
    const before = await state();
    services.tmx = inWorker();
    let pages = 0;
    onWorker = (w) => w.on('message', (m: { type: string }) => {
      if (m.type === 'page' && ++pages === 2) void w.terminate();
    });
    const res = await post(HEAD + units(5_000, '中断') + END);
    onWorker = undefined;
    expect(res.status, res.text).toBe(500);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(await state()).toEqual(before);
    // The TM's write queue was let go: a unit write and the next import go through.
    await request(app).post('/api/v1/tm/units').set('Authorization', auth)
      .send({ sourceLang: 'zh-CN', targetLang: 'en', source: '中断之后的句子。', target: 'After the break.' }).expect(201);
    const next = await post(HEAD + units(2_000, '之后') + END);
    expect(next.body).toMatchObject({ imported: 2_000 });
    expect(services.tm.indexedUnits).toBe(before.stored + 2_001);
  });
});

describe('a TMX import parsed in a worker, with unit writes during its parse', () => {
  const unitBody = (source: string, target: string) => ({ sourceLang: 'zh-CN', targetLang: 'en', source, target });
  /** Imports `body` parsed in a worker, writing `unit` once the index has folded `afterPages` pages; the write's answer and when each answer came. */
  async function importWriting(body: string, unit: object, afterPages = 2, killAt = Infinity) {
    services.tmx = inWorker();
    let pages = 0;
    let writing: Promise<{ res: request.Response; at: number }> | undefined;
    let slotsAtWrite = 0;
    onWorker = (w) => w.on('message', (m: { type: string }) => {
      if (m.type !== 'page') return;
      if (++pages === afterPages) {
        slotsAtWrite = services.tm.indexFootprint().slots;
        writing = request(app).post('/api/v1/tm/units').set('Authorization', auth).send(unit).then((res) => ({ res, at: performance.now() }));
      }
      if (pages === killAt) void w.terminate();
    });
    const imported = await post(body);
    const at = performance.now();
    onWorker = undefined;
    expect(writing).toBeDefined();
    const write = await (writing as Promise<{ res: request.Response; at: number }>);
    return { imported, write: write.res, wroteFirst: write.at < at, slotsAtWrite };
  }
  const best = async (source: string) => (await request(app).post('/api/v1/tm/lookup').set('Authorization', auth)
    .send({ source, sourceLang: 'zh-CN', targetLang: 'en', terms: false }).expect(200)).body.matches[0];

  it('takes a unit written meanwhile without waiting for the import; both are found under their ids', async () => {
    const before = services.tm.indexedUnits;
    const { imported, write, wroteFirst } = await importWriting(HEAD + units(20_000, '并行') + END, unitBody('导入期间写的句子。', 'Written meanwhile.'));
    expect(write.status, write.text).toBe(201);
    expect(wroteFirst).toBe(true);
    expect(imported.body).toMatchObject({ imported: 20_000, updated: 0 });
    expect(services.tm.indexedUnits).toBe(before + 20_001);
    expect(await best('导入期间写的句子。')).toMatchObject({ score: 100, target: 'Written meanwhile.', unitId: write.body.ids[0] });
    for (const i of [0, 9_999, 19_999]) {
      const m = await best(`并行${chars(i)}的句子。`);
      expect(m).toMatchObject({ score: 100, target: `并行 sentence ${i}.` });
      expect((await request(app).get(`/api/v1/tm/units/${m.unitId}`).set('Authorization', auth).expect(200)).body.source).toBe(`并行${chars(i)}的句子。`);
    }
  });

  it('keeps a unit written meanwhile that the file holds too, and counts the import\'s copy of it as an update', async () => {
    const before = services.tm.indexedUnits;
    const { imported, write, wroteFirst } = await importWriting(HEAD + units(20_000, '重复') + END, unitBody(`重复${chars(15_000)}的句子。`, '重复 sentence 15000.'));
    expect(write.status, write.text).toBe(201);
    expect(wroteFirst).toBe(true);
    expect(imported.body).toMatchObject({ imported: 19_999, updated: 1 });
    expect(services.tm.indexedUnits).toBe(before + 20_000);
    expect(await best(`重复${chars(15_000)}的句子。`)).toMatchObject({ score: 100, unitId: write.body.ids[0] });
    expect(await best(`重复${chars(19_999)}的句子。`)).toMatchObject({ score: 100, target: '重复 sentence 19999.' });
  });

  it('that fails after a unit was written between its folded pages imports nothing and keeps that unit', async () => {
    const before = await state();
    const { imported, write, slotsAtWrite } = await importWriting(HEAD + units(20_000, '失败') + END, unitBody('失败之前写的句子。', 'Written before the failure.'), 30, 34);
    expect(imported.status, imported.text).toBe(500);
    // The index had staged units of the file when the unit was written (the write's slot lay between theirs).
    expect(slotsAtWrite).toBeGreaterThan(before.index.slots);
    expect(write.status, write.text).toBe(201);
    expect(await stores.tm.countUnits()).toBe(before.stored + 1);
    expect(services.tm.indexedUnits).toBe(before.index.units + 1);
    expect((await request(app).get('/health')).body.units).toBe(before.health + 1);
    expect(await best('失败之前写的句子。')).toMatchObject({ score: 100, unitId: write.body.ids[0] });
    expect((await best(`失败${chars(10)}的句子。`))?.target ?? '').not.toMatch(/^失败 sentence/);
  });

  it('into a memory deleted and made again between its folded pages finds every unit its commit wrote', async () => {
    await request(app).post('/api/v1/memories').set('Authorization', auth).send({ id: 'reborn', name: 'Reborn' }).expect(201);
    const [before, indexed] = [await state(), services.tm.indexedUnits];
    services.tmx = inWorker();
    let pages = 0;
    let remade: Promise<unknown> | undefined;
    onWorker = (w) => w.on('message', (m: { type: string }) => {
      // The drop reaches the index between two pages and kills the pages staged so far; the
      // memory exists again when the commit runs, which then writes every unit of the file.
      if (m.type === 'page' && ++pages === 2) {
        remade = request(app).delete('/api/v1/memories/reborn').set('Authorization', auth).expect(204)
          .then(() => request(app).post('/api/v1/memories').set('Authorization', auth).send({ id: 'reborn', name: 'Reborn again' }).expect(201));
      }
    });
    const n = 20_000;
    const imported = await request(app).post('/api/v1/tm/import?memory=reborn').set('Authorization', auth).set('Content-Type', 'application/x-tmx+xml')
      .send(HEAD + units(n, '重生') + END);
    onWorker = undefined;
    await remade;
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body).toMatchObject({ imported: n });
    expect(await stores.tm.countUnits()).toBe(before.stored + n);
    expect(services.tm.indexedUnits).toBe(indexed + n);
    expect((await request(app).get('/health')).body.units).toBe(before.health + n);
    for (const i of [0, 9_999, 19_999]) expect(await best(`重生${chars(i)}的句子。`)).toMatchObject({ score: 100, target: `重生 sentence ${i}.` });
  });
});

describePg('a TMX import into PostgreSQL parsed in a worker', (cluster) => {
  const pair = useNodePair(cluster);
  let workers = 0;
  const pg = (parseInWorkerFrom: number) => new TmxExchangeService(tmSink(pair.a.services.tm, pair.a.stores.tmBulk),
    { parseInWorkerFrom, onWorker: () => { workers++; } });
  const postTo = (body: string, query = '') => request(pair.a.app).post(`/api/v1/tm/import?memory=default${query}`).set('Authorization', pair.auth.translator)
    .set('Content-Type', 'application/x-tmx+xml').send(body);

  it('is staged batch by batch on the main thread and answers as the main thread\'s parse: the same report, the same 400', async () => {
    pair.a.services.tmx = pg(Infinity);
    const main = await postTo(MIXED);
    expect(main.status, main.text).toBe(200);
    expect(workers).toBe(0);
    expect(main.body).toMatchObject({ imported: 1_501, updated: 0, skippedTotal: 805 });
    pair.a.services.tmx = pg(0);
    // The same file again: every unit an update, the same skips.
    const worker = await postTo(MIXED);
    expect(workers).toBe(1);
    expect(worker.body).toEqual({ ...main.body, imported: 0, updated: 1_501 });
    const fresh = await postTo(HEAD + units(2_500, '并库') + RICH + END);
    expect(fresh.body).toMatchObject({ imported: 2_500, updated: 1, skippedTotal: 0 });
    expect(await pair.a.stores.tm.countUnits()).toBe(1_501 + 2_500);
    const truncated = HEAD + units(3_000, '截断') + '<tu><tuv xml:lang="zh-CN"><seg>截断</tuv></tu>\n' + END;
    const bad = await postTo(truncated);
    pair.a.services.tmx = pg(Infinity);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual((await postTo(truncated)).body);
    expect(await pair.a.stores.tm.countUnits()).toBe(1_501 + 2_500);
  });

  it('in a dry run reports what the main thread\'s dry run reports and writes nothing', async () => {
    const file = MIXED.replace(/混合/g, '试运行');
    const before = await pair.a.stores.tm.countUnits();
    pair.a.services.tmx = pg(Infinity);
    const main = await postTo(file, '&dryRun=true');
    expect(main.status, main.text).toBe(200);
    const started = workers;
    pair.a.services.tmx = pg(0);
    const worker = await postTo(file, '&dryRun=true');
    expect(workers).toBe(started + 1);
    expect(worker.status, worker.text).toBe(200);
    expect(worker.body).toEqual(main.body);
    // Some of the file's units may be stored already (by the test before, when it ran): whichever, all 1,501 are counted.
    expect(main.body).toMatchObject({ dryRun: true, skippedTotal: 805 });
    expect(main.body.imported + main.body.updated).toBe(1_501);
    expect(await pair.a.stores.tm.countUnits()).toBe(before);
  });

  it('whose store finds the disk full at a batch answers 507 problem+json (the store\'s own error, not the worker\'s) and writes nothing', async () => {
    const before = await pair.a.stores.tm.countUnits();
    // The second batch staged on the main thread fails as PostgreSQL's full disk does (SQLSTATE 53100; injected: its COPY
    // cannot be made to), wrapped so that only the cause says so: the copy relayed through the worker has no cause, so a
    // 507 shows that the answer comes from the store's own error.
    let batches = 0;
    const full: TmBulkWriter = {
      beginBulkWrite: async (memory, actor) => {
        const write = await pair.a.stores.tmBulk.beginBulkWrite(memory, actor);
        const stage = write.stage.bind(write);
        return Object.assign(write, {
          stage: (units: NewUnit[], refs?: readonly number[]) => (++batches === 2
            ? Promise.reject(new Error('the batch was not staged', { cause: Object.assign(new Error('could not extend file: No space left on device'), { code: '53100' }) }))
            : stage(units, refs)),
        });
      },
    };
    const started = workers;
    pair.a.services.tmx = new TmxExchangeService(tmSink(pair.a.services.tm, full), { parseInWorkerFrom: 0, onWorker: () => { workers++; } });
    const res = await postTo(HEAD + units(3_000, '满盘') + END);
    expect(workers).toBe(started + 1);
    expect(batches).toBeGreaterThanOrEqual(2);
    expect(res.status, res.text).toBe(507);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/insufficient-storage', status: 507 });
    expect(await pair.a.stores.tm.countUnits()).toBe(before);
    // The next import goes through.
    pair.a.services.tmx = pg(0);
    expect((await postTo(HEAD + units(10, '满盘之后') + END)).body).toMatchObject({ imported: 10 });
  });
});
