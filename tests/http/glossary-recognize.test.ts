import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_COLLECTION as SEED } from '../../src/domain/collections.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ seed: true });
});
afterAll(() => t.close());

const recognize = (body: object, auth = t.auth.reader) => request(t.app).post('/api/v1/glossary/recognize').set('Authorization', auth).send(body);
const check = (body: object) => request(t.app).post('/api/v1/glossary/check').set('Authorization', t.auth.reader).send(body);

describe('POST /api/v1/glossary/recognize', () => {
  it('finds Traditional and spaced forms with code-point offsets and translations (reader)', async () => {
    const res = await recognize({ text: '𠀀在中亞設立魯班工坊，加快中国—中亚天然气管道 D 线建设', lang: 'zh-TW' }).expect(200);
    expect(res.body).toEqual({ terms: [
      { glossary: SEED, entryId: 'central-asia', text: '中亞', start: 2, end: 4, term: '中亚', status: 'preferred',
        translations: { en: [{ term: 'Central Asia', status: 'preferred' }, { term: 'Central Asian', status: 'admitted' }],
          ru: [{ term: 'Центральная Азия', status: 'preferred' }, { term: 'центральноазиатский', status: 'admitted' }] } },
      { glossary: SEED, entryId: 'luban-workshop', text: '魯班工坊', start: 6, end: 10, term: '鲁班工坊', status: 'preferred',
        translations: { en: [{ term: 'Luban Workshop', status: 'preferred' }, { term: 'Lu Ban Workshop', status: 'admitted' }], ru: [{ term: 'Мастерская Лубань', status: 'preferred' }] } },
      { glossary: SEED, entryId: 'cn-ca-gas-pipeline-line-d', text: '中国—中亚天然气管道 D 线', start: 13, end: 27, term: '中国—中亚天然气管道D线', status: 'preferred',
        translations: {
          en: [{ term: 'Line D of the China-Central Asia gas pipeline', status: 'preferred' }, { term: 'China-Central Asia gas pipeline Line D', status: 'admitted' }],
          ru: [{ term: 'линия D газопровода «Центральная Азия — Китай»', status: 'preferred' }, { term: 'линия D газопровода Китай — Центральная Азия', status: 'admitted' }],
        } },
    ] });
  });

  it('recognises English on word boundaries', async () => {
    const res = await recognize({ text: 'OBOR is not the BRI.', lang: 'en-GB' }).expect(200);
    expect(res.body.terms.map((h: { term: string; status: string; start: number; end: number }) => [h.term, h.status, h.start, h.end])).toEqual([
      ['OBOR', 'forbidden', 0, 4], ['BRI', 'admitted', 16, 19],
    ]);
  });

  it('400 for an invalid language tag or a missing field, 401 without a key', async () => {
    const bad = await recognize({ text: '中亚', lang: 'zh_CN!!' }).expect(400);
    expect(bad.body).toEqual({ type: '/problems/validation', title: 'Invalid request', status: 400,
      detail: 'lang: "zh_CN!!" is not a valid BCP 47 language tag', errors: [{ path: '/lang', message: '"zh_CN!!" is not a valid BCP 47 language tag' }] });
    const missing = await recognize({ text: '中亚' }).expect(400);
    expect(missing.body.errors).toEqual([{ path: '/body/lang', message: 'must have required property \'lang\'' }]);
    await request(t.app).post('/api/v1/glossary/recognize').send({ text: '中亚', lang: 'zh' }).expect(401);
  });
});

describe('POST /api/v1/glossary/check', () => {
  it('reports missing, deprecated and forbidden terms with spans and readable messages', async () => {
    const res = await check({ source: '中国—中亚命运共同体和鲁班工坊', target: 'a China-Central Asia community of common destiny and OBOR', sourceLang: 'zh-CN', targetLang: 'en' }).expect(200);
    expect(res.body).toEqual({ issues: [
      { code: 'missing-term', severity: 'warning', glossary: SEED, entryId: 'luban-workshop', sourceTerm: '鲁班工坊', sourceStart: 11, sourceEnd: 15,
        expected: ['Luban Workshop', 'Lu Ban Workshop'], found: null, start: null, end: null,
        message: 'The source has “鲁班工坊” (luban-workshop), but the translation has none of its terms. Use “Luban Workshop” (or “Lu Ban Workshop”).' },
      { code: 'deprecated-term', severity: 'warning', glossary: SEED, entryId: 'cn-ca-community-shared-future', sourceTerm: '中国—中亚命运共同体', sourceStart: 0, sourceEnd: 10,
        expected: ['China-Central Asia community with a shared future'], found: 'China-Central Asia community of common destiny', start: 2, end: 48,
        message: expect.stringMatching(/^“China-Central Asia community of common destiny” is deprecated \(cn-ca-community-shared-future\)\. .* Use “China-Central Asia community with a shared future”\.$/) },
      { code: 'forbidden-term', severity: 'error', glossary: SEED, entryId: 'belt-and-road-initiative', sourceTerm: null, sourceStart: null, sourceEnd: null,
        expected: ['Belt and Road Initiative', 'BRI', 'Belt and Road'], found: 'OBOR', start: 53, end: 57,
        message: expect.stringMatching(/^“OBOR” is forbidden and must not be used \(belt-and-road-initiative\)\. .* Use “Belt and Road Initiative” \(or “BRI”, “Belt and Road”\)\.$/) },
    ] });
  });

  it('checks Russian targets on stems', async () => {
    const ok = await check({ source: '中亚', target: 'в Центральной Азии', sourceLang: 'zh', targetLang: 'ru' }).expect(200);
    expect(ok.body).toEqual({ issues: [] });
    const inflected = await check({ source: '陕西', target: 'из провинции Шэньси', sourceLang: 'zh', targetLang: 'ru' }).expect(200);
    expect(inflected.body).toEqual({ issues: [] });
    const old = await check({ source: '陕西', target: 'в провинции Шаньси', sourceLang: 'zh', targetLang: 'ru' }).expect(200);
    expect(old.body.issues.map((i: { code: string; found: string; start: number }) => [i.code, i.found, i.start])).toEqual([['deprecated-term', 'Шаньси', 12]]);
  });

  it('400 naming a bad target language', async () => {
    const res = await check({ source: '中亚', target: 'x', sourceLang: 'zh', targetLang: '!!' }).expect(400);
    expect(res.body.errors).toEqual([{ path: '/targetLang', message: '"!!" is not a valid BCP 47 language tag' }]);
  });
});
