/**
 * Glossaries as collections over HTTP: create, read with stats, change, delete; read-only
 * glossaries; per-glossary entries; and the 0.1.0 routes on several glossaries (writes to
 * `default`, reads over every readable glossary, an id in two glossaries).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_COLLECTION } from '../../src/domain/collections.js';
import { type TestApp, makeTestApp, termbaseSnapshot } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ seed: true });
});
afterAll(() => t.close());

const as = (role: keyof TestApp['auth']) => ({
  get: (path: string) => request(t.app).get(path).set('Authorization', t.auth[role]),
  post: (path: string, body: object) => request(t.app).post(path).set('Authorization', t.auth[role]).send(body),
  patch: (path: string, body: object) => request(t.app).patch(path).set('Authorization', t.auth[role]).send(body),
  del: (path: string) => request(t.app).delete(path).set('Authorization', t.auth[role]),
});
const admin = as('admin');
const reader = as('reader');
const terminologist = as('terminologist');
const entryBody = (zh: string, en: string, id?: string) => ({ ...(id ? { id } : {}), languages: { 'zh-CN': [{ term: zh, status: 'preferred' }], en: [{ term: en, status: 'preferred' }] } });

describe('/api/v1/glossaries', () => {
  it('lists the seed glossary and default with their stats (reader)', async () => {
    const res = await reader.get('/api/v1/glossaries').expect(200);
    expect(res.body.glossaries.map((g: { id: string }) => g.id)).toEqual([SEED_COLLECTION, 'default']);
    const [seed] = res.body.glossaries;
    expect(seed).toMatchObject({ id: SEED_COLLECTION, name: 'China–Central Asia summits', readOnly: false, tags: ['seed', 'diplomacy'], createdBy: 'seed',
      stats: { entries: 242, lastWrite: expect.any(String) } });
    expect(seed.stats.languages.map((l: { lang: string }) => l.lang)).toEqual(['en', 'ru', 'zh-CN']);
    expect(seed.stats.languages.find((l: { lang: string }) => l.lang === 'zh-CN').terms).toBeGreaterThanOrEqual(242);
  });

  it('creates a glossary (admin): 201 with Location and the whole glossary; 409 for a taken id; 400 naming a malformed id; 403 below admin', async () => {
    const res = await admin.post('/api/v1/glossaries', { id: 'client-a', name: ' Client A ', description: 'Legal terms of client A.', tags: ['legal', 'legal', 'client-a'] }).expect(201);
    expect(res.headers.location).toBe('/api/v1/glossaries/client-a');
    expect(res.body).toEqual({ id: 'client-a', name: 'Client A', description: 'Legal terms of client A.', tags: ['legal', 'client-a'], readOnly: false,
      createdAt: expect.any(String), createdBy: 'test-admin', updatedAt: res.body.createdAt, updatedBy: 'test-admin',
      stats: { entries: 0, languages: [], lastWrite: null } });
    const taken = await admin.post('/api/v1/glossaries', { id: 'client-a', name: 'Again' }).expect(409);
    expect(taken.body.detail).toBe('glossary "client-a" already exists');
    const bad = await admin.post('/api/v1/glossaries', { id: 'Client_A', name: 'x' }).expect(400);
    // The contract's CollectionId pattern answers before the service does.
    expect(bad.body.errors).toEqual([{ path: '/body/id', message: 'must match pattern "^[a-z0-9-]{1,64}$"' }]);
    const blank = await admin.post('/api/v1/glossaries', { id: 'blank', name: '   ' }).expect(400);
    expect(blank.body.errors).toEqual([{ path: '/name', message: 'must not be blank' }]);
    await terminologist.post('/api/v1/glossaries', { id: 'client-b', name: 'B' }).expect(403);
  });

  it('reads one glossary; 404 for an unknown one, 400 for a malformed id', async () => {
    expect((await reader.get('/api/v1/glossaries/client-a').expect(200)).body.name).toBe('Client A');
    const missing = await reader.get('/api/v1/glossaries/nope').expect(404);
    expect(missing.body.detail).toBe('glossary "nope" does not exist');
    const bad = await reader.get('/api/v1/glossaries/No_Such').expect(400);
    expect(bad.body.errors[0].path).toBe('/params/id');
  });

  it('keeps entries per glossary: the same id and the same Chinese term may stand in two glossaries', async () => {
    const created = await terminologist.post('/api/v1/glossaries/client-a/entries', entryBody('鲁班工坊', 'Luban Vocational Workshop', 'luban-workshop')).expect(201);
    expect(created.headers.location).toBe('/api/v1/glossaries/client-a/entries/luban-workshop');
    expect(created.body).toMatchObject({ id: 'luban-workshop', glossary: 'client-a', version: 1 });
    const seed = await reader.get(`/api/v1/glossaries/${SEED_COLLECTION}/entries/luban-workshop`).expect(200);
    expect(seed.body.glossary).toBe(SEED_COLLECTION);
    const stats = (await reader.get('/api/v1/glossaries/client-a').expect(200)).body.stats;
    expect(stats).toEqual({ entries: 1, languages: [{ lang: 'en', terms: 1 }, { lang: 'zh-CN', terms: 1 }], lastWrite: created.body.createdAt });
  });

  it('changes settings (admin); a read-only glossary refuses entry writes and imports with 403', async () => {
    const res = await admin.patch('/api/v1/glossaries/client-a', { readOnly: true, tags: ['legal'] }).expect(200);
    expect(res.body).toMatchObject({ readOnly: true, tags: ['legal'], name: 'Client A', updatedBy: 'test-admin' });
    const before = await termbaseSnapshot(t.stores);
    const write = await terminologist.post('/api/v1/glossaries/client-a/entries', entryBody('新词', 'new word')).expect(403);
    expect(write.body).toEqual({ type: '/problems/read-only', title: 'Read-only', status: 403,
      detail: 'glossary "client-a" is read-only; an admin can clear readOnly to allow writes' });
    await request(t.app).post('/api/v1/glossaries/client-a/import').set('Authorization', t.auth.terminologist).set('Content-Type', 'text/csv').send('zh-CN\n新词\n').expect(403);
    await request(t.app).put('/api/v1/glossaries/client-a/entries/luban-workshop').set('Authorization', t.auth.terminologist).set('If-Match', '"luban-workshop-v1"')
      .send(entryBody('鲁班工坊', 'x')).expect(403);
    await admin.del('/api/v1/glossaries/client-a').expect(403);
    expect(await termbaseSnapshot(t.stores)).toBe(before);
    await admin.patch('/api/v1/glossaries/client-a', { readOnly: false }).expect(200);
    await admin.patch('/api/v1/glossaries/client-a', {}).expect(400);
  });

  it('deletes a glossary with its entries; default cannot be deleted', async () => {
    await admin.post('/api/v1/glossaries', { id: 'temp', name: 'Temporary' }).expect(201);
    await terminologist.post('/api/v1/glossaries/temp/entries', entryBody('临时术语', 'temporary term')).expect(201);
    await admin.del('/api/v1/glossaries/temp').expect(204);
    await reader.get('/api/v1/glossaries/temp').expect(404);
    expect((await reader.post('/api/v1/glossary/recognize', { text: '临时术语', lang: 'zh-CN' }).expect(200)).body.terms).toEqual([]);
    const refused = await admin.del('/api/v1/glossaries/default').expect(409);
    expect(refused.body.detail).toBe('the glossary "default" receives the writes that name no glossary; it cannot be deleted');
  });

  it('exports one glossary under its own name; 404 for an unknown glossary', async () => {
    const res = await reader.get('/api/v1/glossaries/client-a/export?format=json').expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=client-a.json');
    expect(res.headers['x-caravan-concepts']).toBe('1');
    expect(JSON.parse(res.text)).toEqual([{ id: 'luban-workshop', languages: { 'zh-CN': [{ term: '鲁班工坊', status: 'preferred' }], en: [{ term: 'Luban Vocational Workshop', status: 'preferred' }] } }]);
    await reader.get('/api/v1/glossaries/nope/export').expect(404);
  });
});

describe('recognition and QA take glossaries in priority order', () => {
  it('reports a term of two glossaries once per glossary, in the order asked', async () => {
    const hits = async (glossaries?: string[]) => (await reader.post('/api/v1/glossary/recognize', { text: '设立鲁班工坊', lang: 'zh-CN', ...(glossaries ? { glossaries } : {}) }).expect(200))
      .body.terms.map((h: { glossary: string; translations: { en: { term: string }[] } }) => [h.glossary, h.translations.en[0]?.term]);
    expect(await hits(['client-a', SEED_COLLECTION])).toEqual([['client-a', 'Luban Vocational Workshop'], [SEED_COLLECTION, 'Luban Workshop']]);
    expect(await hits([SEED_COLLECTION, 'client-a'])).toEqual([[SEED_COLLECTION, 'Luban Workshop'], ['client-a', 'Luban Vocational Workshop']]);
    expect(await hits()).toEqual([[SEED_COLLECTION, 'Luban Workshop'], ['client-a', 'Luban Vocational Workshop']]);
  });

  it('404 for an unknown glossary, 400 naming a malformed one', async () => {
    const missing = await reader.post('/api/v1/glossary/check', { source: '中亚', target: 'x', sourceLang: 'zh', targetLang: 'en', glossaries: ['nope'] }).expect(404);
    expect(missing.body.detail).toBe('glossary "nope" does not exist');
    const bad = await reader.post('/api/v1/glossary/recognize', { text: '中亚', lang: 'zh', glossaries: ['Bad Id'] }).expect(400);
    expect(bad.body.errors).toEqual([{ path: '/body/glossaries/0', message: 'must match pattern "^[a-z0-9-]{1,64}$"' }]);
    const query = await reader.get('/api/v1/glossary/entries?glossaries=default,Bad').expect(400);
    expect(query.body.detail).toBe('query/glossaries: "Bad" is not a collection id (lower-case letters, digits and -, 1 to 64 characters)');
  });
});

describe('the 0.1.0 routes on several glossaries', () => {
  it('POST writes to default; GET by id alone looks in default first, then the other glossaries, and says where', async () => {
    const created = await terminologist.post('/api/v1/glossary/entries', entryBody('鲁班工坊', 'Luban (default)', 'luban-workshop')).expect(201);
    expect(created.body.glossary).toBe('default');
    const fromDefault = await reader.get('/api/v1/glossary/entries/luban-workshop').expect(200);
    expect(fromDefault.headers['content-location']).toBe('/api/v1/glossaries/default/entries/luban-workshop');
    expect(fromDefault.body.languages.en[0].term).toBe('Luban (default)');
    const elsewhere = await reader.get('/api/v1/glossary/entries/central-asia').expect(200);
    expect(elsewhere.headers['content-location']).toBe(`/api/v1/glossaries/${SEED_COLLECTION}/entries/central-asia`);
    expect(elsewhere.body.glossary).toBe(SEED_COLLECTION);
  });

  it('PUT and DELETE act on the entry GET by id alone returns; history by id alone names its glossary', async () => {
    const onlyInSeed = await request(t.app).put('/api/v1/glossary/entries/central-asia').set('Authorization', t.auth.terminologist)
      .set('If-Match', '"central-asia-v1"').send(entryBody('中亚', 'Central Asia')).expect(200);
    expect(onlyInSeed.body).toMatchObject({ glossary: SEED_COLLECTION, id: 'central-asia', version: 2 });
    const nowhere = await request(t.app).put('/api/v1/glossary/entries/no-such-entry').set('Authorization', t.auth.terminologist)
      .set('If-Match', '"no-such-entry-v1"').send(entryBody('没有的词', 'Nothing')).expect(404);
    expect(nowhere.body.detail).toBe('entry "no-such-entry" does not exist in glossary "default"');
    // default has luban-workshop too: the delete takes that one, and the seed glossary's is found next.
    await request(t.app).delete('/api/v1/glossary/entries/luban-workshop').set('Authorization', t.auth.terminologist).set('If-Match', '"luban-workshop-v1"').expect(204);
    // Then the other readable glossaries in id order: china-central-asia-summits before client-a.
    expect((await reader.get('/api/v1/glossary/entries/luban-workshop').expect(200)).body.glossary).toBe(SEED_COLLECTION);
    const history = await reader.get('/api/v1/glossary/entries/central-asia/history').expect(200);
    expect(history.body).toMatchObject({ glossary: SEED_COLLECTION, entryId: 'central-asia', history: [{ version: 1, action: 'created' }, { version: 2, action: 'updated' }] });
  });

  it('lists every readable glossary, the higher glossary first at one id; exports qualify a repeated id', async () => {
    const list = await reader.get('/api/v1/glossary/entries?q=鲁班工坊').expect(200);
    // The two entries with the term itself first, then entries that mention it in a context.
    expect(list.body.entries.map((e: { glossary: string; id: string }) => `${e.glossary}/${e.id}`).slice(0, 2)).toEqual([`${SEED_COLLECTION}/luban-workshop`, 'client-a/luban-workshop']);
    const ordered = await reader.get(`/api/v1/glossary/entries?q=鲁班工坊&glossaries=client-a,${SEED_COLLECTION}`).expect(200);
    expect(ordered.body.entries.map((e: { glossary: string }) => e.glossary).slice(0, 2)).toEqual(['client-a', SEED_COLLECTION]);
    const one = await reader.get('/api/v1/glossary/entries?q=鲁班工坊&glossaries=client-a').expect(200);
    expect(one.body).toMatchObject({ total: 1, entries: [{ glossary: 'client-a', id: 'luban-workshop' }] });
    const exported = await reader.get('/api/v1/glossary/export?format=json&glossaries=client-a,china-central-asia-summits').expect(200);
    const ids = (JSON.parse(exported.text) as { id: string }[]).map((e) => e.id);
    expect(ids.filter((id) => id.endsWith('luban-workshop'))).toEqual(['luban-workshop', `${SEED_COLLECTION}.luban-workshop`]);
  });
});
