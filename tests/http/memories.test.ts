/**
 * Memories as collections over HTTP (issue 10): CRUD with statistics, scoped keys, read-only
 * memories, copy and move, priority and penalties in lookups, documents' settings, and the
 * bad input the issue lists (404 unknown or out of scope, 400 malformed id, 409 in use).
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const api = () => request(t.app);
const as = (key: string) => ({ Authorization: key });
const unit = (source: string, target: string, extra: Record<string, unknown> = {}) => ({ sourceLang: 'zh-CN', targetLang: 'en', source, target, ...extra });

async function createMemory(id: string, extra: Record<string, unknown> = {}): Promise<void> {
  await api().post('/api/v1/memories').set(as(t.auth.admin)).send({ id, name: id.toUpperCase(), ...extra }).expect(201);
}
async function keyFor(role: string, scope: Record<string, string[]>): Promise<string> {
  const res = await api().post('/api/v1/keys').set(as(t.auth.admin)).send({ name: `${role} ${JSON.stringify(scope)}`, role, scope }).expect(201);
  return `Bearer ${res.body.key}`;
}

describe('/api/v1/memories', () => {
  it('creates a memory (admin), lists and reads it with statistics, and changes it', async () => {
    const created = await api().post('/api/v1/memories').set(as(t.auth.admin))
      .send({ id: 'client-a', name: 'Client A', description: 'Ministry texts', tags: ['client-a', 'diplomacy'] }).expect(201);
    expect(created.headers.location).toBe('/api/v1/memories/client-a');
    expect(created.body).toEqual({ id: 'client-a', name: 'Client A', description: 'Ministry texts', tags: ['client-a', 'diplomacy'], readOnly: false,
      createdAt: expect.any(String), createdBy: 'test-admin', updatedAt: expect.any(String), updatedBy: 'test-admin', stats: { units: 0, pairs: [], lastWrite: null } });
    await api().post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'client-a', units: [unit('一。', 'One.'), unit('二。', 'Two.', { targetLang: 'ru' })] }).expect(201);
    const read = await api().get('/api/v1/memories/client-a').set(as(t.auth.reader)).expect(200);
    expect(read.body.stats).toEqual({ units: 2, pairs: [{ sourceLang: 'zh-CN', targetLang: 'en', units: 1 }, { sourceLang: 'zh-CN', targetLang: 'ru', units: 1 }], lastWrite: expect.any(String) });
    const changed = await api().patch('/api/v1/memories/client-a').set(as(t.auth.admin)).send({ name: 'Client A (MFA)', tags: [] }).expect(200);
    expect(changed.body).toMatchObject({ name: 'Client A (MFA)', tags: [], description: 'Ministry texts' });
    const list = await api().get('/api/v1/memories').set(as(t.auth.reader)).expect(200);
    expect(list.body.memories.map((m: { id: string }) => m.id)).toEqual(['client-a', 'default']);
  });

  it('400 for a malformed id, 409 for a taken one, 403 for a non-admin, 404 for an unknown one', async () => {
    const bad = await api().post('/api/v1/memories').set(as(t.auth.admin)).send({ id: 'Client_A', name: 'x' }).expect(400);
    expect(bad.body.errors[0].path).toBe('/body/id');
    await api().post('/api/v1/memories').set(as(t.auth.admin)).send({ id: 'default', name: 'again' }).expect(409);
    await api().post('/api/v1/memories').set(as(t.auth.translator)).send({ id: 'x', name: 'x' }).expect(403);
    expect((await api().get('/api/v1/memories/nope').set(as(t.auth.reader)).expect(404)).body.detail).toBe('memory "nope" does not exist');
    expect((await api().get('/api/v1/memories/NOPE').set(as(t.auth.reader)).expect(400)).body.errors[0].path).toBe('/params/id');
    await api().patch('/api/v1/memories/nope').set(as(t.auth.admin)).send({ name: 'x' }).expect(404);
    await api().delete('/api/v1/memories/default').set(as(t.auth.admin)).expect(409);
  });

  it('refuses writes to a read-only memory (403) and still reads it', async () => {
    await createMemory('frozen', { readOnly: true });
    const res = await api().post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'frozen', ...unit('三。', 'Three.') }).expect(403);
    expect(res.body.detail).toBe('memory "frozen" is read-only');
    await api().post('/api/v1/tm/import?memory=frozen').set(as(t.auth.translator)).set('Content-Type', 'application/x-tmx+xml').send('<tmx/>').expect(403);
    await api().patch('/api/v1/memories/frozen').set(as(t.auth.admin)).send({ readOnly: false }).expect(200);
    await api().post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'frozen', ...unit('三。', 'Three.') }).expect(201);
    await api().get('/api/v1/tm/units?memories=frozen').set(as(t.auth.reader)).expect(200);
  });

  it('deletes a memory with its units; 409 naming the documents that use it unless force=true', async () => {
    await createMemory('project-x');
    const ids = (await api().post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'project-x', units: [unit('四。', 'Four.')] }).expect(201)).body.ids;
    const doc = await api().post('/api/v1/documents').set(as(t.auth.translator))
      .send({ name: 'x.txt', sourceLang: 'zh-CN', targetLang: 'en', text: '四。', settings: { memories: [{ id: 'project-x' }], writeMemory: 'project-x' } }).expect(201);
    const refused = await api().delete('/api/v1/memories/project-x').set(as(t.auth.admin)).expect(409);
    expect(refused.body).toMatchObject({ memory: 'project-x', documents: [{ id: doc.body.id, name: 'x.txt' }] });
    await api().delete('/api/v1/memories/project-x?force=true').set(as(t.auth.admin)).expect(204);
    await api().get(`/api/v1/tm/units/${ids[0]}`).set(as(t.auth.reader)).expect(404);
    const lookup = await api().post('/api/v1/tm/lookup').set(as(t.auth.reader)).send({ source: '四。', sourceLang: 'zh-CN', targetLang: 'en' }).expect(200);
    expect(lookup.body.matches).toEqual([]);
    const after = await api().get(`/api/v1/documents/${doc.body.id}`).set(as(t.auth.reader)).expect(200);
    expect(after.body.settings).toEqual({ memories: [], writeMemory: 'default' });
  });
});

describe('scoped keys', () => {
  beforeAll(async () => {
    await createMemory('scope-a');
    await createMemory('scope-b');
    await api().post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'scope-a', ...unit('甲方的句子。', 'A sentence of A.') }).expect(201);
    await api().post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'scope-b', ...unit('乙方的句子。', 'A sentence of B.') }).expect(201);
  });

  it('a key scoped to one memory sees only it: lists, reads, lookups, concordance, stats, export', async () => {
    const key = await keyFor('translator', { memories: ['scope-a'] });
    expect((await api().get('/api/v1/memories').set(as(key)).expect(200)).body.memories.map((m: { id: string }) => m.id)).toEqual(['scope-a']);
    await api().get('/api/v1/memories/scope-b').set(as(key)).expect(404);
    const b = (await api().get('/api/v1/tm/units?memories=scope-b').set(as(t.auth.reader)).expect(200)).body.units[0];
    await api().get(`/api/v1/tm/units/${b.id}`).set(as(key)).expect(404);
    await api().get('/api/v1/tm/units?memories=scope-b').set(as(key)).expect(404);
    expect((await api().get('/api/v1/tm/units').set(as(key)).expect(200)).body.units.map((u: { memory: string }) => u.memory)).toEqual(['scope-a']);
    const lookB = await api().post('/api/v1/tm/lookup').set(as(key)).send({ source: '乙方的句子。', sourceLang: 'zh-CN', targetLang: 'en', threshold: 0 }).expect(200);
    expect(lookB.body.matches.map((m: { memory: string }) => m.memory)).toEqual(['scope-a']);
    await api().post('/api/v1/tm/lookup').set(as(key)).send({ source: '乙方的句子。', sourceLang: 'zh-CN', targetLang: 'en', memories: [{ id: 'scope-b' }] }).expect(404);
    expect((await api().get(`/api/v1/tm/concordance?q=${encodeURIComponent('的句子')}`).set(as(key)).expect(200)).body.total).toBe(1);
    expect((await api().get('/api/v1/tm/stats').set(as(key)).expect(200)).body.units).toBe(1);
    const tmx = await api().get('/api/v1/tm/export').set(as(key)).buffer(true).expect(200);
    expect(tmx.text).toContain('甲方的句子。');
    expect(tmx.text).not.toContain('乙方的句子。');
    await api().post('/api/v1/tm/units').set(as(key)).send({ memory: 'scope-b', ...unit('丙。', 'C.') }).expect(404);
  });

  it('refuses a scope naming an unknown memory (404), a malformed id (400), and a scoped admin (400)', async () => {
    await api().post('/api/v1/keys').set(as(t.auth.admin)).send({ name: 'k', role: 'reader', scope: { memories: ['nope'] } }).expect(404);
    await api().post('/api/v1/keys').set(as(t.auth.admin)).send({ name: 'k', role: 'reader', scope: { memories: ['Bad Id'] } }).expect(400);
    await api().post('/api/v1/keys').set(as(t.auth.admin)).send({ name: 'k', role: 'admin', scope: { memories: ['scope-a'] } }).expect(400);
    const listed = await api().get('/api/v1/keys').set(as(t.auth.admin)).expect(200);
    expect(listed.body.keys.find((k: { name: string }) => k.name === 'test-reader').scope).toEqual({ memories: ['*'], glossaries: ['*'] });
  });

  it('hides documents whose write memory is out of scope', async () => {
    const doc = await api().post('/api/v1/documents').set(as(t.auth.translator))
      .send({ name: 'b.txt', sourceLang: 'zh-CN', targetLang: 'en', text: '乙方。', settings: { writeMemory: 'scope-b' } }).expect(201);
    const key = await keyFor('translator', { memories: ['scope-a'] });
    expect((await api().get('/api/v1/documents').set(as(key)).expect(200)).body.documents.map((d: { id: number }) => d.id)).not.toContain(doc.body.id);
    await api().get(`/api/v1/documents/${doc.body.id}`).set(as(key)).expect(404);
    await api().get(`/api/v1/documents/${doc.body.id}/analysis`).set(as(key)).expect(404);
    await api().get(`/api/v1/documents/${doc.body.id}/xliff`).set(as(key)).expect(404);
    await api().delete(`/api/v1/documents/${doc.body.id}`).set(as(key)).expect(404);
  });

  it('a deleted memory leaves the scopes of keys, so a new memory with its id is not theirs', async () => {
    await createMemory('recycled');
    const key = await keyFor('reader', { memories: ['recycled'] });
    await api().delete('/api/v1/memories/recycled').set(as(t.auth.admin)).expect(204);
    await createMemory('recycled');
    await api().get('/api/v1/memories/recycled').set(as(key)).expect(404);
  });
});

describe('copy and move between memories', () => {
  it('copies units (merging what the target has) and moves them (keeping ids)', async () => {
    await createMemory('src');
    await createMemory('dst');
    const [a, b] = (await api().post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'src', units: [unit('源一。', 'Source one.'), unit('源二。', 'Source two.')] }).expect(201)).body.ids;
    await api().post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'dst', ...unit('源二。', 'Source two.') }).expect(201);
    const copied = await api().post('/api/v1/tm/units/copy').set(as(t.auth.translator)).send({ ids: [a, b], to: 'dst' }).expect(200);
    expect(copied.body).toEqual({ to: 'dst', mode: 'copy', written: [expect.any(Number)], merged: 1, removed: [] });
    const find = async (memory: string) => (await api().post('/api/v1/tm/lookup').set(as(t.auth.reader))
      .send({ source: '源一。', sourceLang: 'zh-CN', targetLang: 'en', memories: [{ id: memory }], terms: false }).expect(200)).body.matches.map((m: { unitId: number }) => m.unitId);
    expect(await find('dst')).toEqual(copied.body.written);
    const moved = await api().post('/api/v1/tm/units/move').set(as(t.auth.translator)).send({ ids: [a], to: 'dst' }).expect(200);
    expect(moved.body).toEqual({ to: 'dst', mode: 'move', written: [], merged: 1, removed: [a] });
    expect(await find('src')).toEqual([]);
    await api().post('/api/v1/tm/units/move').set(as(t.auth.translator)).send({ ids: [b], to: 'nope' }).expect(404);
    await api().post('/api/v1/tm/units/move').set(as(t.auth.translator)).send({ ids: [999999], to: 'dst' }).expect(404);
    await api().post('/api/v1/tm/units/copy').set(as(t.auth.reader)).send({ ids: [b], to: 'dst' }).expect(403);
  });
});

describe('lookups over several memories', () => {
  beforeAll(async () => {
    await createMemory('trusted');
    await createMemory('general');
    await api().post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'trusted', ...unit('鲁班工坊建设合作。', 'Cooperation on building Luban Workshops.') }).expect(201);
    await api().post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'general', ...unit('鲁班工坊建设合作。', 'Luban Workshop building cooperation.') }).expect(201);
  });
  const look = (memories: unknown) => api().post('/api/v1/tm/lookup').set(as(t.auth.reader))
    .send({ source: '鲁班工坊建设合作。', sourceLang: 'zh-CN', targetLang: 'en', memories, terms: false }).expect(200);

  it('ranks equal scores by memory priority, and the order of the list decides', async () => {
    expect((await look([{ id: 'trusted' }, { id: 'general' }])).body.matches.map((m: { memory: string; score: number }) => [m.memory, m.score]))
      .toEqual([['trusted', 100], ['general', 100]]);
    expect((await look([{ id: 'general' }, { id: 'trusted' }])).body.matches.map((m: { memory: string }) => m.memory)).toEqual(['general', 'trusted']);
  });

  it('takes a memory penalty off its matches, reports it, and never calls a penalised match exact', async () => {
    const res = await look([{ id: 'general', penalty: 10 }, { id: 'trusted' }]);
    expect(res.body.matches.map((m: { memory: string; score: number; matchType: string; penalties: unknown }) => [m.memory, m.score, m.matchType, m.penalties]))
      .toEqual([['trusted', 100, 'exact', []], ['general', 90, 'fuzzy', [{ code: 'memory', points: 10 }]]]);
  });

  it('reads memories from the query string (a,b:5) for concordance and stats, 404 for an unknown one', async () => {
    const conc = await api().get('/api/v1/tm/concordance?q=%E9%B2%81%E7%8F%AD&memories=general,trusted:5').set(as(t.auth.reader)).expect(200);
    expect(conc.body.hits.map((h: { memory: string }) => h.memory).sort()).toEqual(['general', 'trusted']);
    const stats = await api().get('/api/v1/tm/stats?memories=trusted').set(as(t.auth.reader)).expect(200);
    expect(stats.body).toEqual({ units: 1, pairs: [{ sourceLang: 'zh-CN', targetLang: 'en', units: 1 }] });
    await api().get('/api/v1/tm/stats?memories=trusted,nope').set(as(t.auth.reader)).expect(404);
    expect((await api().get('/api/v1/tm/stats?memories=trusted:x').set(as(t.auth.reader)).expect(400)).body.errors[0].path).toBe('/query/memories');
  });

  it('a document reads its memories with their penalties, and writes to its write memory', async () => {
    const doc = await api().post('/api/v1/documents').set(as(t.auth.translator))
      .send({ name: 'settings.txt', sourceLang: 'zh-CN', targetLang: 'en', text: '鲁班工坊建设合作。', settings: { memories: [{ id: 'general', penalty: 20 }], writeMemory: 'trusted' } }).expect(201);
    expect(doc.body.settings).toEqual({ memories: [{ id: 'general', penalty: 20 }], writeMemory: 'trusted' });
    const analysis = await api().get(`/api/v1/documents/${doc.body.id}/analysis`).set(as(t.auth.reader)).expect(200);
    expect(analysis.body.bands.find((b: { band: string }) => b.band === '75-84').segments).toBe(1);
    const override = await api().get(`/api/v1/documents/${doc.body.id}/analysis?memories=trusted`).set(as(t.auth.reader)).expect(200);
    // The trusted unit was stored without neighbours, as this one-segment document has none: 101.
    expect(override.body.bands.find((b: { band: string }) => b.band === 'context').segments).toBe(1);
    const changed = await api().patch(`/api/v1/documents/${doc.body.id}`).set(as(t.auth.translator)).send({ settings: { writeMemory: 'general' } }).expect(200);
    expect(changed.body.settings).toEqual({ writeMemory: 'general' });
    await api().patch(`/api/v1/documents/${doc.body.id}`).set(as(t.auth.translator)).send({ settings: { writeMemory: 'nope' } }).expect(404);
  });
});
