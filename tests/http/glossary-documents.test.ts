/**
 * Glossaries where the rest of Caravan meets them (issue 10 §3, §4, §6): key scopes and document
 * settings name glossaries that exist; a document's glossaries give its XLIFF terms in priority
 * order; TM lookups take `glossaries` in priority order; deleting a glossary that a document uses
 * is a 409 naming it unless forced, after which documents and keys forget it.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
const send = (method: 'post' | 'patch' | 'put', path: string, auth: string, body: object) => request(t.app)[method](path).set('Authorization', auth).send(body);
const entry = (zh: string, en: string) => ({ languages: { 'zh-CN': [{ term: zh, status: 'preferred' }], en: [{ term: en, status: 'preferred' }] } });
const TEXT = '推进中亚互联互通。';

beforeAll(async () => {
  t = await makeTestApp();
  for (const id of ['client-a', 'general']) {
    await send('post', '/api/v1/glossaries', t.auth.admin, { id, name: id }).expect(201);
    await send('post', `/api/v1/glossaries/${id}/entries`, t.auth.terminologist, entry('中亚', `Central Asia (${id})`)).expect(201);
  }
  await send('post', '/api/v1/glossaries/general/entries', t.auth.terminologist, entry('互联互通', 'connectivity (general)')).expect(201);
});
afterAll(() => t.close());

describe('key scopes and document settings name glossaries that exist', () => {
  it('a key scoped to an unknown glossary is a 404; to a known one, it reaches only that one', async () => {
    const unknown = await send('post', '/api/v1/keys', t.auth.admin, { name: 'k', role: 'reader', scope: { glossaries: ['nope'] } }).expect(404);
    expect(unknown.body.detail).toBe('glossary "nope" does not exist');
    const key = await send('post', '/api/v1/keys', t.auth.admin, { name: 'k', role: 'reader', scope: { glossaries: ['client-a'] } }).expect(201);
    const list = await request(t.app).get('/api/v1/glossaries').set('Authorization', `Bearer ${key.body.key}`).expect(200);
    expect(list.body.glossaries.map((g: { id: string }) => g.id)).toEqual(['client-a']);
  });

  it('document settings with an unknown or out-of-scope glossary are a 404, and nothing is created', async () => {
    const scoped = await send('post', '/api/v1/keys', t.auth.admin, { name: 'pm', role: 'translator', scope: { glossaries: ['general'] } }).expect(201);
    const before = (await t.stores.documents.listDocuments()).length;
    const body = (glossaries: string[]) => ({ name: 'x.txt', sourceLang: 'zh-CN', targetLang: 'en', text: TEXT, settings: { glossaries } });
    expect((await send('post', '/api/v1/documents', t.auth.translator, body(['nope'])).expect(404)).body.detail).toBe('glossary "nope" does not exist');
    expect((await send('post', '/api/v1/documents', `Bearer ${scoped.body.key}`, body(['client-a'])).expect(404)).body.detail).toBe('glossary "client-a" does not exist');
    expect((await t.stores.documents.listDocuments()).length).toBe(before);
  });
});

describe('glossaries in priority order outside the term base routes', () => {
  it('TM lookups report a term once per glossary, the higher glossary first', async () => {
    const lookup = (glossaries?: string[]) => send('post', '/api/v1/tm/lookup', t.auth.reader, { source: TEXT, sourceLang: 'zh-CN', targetLang: 'en', ...(glossaries ? { glossaries } : {}) });
    const hits = (res: request.Response) => (res.body.terms as { glossary: string; text: string }[]).map((h) => `${h.text}@${h.glossary}`);
    expect(hits(await lookup(['general', 'client-a']).expect(200))).toEqual(['中亚@general', '中亚@client-a', '互联互通@general']);
    expect(hits(await lookup(['client-a']).expect(200))).toEqual(['中亚@client-a']);
    // Without a list: every glossary the key reaches, in id order.
    expect(hits(await lookup().expect(200))).toEqual(['中亚@client-a', '中亚@general', '互联互通@general']);
    expect((await lookup(['nope']).expect(404)).body.detail).toBe('glossary "nope" does not exist');
  });

  it('an XLIFF export takes the document\'s glossaries in their order, or the request\'s', async () => {
    const doc = await send('post', '/api/v1/documents', t.auth.translator,
      { name: 'settings.txt', sourceLang: 'zh-CN', targetLang: 'en', text: TEXT, settings: { glossaries: ['client-a'] } }).expect(201);
    const xliff = async (query = '') => (await request(t.app).get(`/api/v1/documents/${doc.body.id}/xliff?version=1.2${query}`).set('Authorization', t.auth.reader).buffer(true).expect(200)).text;
    const own = await xliff();
    expect(own).toContain('Central Asia (client-a)');
    expect(own).not.toContain('(general)');
    const asked = await xliff('&glossaries=general');
    expect(asked).toContain('Central Asia (general)');
    expect(asked).not.toContain('(client-a)');
  });
});

describe('deleting a glossary that documents use', () => {
  it('is a 409 naming the documents; with force=true it goes, and documents and keys forget it', async () => {
    await send('post', '/api/v1/glossaries', t.auth.admin, { id: 'doomed', name: 'Doomed' }).expect(201);
    const doc = await send('post', '/api/v1/documents', t.auth.translator,
      { name: 'uses-doomed.txt', sourceLang: 'zh-CN', targetLang: 'en', text: TEXT, settings: { glossaries: ['doomed', 'general'] } }).expect(201);
    const key = await send('post', '/api/v1/keys', t.auth.admin, { name: 'd', role: 'reader', scope: { glossaries: ['doomed', 'general'] } }).expect(201);

    const refused = await request(t.app).delete('/api/v1/glossaries/doomed').set('Authorization', t.auth.admin).expect(409);
    expect(refused.body.detail).toBe(`glossary "doomed" is used by document ${doc.body.id} "uses-doomed.txt"; change their settings, or delete with force=true`);
    await request(t.app).get('/api/v1/glossaries/doomed').set('Authorization', t.auth.reader).expect(200);

    await request(t.app).delete('/api/v1/glossaries/doomed?force=true').set('Authorization', t.auth.admin).expect(204);
    const after = await request(t.app).get(`/api/v1/documents/${doc.body.id}`).set('Authorization', t.auth.reader).expect(200);
    expect(after.body.settings.glossaries).toEqual(['general']);
    const keys = await request(t.app).get('/api/v1/keys').set('Authorization', t.auth.admin).expect(200);
    expect(keys.body.keys.find((k: { id: number }) => k.id === key.body.id).scope.glossaries).toEqual(['general']);
    // A new glossary with the same id is not reached by the old key by accident.
    await send('post', '/api/v1/glossaries', t.auth.admin, { id: 'doomed', name: 'Doomed again' }).expect(201);
    await request(t.app).get('/api/v1/glossaries/doomed').set('Authorization', `Bearer ${key.body.key}`).expect(404);
  });
});
