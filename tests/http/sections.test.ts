/** Analysis and XLIFF export of one section of a document (issue 14 §4: articles on a page). */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/domain/auth/roles.js';
import { readXliff12 } from '../../src/formats/xliff12.js';
import { readXliff2 } from '../../src/formats/xliff2.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { fakeMatches, fakeTerms, proposal } from '../helpers/exchange.js';

/** Two articles: the second repeats a sentence of the first. */
const PAGE = '# 中国同中亚\n\n中国同中亚国家关系源远流长。\n\n我们要深化战略互信。\n\n# 世界需要稳定\n\n我们要深化战略互信。\n\n世界需要一个稳定的中亚。\n';
const matches = fakeMatches({
  '我们要深化战略互信。': [proposal(100, '我们要深化战略互信。', 'We should deepen strategic mutual trust.')],
  '世界需要一个稳定的中亚。': [proposal(88, '世界需要一个繁荣的中亚。', 'The world needs a prosperous Central Asia.')],
});

let t: TestApp;
let id: number;
beforeAll(async () => {
  t = await makeTestApp({ ports: { matches, terms: fakeTerms({ 中亚: { preferred: 'Central Asia' } }) } });
  id = (await t.services.documents.createFromText({ name: 'page.txt', sourceLang: 'zh-CN', targetLang: 'en', text: PAGE }, SYSTEM_PRINCIPAL)).id;
});
afterAll(() => t.close());

const bandsOf = (body: { bands: { band: string; segments: number }[] }) => Object.fromEntries(body.bands.filter((b) => b.segments > 0).map((b) => [b.band, b.segments]));

describe('GET /api/v1/documents/{id}/analysis?section=', () => {
  it('bands only the section, with its real neighbours as context, and counts repetitions within it', async () => {
    const whole = await request(t.app).get(`/api/v1/documents/${id}/analysis`).set('Authorization', t.auth.reader).expect(200);
    expect(bandsOf(whole.body)).toEqual({ exact: 1, repetition: 1, '85-94': 1, none: 3 });
    expect(whole.body.section).toBeUndefined();
    matches.asked.length = 0;
    const res = await request(t.app).get(`/api/v1/documents/${id}/analysis?section=1`).set('Authorization', t.auth.reader).expect(200);
    expect(res.body.section).toEqual({ index: 1, title: '世界需要稳定', start: 3, end: 5, segments: 3 });
    expect(bandsOf(res.body)).toEqual({ exact: 1, '85-94': 1, none: 1 });
    expect(res.body.total).toEqual({ segments: 3, characters: 6 + 10 + 12, words: null });
    expect(matches.asked[0]).toEqual({ source: '世界需要稳定', previous: '我们要深化战略互信。', next: '我们要深化战略互信。' });
    expect(matches.asked.at(-1)).toEqual({ source: '世界需要一个稳定的中亚。', previous: '我们要深化战略互信。', next: '' });
    const html = await request(t.app).get(`/api/v1/documents/${id}/analysis?section=1&format=html`).set('Authorization', t.auth.reader).expect(200);
    expect(html.text).toContain('<dt>Section</dt><dd>1 <span lang="zh-CN">世界需要稳定</span> (segments 3-5)</dd>');
  });

  it('404 problem for a section the document does not have (also for a document without sections), 400 for a bad one', async () => {
    const res = await request(t.app).get(`/api/v1/documents/${id}/analysis?section=2`).set('Authorization', t.auth.reader).expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toEqual({ type: '/problems/not-found', title: 'Not found', status: 404, detail: `document ${id} section "2" does not exist` });
    const english = await t.services.documents.createFromText({ name: 'en.txt', sourceLang: 'en', targetLang: 'zh-CN', text: 'One. Two.' }, SYSTEM_PRINCIPAL);
    await request(t.app).get(`/api/v1/documents/${english.id}/analysis?section=0`).set('Authorization', t.auth.reader).expect(404);
    const bad = await request(t.app).get(`/api/v1/documents/${id}/analysis?section=-1`).set('Authorization', t.auth.reader).expect(400);
    expect(bad.body.errors[0].path).toBe('/query/section');
  });
});

describe('GET /api/v1/documents/{id}/xliff?section=', () => {
  const exportXliff = (query: string) => request(t.app).get(`/api/v1/documents/${id}/xliff${query}`).set('Authorization', t.auth.reader).buffer(true);

  it('writes only the section\'s units, with the ids of a whole-document export, in 1.2 and 2.1', async () => {
    const res = await exportXliff('?section=1').expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=page.section-1.en.xlf');
    const part = await readXliff12(res.text);
    const whole = await readXliff12((await exportXliff('').expect(200)).text);
    expect(part.units.map((u) => [u.id, u.segments[0]?.source.text])).toEqual(whole.units.slice(3).map((u) => [u.id, u.segments[0]?.source.text]));
    expect(part.units.map((u) => u.id)).toEqual(['4', '5', '6']);
    expect(part.units[2]?.terms.map((x) => x.text)).toEqual(['中亚']);
    const v2 = await readXliff2((await exportXliff('?section=1&version=2.1').expect(200)).text);
    expect(v2.units.map((u) => u.id)).toEqual(['u4', 'u5', 'u6']);
  });

  it('imports the translated section back into the right segments', async () => {
    const res = await exportXliff('?section=0').expect(200);
    const translated = res.text.replace('<target state="new">中国同中亚国家关系源远流长。</target>', '<target state="translated">China and Central Asia go back a long way.</target>');
    const back = await request(t.app).put(`/api/v1/documents/${id}/xliff`).set('Authorization', t.auth.translator).set('Content-Type', 'application/xliff+xml').send(translated).expect(200);
    expect(back.body.updated).toBeGreaterThanOrEqual(1);
    const doc = await request(t.app).get(`/api/v1/documents/${id}`).set('Authorization', t.auth.reader).expect(200);
    expect(doc.body.segments[1]).toEqual({ index: 1, source: '中国同中亚国家关系源远流长。', target: 'China and Central Asia go back a long way.', state: 'translated', section: 0 });
    expect(doc.body.segments[4].target).toBeNull();
  });

  it('404 problem for an unknown section', async () => {
    const res = await exportXliff('?section=7').expect(404);
    expect(res.body.detail).toBe(`document ${id} section "7" does not exist`);
  });
});
