/**
 * LibreTranslate's API, asked as Weblate asks (`GET /languages` without a key, then `POST
 * /translate` with JSON `{api_key, q: [...], source, target}`) and as a form, read as Weblate
 * reads it (`translatedText[i]`).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProtocolFixture, SUMMITS, protocolFixture } from './fixture.js';

let f: ProtocolFixture;
beforeAll(async () => {
  f = await protocolFixture();
});
afterAll(() => f.close());

const translate = (body: Record<string, unknown>) => request(f.t.app).post('/libretranslate/translate').send(body);

describe('GET /libretranslate/languages', () => {
  it('lists every memory\'s languages without a key (Weblate sends none), the key\'s with one', async () => {
    const all = await request(f.t.app).get('/libretranslate/languages').expect(200);
    expect(all.body).toEqual([
      { code: 'zh', name: 'Chinese', targets: ['en', 'ru'] },
      { code: 'zh-Hans', name: 'Simplified Chinese', targets: ['en', 'ru'] },
      { code: 'zh-Hant', name: 'Traditional Chinese', targets: ['en', 'ru'] },
    ]);
    const other = await request(f.t.app).get(`/libretranslate/languages?api_key=${f.other}`).expect(200);
    expect(other.body.map((l: { targets: string[] }) => l.targets)).toEqual([['en'], ['en'], ['en']]);
    await request(f.t.app).get('/libretranslate/languages?api_key=cvn_unknownunknownunknown00000').expect(401);
  });
});

describe('POST /libretranslate/translate', () => {
  it('answers Weblate\'s batch in order, a text without a match unchanged', async () => {
    const res = await translate({ api_key: f.reader, q: [SUMMITS[0]!.source, '2100多年前，张骞出使西域。', '完全无关。'], source: 'zh', target: 'en' }).expect(200);
    expect(res.body).toEqual({ translatedText: [SUMMITS[0]!.target, 'More than 2,100 years ago, Zhang Qian went on a mission to the Western Regions.', '完全无关。'] });
  });

  it('takes a form, a single text, LibreTranslate\'s codes (zt, zh-Hans), Russian, and an ordinary key', async () => {
    const form = await request(f.t.app).post('/libretranslate/translate').type('form').send({ q: '在中亞國家設立更多魯班工坊。', source: 'zt', target: 'en', api_key: f.reader }).expect(200);
    expect(form.body).toEqual({ translatedText: SUMMITS[0]!.target });
    const ru = await translate({ q: SUMMITS[3]!.source, source: 'zh-Hans', target: 'ru', api_key: f.ordinary }).expect(200);
    expect(ru.body).toEqual({ translatedText: SUMMITS[4]!.target });
  });

  it('returns the next best matches as alternatives', async () => {
    const res = await translate({ q: SUMMITS[0]!.source, source: 'zh', target: 'en', api_key: f.reader, alternatives: 2 }).expect(200);
    expect(res.body).toEqual({ translatedText: SUMMITS[0]!.target, alternatives: ['Establish more Luban Workshops in Central Asia.'] });
  });

  it('gives texts back unchanged for unknown codes and out of scope', async () => {
    expect((await translate({ q: SUMMITS[0]!.source, source: 'xx-yy-zz', target: 'en', api_key: f.reader }).expect(200)).body).toEqual({ translatedText: SUMMITS[0]!.source });
    expect((await translate({ q: SUMMITS[0]!.source, source: 'zh', target: 'en', api_key: f.other }).expect(200)).body).toEqual({ translatedText: SUMMITS[0]!.source });
  });

  it('answers errors with LibreTranslate\'s error member: 401 without or with an unknown key, 400 for auto and missing fields', async () => {
    expect((await translate({ q: 'x', source: 'zh', target: 'en' }).expect(401)).body).toMatchObject({ status: 401, error: 'Send the key (api_key).' });
    expect((await translate({ q: 'x', source: 'zh', target: 'en', api_key: 'cvn_revokedrevokedrevoked0000' }).expect(401)).body.error).toContain('not known');
    expect((await translate({ q: 'x', source: 'auto', target: 'en', api_key: f.reader }).expect(400)).body.error).toContain('"auto" is not supported');
    const missing = await translate({ q: 'x', source: 'zh', api_key: f.reader }).expect(400);
    expect(missing.body).toMatchObject({ type: '/problems/validation' });
    expect(missing.body.error).toContain('target');
  });
});
