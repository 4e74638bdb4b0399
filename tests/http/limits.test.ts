/**
 * The same limits on every path into the memory and the term base (issue 9 §3 and §5): the API,
 * a TMX import, an XLIFF import back and the glossary imports meet the limits of
 * domain/limits.ts; an import skips what breaks them with a reason that quotes little; JSON
 * types are not coerced; lone surrogates, invisible terms and out-of-range code offsets are
 * refused; and a unit an earlier release stored over the limits is not returned by lookups.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTION } from '../../src/domain/collections.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

const MB = 1024 * 1024;
/** A skip report that quotes nothing long stays this small. */
const SMALL_REPORT = 4096;

const tu = (source: string, target: string, tuid?: string) =>
  `<tu${tuid === undefined ? '' : ` tuid="${tuid}"`}><tuv xml:lang="zh-CN"><seg>${source}</seg></tuv><tuv xml:lang="en"><seg>${target}</seg></tuv></tu>`;
const tmx = (tus: string[]) => `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>${tus.join('')}</body></tmx>`;

describe('a TMX import', () => {
  it('skips units over the limits with a short reason, and stores the rest', async () => {
    const before = await t.stores.tm.countUnits();
    const body = tmx([
      tu('中'.repeat(10_001), 'Too long.', '1'),
      tu('文'.repeat(2_000_000), 'Far too long.', 'x'.repeat(MB)),
      tu('一句话。', 'y'.repeat(30_001), '3'),
      tu('好的句子。', 'A good sentence.', '4'),
    ]);
    const res = await request(t.app).post('/api/v1/tm/import').set('Authorization', t.auth.translator).set('Content-Type', 'application/x-tmx+xml').send(body).expect(200);
    expect(res.body).toMatchObject({ imported: 1, updated: 0, skippedTotal: 3 });
    expect(res.body.skipped).toEqual([
      { tu: 1, tuid: '1', reason: 'zh-CN → en: source must be at most 10000 characters (it has 10001)' },
      { tu: 2, tuid: `${'x'.repeat(60)}…`, reason: 'zh-CN → en: source must be at most 10000 characters (it has 2000000)' },
      { tu: 3, tuid: '3', reason: 'zh-CN → en: target must be at most 30000 characters (it has 30001)' },
    ]);
    expect(res.text.length).toBeLessThan(SMALL_REPORT);
    expect(await t.stores.tm.countUnits()).toBe(before + 1);
  }, 30_000);
});

describe('an XLIFF import back', () => {
  it('updates the segment but keeps a target over the limit out of the TM, saying so', async () => {
    const doc = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'long.txt', sourceLang: 'zh-CN', targetLang: 'en', text: '第一句。\n第二句。' }).expect(201);
    const exported = await request(t.app).get(`/api/v1/documents/${doc.body.id}/xliff?version=1.2`).set('Authorization', t.auth.reader).buffer(true).expect(200);
    const long = 'z'.repeat(30_001);
    const xliff = exported.text
      .replace(/<target state="new">第一句。<\/target>/, `<target state="translated">${long}</target>`)
      .replace(/<target state="new">第二句。<\/target>/, '<target state="translated">The second sentence.</target>');
    const before = await t.stores.tm.countUnits();
    const res = await request(t.app).put(`/api/v1/documents/${doc.body.id}/xliff`).set('Authorization', t.auth.translator).set('Content-Type', 'application/xliff+xml').send(xliff).expect(200);
    expect(res.body).toMatchObject({ updated: 2, addedToTm: 1 });
    expect(res.body.skipped).toEqual([{ unit: expect.any(String), reason: 'the segment is updated, but not added to the TM: target must be at most 30000 characters (it has 30001)' }]);
    expect(res.text.length).toBeLessThan(SMALL_REPORT);
    expect(await t.stores.tm.countUnits()).toBe(before + 1);
    const segments = await t.stores.documents.listSegments(doc.body.id, 0, 2);
    expect(segments[0]?.target).toBe(long);
  });
});

describe('a search and replace in targets', () => {
  it('leaves a unit alone, saying why, when its new target would break a limit', async () => {
    const long = `${'Belt and Road '.repeat(1500)}.`;
    const { ids } = (await request(t.app).post('/api/v1/tm/units').set('Authorization', t.auth.translator)
      .send({ sourceLang: 'zh-CN', targetLang: 'en', source: '一带一路倡议的长句。', target: long }).expect(201)).body;
    const filter = { source: '一带一路倡议的长句' };
    const res = await request(t.app).post('/api/v1/tm/units/replace').set('Authorization', t.auth.translator)
      .send({ filter, find: 'Road', replacement: '$&$&$&', regex: true }).expect(200);
    expect(res.body.changes).toEqual([]);
    expect(res.body.skipped).toEqual([{ unitId: ids[0], reason: 'the new target must be at most 30000 characters (it has 33001)' }]);
    const blank = await request(t.app).post('/api/v1/tm/units/replace').set('Authorization', t.auth.translator)
      .send({ filter, find: '[A-Za-z .]+', replacement: '\u200b', regex: true }).expect(200);
    expect(blank.body.skipped).toEqual([{ unitId: ids[0], reason: 'the new target must contain text' }]);
  });
});

describe('the glossary imports', () => {
  const tbx = (entries: string) => `<?xml version="1.0" encoding="UTF-8"?><martif type="TBX-Basic" xml:lang="en"><text><body>${entries}</body></text></martif>`;
  const entry = (id: string, zh: string, en: string) => `<termEntry id="${id}"><langSet xml:lang="zh-CN"><tig><term>${zh}</term></tig></langSet><langSet xml:lang="en"><tig><term>${en}</term></tig></langSet></termEntry>`;

  it('skip a 5 MB term, an invisible one and 200 combining marks with short reasons, and take the rest', async () => {
    const before = await t.stores.termbase.countEntries('default');
    const body = tbx([
      entry('huge', '大'.repeat(5 * MB), 'huge'),
      entry('x'.repeat(MB), '零宽', '\u200b\u200b'),
      entry('marks', '符号', '\u0301'.repeat(200)),
      entry('fine', '合作共赢', 'win-win cooperation'),
    ].join(''));
    const res = await request(t.app).post('/api/v1/glossary/import').set('Authorization', t.auth.terminologist).set('Content-Type', 'application/x-tbx+xml').send(body).expect(200);
    expect(res.body).toMatchObject({ concepts: 4, created: 1 });
    expect(res.body.skipped).toEqual([
      { index: 1, id: 'huge', term: `${'大'.repeat(60)}…`, reason: '/languages/zh-CN/0/term: must be at most 200 characters (it has 5242880)' },
      { index: 2, id: `${'x'.repeat(60)}…`, term: '零宽', reason: '/languages/en/0/term: must contain a letter or a digit' },
      { index: 3, id: 'marks', term: '符号', reason: '/languages/en/0/term: must contain a letter or a digit' },
    ]);
    expect(res.text.length).toBeLessThan(SMALL_REPORT);
    expect(await t.stores.termbase.countEntries('default')).toBe(before + 1);
  }, 30_000);

  it('quote little of an invalid language tag in the 400', async () => {
    const res = await request(t.app).post('/api/v1/glossary/import').set('Authorization', t.auth.terminologist).set('Content-Type', 'text/csv')
      .send(`zh-CN,${'q'.repeat(MB)}!!\n中亚,x\n`).expect(400);
    expect(res.text.length).toBeLessThan(SMALL_REPORT);
  });
});

describe('the API', () => {
  const post = (path: string, body: object, role: 'reader' | 'translator' | 'terminologist' = 'translator') =>
    request(t.app).post(path).set('Authorization', t.auth[role]).send(body);
  const unit = { sourceLang: 'zh-CN', targetLang: 'en', source: '一。', target: 'One.' };

  it.each([
    ['/api/v1/tm/units', { ...unit, source: 123 }, '/body/source'],
    ['/api/v1/tm/units', { ...unit, target: true }, '/body/target'],
    ['/api/v1/tm/lookup', { source: '一。', sourceLang: 'zh-CN', targetLang: 'en', threshold: null }, '/body/threshold'],
    ['/api/v1/tm/lookup', { source: '一。', sourceLang: 'zh-CN', targetLang: 'en', limit: '5' }, '/body/limit'],
    ['/api/v1/glossary/recognize', { text: 5, lang: 'zh-CN' }, '/body/text'],
  ])('does not coerce JSON types: %s with %j is a 400 naming %s', async (path, body, field) => {
    const res = await post(path, body, 'translator').expect(400);
    expect(res.body.type).toBe('/problems/validation');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('refuses a lone surrogate in a unit, a lookup, an entry, naming the field', async () => {
    const before = await t.stores.tm.countUnits();
    const res = await post('/api/v1/tm/units', { ...unit, source: '中\ud800文' }).expect(400);
    expect(res.body.errors).toEqual([{ path: '/body/source', message: 'must be well-formed Unicode (it holds a lone surrogate)' }]);
    await post('/api/v1/tm/lookup', { source: '\udfff', sourceLang: 'zh-CN', targetLang: 'en' }, 'reader').expect(400);
    const entry = await post('/api/v1/glossary/entries', { languages: { 'zh-CN': [{ term: '术\ud800语', status: 'preferred' }] } }, 'terminologist').expect(400);
    expect(entry.body.errors[0].path).toBe('/body/languages/zh-CN/0/term');
    expect(await t.stores.tm.countUnits()).toBe(before);
  });

  it('refuses an entry whose term is invisible or only combining marks', async () => {
    for (const term of ['\u200b', '\u0301'.repeat(200)]) {
      const res = await post('/api/v1/glossary/entries', { languages: { 'zh-CN': [{ term: '中亚五国', status: 'preferred' }], en: [{ term, status: 'preferred' }] } }, 'terminologist').expect(400);
      expect(res.body.errors).toEqual([{ path: '/languages/en/0/term', message: 'must contain a letter or a digit' }]);
    }
  });

  it('refuses a unit source of zero-width spaces', async () => {
    const res = await post('/api/v1/tm/units', { ...unit, source: '\u200b\u200b' }).expect(400);
    expect(res.body.errors).toEqual([{ path: '/source', message: 'must contain text' }]);
  });

  it('checks inline-code offsets of lookups: 1e20 and past the end of the text are 400s', async () => {
    const lookup = { source: '一。', sourceLang: 'zh-CN', targetLang: 'en' };
    const huge = await post('/api/v1/tm/lookup', { ...lookup, codes: [{ id: '1', type: 'placeholder', offset: 1e20 }] }, 'reader').expect(400);
    expect(huge.body.errors[0].path).toBe('/body/codes/0/offset');
    const past = await post('/api/v1/tm/lookup', { ...lookup, codes: [{ id: '1', type: 'placeholder', offset: 3 }] }, 'reader').expect(400);
    expect(past.body.errors).toEqual([{ path: '/codes/0/offset', message: 'must be an integer from 0 to 2' }]);
    const batch = await post('/api/v1/tm/lookup/batch', { sourceLang: 'zh-CN', targetLang: 'en', segments: [{ source: '一。', codes: [{ id: '1', type: 'open', offset: 9 }] }] }, 'reader').expect(400);
    expect(batch.body.errors).toEqual([{ path: '/segments/0/codes/0/offset', message: 'must be an integer from 0 to 2' }]);
  });
});

describe('units an earlier release stored over the limits', () => {
  it('stay stored and readable, but lookups and concordance do not return them', async () => {
    const fresh = await makeTestApp();
    try {
      const huge = `丝绸之路${'长'.repeat(2_000_000)}`;
      const { ids } = await fresh.stores.tm.upsertUnits(DEFAULT_COLLECTION, [{ sourceLang: 'zh-CN', targetLang: 'en', source: huge, target: 'The Silk Road...' },
        { sourceLang: 'zh-CN', targetLang: 'en', source: '丝绸之路。', target: 'The Silk Road.' }], 'release-0.1.0');
      const auth = fresh.auth.reader;
      const lookup = await request(fresh.app).post('/api/v1/tm/lookup').set('Authorization', auth).send({ source: '丝绸之路。', sourceLang: 'zh-CN', targetLang: 'en', threshold: 0, limit: 50 }).expect(200);
      expect(lookup.body.matches.map((m: { unitId: number }) => m.unitId)).toEqual([ids[1]]);
      const concordance = await request(fresh.app).get('/api/v1/tm/concordance?q=丝绸之路&sourceLang=zh-CN').set('Authorization', auth).expect(200);
      expect(concordance.body.hits.map((h: { unitId: number }) => h.unitId)).toEqual([ids[1]]);
      expect(concordance.text.length).toBeLessThan(SMALL_REPORT);
      const stored = await request(fresh.app).get(`/api/v1/tm/units/${ids[0]}`).set('Authorization', auth).expect(200);
      expect(stored.body.source.length).toBe(huge.length);
    } finally {
      await fresh.close();
    }
  }, 30_000);

  it('count in /health until deleted, one by one or with their memory', async () => {
    const fresh = await makeTestApp();
    try {
      const huge = (n: number) => `丝绸之路${'长'.repeat(2_000_000 + n)}`;
      const legacy = (memory: string, n: number) => fresh.stores.tm.upsertUnits(memory, [{ sourceLang: 'zh-CN', targetLang: 'en', source: huge(n), target: 'The Silk Road...' }], 'release-0.1.0');
      await request(fresh.app).post('/api/v1/memories').set('Authorization', fresh.auth.admin).send({ id: 'old-client', name: 'Old client' }).expect(201);
      const [one, two] = [await legacy(DEFAULT_COLLECTION, 1), await legacy(DEFAULT_COLLECTION, 2)];
      await legacy('old-client', 3);
      const units = async () => ((await request(fresh.app).get('/health').expect(200)).body as { units: number }).units;
      const before = await units();
      // The index is built on the first lookup; the count must not change with it.
      await request(fresh.app).post('/api/v1/tm/lookup').set('Authorization', fresh.auth.reader).send({ source: '丝绸之路。', sourceLang: 'zh-CN', targetLang: 'en' }).expect(200);
      expect(await units()).toBe(before);
      await request(fresh.app).delete(`/api/v1/tm/units/${one.ids[0]}`).set('Authorization', fresh.auth.translator).expect(204);
      expect(await units()).toBe(before - 1);
      await request(fresh.app).delete('/api/v1/memories/old-client').set('Authorization', fresh.auth.admin).expect(204);
      expect(await units()).toBe(before - 2);
      await request(fresh.app).get(`/api/v1/tm/units/${two.ids[0]}`).set('Authorization', fresh.auth.reader).expect(200);
    } finally {
      await fresh.close();
    }
  }, 30_000);
});
