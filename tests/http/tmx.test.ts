import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TmxUnit, readTmx } from '../../src/formats/tmx.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { FIXTURES_DIR, SAMPLES_DIR, itNeeding } from '../helpers/shared.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

function importTmx(body: Buffer | string, query = '', type = 'application/x-tmx+xml'): request.Test {
  return request(t.app).post(`/api/v1/tm/import${query}`).set('Authorization', t.auth.translator).set('Content-Type', type).send(body);
}

async function unitsOf(xml: string): Promise<TmxUnit[]> {
  const units: TmxUnit[] = [];
  await readTmx(xml, {}, (u) => { units.push(u); });
  return units;
}

describe('POST /api/v1/tm/import', () => {
  it('imports the fixture: one unit per pair, props as context and origin, skipped tus with reasons', async () => {
    const res = await importTmx(readFileSync(join(FIXTURES_DIR, 'tmx', 'level2-props.tmx'))).expect(200);
    expect(res.body).toEqual({
      memory: 'default', imported: 5, updated: 0, dryRun: false, skippedTotal: 2,
      skipped: [{ tu: 4, tuid: '4', reason: 'no zh-CN variant' }, { tu: 5, tuid: '5', reason: 'the en text is empty' }],
    });
    expect(await t.stores.tm.pairCounts()).toEqual([{ memory: 'default', sourceLang: 'zh-CN', targetLang: 'en', units: 4 }, { memory: 'default', sourceLang: 'zh-CN', targetLang: 'ru', units: 1 }]);
    const [first] = await t.stores.tm.listUnits({ limit: 1 });
    expect(first).toMatchObject({
      source: '中国人说，三十而立。', target: 'As the Chinese saying goes, at thirty one stands firm.', note: 'Opening line of the keynote.',
      context: { previous: '各位同事，各位朋友：', next: '中国同中亚国家30年的交往合作。' },
      origin: { document: 'xian-2023.txt', title: '中国—中亚峰会主旨讲话', date: '2023-05-19' }, createdBy: 'test-translator',
    });
  });

  it('updates instead of duplicating on a second import, and a dry run writes nothing', async () => {
    const before = await t.stores.tm.countUnits();
    const dry = await importTmx(readFileSync(join(FIXTURES_DIR, 'tmx', 'level2-props.tmx')), '?dryRun=true').expect(200);
    expect(dry.body).toMatchObject({ imported: 0, updated: 5, dryRun: true });
    const again = await importTmx(readFileSync(join(FIXTURES_DIR, 'tmx', 'level2-props.tmx'))).expect(200);
    expect(again.body).toMatchObject({ imported: 0, updated: 5, dryRun: false });
    expect(await t.stores.tm.countUnits()).toBe(before);
  });

  itNeeding(['reference'], 'a dry run of a real file counts its new units and writes nothing', async () => {
    const before = await t.stores.tm.countUnits();
    const fresh = await importTmx(readFileSync(join(SAMPLES_DIR, 'tmx', 'okapi-test_Paragraph_TM.tmx')), '?dryRun=true').expect(200);
    expect(fresh.body).toMatchObject({ imported: 7, updated: 0, dryRun: true });
    expect(await t.stores.tm.countUnits()).toBe(before);
  });

  it('accounts for every tu of a file with exact repeats: the first is imported, each repeat skipped as "same ... as tu N"', async () => {
    const file = readFileSync(join(FIXTURES_DIR, 'tmx', 'repeats.tmx'));
    const repeats = [{ tu: 3, reason: 'same zh-CN and en text as tu 1' }, { tu: 5, reason: 'same zh-CN and en text as tu 2' },
      { tu: 6, reason: 'same zh-CN and en text as tu 1' }, { tu: 8, tuid: 'closing', reason: 'same zh-CN and en text as tu 2' }];
    const dry = await importTmx(file, '?dryRun=true').expect(200);
    expect(dry.body).toEqual({ memory: 'default', imported: 4, updated: 0, dryRun: true, skippedTotal: 4, skipped: repeats });
    const before = await t.stores.tm.countUnits();
    const res = await importTmx(file).expect(200);
    expect(res.body).toEqual({ memory: 'default', imported: 4, updated: 0, dryRun: false, skippedTotal: 4, skipped: repeats });
    expect(res.body.imported + res.body.updated + res.body.skippedTotal).toBe(8);
    expect(await t.stores.tm.countUnits()).toBe(before + 4);
    // The first of the repeats is the one stored: tu 8's note is not.
    const stored = (await t.stores.tm.listUnits({ limit: 1000 })).filter((u) => u.source === '携手共进。');
    expect(stored.map((u) => [u.target, u.note])).toEqual([['Moving forward hand in hand.', null]]);
    const again = await importTmx(file).expect(200);
    expect(again.body).toEqual({ memory: 'default', imported: 0, updated: 4, dryRun: false, skippedTotal: 4, skipped: repeats });
  });

  it('lists the first 100 skips in file order, repeats among them, and counts the rest', async () => {
    const tu = (zh: string | null, en: string) => `<tu>${zh === null ? '' : `<tuv xml:lang="zh-CN"><seg>${zh}</seg></tuv>`}<tuv xml:lang="en"><seg>${en}</seg></tuv></tu>`;
    const body = [tu('重复的句子。', 'A repeated sentence.'), tu('重复的句子。', 'A repeated sentence.'),
      ...Array.from({ length: 200 }, (_, i) => tu(null, `English only ${i}.`))].join('');
    const res = await importTmx(`<tmx version="1.4"><header srclang="zh-CN"/><body>${body}</body></tmx>`, '?dryRun=true').expect(200);
    expect(res.body).toMatchObject({ imported: expect.any(Number), skippedTotal: 201 });
    expect(res.body.skipped).toHaveLength(100);
    expect(res.body.skipped.slice(0, 2)).toEqual([{ tu: 2, reason: 'same zh-CN and en text as tu 1' }, { tu: 3, reason: 'no zh-CN variant' }]);
    expect(res.body.skipped.map((s: { tu: number }) => s.tu)).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
  });

  itNeeding(['reference'], 'imports one requested pair of a multilingual file', async () => {
    const file = readFileSync(join(SAMPLES_DIR, 'tmx', 'weblate-test_memory_multilingual.tmx'));
    const res = await importTmx(file, '?sourceLang=en-US&targetLang=cs-CZ').expect(200);
    expect(res.body).toMatchObject({ imported: 1, updated: 0, skippedTotal: 0 });
    const units = await t.stores.tm.listUnits({ sourceLang: 'en-US', targetLang: 'cs-CZ', limit: 5 });
    expect(units.map((u) => [u.source, u.target])).toEqual([['If the log function is installed', 'Pokud je nainstalované logování']]);
  });

  itNeeding(['reference'], 'imports every reference sample (UTF-16, TMX 1.1, TRADOS props, Weblate header) with the pinned counts per pair', async () => {
    const counts = JSON.parse(readFileSync(join(FIXTURES_DIR, 'samples', 'counts.json'), 'utf8')) as { tmx: Record<string, { pairs: Record<string, number> }> };
    for (const [file, want] of Object.entries(counts.tmx)) {
      const res = await importTmx(readFileSync(join(SAMPLES_DIR, 'tmx', file)), '?dryRun=true', 'application/xml').expect(200);
      const total = Object.values(want.pairs).reduce((a, b) => a + b, 0);
      expect(res.body.imported + res.body.updated, file).toBe(total);
      expect(res.body.skippedTotal, file).toBe(0);
    }
  });

  it('400 for an XLIFF file or a bad language tag', async () => {
    const xliff = await importTmx(readFileSync(join(FIXTURES_DIR, 'xliff12', 'inline-codes.xlf'))).expect(400);
    expect(xliff.body.detail).toBe('expected a TMX document, found <xliff>');
    const bad = await importTmx('<tmx version="1.4"/>', '?sourceLang=zh-CN&targetLang=zh-CN').expect(400);
    expect(bad.body.detail).toBe('sourceLang and targetLang are both zh-CN');
  });

  it('reads TMX without namespaces: a tool\'s element under a prefix bound to nothing is read by its local name, not refused', async () => {
    const tu = '<tu><x:note>n</x:note><tuv xml:lang="zh-CN"><seg>一<x:ph>{0}</x:ph></seg></tuv><tuv xml:lang="en"><seg>One</seg></tuv></tu>';
    const units = await unitsOf(`<tmx version="1.4"><header srclang="zh-CN"/><body>${tu}</body></tmx>`);
    expect(units.map((u) => [u.source, u.target.text, u.note])).toEqual([[{ text: '一', codes: [{ id: 't1', type: 'placeholder', offset: 1, data: '{0}' }] }, 'One', 'n']]);
  });

  it('403 for a reader', async () => {
    await request(t.app).post('/api/v1/tm/import').set('Authorization', t.auth.reader).set('Content-Type', 'application/x-tmx+xml').send('<tmx/>').expect(403);
  });
});

describe('GET /api/v1/tm/export', () => {
  it('streams TMX 1.4b with the source tuv first, props, dates and ids, which reads back to the same units', async () => {
    const res = await request(t.app).get('/api/v1/tm/export?format=tmx&sourceLang=zh-CN&targetLang=en').set('Authorization', t.auth.reader).buffer(true).expect(200);
    expect(res.headers['content-type']).toBe('application/x-tmx+xml; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=caravan-default-zh-CN-en.tmx');
    expect(res.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<tmx version="1.4">\n {2}<header creationtool="Caravan" creationtoolversion="[^"]+" segtype="sentence" o-tmf="Caravan" adminlang="en" srclang="zh-CN" datatype="plaintext" creationdate="\d{8}T\d{6}Z"\/>/);
    // The fixture was imported twice above: the second write of the same translation is one use.
    expect(res.text).toMatch(/<tu tuid="\d+" srclang="zh-CN" creationdate="\d{8}T\d{6}Z" creationid="test-translator" changedate="\d{8}T\d{6}Z" changeid="test-translator" usagecount="1">\n {6}<note>Opening line of the keynote.<\/note>\n {6}<prop type="x-caravan-origin-document">xian-2023.txt<\/prop>/);
    const exported = await unitsOf(res.text);
    const stored = await t.stores.tm.listUnits({ sourceLang: 'zh-CN', targetLang: 'en', limit: 100 });
    expect(exported.map((u) => [u.sourceLang, u.targetLang, u.source.text, u.target.text, u.context, u.origin, u.note ?? null]))
      .toEqual(stored.map((u) => [u.sourceLang, u.targetLang, u.source, u.target, u.context, u.origin, u.note]));
  });

  it('exports every pair when no language is given, and 400 for a bad tag', async () => {
    const res = await request(t.app).get('/api/v1/tm/export').set('Authorization', t.auth.reader).buffer(true).expect(200);
    expect(res.text).toContain('srclang="*all*"');
    expect((await unitsOf(res.text)).length).toBe(await t.stores.tm.countUnits());
    await request(t.app).get('/api/v1/tm/export?sourceLang=zh_CN!!').set('Authorization', t.auth.reader).expect(400);
    await request(t.app).get('/api/v1/tm/export?format=csv').set('Authorization', t.auth.reader).expect(400);
  });
});
