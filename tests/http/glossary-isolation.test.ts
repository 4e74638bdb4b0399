/**
 * Isolation of glossaries by scope, as a property (issue 10, "Tests that must exist"): random
 * entries in several glossaries (ids and terms shared between them), keys with random glossary
 * scopes created through `POST /api/v1/keys`; every route that reads the term base, for every
 * key, returns only what is in its scope (lists, stats, search, entries, history, exports,
 * recognition, QA, the terms of TM lookups, the terms of an XLIFF export and the QA of an XLIFF
 * import), and a glossary outside it is a 404.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prng } from '../../bench/synthetic.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';

const GLOSSARIES = ['g-alpha', 'g-beta', 'g-gamma', 'default'];
const TERMS = ['丝绸之路', '中亚', '鲁班工坊', '命运共同体', '一带一路', '互联互通', '能源合作', '人文交流', '中欧班列', '绿色发展'];
const ENGLISH = ['Silk Road', 'Central Asia', 'Luban Workshop', 'shared future', 'Belt and Road', 'connectivity', 'energy cooperation', 'people-to-people exchange', 'China-Europe Railway Express', 'green development'];
const TEXT = `${TERMS.join('，')}。`;

/** What a key reaches: every glossary, or these. */
type GlossaryScope = '*' | string[];

let t: TestApp;
let documentId: number;
const keys: { auth: string; scope: GlossaryScope }[] = [];
/** glossary -> entry ids in it. */
const world = new Map<string, Set<string>>();

beforeAll(async () => {
  t = await makeTestApp();
  const rnd = prng(20251);
  for (const g of GLOSSARIES.filter((x) => x !== 'default')) await request(t.app).post('/api/v1/glossaries').set('Authorization', t.auth.admin).send({ id: g, name: g }).expect(201);
  for (const g of GLOSSARIES) {
    const ids = new Set<string>();
    for (let i = 0; i < TERMS.length; i++) {
      if (rnd() < 0.45) continue;
      const id = `concept-${i}`;
      await request(t.app).post(`/api/v1/glossaries/${g}/entries`).set('Authorization', t.auth.terminologist)
        .send({ id, languages: { 'zh-CN': [{ term: TERMS[i], status: 'preferred' }], en: [{ term: `${ENGLISH[i]} (${g})`, status: 'preferred' }] } }).expect(201);
      ids.add(id);
    }
    world.set(g, ids);
  }
  for (let k = 0; k < 10; k++) {
    const scope: GlossaryScope = k === 0 ? '*' : k === 1 ? [] : GLOSSARIES.filter(() => rnd() < 0.5);
    const created = await request(t.app).post('/api/v1/keys').set('Authorization', t.auth.admin)
      .send({ name: `scoped-${k}`, role: 'translator', scope: { glossaries: scope === '*' ? ['*'] : scope } }).expect(201);
    expect(created.body.scope.glossaries).toEqual(scope === '*' ? ['*'] : scope);
    keys.push({ auth: `Bearer ${created.body.key}`, scope });
  }
  const doc = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.admin)
    .send({ name: 'terms.txt', sourceLang: 'zh-CN', targetLang: 'en', text: TEXT }).expect(201);
  documentId = doc.body.id;
}, 120_000);
afterAll(() => t.close());

const inScope = (scope: GlossaryScope) => (scope === '*' ? GLOSSARIES : GLOSSARIES.filter((g) => scope.includes(g)));

describe('every glossary read route returns only what the key\'s scope reaches', () => {
  it('holds for 10 keys with random scopes over 4 glossaries', async () => {
    for (const { auth, scope } of keys) {
      const readable = inScope(scope);
      const get = (path: string) => request(t.app).get(path).set('Authorization', auth);
      const post = (path: string, body: object) => request(t.app).post(path).set('Authorization', auth).send(body);
      const entries = readable.reduce((n, g) => n + (world.get(g)?.size ?? 0), 0);

      expect((await get('/api/v1/glossaries').expect(200)).body.glossaries.map((g: { id: string }) => g.id)).toEqual([...readable].sort());
      for (const g of GLOSSARIES) {
        const status = readable.includes(g) ? 200 : 404;
        const stats = await get(`/api/v1/glossaries/${g}`).expect(status);
        if (status === 200) expect(stats.body.stats.entries).toBe(world.get(g)?.size);
        await get(`/api/v1/glossaries/${g}/entries`).expect(status);
        await get(`/api/v1/glossaries/${g}/export?format=csv`).expect(status);
        await post('/api/v1/glossary/recognize', { text: TEXT, lang: 'zh-CN', glossaries: [g] }).expect(status);
        await post('/api/v1/tm/lookup', { source: TEXT, sourceLang: 'zh-CN', targetLang: 'en', glossaries: [g] }).expect(status);
        await get(`/api/v1/documents/${documentId}/xliff?glossaries=${g}`).expect(status);
      }

      const listed = (await get('/api/v1/glossary/entries?limit=500').expect(200)).body;
      expect(listed.total).toBe(entries);
      expect(listed.entries.every((e: { glossary: string }) => readable.includes(e.glossary))).toBe(true);
      const searched = (await get(`/api/v1/glossary/entries?q=${encodeURIComponent(TERMS[2] as string)}`).expect(200)).body;
      expect(searched.entries.map((e: { glossary: string }) => e.glossary).sort()).toEqual(readable.filter((g) => world.get(g)?.has('concept-2')).sort());

      for (let i = 0; i < TERMS.length; i++) {
        const holders = readable.filter((g) => world.get(g)?.has(`concept-${i}`));
        const res = await get(`/api/v1/glossary/entries/concept-${i}`).expect(holders.length ? 200 : 404);
        if (holders.length) expect(res.body.glossary).toBe(holders.includes('default') ? 'default' : [...holders].sort()[0]);
        await get(`/api/v1/glossary/entries/concept-${i}/history`).expect(holders.length ? 200 : 404);
      }

      const terms = (await post('/api/v1/glossary/recognize', { text: TEXT, lang: 'zh-CN' }).expect(200)).body.terms as { glossary: string; entryId: string }[];
      const expected = readable.flatMap((g) => [...(world.get(g) ?? [])].map((id) => `${g}/${id}`)).sort();
      expect(terms.map((h) => `${h.glossary}/${h.entryId}`).sort()).toEqual(expected);
      const issues = (await post('/api/v1/glossary/check', { source: TEXT, target: 'nothing', sourceLang: 'zh-CN', targetLang: 'en' }).expect(200)).body.issues as { glossary: string; entryId: string }[];
      // One missing-term per concept of the source, from the first glossary (id order) that has it: the higher glossary decides.
      const decided = TERMS.map((_, i) => [...readable].sort().map((g) => `${g}/concept-${i}`).find((x) => world.get(x.split('/')[0] as string)?.has(x.split('/')[1] as string)));
      expect(issues.map((i) => `${i.glossary}/${i.entryId}`).sort()).toEqual(decided.filter((x): x is string => x !== undefined).sort());

      const exported = await get('/api/v1/glossary/export?format=json').expect(200);
      expect((JSON.parse(exported.text) as unknown[]).length).toBe(entries);

      // The coordinator's routes: a TM lookup's terms, an XLIFF export's term notes, an XLIFF import's QA.
      const looked = (await post('/api/v1/tm/lookup', { source: TEXT, sourceLang: 'zh-CN', targetLang: 'en' }).expect(200)).body.terms as { glossary: string; entryId: string }[];
      expect(looked.map((h) => `${h.glossary}/${h.entryId}`).sort()).toEqual(expected);
      const xliff = (await get(`/api/v1/documents/${documentId}/xliff?version=1.2`).buffer(true).expect(200)).text;
      for (const g of GLOSSARIES) expect(xliff.includes(`(${g})`), `${g} in the XLIFF export`).toBe(readable.some((r) => r === g && (world.get(g)?.size ?? 0) > 0));
      const translated = xliff.replace(/<target state="[^"]*"[^>]*>[^<]*<\/target>/u, '<target state="translated">nothing</target>');
      const imported = await request(t.app).put(`/api/v1/documents/${documentId}/xliff`).set('Authorization', auth).set('Content-Type', 'application/xliff+xml').send(translated).expect(200);
      const qa = (imported.body.qa as { issues: { glossary: string; entryId: string }[] }[]).flatMap((u) => u.issues);
      expect(qa.map((i) => `${i.glossary}/${i.entryId}`).sort()).toEqual(decided.filter((x): x is string => x !== undefined).sort());
    }
  }, 120_000);
});
