/**
 * Query strings as clients really send them (issue 8 §2): form encoding (`+` is a space, what
 * browsers, `URLSearchParams`, Python `requests` and `curl -G --data-urlencode` send),
 * percent encoding, and the reserved characters `' ( ) * ! , ; : @ $` typed as they are. Every
 * route that takes free text in its query answers each form the same way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/domain/auth/roles.js';
import { DEFAULT_COLLECTION } from '../../src/domain/collections.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { type RawClient, type RawAnswer, rawClient } from '../helpers/raw-http.js';

let t: TestApp;
let c: RawClient;
beforeAll(async () => {
  t = await makeTestApp({ seed: true });
  c = await rawClient(t.app);
  await t.services.tm.addUnits(DEFAULT_COLLECTION, [{ sourceLang: 'zh-CN', targetLang: 'en', source: '丝绸之路是大家的（两千多年）。',
    target: "The Silk Road is China's road (2,000 years old): shared by all; open to everyone! *Really*, $0 @ home." }], SYSTEM_PRINCIPAL);
});
afterAll(async () => {
  await c.close();
  await t.close();
});

const get = (pathAndQuery: string, role: 'reader' | 'translator' = 'reader'): Promise<RawAnswer> =>
  c.send('GET', pathAndQuery, { Authorization: t.auth[role] });

/** The three ways a client writes `name=value`: URLSearchParams, typed as is (space as `+`), encodeURIComponent. */
function forms(name: string, value: string): Record<string, string> {
  return {
    URLSearchParams: new URLSearchParams({ [name]: value }).toString(),
    raw: `${name}=${value.replaceAll(' ', '+')}`,
    encodeURIComponent: `${name}=${encodeURIComponent(value)}`,
  };
}

describe('GET /api/v1/tm/concordance?q=', () => {
  const texts: [string, number][] = [['Silk Road', 7], ["China's", 5], ['(2,000 years old)', 1], ['all; open', 1], ['everyone!', 1],
    ['*Really*', 1], ['$0 @ home', 1], ['old): shared', 1]];
  for (const [q, total] of texts) {
    it(`finds ${JSON.stringify(q)} (${total} hits) whichever way the query is written`, async () => {
      for (const [how, query] of Object.entries(forms('q', q))) {
        const res = await get(`/api/v1/tm/concordance?${query}&sourceLang=zh-CN&targetLang=en&side=target&limit=100`);
        expect(res.status, `${how}: ${res.text}`).toBe(200);
        const body = res.body as { total: number; hits: { target: string }[] };
        expect(body.total, how).toBe(total);
        for (const hit of body.hits) expect(hit.target.toLowerCase(), how).toContain(q.split(/\W+/).find((w) => w !== '')?.toLowerCase());
      }
    });
  }
});

describe('GET /api/v1/glossary/entries?q=', () => {
  for (const q of ['Luban Workshop', "Luban Workshop's", 'Luban Workshop (China)']) {
    it(`finds luban-workshop first for ${JSON.stringify(q)} in every form`, async () => {
      for (const [how, query] of Object.entries(forms('q', q))) {
        const res = await get(`/api/v1/glossary/entries?${query}`);
        expect(res.status, `${how}: ${res.text}`).toBe(200);
        expect((res.body as { entries: { id: string }[] }).entries[0]?.id, how).toBe('luban-workshop');
      }
    });
  }

  it('takes subjectField and the page cursor in every form', async () => {
    const first = await get('/api/v1/glossary/entries?subjectField=economy-trade&limit=5');
    const cursor = (first.body as { nextCursor: string }).nextCursor;
    for (const [how, query] of Object.entries(forms('cursor', cursor))) {
      const res = await get(`/api/v1/glossary/entries?subjectField=economy-trade&limit=5&${query}`);
      expect(res.status, `${how}: ${res.text}`).toBe(200);
      expect((res.body as { entries: unknown[] }).entries, how).toHaveLength(5);
    }
  });
});

describe('other routes with text in the query', () => {
  it('GET /documents/{id}/analysis?weights= with `:` and `,` as they come or encoded', async () => {
    const answers = new Set<string>();
    for (const [how, query] of Object.entries(forms('weights', '101:0,repetitions:0.1,100:0.2,none:1'))) {
      const res = await get(`/api/v1/documents/1/analysis?${query}`);
      expect(res.status, `${how}: ${res.text}`).toBe(200);
      answers.add(JSON.stringify((res.body as { total: unknown }).total));
    }
    expect(answers.size).toBe(1);
  });

  it('GET /glossary/export?langs= with a raw or an encoded comma', async () => {
    const concepts = new Set<string>();
    for (const [how, query] of Object.entries(forms('langs', 'zh-CN,en'))) {
      const res = await get(`/api/v1/glossary/export?format=csv&${query}`);
      expect(res.status, `${how}: ${res.text.slice(0, 200)}`).toBe(200);
      expect(res.text.split('\r\n')[0], how).toMatch(/^zh-CN,en,/);
      concepts.add(String(res.headers['x-caravan-concepts']));
    }
    // The same file whichever way the comma came: one count, of the whole seed glossary.
    expect(concepts.size).toBe(1);
    expect(Number([...concepts][0])).toBe(t.services.glossary.entryCount());
  });

  it("POST /documents?name= keeps a name with spaces, quotes, brackets and a plus sign", async () => {
    const name = "Xi's keynote (final), v2: 'draft' & notes; C++ *@$!.txt";
    const query = `${new URLSearchParams({ name }).toString()}&sourceLang=zh-CN&targetLang=en`;
    const raw = `name=Xi's+keynote+(final),+v2:+'draft'+%26+notes;+C%2B%2B+*@$!.txt&sourceLang=zh-CN&targetLang=en`;
    for (const [how, q] of Object.entries({ URLSearchParams: query, raw })) {
      const res = await c.send('POST', `/api/v1/documents?${q}`, { Authorization: t.auth.translator, 'Content-Type': 'text/plain; charset=utf-8' }, '丝绸之路。');
      expect(res.status, `${how}: ${res.text}`).toBe(201);
      expect((res.body as { name: string }).name, how).toBe(name);
    }
  });

  it('still validates the decoded value: a q over its length or a bad language tag is a 400 naming the parameter', async () => {
    const long = await get(`/api/v1/tm/concordance?q=${'a+'.repeat(600)}&sourceLang=zh-CN&targetLang=en`);
    expect(long.status).toBe(400);
    expect((long.body as { errors: { path: string }[] }).errors[0]?.path).toBe('/query/q');
    const tag = await get("/api/v1/glossary/entries?q=x&lang=zh's");
    expect(tag.status).toBe(400);
    expect((tag.body as { errors: { path: string }[] }).errors[0]?.path).toMatch(/\/lang$/);
  });
});
