import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_COLLECTION } from '../../src/domain/collections.js';
import { glossaryEntries } from '../domain/termbase/glossary-fixture.js';
import { type TestApp, makeTestApp, termbaseSnapshot } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ seed: true });
});
afterAll(() => t.close());

const ENTRIES = `/api/v1/glossaries/${SEED_COLLECTION}/entries`;
const snapshot = () => termbaseSnapshot(t.stores);
const get = (path: string) => request(t.app).get(path).set('Authorization', t.auth.reader);
const post = (body: unknown) => request(t.app).post(ENTRIES).set('Authorization', t.auth.terminologist).send(body as object);
const put = (id: string, body: unknown, ifMatch?: string) => {
  const r = request(t.app).put(`${ENTRIES}/${id}`).set('Authorization', t.auth.terminologist);
  return (ifMatch === undefined ? r : r.set('If-Match', ifMatch)).send(body as object);
};
const del = (id: string, ifMatch?: string) => {
  const r = request(t.app).delete(`${ENTRIES}/${id}`).set('Authorization', t.auth.terminologist);
  return ifMatch === undefined ? r : r.set('If-Match', ifMatch);
};

const NEW_ENTRY = {
  subjectField: 'culture-education',
  definition: 'A test concept.',
  languages: { 'zh-cn': [{ term: '测试概念', status: 'preferred' }], EN: [{ term: 'Traditional Medicine Centre', status: 'preferred' }] },
};

describe('GET /api/v1/glossaries/{id}/entries/{entryId}', () => {
  it('returns a curated entry with its ETag', async () => {
    const res = await get(`${ENTRIES}/luban-workshop`).expect(200);
    expect(res.headers.etag).toBe('"luban-workshop-v1"');
    const { createdAt: _c, updatedAt: _u, ...curated } = glossaryEntries(SEED_COLLECTION).find((e) => e.id === 'luban-workshop') ?? {};
    expect(res.body).toEqual({ ...curated, createdAt: expect.any(String), updatedAt: res.body.createdAt });
    expect(Object.keys(res.body)).toEqual(['id', 'glossary', 'subjectField', 'definition', 'source', 'languages', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy', 'version']);
  });

  it('answers 304 to If-None-Match with the current ETag', async () => {
    await get(`${ENTRIES}/luban-workshop`).set('If-None-Match', '"luban-workshop-v1"').expect(304);
  });

  it('404 for an unknown id, 400 for an id that is not a slug, 401 without a key', async () => {
    const missing = await get(`${ENTRIES}/no-such-entry`).expect(404);
    expect(missing.body).toEqual({ type: '/problems/not-found', title: 'Not found', status: 404, detail: `entry "no-such-entry" does not exist in glossary "${SEED_COLLECTION}"` });
    const bad = await get(`${ENTRIES}/Bad_Id`).expect(400);
    expect(bad.body.errors[0].path).toBe('/params/entryId');
    await request(t.app).get(`${ENTRIES}/luban-workshop`).expect(401);
  });
});

describe('POST /api/v1/glossaries/{id}/entries', () => {
  it('creates an entry (terminologist): 201, Location, ETag, canonical tags, slug id, history', async () => {
    const res = await post(NEW_ENTRY).expect(201);
    expect(res.headers.location).toBe(`${ENTRIES}/traditional-medicine-centre`);
    expect(res.headers.etag).toBe('"traditional-medicine-centre-v1"');
    expect(res.body).toEqual({
      id: 'traditional-medicine-centre', glossary: SEED_COLLECTION, subjectField: 'culture-education', definition: 'A test concept.',
      languages: { 'zh-CN': [{ term: '测试概念', status: 'preferred' }], en: [{ term: 'Traditional Medicine Centre', status: 'preferred' }] },
      createdAt: expect.any(String), createdBy: 'test-terminologist', updatedAt: res.body.createdAt, updatedBy: 'test-terminologist', version: 1,
    });
    const history = await get(`${ENTRIES}/traditional-medicine-centre/history`).expect(200);
    expect(history.body).toEqual({ glossary: SEED_COLLECTION, entryId: 'traditional-medicine-centre', history: [{
      entryId: 'traditional-medicine-centre', version: 1, action: 'created', by: 'test-terminologist', at: res.body.createdAt,
      changes: [
        { path: '/subjectField', to: 'culture-education' }, { path: '/definition', to: 'A test concept.' },
        { path: '/languages/zh-CN', to: [{ term: '测试概念', status: 'preferred' }] },
        { path: '/languages/en', to: [{ term: 'Traditional Medicine Centre', status: 'preferred' }] },
      ],
    }] });
  });

  it('403 for a reader or translator', async () => {
    const res = await request(t.app).post(ENTRIES).set('Authorization', t.auth.translator).send(NEW_ENTRY).expect(403);
    expect(res.body.detail).toBe('This needs the terminologist role; the key "test-translator" has translator.');
  });

  it('400 naming the field, and the term base unchanged: no Chinese term, unknown status, invalid tag, unknown field', async () => {
    const before = await snapshot();
    const noZh = await post({ languages: { en: [{ term: 'Lonely', status: 'preferred' }] } }).expect(400);
    expect(noZh.body).toEqual({ type: '/problems/validation', title: 'Invalid request', status: 400,
      detail: 'the entry is invalid: /languages: needs at least one Chinese (zh-*) term',
      errors: [{ path: '/languages', message: 'needs at least one Chinese (zh-*) term' }] });
    const status = await post({ languages: { 'zh-CN': [{ term: '新词', status: 'recommended' }] } }).expect(400);
    expect(status.body.errors).toEqual([{ path: '/body/languages/zh-CN/0/status', message: 'must be equal to one of the allowed values: preferred, admitted, deprecated, forbidden' }]);
    const tag = await post({ languages: { 'zh-CN': [{ term: '新词', status: 'preferred' }], 'xx-!!': [{ term: 'x', status: 'preferred' }] } }).expect(400);
    expect(tag.body.errors).toEqual([{ path: '/languages/xx-!!', message: '"xx-!!" is not a valid BCP 47 language tag' }]);
    const unknown = await post({ ...NEW_ENTRY, colour: 'red' }).expect(400);
    expect(unknown.body.detail).toContain('colour');
    const twoPreferred = await post({ languages: { 'zh-CN': [{ term: '新词', status: 'preferred' }, { term: '新语', status: 'preferred' }] } }).expect(400);
    expect(twoPreferred.body.errors).toEqual([{ path: '/languages/zh-CN/1/status', message: 'a language has at most one preferred term, and "新词" is preferred' }]);
    expect(await snapshot()).toBe(before);
  });

  it('409 when a Chinese term stands in another entry (Traditional = Simplified), or the id is taken', async () => {
    const before = await snapshot();
    const dup = await post({ languages: { 'zh-TW': [{ term: '魯班工坊', status: 'preferred' }] } }).expect(409);
    expect(dup.body).toEqual({ type: '/problems/conflict', title: 'Conflict', status: 409,
      detail: 'the Chinese term "魯班工坊" already stands in entry "luban-workshop"', entryId: 'luban-workshop', term: '魯班工坊' });
    const quoted = await post({ languages: { 'zh-CN': [{ term: '共建 一带一路', status: 'preferred' }] } }).expect(409);
    expect(quoted.body.entryId).toBe('belt-and-road-cooperation');
    const id = await post({ id: 'xian', languages: { 'zh-CN': [{ term: '长安城', status: 'preferred' }] } }).expect(409);
    expect(id.body).toMatchObject({ detail: 'entry "xian" already exists', entryId: 'xian' });
    expect(await snapshot()).toBe(before);
  });
});

describe('PUT and DELETE need If-Match', () => {
  const body = { languages: { 'zh-CN': [{ term: '上合', status: 'preferred' }], en: [{ term: 'SCO-test', status: 'preferred' }] } };
  let etag = '';
  beforeAll(async () => {
    etag = (await post({ id: 'sco-test', ...body }).expect(201)).headers.etag as string;
  });

  it('428 without If-Match or with *, 404 for an unknown entry, 412 for a stale version', async () => {
    const none = await put('sco-test', body).expect(428);
    expect(none.body).toEqual({ type: '/problems/precondition-required', title: 'Precondition required', status: 428,
      detail: 'send If-Match with the ETag of the entry as you last read it, so that no one else\'s change is overwritten' });
    await put('sco-test', body, '*').expect(428);
    await put('no-such-entry', body, '"no-such-entry-v1"').expect(404);
    const stale = await put('sco-test', body, '"sco-test-v0"').expect(412);
    expect(stale.body).toEqual({ type: '/problems/precondition-failed', title: 'Precondition failed', status: 412, currentVersion: 1,
      detail: 'entry "sco-test" has changed: it is at version 1 (ETag "sco-test-v1"), not "sco-test-v0"; read it again and re-apply your change' });
    await del('sco-test').expect(428);
  });

  it('replaces at the current version, records the change, and keeps the version when nothing changes', async () => {
    const changed = { ...body, definition: 'Test.', languages: { ...body.languages, en: [{ term: 'SCO-test', status: 'admitted' }] } };
    const res = await put('sco-test', changed, etag).expect(200);
    expect(res.headers.etag).toBe('"sco-test-v2"');
    expect(res.body).toMatchObject({ id: 'sco-test', version: 2, definition: 'Test.', updatedBy: 'test-terminologist' });
    const same = await put('sco-test', changed, '"sco-test-v2"').expect(200);
    expect(same.headers.etag).toBe('"sco-test-v2"');
    const history = await get(`${ENTRIES}/sco-test/history`).expect(200);
    expect(history.body.history.map((h: { version: number; action: string; changes: unknown }) => [h.version, h.action, h.changes])).toEqual([
      [1, 'created', [{ path: '/languages/zh-CN', to: [{ term: '上合', status: 'preferred' }] }, { path: '/languages/en', to: [{ term: 'SCO-test', status: 'preferred' }] }]],
      [2, 'updated', [{ path: '/definition', to: 'Test.' }, { path: '/languages/en/0/status', from: 'preferred', to: 'admitted' }]],
    ]);
    etag = '"sco-test-v2"';
  });

  it('lets exactly one of two maintainers holding the same ETag write', async () => {
    const a = { ...body, note: 'from A' };
    const b = { ...body, note: 'from B' };
    const results = await Promise.all([put('sco-test', a, etag), put('sco-test', b, etag)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const winner = results.find((r) => r.status === 200);
    etag = winner?.headers.etag as string;
    expect(etag).toBe('"sco-test-v3"');
    expect((await get(`${ENTRIES}/sco-test`)).body.note).toBe(winner?.body.note);
  });

  it('400 when the body renames the entry', async () => {
    const res = await put('sco-test', { id: 'other-id', ...body }, etag).expect(400);
    expect(res.body.errors).toEqual([{ path: '/id', message: 'must equal the id in the path (ids cannot be renamed)' }]);
  });

  it('deletes at the current version; the history stays, with a tombstone; a re-create continues the versions', async () => {
    await del('sco-test', '"sco-test-v2"').expect(412);
    await del('sco-test', etag).expect(204);
    await get(`${ENTRIES}/sco-test`).expect(404);
    const history = await get(`${ENTRIES}/sco-test/history`).expect(200);
    expect(history.body.history.at(-1)).toEqual({ entryId: 'sco-test', version: 4, action: 'deleted', by: 'test-terminologist', at: expect.any(String),
      changes: expect.arrayContaining([{ path: '/languages/zh-CN', from: [{ term: '上合', status: 'preferred' }] }]) });
    const again = await post({ id: 'sco-test', ...body }).expect(201);
    expect(again.headers.etag).toBe('"sco-test-v5"');
    await get(`${ENTRIES}/never-existed/history`).expect(404);
  });
});

describe('GET /api/v1/glossaries/{id}/entries (search and list)', () => {
  it('lists in id order, a page at a time, with an opaque cursor', async () => {
    const all: string[] = [];
    for await (const batch of t.stores.termbase.scanEntries(SEED_COLLECTION, 100)) all.push(...batch.map((e) => e.id));
    const first = await get(`${ENTRIES}?limit=3`).expect(200);
    expect(first.body.entries.map((e: { id: string }) => e.id)).toEqual(['20th-cpc-national-congress', 'afghanistan', 'afghanistan-neighbors-coordination-mechanism']);
    expect(first.body.total).toBe(all.length);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: request.Response = await get(`${ENTRIES}?limit=40${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...page.body.entries.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(all);
    const bad = await get(`${ENTRIES}?q=Astana&cursor=${first.body.nextCursor}`).expect(400);
    expect(bad.body.errors).toEqual([{ path: '/query/cursor', message: 'is not a cursor of this query' }]);
  });

  it('pages through search results without repeating or losing one', async () => {
    const whole = await get(`${ENTRIES}?q=China&limit=500`).expect(200);
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: request.Response = await get(`${ENTRIES}?q=China&limit=7${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      seen.push(...page.body.entries.map((e: { id: string }) => e.id));
      cursor = page.body.nextCursor;
    }
    expect(seen).toEqual(whole.body.entries.map((e: { id: string }) => e.id));
    expect(seen.length).toBe(whole.body.total);
    expect(seen.length).toBeGreaterThan(40);
  });

  it('filters by language, status and subject field', async () => {
    const res = await get(`${ENTRIES}?lang=ru&status=deprecated`).expect(200);
    expect(res.body.entries.map((e: { id: string }) => e.id)).toEqual([
      'belt-and-road-initiative', 'everlasting-friendship', 'mutual-learning-among-civilizations', 'personnel-exchanges', 'shaanxi',
      'universally-beneficial-inclusive-globalization',
    ]);
    expect(res.body).toMatchObject({ total: 6, nextCursor: null });
    const persons = await get(`${ENTRIES}?subjectField=PERSONS&limit=500`).expect(200);
    expect(persons.body.total).toBe(8);
    const forbidden = await get(`${ENTRIES}?status=forbidden`).expect(200);
    expect(forbidden.body.entries.map((e: { id: string }) => e.id)).toEqual(['belt-and-road-initiative']);
    await get(`${ENTRIES}?lang=xx-!!`).expect(400);
    await get(`${ENTRIES}?status=best`).expect(400);
  });

  it('searches terms, definitions and notes: Chinese by bigrams across scripts, English and Russian stemmed, exact term first', async () => {
    const ids = async (q: string) => (await get(`${ENTRIES}?q=${encodeURIComponent(q)}`).expect(200)).body.entries.map((e: { id: string }) => e.id);
    expect((await ids('魯班工坊'))[0]).toBe('luban-workshop');
    expect((await ids('命运共同体'))[0]).toBe('community-shared-future');
    expect(await ids('Nur-Sultan')).toEqual(['astana']);
    expect((await ids('communities')).slice(0, 4).sort()).toEqual(['cn-ca-community-shared-future', 'community-shared-future', 'community-shared-future-mankind', 'community-shared-future-neighbors']);
    expect(await ids('сообщества судьбы')).toEqual(expect.arrayContaining(['community-shared-future', 'cn-ca-community-shared-future']));
    expect(await ids('destiny pipeline')).toEqual([]);
  });
});
