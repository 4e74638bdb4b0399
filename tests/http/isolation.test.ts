/**
 * Isolation, as a property (issue 10, "Tests that must exist"): random units in several memories,
 * random keys with random scopes; every read route, for every key, returns only what is in the
 * key's scope, and a collection outside it answers 404 as if it did not exist.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../bench/synthetic.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
const MEMORIES = ['iso-a', 'iso-b', 'iso-c', 'iso-d', 'iso-e'];
/** Sentences that share words, so lookups and concordance reach across memories when they may. */
const WORDS = ['中国', '中亚', '合作', '丝绸之路', '鲁班工坊', '共同体', '发展', '友好', '铁路', '能源'];
const rnd = prng(2024);
const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)] as T;
const sentence = () => `${Array.from({ length: 3 + Math.floor(rnd() * 3) }, () => pick(WORDS)).join('')}。`;
const keys: { key: string; scope: string[] | '*' }[] = [];
const unitMemory = new Map<number, string>();
const documents: { id: number; memory: string }[] = [];

beforeAll(async () => {
  t = await makeTestApp();
  const admin = { Authorization: t.auth.admin };
  for (const id of MEMORIES) await request(t.app).post('/api/v1/memories').set(admin).send({ id, name: id }).expect(201);
  for (const id of MEMORIES) {
    const units = Array.from({ length: 30 }, () => ({ sourceLang: 'zh-CN', targetLang: pick(['en', 'ru']), source: sentence(), target: `${id} ${Math.floor(rnd() * 1e9)}` }));
    const res = await request(t.app).post('/api/v1/tm/units').set({ Authorization: t.auth.translator }).send({ memory: id, units }).expect(201);
    for (const u of res.body.ids as number[]) unitMemory.set(u, id);
    const doc = await request(t.app).post('/api/v1/documents').set({ Authorization: t.auth.translator })
      .send({ name: `${id}.txt`, sourceLang: 'zh-CN', targetLang: 'en', text: `${sentence()}\n${sentence()}`, settings: { writeMemory: id } }).expect(201);
    documents.push({ id: doc.body.id, memory: id });
  }
  for (let k = 0; k < 8; k++) {
    const scope = k === 0 ? '*' : MEMORIES.filter(() => rnd() < 0.4);
    const role = pick(['reader', 'translator', 'terminologist']);
    const res = await request(t.app).post('/api/v1/keys').set(admin).send({ name: `iso ${k}`, role, scope: { memories: scope === '*' ? ['*'] : scope } }).expect(201);
    keys.push({ key: `Bearer ${res.body.key}`, scope });
  }
}, 120_000);
afterAll(() => t.close());

const reaches = (scope: string[] | '*', memory: string) => scope === '*' || scope.includes(memory);

describe('every read route returns only what the key reaches', () => {
  it('memories, units, unit by id, stats, lookups, concordance, export, documents', async () => {
    for (const { key, scope } of keys) {
      const as = { Authorization: key };
      const inScope = MEMORIES.filter((m) => reaches(scope, m));
      const memories = (await request(t.app).get('/api/v1/memories').set(as).expect(200)).body.memories.map((m: { id: string }) => m.id);
      expect(memories.filter((m: string) => MEMORIES.includes(m))).toEqual(inScope);
      for (const m of MEMORIES) await request(t.app).get(`/api/v1/memories/${m}`).set(as).expect(reaches(scope, m) ? 200 : 404);

      const listed = (await request(t.app).get('/api/v1/tm/units?limit=1000').set(as).expect(200)).body.units as { id: number; memory: string }[];
      expect(listed.every((u) => reaches(scope, u.memory))).toBe(true);
      expect(listed.filter((u) => MEMORIES.includes(u.memory))).toHaveLength(inScope.length * 30);
      for (let i = 0; i < 10; i++) {
        const [id, m] = pick([...unitMemory]);
        await request(t.app).get(`/api/v1/tm/units/${id}`).set(as).expect(reaches(scope, m) ? 200 : 404);
      }
      const stats = (await request(t.app).get('/api/v1/tm/stats').set(as).expect(200)).body;
      expect(stats.units).toBe(listed.length);

      const q = sentence();
      const look = (await request(t.app).post('/api/v1/tm/lookup').set(as).send({ source: q, sourceLang: 'zh-CN', targetLang: 'en', threshold: 0, limit: 50 }).expect(200)).body;
      expect(look.matches.every((m: { memory: string }) => reaches(scope, m.memory))).toBe(true);
      const batch = (await request(t.app).post('/api/v1/tm/lookup/batch').set(as)
        .send({ sourceLang: 'zh-CN', targetLang: 'ru', threshold: 0, limit: 50, segments: [{ source: q }, { source: sentence() }] }).expect(200)).body;
      expect(batch.results.flatMap((r: { matches: { memory: string }[] }) => r.matches).every((m: { memory: string }) => reaches(scope, m.memory))).toBe(true);
      const conc = (await request(t.app).get(`/api/v1/tm/concordance?q=${encodeURIComponent(pick(WORDS))}&limit=100`).set(as).expect(200)).body;
      expect(conc.hits.every((h: { memory: string }) => reaches(scope, h.memory))).toBe(true);
      const tmx = (await request(t.app).get('/api/v1/tm/export').set(as).buffer(true).expect(200)).text;
      for (const m of MEMORIES) expect(tmx.includes(`>${m} `), `${m} in the export of ${JSON.stringify(scope)}`).toBe(reaches(scope, m));

      const docs = (await request(t.app).get('/api/v1/documents').set(as).expect(200)).body.documents.map((d: { id: number }) => d.id);
      for (const d of documents) {
        expect(docs.includes(d.id)).toBe(reaches(scope, d.memory));
        await request(t.app).get(`/api/v1/documents/${d.id}`).set(as).expect(reaches(scope, d.memory) ? 200 : 404);
        await request(t.app).get(`/api/v1/documents/${d.id}/analysis`).set(as).expect(reaches(scope, d.memory) ? 200 : 404);
      }
      // Naming a memory out of scope is a 404 everywhere, as for one that does not exist.
      for (const m of MEMORIES.filter((x) => !reaches(scope, x))) {
        await request(t.app).get(`/api/v1/tm/units?memories=${m}`).set(as).expect(404);
        await request(t.app).get(`/api/v1/tm/stats?memories=${m}`).set(as).expect(404);
        await request(t.app).post('/api/v1/tm/lookup').set(as).send({ source: q, sourceLang: 'zh-CN', targetLang: 'en', memories: [{ id: m }] }).expect(404);
      }
    }
  }, 120_000);
});
