/**
 * The tmserver/amaGama protocol, asked exactly as its clients ask: Weblate (every path part
 * quoted with no safe character, text cut at 500, `languages/` with a trailing slash, lower-case
 * `_` codes), Okapi (`URLEncoder` with `+` as `%20`, POSIX codes, `quality` read as a Double),
 * Virtaal (a base URL ending in `/` joined with `/zh_CN/...`, `?style=`), amaGama's `?source=`
 * form and translate-toolkit's own test (`unit/Hello/`).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY, type ProtocolFixture, SUMMITS, protocolFixture } from './fixture.js';

let f: ProtocolFixture;
beforeAll(async () => {
  f = await protocolFixture();
});
afterAll(() => f.close());

/** Python's `urllib.parse.quote(text, safe='')`, as Weblate and Virtaal quote. */
const weblateQuote = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
/** Java's `URLEncoder.encode(text, "UTF-8").replace("+", "%20")`, as Okapi encodes. */
const okapiEncode = (text: string) => encodeURIComponent(text).replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const get = (path: string) => request(f.t.app).get(path).set('Accept', 'application/json; charset=utf-8');

describe('GET {base}/languages/', () => {
  it('lists the codes of the key\'s memories as Weblate spells them, with and without the trailing slash', async () => {
    const res = await get(`/tmserver/${f.reader}/languages/`).expect(200);
    expect(res.body).toEqual({ sourceLanguages: ['zh', 'zh_cn'], targetLanguages: ['en', 'ru'] });
    expect((await get(`/tmserver/${f.reader}/languages`).expect(200)).body).toEqual(res.body);
    expect((await get(`/tmserver/${f.other}/languages/`).expect(200)).body).toEqual({ sourceLanguages: ['zh', 'zh_cn'], targetLanguages: ['en'] });
  });
});

describe('GET {base}/{source}/{target}/unit/{text}', () => {
  it('answers Weblate (zh_hans, quoted, no safe characters): best first, the penalised memory after', async () => {
    const res = await get(`/tmserver/${f.reader}/zh_hans/en/unit/${weblateQuote(SUMMITS[0]!.source)}`).expect(200);
    expect(res.body).toEqual([
      { source: SUMMITS[0]!.source, target: SUMMITS[0]!.target, quality: 100, rank: 100 },
      { source: LEGACY.source, target: LEGACY.target, quality: 90, rank: 90 },
    ]);
    // Weblate's reading: int(quality) >= threshold, then target and source.
    expect(res.body.map((m: { quality: number }) => Math.trunc(m.quality))).toEqual([100, 90]);
  });

  it('writes quality as a number with a fractional part, which Okapi casts to a Java Double', async () => {
    const res = await get(`/tmserver/${f.reader}/zh_CN/en/unit/${okapiEncode(SUMMITS[1]!.source)}`).expect(200);
    expect(res.text).toBe(`[{"source":${JSON.stringify(SUMMITS[1]!.source)},"target":${JSON.stringify(SUMMITS[1]!.target)},"quality":100.0,"rank":100.0}]`);
  });

  it('substitutes numbers as lookups do (2100 for 2200: 99)', async () => {
    const res = await get(`/tmserver/${f.reader}/zh_CN/en/unit/${okapiEncode('2100多年前，张骞出使西域。')}`).expect(200);
    expect(res.body[0]).toEqual({ source: SUMMITS[1]!.source, target: 'More than 2,100 years ago, Zhang Qian went on a mission to the Western Regions.', quality: 99, rank: 99 });
    expect(res.text).toContain('"quality":99.0');
  });

  it('finds a Simplified unit for a Traditional text (zh_tw, script penalty) and reads Russian targets', async () => {
    const tw = await get(`/tmserver/${f.reader}/zh_tw/en/unit/${weblateQuote('在中亞國家設立更多魯班工坊。')}`).expect(200);
    expect(tw.body[0]).toMatchObject({ target: SUMMITS[0]!.target, quality: 98 });
    const ru = await get(`/tmserver/${f.reader}/zh_CN/ru/unit/${weblateQuote(SUMMITS[3]!.source)}`).expect(200);
    expect(ru.body).toEqual([{ source: SUMMITS[4]!.source, target: SUMMITS[4]!.target, quality: 100, rank: 100 }]);
  });

  it('reads a text with /, ?, #, % and + however it is encoded', async () => {
    const text = SUMMITS[2]!.source;
    const expected = [{ source: text, target: SUMMITS[2]!.target, quality: 100, rank: 100 }];
    expect((await get(`/tmserver/${f.reader}/zh_hans/en/unit/${weblateQuote(text)}`).expect(200)).body).toEqual(expected);
    expect((await get(`/tmserver/${f.reader}/zh_CN/en/unit/${okapiEncode(text)}`).expect(200)).body).toEqual(expected);
    // Older clients quote with "/" safe; amaGama reads the rest of the path as the text.
    const slashSafe = encodeURIComponent(text).replaceAll('%2F', '/');
    expect((await get(`/tmserver/${f.reader}/zh_CN/en/unit/${slashSafe}`).expect(200)).body).toEqual(expected);
    expect((await get(`/tmserver/${f.reader}/zh_CN/en/unit/?source=${encodeURIComponent(text)}`).expect(200)).body).toEqual(expected);
  });

  it('takes Virtaal\'s double slash and style parameter, and translate-toolkit\'s trailing slash', async () => {
    const text = weblateQuote(SUMMITS[0]!.source);
    expect((await get(`/tmserver/${f.reader}//zh_CN/en/unit/${text}?style=gnome`).expect(200)).body[0].quality).toBe(100);
    expect((await get(`/tmserver/${f.reader}/zh_CN/en/unit/${text}/`).expect(200)).body[0].quality).toBe(100);
  });

  it('honours min_similarity and max_candidates', async () => {
    const path = `/tmserver/${f.reader}/zh_CN/en/unit/${weblateQuote(SUMMITS[0]!.source)}`;
    expect((await get(`${path}?max_candidates=1`).expect(200)).body).toHaveLength(1);
    expect((await get(`${path}?min_similarity=95`).expect(200)).body).toHaveLength(1);
    expect((await get(`${path}?min_similarity=101`).expect(400)).body.type).toBe('/problems/validation');
  });

  it('cuts an over-long text at 500 characters, as Weblate does, instead of refusing it', async () => {
    const head = '中'.repeat(499) + '。';
    await request(f.t.app).put(`/tmserver/${f.writer}/zh_CN/en/unit/x`).send({ source: head, target: 'Long.' }).expect(200);
    const res = await get(`/tmserver/${f.writer}/zh_CN/en/unit/${weblateQuote(head + '国'.repeat(300))}`).expect(200);
    expect(res.body[0]).toMatchObject({ source: head, target: 'Long.', quality: 100 });
  });

  it('answers an empty list for unknown languages, a pair without memories, the same language twice, and text out of scope', async () => {
    const text = weblateQuote(SUMMITS[0]!.source);
    for (const [s, t] of [['klingon-xx-yy', 'en'], ['zh_CN', '!!'], ['zh_CN', 'de'], ['en', 'en']]) {
      expect((await get(`/tmserver/${f.reader}/${s}/${t}/unit/${text}`).expect(200)).body).toEqual([]);
    }
    expect((await get(`/tmserver/${f.other}/zh_CN/en/unit/${text}`).expect(200)).body).toEqual([]);
    expect((await get(`/tmserver/${f.reader}/zh_CN/en/unit/${weblateQuote('这是一个机密句子。')}`).expect(200)).body).toEqual([]);
  });
});

describe('keys', () => {
  it('401 for a revoked link key and for an ordinary key in the URL', async () => {
    const created = await request(f.t.app).post('/api/v1/keys').set('Authorization', f.t.auth.admin).send({ name: 'soon gone', link: true }).expect(201);
    await get(`/tmserver/${created.body.key}/languages/`).expect(200);
    await request(f.t.app).delete(`/api/v1/keys/${created.body.id}`).set('Authorization', f.t.auth.admin).expect(204);
    const revoked = await get(`/tmserver/${created.body.key}/languages/`).expect(401);
    expect(revoked.body).toMatchObject({ type: '/problems/unauthorized', status: 401 });
    expect((await get(`/tmserver/${f.ordinary}/languages/`).expect(401)).body.detail).toContain('not valid in a URL');
  });

  it('a link key is a 401 on the REST API', async () => {
    const res = await request(f.t.app).get('/api/v1/memories').set('Authorization', `Bearer ${f.reader}`).expect(401);
    expect(res.body.type).toBe('/problems/unauthorized');
  });
});

describe('PUT/POST {base}/{source}/{target}/unit/{text}', () => {
  it('writes {source, target} to the key\'s write memory, where the next lookup finds it', async () => {
    const source = '欢迎来到西安。';
    await request(f.t.app).put(`/tmserver/${f.writer}/zh_CN/en/unit/${weblateQuote(source)}`).send({ source, target: 'Welcome to Xi\'an.', context: '' }).expect(200, '');
    await request(f.t.app).post(`/tmserver/${f.writer}/zh_CN/en/unit/${weblateQuote(source)}`).send({ source, target: 'Welcome to Xi\'an!' }).expect(200);
    const found = await get(`/tmserver/${f.reader}/zh_CN/en/unit/${weblateQuote(source)}`).expect(200);
    expect(found.body.map((m: { target: string }) => m.target).sort()).toEqual(['Welcome to Xi\'an!', 'Welcome to Xi\'an.']);
    const units = await request(f.t.app).get('/api/v1/tm/units?memories=summits&limit=100').set('Authorization', f.t.auth.admin).expect(200);
    expect(units.body.units.filter((u: { source: string }) => u.source === source)).toHaveLength(2);
  });

  it('403 without a write memory; 400 for a body without a target or a pair that is no pair', async () => {
    const res = await request(f.t.app).put(`/tmserver/${f.reader}/zh_CN/en/unit/x`).send({ source: '一。', target: 'One.' }).expect(403);
    expect(res.body.detail).toContain('no write memory');
    await request(f.t.app).put(`/tmserver/${f.writer}/zh_CN/en/unit/x`).send({ source: '一。' }).expect(400);
    await request(f.t.app).put(`/tmserver/${f.writer}/zh_CN/zh_CN/unit/x`).send({ source: '一。', target: 'One.' }).expect(400);
  });

  it('reads a body only after the key: an unknown key with broken JSON is a 401, a known one a 400', async () => {
    const broken = (key: string) => request(f.t.app).put(`/tmserver/${key}/zh_CN/en/unit/x`).set('Content-Type', 'application/json').send('{"source": ');
    expect((await broken('cvn_notakeynotakeynotakey0000000').expect(401)).body).toMatchObject({ type: '/problems/unauthorized' });
    expect((await broken(f.writer).expect(400)).body.status).toBe(400);
  });
});
