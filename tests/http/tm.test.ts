import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { SYSTEM_PRINCIPAL } from '../../src/domain/auth/roles.js';
import { DEFAULT_COLLECTION } from '../../src/domain/collections.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const api = () => request(t.app);
const unit = (source: string, target: string, extra: Record<string, unknown> = {}) => ({ sourceLang: 'zh-CN', targetLang: 'en', source, target, ...extra });
const ISO = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

async function add(body: unknown): Promise<number[]> {
  return (await api().post('/api/v1/tm/units').set('Authorization', t.auth.translator).send(body as object).expect(201)).body.ids;
}
const lookup = (body: Record<string, unknown>) => api().post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send({ sourceLang: 'zh-CN', targetLang: 'en', ...body });

describe('POST /api/v1/tm/units', () => {
  it('adds one unit, then updates it instead of duplicating it', async () => {
    const first = await api().post('/api/v1/tm/units').set('Authorization', t.auth.translator)
      .send(unit('中亚是亚欧大陆的中心。', 'Central Asia is the heart of the Eurasian continent.', { note: 'draft' })).expect(201);
    expect(first.body).toEqual({ memory: 'default', ids: [expect.any(Number)], created: 1, updated: 0 });
    const again = await api().post('/api/v1/tm/units').set('Authorization', t.auth.translator)
      .send(unit('中亚是亚欧大陆的中心。', 'Central Asia is the heart of the Eurasian continent.', { note: 'checked' })).expect(201);
    expect(again.body).toEqual({ memory: 'default', ids: first.body.ids, created: 0, updated: 1 });
  });

  it('adds {units: [...]} in order, with inline codes, and the next lookup finds them', async () => {
    const res = await api().post('/api/v1/tm/units').set('Authorization', t.auth.translator).send({ units: [
      unit('丝绸之路连接东西方。', 'The Silk Road linked East and West.', { sourceCodes: [{ id: '1', type: 'open', offset: 0, data: '<b>' }, { id: '1', type: 'close', offset: 4, data: '</b>' }] }),
      unit('中亚是亚欧大陆的中心。', 'Central Asia is the heart of the Eurasian continent.'),
    ] }).expect(201);
    expect(res.body).toMatchObject({ created: 1, updated: 1 });
    const found = await lookup({ source: '丝绸之路连接东西方。' }).expect(200);
    // The query sends no codes, the unit has two: two code differences.
    expect(found.body.matches[0]).toMatchObject({ unitId: res.body.ids[0], score: 98, penalties: [{ code: 'inline-code', points: 2 }],
      sourceCodes: [{ id: '1', type: 'open', offset: 0, data: '<b>' }, { id: '1', type: 'close', offset: 4, data: '</b>' }] });
  });

  it('400 naming the field: empty source, whitespace source, source over 10,000 characters, bad tag, bad code offset', async () => {
    const bad = async (body: unknown) => (await api().post('/api/v1/tm/units').set('Authorization', t.auth.translator).send(body as object).expect(400)).body;
    expect((await bad(unit('', 'x'))).errors[0].path).toBe('/body/source');
    expect((await bad({ units: [unit('一。', 'x'), unit('  ', 'x')] })).errors).toEqual([{ path: '/units/1/source', message: 'must contain text' }]);
    expect((await bad(unit('中'.repeat(10_001), 'x'))).errors[0]).toEqual({ path: '/body/source', message: 'must NOT have more than 10000 characters' });
    expect((await bad({ units: [unit('一。', 'x', { sourceLang: 'zh_CN!!' })] })).errors[0].path).toBe('/units/0/sourceLang');
    expect((await bad(unit('一。', 'x', { sourceCodes: [{ id: '1', type: 'placeholder', offset: 3 }] }))).errors).toEqual([{ path: '/sourceCodes/0/offset', message: 'must be an integer from 0 to 2' }]);
    expect((await bad(unit('一。', 'x', { colour: 'red' }))).detail).toContain('colour');
  });

  it('400 for more than 10,000 units in one write', async () => {
    const units = Array.from({ length: 10_001 }, (_, i) => unit(`句${i}。`, `s${i}`));
    const res = await api().post('/api/v1/tm/units').set('Authorization', t.auth.translator).send({ units }).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('/body/units');
  });

  it('401 without a key, 403 for a reader', async () => {
    await api().post('/api/v1/tm/units').send(unit('一。', 'One.')).expect(401);
    const res = await api().post('/api/v1/tm/units').set('Authorization', t.auth.reader).send(unit('一。', 'One.')).expect(403);
    expect(res.body.detail).toBe('This needs the translator role; the key "test-reader" has reader.');
  });
});

describe('/api/v1/tm/units/{id}', () => {
  it('reads, replaces and deletes a unit; the index follows every change', async () => {
    const [id] = await add(unit('上合组织峰会在阿斯塔纳举行。', 'The SCO summit was held in Astana.', { context: { next: '下一句。' }, origin: { document: 'a.txt', date: '2024-07-04' } }));
    const got = await api().get(`/api/v1/tm/units/${id}`).set('Authorization', t.auth.reader).expect(200);
    expect(got.body).toEqual({ id, memory: 'default', sourceLang: 'zh-CN', targetLang: 'en', source: '上合组织峰会在阿斯塔纳举行。', target: 'The SCO summit was held in Astana.',
      context: { next: '下一句。' }, origin: { document: 'a.txt', date: '2024-07-04' }, note: null,
      createdBy: 'test-translator', createdAt: ISO, updatedBy: 'test-translator', updatedAt: ISO, usageCount: 0 });

    const put = await api().put(`/api/v1/tm/units/${id}`).set('Authorization', t.auth.translator)
      .send(unit('中国—中亚峰会在西安举行。', 'The China-Central Asia Summit was held in Xi\'an.', { targetLang: 'en-GB' })).expect(200);
    expect(put.body).toMatchObject({ id, source: '中国—中亚峰会在西安举行。', targetLang: 'en-GB', context: {}, origin: {}, updatedBy: 'test-translator' });
    expect((await lookup({ source: '中国—中亚峰会在西安举行。', targetLang: 'en-US' })).body.matches[0]).toMatchObject({ unitId: id, score: 100 });
    expect((await lookup({ source: '上合组织峰会在阿斯塔纳举行。' })).body.matches).toEqual([]);

    await api().delete(`/api/v1/tm/units/${id}`).set('Authorization', t.auth.translator).expect(204);
    await api().get(`/api/v1/tm/units/${id}`).set('Authorization', t.auth.reader).expect(404);
    expect((await lookup({ source: '中国—中亚峰会在西安举行。' })).body.matches).toEqual([]);
    await api().delete(`/api/v1/tm/units/${id}`).set('Authorization', t.auth.translator).expect(404);
  });

  it('409 when a replacement would duplicate another unit; 404 for an unknown id; 400 for id 0', async () => {
    const [a, b] = await add({ units: [unit('甲。', 'A.'), unit('乙。', 'B.')] });
    const res = await api().put(`/api/v1/tm/units/${b}`).set('Authorization', t.auth.translator).send(unit('甲。', 'A.')).expect(409);
    expect(res.body).toMatchObject({ type: '/problems/conflict', unitId: a });
    await api().put('/api/v1/tm/units/999999').set('Authorization', t.auth.translator).send(unit('丙。', 'C.')).expect(404);
    await api().get('/api/v1/tm/units/0').set('Authorization', t.auth.reader).expect(400);
  });

  it('403 for a reader replacing or deleting', async () => {
    await api().delete('/api/v1/tm/units/1').set('Authorization', t.auth.reader).expect(403);
    await api().put('/api/v1/tm/units/1').set('Authorization', t.auth.reader).send(unit('丙。', 'C.')).expect(403);
  });
});

describe('GET /api/v1/tm/units and /api/v1/tm/stats', () => {
  let fresh: TestApp;
  beforeAll(async () => {
    fresh = await makeTestApp();
    await fresh.services.tm.addUnits(DEFAULT_COLLECTION, [unit('一。', 'One.'), unit('二。', 'Two.'), unit('三。', 'Three.', { targetLang: 'ru' })], { ...SYSTEM_PRINCIPAL, name: 'seed' });
  });
  afterAll(() => fresh.close());

  it('pages units with a cursor and filters by pair', async () => {
    const p1 = await request(fresh.app).get('/api/v1/tm/units?limit=2').set('Authorization', fresh.auth.reader).expect(200);
    expect(p1.body.units.map((u: { source: string }) => u.source)).toEqual(['一。', '二。']);
    const p2 = await request(fresh.app).get(`/api/v1/tm/units?limit=2&cursor=${p1.body.nextCursor}`).set('Authorization', fresh.auth.reader).expect(200);
    expect(p2.body).toEqual({ units: [expect.objectContaining({ source: '三。', targetLang: 'ru' })] });
    const ru = await request(fresh.app).get('/api/v1/tm/units?sourceLang=ZH-cn&targetLang=RU').set('Authorization', fresh.auth.reader).expect(200);
    expect(ru.body.units.map((u: { target: string }) => u.target)).toEqual(['Three.']);
    const bad = await request(fresh.app).get('/api/v1/tm/units?cursor=abc').set('Authorization', fresh.auth.reader).expect(400);
    expect(bad.body.errors[0].path).toBe('/query/cursor');
  });

  it('counts units per pair', async () => {
    const res = await request(fresh.app).get('/api/v1/tm/stats').set('Authorization', fresh.auth.reader).expect(200);
    expect(res.body).toEqual({ units: 3, pairs: [{ sourceLang: 'zh-CN', targetLang: 'en', units: 2 }, { sourceLang: 'zh-CN', targetLang: 'ru', units: 1 }] });
  });
});

describe('POST /api/v1/tm/lookup', () => {
  let seeded: TestApp;
  beforeAll(async () => {
    seeded = await makeTestApp({ seed: true });
  });
  afterAll(() => seeded.close());
  const seedLookup = (body: Record<string, unknown>) => request(seeded.app).post('/api/v1/tm/lookup').set('Authorization', seeded.auth.reader).send({ sourceLang: 'zh-CN', targetLang: 'en', ...body });

  it('returns a number-changed fuzzy match with the substituted target, the diff and the origin (whole body)', async () => {
    const res = await seedLookup({ source: '2200多年前，中国汉代使者张骞自长安出发，出使西域，打开了中国同中亚友好交往的大门。', limit: 1 }).expect(200);
    const target = "More than 2,100 years ago, Zhang Qian, an envoy of China's Han Dynasty, set out from Chang'an on his mission to the Western Regions, opening the door to friendly exchanges between China and Central Asia.";
    expect(res.body).toEqual({ matches: [{
      unitId: expect.any(Number), memory: 'china-central-asia-summits', score: 99, matchType: 'fuzzy',
      source: '2100多年前，中国汉代使者张骞自长安出发，出使西域，打开了中国同中亚友好交往的大门。',
      target: target.replace('2,100', '2,200'), targetOriginal: target, sourceLang: 'zh-CN', targetLang: 'en',
      penalties: [{ code: 'number', points: 1 }],
      diff: [{ op: 'delete', text: '2100' }, { op: 'insert', text: '2200' }, { op: 'equal', text: '多年前，中国汉代使者张骞自长安出发，出使西域，打开了中国同中亚友好交往的大门。' }],
      origin: { document: '000_40e660239a1a5984.txt', title: '携手建设守望相助、共同发展、普遍安全、世代友好的中国—中亚命运共同体', date: '2023-05-19' },
      updatedAt: ISO,
    }], terms: expect.any(Array) });
    expect(res.body.terms.map((x: { text: string; start: number; end: number; entryId: string }) => [x.text, x.start, x.end, x.entryId])).toEqual([
      ['张骞', 14, 16, 'zhang-qian'], ['长安', 17, 19, 'changan'], ['西域', 24, 26, 'western-regions'], ['中亚', 33, 35, 'central-asia']]);
  });

  it('returns 101 in context, best first, then a Traditional zh-TW query at 98', async () => {
    const stored = (await seeded.stores.tm.listUnits({ limit: 200 })).find((u) => u.source.startsWith('2100多年前'));
    const inContext = await seedLookup({ source: stored?.source, context: stored?.context }).expect(200);
    expect(inContext.body.matches[0]).toMatchObject({ unitId: stored?.id, score: 101, matchType: 'context', penalties: [] });
    const trad = await seedLookup({ source: '2100多年前，中國漢代使者張騫自長安出發，出使西域，打開了中國同中亞友好交往的大門。', sourceLang: 'zh-TW', targetLang: 'en-US', limit: 1 }).expect(200);
    expect(trad.body.matches[0]).toMatchObject({ unitId: stored?.id, score: 98, matchType: 'fuzzy', penalties: [{ code: 'script', points: 2 }] });
  });

  it('applies threshold and limit; nothing above the threshold is an empty list', async () => {
    const all = await seedLookup({ source: '中国同中亚国家', threshold: 20, limit: 50 }).expect(200);
    const scores: number[] = all.body.matches.map((m: { score: number }) => m.score);
    expect(scores.length).toBeGreaterThan(3);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const top = await seedLookup({ source: '中国同中亚国家', threshold: 20, limit: 3 }).expect(200);
    expect(top.body.matches).toEqual(all.body.matches.slice(0, 3));
    const above = await seedLookup({ source: '中国同中亚国家', threshold: scores[3] as number + 1, limit: 50 }).expect(200);
    expect(above.body.matches.every((m: { score: number }) => m.score > (scores[3] as number))).toBe(true);
    expect((await seedLookup({ source: '完全无关的句子。' }).expect(200)).body).toEqual({ matches: [], terms: [] });
  });

  it('400 naming the field for empty source, source over 10,000 characters, bad tags, threshold and limit out of range', async () => {
    const path = async (body: Record<string, unknown>) => (await seedLookup(body).expect(400)).body.errors[0].path;
    expect(await path({ source: '' })).toBe('/body/source');
    expect(await path({ source: '   ' })).toBe('/source');
    expect(await path({ source: '中'.repeat(10_001) })).toBe('/body/source');
    expect(await path({ source: '中', sourceLang: 'zh_CN!!' })).toBe('/sourceLang');
    expect(await path({ source: '中', targetLang: 'x' })).toBe('/targetLang');
    expect(await path({ source: '中', threshold: 101 })).toBe('/body/threshold');
    expect(await path({ source: '中', threshold: -1 })).toBe('/body/threshold');
    expect(await path({ source: '中', limit: 0 })).toBe('/body/limit');
    expect(await path({ source: '中', limit: 51 })).toBe('/body/limit');
  });

  it('401 without a key', async () => {
    await request(seeded.app).post('/api/v1/tm/lookup').send({ source: '中', sourceLang: 'zh-CN', targetLang: 'en' }).expect(401);
  });

  it('batch: results in segment order, empty where nothing matches', async () => {
    const res = await request(seeded.app).post('/api/v1/tm/lookup/batch').set('Authorization', seeded.auth.reader)
      .send({ sourceLang: 'zh-CN', targetLang: 'en', limit: 1, segments: [{ source: '谢谢大家。' }, { source: '完全无关的句子。' }, { source: '謝謝大家。' }] }).expect(200);
    expect(res.body.results.map((r: { matches: { score: number; target: string }[] }) => r.matches.map((m) => [m.score, m.target])))
      .toEqual([[[100, 'Thank you.']], [], [[98, 'Thank you.']]]);
  });

  it('lookups and batch lookups carry the same terms as /glossary/recognize', async () => {
    const source = '在中亞設立更多魯班工坊，共建“一带一路”。';
    const recognized = await request(seeded.app).post('/api/v1/glossary/recognize').set('Authorization', seeded.auth.reader).send({ text: source, lang: 'zh-TW' }).expect(200);
    expect(recognized.body.terms.map((x: { entryId: string }) => x.entryId)).toEqual(['central-asia', 'luban-workshop', 'belt-and-road-cooperation']);
    const single = await seedLookup({ source, sourceLang: 'zh-TW' }).expect(200);
    expect(single.body.terms).toEqual(recognized.body.terms);
    const batch = await request(seeded.app).post('/api/v1/tm/lookup/batch').set('Authorization', seeded.auth.reader)
      .send({ sourceLang: 'zh-TW', targetLang: 'en', segments: [{ source: '谢谢大家。' }, { source }] }).expect(200);
    expect(batch.body.results.map((r: { terms: unknown[] }) => r.terms)).toEqual([[], recognized.body.terms]);
  });

  it('batch: 400 naming the segment, and for more than 1,000 segments', async () => {
    const batch = (segments: unknown[]) => request(seeded.app).post('/api/v1/tm/lookup/batch').set('Authorization', seeded.auth.reader)
      .send({ sourceLang: 'zh-CN', targetLang: 'en', segments });
    expect((await batch([{ source: '一。' }, { source: '' }]).expect(400)).body.errors[0].path).toBe('/body/segments/1/source');
    expect((await batch([{ source: '一。' }, { source: ' \n' }]).expect(400)).body.errors).toEqual([{ path: '/segments/1/source', message: 'must contain text' }]);
    expect((await batch(Array.from({ length: 1001 }, () => ({ source: '一。' }))).expect(400)).body.errors[0].path).toBe('/body/segments');
  });
});

describe('GET /api/v1/tm/concordance', () => {
  let c: TestApp;
  beforeAll(async () => {
    c = await makeTestApp();
    await c.services.tm.addUnits(DEFAULT_COLLECTION, [
      unit('中国同中亚国家 30 年的交往合作。', 'Thirty years of exchanges between China and Central Asian countries.'),
      unit('中亚五国。', 'The five Central Asian countries.', { sourceLang: 'zh-TW' }),
      unit('鲁班工坊。', 'Luban Workshop.'),
    ], { ...SYSTEM_PRINCIPAL, name: 'seed' });
  });
  afterAll(() => c.close());
  const conc = (qs: string) => request(c.app).get(`/api/v1/tm/concordance?${qs}`).set('Authorization', c.auth.reader);

  it('finds every unit whose folded source contains q, highlights in the stored text (whole body)', async () => {
    const res = await conc(`q=${encodeURIComponent('中亞')}&sourceLang=zh-CN&targetLang=en`).expect(200);
    expect(res.body).toEqual({ total: 2, hits: [
      { unitId: 1, memory: 'default', source: '中国同中亚国家 30 年的交往合作。', target: 'Thirty years of exchanges between China and Central Asian countries.', highlights: [{ start: 3, end: 5 }] },
      { unitId: 2, memory: 'default', source: '中亚五国。', target: 'The five Central Asian countries.', highlights: [{ start: 0, end: 2 }] },
    ] });
  });

  it('searches targets by words (the last one may be partial) and counts all hits beyond the limit', async () => {
    const res = await conc('q=central%20asi&side=target&limit=1').expect(200);
    expect(res.body).toEqual({ total: 2, hits: [{ unitId: 1, memory: 'default', source: '中国同中亚国家 30 年的交往合作。', target: 'Thirty years of exchanges between China and Central Asian countries.', highlights: [{ start: 44, end: 55 }] }] });
    expect((await conc(`q=${encodeURIComponent('30年')}`).expect(200)).body.hits[0].highlights).toEqual([{ start: 8, end: 12 }]);
  });

  it('400 for a missing or blank q, a bad side or limit', async () => {
    expect((await conc('side=source').expect(400)).body.errors[0].path).toBe('/query/q');
    expect((await conc('q=%20').expect(400)).body.errors[0].path).toBe('/q');
    expect((await conc('q=a&side=both').expect(400)).body.errors[0].path).toBe('/query/side');
    expect((await conc('q=a&limit=0').expect(400)).body.errors[0].path).toBe('/query/limit');
  });
});
