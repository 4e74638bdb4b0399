/**
 * Apertium APy's protocol, asked as OmegaT asks (`translate?q=<URLEncoder>&markUnknown=no&langpair=zh_CN|en&key=`,
 * the `|` unescaped) and as Weblate asks (`listPairs`, then `translate` with the codes it found
 * there), and read as they read it (`responseStatus`, then `responseData.translatedText`).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY, type ProtocolFixture, SUMMITS, protocolFixture } from './fixture.js';

let f: ProtocolFixture;
beforeAll(async () => {
  f = await protocolFixture();
});
afterAll(() => f.close());

/** Java's URLEncoder: spaces as `+`. */
const urlEncoder = (text: string) => encodeURIComponent(text).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
/** What OmegaT's ApertiumTranslate reads from a 200 answer. */
function omegatReads(body: { responseStatus: number; responseData: { translatedText: string } }): string {
  if (body.responseStatus !== 200) throw new Error('APERTIUM_ERROR');
  return body.responseData.translatedText;
}
const omegat = (key: string, text: string, pair = 'zh_CN|en', mark = 'no') =>
  request(f.t.app).get(`/apy/${key}/translate?q=${urlEncoder(text)}&markUnknown=${mark}&langpair=${pair}&key=`);

describe('GET {base}/listPairs', () => {
  it('lists each pair with three-letter and two-letter codes', async () => {
    const res = await request(f.t.app).get(`/apy/${f.reader}/listPairs`).expect(200);
    expect(res.body).toEqual({ responseData: [
      { sourceLanguage: 'zho', targetLanguage: 'eng' }, { sourceLanguage: 'zh', targetLanguage: 'en' },
      { sourceLanguage: 'zho', targetLanguage: 'rus' }, { sourceLanguage: 'zh', targetLanguage: 'ru' },
    ], responseDetails: null, responseStatus: 200 });
  });
});

describe('GET {base}/translate', () => {
  it('answers OmegaT with the best match: exact, with numbers substituted, from Traditional, into Russian', async () => {
    expect(omegatReads((await omegat(f.reader, SUMMITS[0]!.source).expect(200)).body)).toBe(SUMMITS[0]!.target);
    expect(omegatReads((await omegat(f.reader, '2100多年前，张骞出使西域。').expect(200)).body)).toBe('More than 2,100 years ago, Zhang Qian went on a mission to the Western Regions.');
    expect(omegatReads((await omegat(f.reader, '在中亞國家設立更多魯班工坊。', 'zh_TW|en').expect(200)).body)).toBe(SUMMITS[0]!.target);
    expect(omegatReads((await omegat(f.reader, SUMMITS[3]!.source, 'zh_CN|ru').expect(200)).body)).toBe(SUMMITS[4]!.target);
    expect(omegatReads((await omegat(f.reader, SUMMITS[2]!.source).expect(200)).body)).toBe(SUMMITS[2]!.target);
  });

  it('writes its JSON as APy (Python) does, spaced and ASCII-only, since OmegaT 3.6 cuts the text after {"translatedText": "', async () => {
    expect((await omegat(f.reader, SUMMITS[0]!.source).expect(200)).text)
      .toBe(`{"responseData": {"translatedText": "${SUMMITS[0]!.target}"}, "responseDetails": null, "responseStatus": 200}`);
    const russian = await omegat(f.reader, SUMMITS[3]!.source, 'zh_CN|ru').expect(200);
    expect(russian.text).toMatch(/^[\x20-\x7e]+$/);
    expect(russian.text).toContain('{"translatedText": "\\u0422\\u0440\\u0438');
    expect(JSON.parse(russian.text)).toEqual(russian.body);
    expect((await request(f.t.app).get(`/apy/${f.reader}/listPairs`).expect(200)).text)
      .toMatch(/^\{"responseData": \[\{"sourceLanguage": "zho", "targetLanguage": "eng"\}, /);
  });

  it('answers Weblate\'s codes (zh|en, zho|eng) the same way', async () => {
    for (const pair of ['zh|en', 'zho|eng', 'zh-Hans|en']) {
      const res = await request(f.t.app).get(`/apy/${f.reader}/translate`).query({ langpair: pair, q: LEGACY.source, markUnknown: 'no' }).expect(200);
      expect(res.body).toEqual({ responseData: { translatedText: SUMMITS[0]!.target }, responseDetails: null, responseStatus: 200 });
    }
  });

  it('gives the text back unchanged without a match at 75, for an unknown pair and out of scope; marks it with markUnknown=yes', async () => {
    const text = '完全无关的句子 another text';
    expect(omegatReads((await omegat(f.reader, text).expect(200)).body)).toBe(text);
    expect(omegatReads((await omegat(f.reader, text, 'zh_CN|en', 'yes').expect(200)).body)).toBe('*完全无关的句子 *another *text');
    expect(omegatReads((await omegat(f.reader, SUMMITS[0]!.source, 'xx_XX|en').expect(200)).body)).toBe(SUMMITS[0]!.source);
    expect(omegatReads((await omegat(f.other, SUMMITS[0]!.source).expect(200)).body)).toBe(SUMMITS[0]!.source);
  });

  it('400 for a langpair that is not two codes, with APy\'s error members; 401 for a revoked key', async () => {
    const res = await request(f.t.app).get(`/apy/${f.reader}/translate?q=x&langpair=zho-eng`).expect(400);
    expect(res.body).toMatchObject({ type: '/problems/validation', status: 400, code: 400, responseData: null, message: 'Invalid request', responseStatus: 400,
      explanation: 'That pair is invalid, use e.g. zho|eng', responseDetails: 'That pair is invalid, use e.g. zho|eng' });
    const unknown = await request(f.t.app).get('/apy/cvn_notakeynotakeynotakey0000000/translate?q=x&langpair=zh|en').expect(401);
    expect(unknown.body).toMatchObject({ status: 401, code: 401, responseStatus: 401 });
  });
});
