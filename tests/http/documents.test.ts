import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const TEXT = '# 携手共命运 一起向未来\n\n各位同事,各位朋友:\n\n中国人说,三十而立。中国同中亚国家 30 年的交往合作,立在真诚互信,立在平等互利。\n';

async function count(): Promise<number> {
  return t.stores.documents.countDocuments();
}

describe('POST /api/v1/documents', () => {
  it('creates a document from JSON and segments the Chinese text', async () => {
    const res = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'video-summit.txt', sourceLang: 'zh-cn', targetLang: 'EN', text: TEXT }).expect(201);
    expect(res.body).toEqual({ id: expect.any(Number), name: 'video-summit.txt', sourceLang: 'zh-CN', targetLang: 'en', segments: 4,
      createdAt: expect.any(String), createdBy: 'test-translator', meta: { origin: 'text' }, settings: { writeMemory: 'default' } });
    expect(res.headers.location).toBe(`/api/v1/documents/${res.body.id}`);
    const detail = await request(t.app).get(`/api/v1/documents/${res.body.id}`).set('Authorization', t.auth.reader).expect(200);
    expect(detail.body.sections).toEqual([{ index: 0, title: '携手共命运 一起向未来', start: 0, end: 3, segments: 4 }]);
    expect(detail.body.segments).toEqual([
      { index: 0, source: '携手共命运 一起向未来', target: null, state: 'new', section: 0 },
      { index: 1, source: '各位同事,各位朋友:', target: null, state: 'new', section: 0 },
      { index: 2, source: '中国人说,三十而立。', target: null, state: 'new', section: 0 },
      { index: 3, source: '中国同中亚国家 30 年的交往合作,立在真诚互信,立在平等互利。', target: null, state: 'new', section: 0 },
    ]);
  });

  it('takes a text/plain body with name and languages in the query', async () => {
    const res = await request(t.app).post('/api/v1/documents?name=plain.txt&sourceLang=zh-Hant&targetLang=ru')
      .set('Authorization', t.auth.translator).set('Content-Type', 'text/plain; charset=utf-8').send('魯班工坊。\n中亞。').expect(201);
    expect(res.body).toMatchObject({ name: 'plain.txt', sourceLang: 'zh-Hant', targetLang: 'ru', segments: 2 });
  });

  it('400 for a text/plain body without its query parameters', async () => {
    const res = await request(t.app).post('/api/v1/documents?name=x.txt').set('Authorization', t.auth.translator)
      .set('Content-Type', 'text/plain').send('一。').expect(400);
    expect(res.body.errors).toEqual([{ path: '/query/sourceLang', message: 'is required' }]);
  });

  it('400 for an invalid language tag, naming the field, and nothing is stored', async () => {
    const before = await count();
    const res = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'x', sourceLang: 'zh_CN!!', targetLang: 'en', text: '一。' }).expect(400);
    expect(res.body.type).toBe('/problems/validation');
    expect(res.body.errors[0].path).toBe('/sourceLang');
    expect(await count()).toBe(before);
  });

  it('400 for empty text, whitespace-only text, an unknown field, and malformed JSON', async () => {
    const before = await count();
    const empty = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'x', sourceLang: 'zh-CN', targetLang: 'en', text: '' }).expect(400);
    expect(empty.body.errors[0].path).toBe('/body/text');
    const blank = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'x', sourceLang: 'zh-CN', targetLang: 'en', text: ' \n\n ' }).expect(400);
    expect(blank.body.detail).toBe('text is empty');
    const unknown = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'x', sourceLang: 'zh-CN', targetLang: 'en', text: '一。', priority: 'high' }).expect(400);
    expect(unknown.body.detail).toContain('priority');
    const malformed = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .set('Content-Type', 'application/json').send('{"name": "x", ').expect(400);
    expect(malformed.body).toEqual({ type: '/problems/malformed-json', title: 'Malformed JSON', status: 400, detail: 'The request body is not well-formed JSON.' });
    expect(await count()).toBe(before);
  });

  it('413 for a JSON body over 1 MB', async () => {
    const res = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'big', sourceLang: 'zh-CN', targetLang: 'en', text: '中'.repeat(400_000) }).expect(413);
    expect(res.body.type).toBe('/problems/payload-too-large');
  });

  it('400 for a text/plain body that is not valid UTF-8', async () => {
    const res = await request(t.app).post('/api/v1/documents?name=gbk.txt&sourceLang=zh-CN&targetLang=en')
      .set('Authorization', t.auth.translator).set('Content-Type', 'text/plain')
      .send(Buffer.from([0xd6, 0xd0, 0xb9, 0xfa, 0xa1, 0xa3])).expect(400);
    expect(res.body).toMatchObject({ type: '/problems/unreadable-input', detail: 'the body is not valid UTF-8 text' });
  });

  it('415 for a media type the route does not take', async () => {
    await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .set('Content-Type', 'application/pdf').send(Buffer.from('%PDF-1.4')).expect(415);
  });
});

/** A page with two articles: the second is a piece continued from page 1 (上接), with a dateline. */
const PAGE = [
  '# 俄罗斯总理米舒斯京将访华', '', '新华社北京5月19日电 外交部发言人汪文斌19日宣布：应国务院总理李强', '',
  '邀请，俄罗斯联邦政府总理米舒斯京将于5月23日至24日对中国进行正式访问。', '',
  '（上接第1版）各方一致反对，关税战、贸易战没有赢家，单边主义、保护主义没有出路。',
].join('\n');

describe('sections of a newspaper page', () => {
  it('lists the articles as sections, and every segment names its section', async () => {
    const created = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'page.txt', sourceLang: 'zh-CN', targetLang: 'en', text: PAGE }).expect(201);
    const res = await request(t.app).get(`/api/v1/documents/${created.body.id}`).set('Authorization', t.auth.reader).expect(200);
    expect(res.body.sections).toEqual([
      { index: 0, title: '俄罗斯总理米舒斯京将访华', start: 0, end: 2, segments: 3 },
      { index: 1, title: null, start: 3, end: 3, segments: 1 },
    ]);
    expect(res.body.segments.map((s: { source: string; section: number }) => [s.source, s.section])).toEqual([
      ['俄罗斯总理米舒斯京将访华', 0], ['新华社北京5月19日电', 0],
      ['外交部发言人汪文斌19日宣布：应国务院总理李强邀请，俄罗斯联邦政府总理米舒斯京将于5月23日至24日对中国进行正式访问。', 0],
      ['各方一致反对，关税战、贸易战没有赢家，单边主义、保护主义没有出路。', 1],
    ]);
  });

  it('a text in a space-separated language has no sections', async () => {
    const created = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'en.txt', sourceLang: 'en', targetLang: 'zh-CN', text: 'One. Two.' }).expect(201);
    const res = await request(t.app).get(`/api/v1/documents/${created.body.id}`).set('Authorization', t.auth.reader).expect(200);
    expect(res.body.sections).toEqual([]);
    expect(res.body.segments.map((s: { section: number | null }) => s.section)).toEqual([null, null]);
  });
});

describe('GET and DELETE /api/v1/documents', () => {
  it('pages through segments with offset and limit', async () => {
    const created = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'p', sourceLang: 'zh-CN', targetLang: 'en', text: '一。二。三。四。五。' }).expect(201);
    const page = await request(t.app).get(`/api/v1/documents/${created.body.id}?offset=3&limit=2`).set('Authorization', t.auth.reader).expect(200);
    expect(page.body).toMatchObject({ id: created.body.id, segmentCount: 5, offset: 3, limit: 2 });
    expect(page.body.segments.map((s: { index: number; source: string }) => [s.index, s.source])).toEqual([[3, '四。'], [4, '五。']]);
    const bad = await request(t.app).get(`/api/v1/documents/${created.body.id}?limit=5000`).set('Authorization', t.auth.reader).expect(400);
    expect(bad.body.errors[0].path).toBe('/query/limit');
  });

  it('lists documents with their segment counts', async () => {
    const res = await request(t.app).get('/api/v1/documents').set('Authorization', t.auth.reader).expect(200);
    expect(res.body.documents.length).toBeGreaterThan(0);
    for (const d of res.body.documents) expect(typeof d.segments).toBe('number');
  });

  it('404 for an unknown document, 400 for a non-numeric id', async () => {
    const res = await request(t.app).get('/api/v1/documents/999999').set('Authorization', t.auth.reader).expect(404);
    expect(res.body).toEqual({ type: '/problems/not-found', title: 'Not found', status: 404, detail: 'document "999999" does not exist' });
    await request(t.app).get('/api/v1/documents/abc').set('Authorization', t.auth.reader).expect(400);
  });

  it('deletes a document (translator), 403 for a reader', async () => {
    const created = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'gone', sourceLang: 'zh-CN', targetLang: 'en', text: '一。' }).expect(201);
    await request(t.app).delete(`/api/v1/documents/${created.body.id}`).set('Authorization', t.auth.reader).expect(403);
    await request(t.app).delete(`/api/v1/documents/${created.body.id}`).set('Authorization', t.auth.translator).expect(204);
    await request(t.app).get(`/api/v1/documents/${created.body.id}`).set('Authorization', t.auth.reader).expect(404);
  });
});
