import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_COLLECTION } from '../../src/domain/collections.js';
import type { TermEntry } from '../../src/domain/termbase/entry.js';
import { type TestApp, makeTestApp, termbaseSnapshot } from '../helpers/app.js';
import { SAMPLES_DIR, describeNeeding } from '../helpers/shared.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ seed: true });
});
afterAll(() => t.close());

const SAMPLES = join(SAMPLES_DIR, 'tbx');
const snapshot = () => termbaseSnapshot(t.stores);
const GLOSSARY = `/api/v1/glossaries/${SEED_COLLECTION}`;
const seedEntries = async () => {
  const all: TermEntry[] = [];
  for await (const batch of t.stores.termbase.scanEntries(SEED_COLLECTION, 500)) all.push(...batch);
  return all;
};
const importFile = (body: string | Buffer, type: string, query = '', auth = t.auth.terminologist) =>
  request(t.app).post(`${GLOSSARY}/import${query}`).set('Authorization', auth).set('Content-Type', type).send(body);
const exportFile = (query: string, auth = t.auth.reader) => request(t.app).get(`/api/v1/glossary/export${query}`).set('Authorization', auth)
  .buffer(true).parse((res, done) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (c: string) => { text += c; });
    res.on('end', () => done(null, text));
  });

const TBX = (entries: string) => `<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
<text><body>${entries}</body></text></martif>`;

describe('POST /api/v1/glossaries/{id}/import', () => {
  it('dry run reports what would happen and writes nothing', async () => {
    const before = await snapshot();
    const res = await importFile(TBX(`
      <termEntry id="xian"><langSet xml:lang="zh-CN"><tig><term>西安</term></tig></langSet><langSet xml:lang="de"><tig><term>Xi'an</term></tig></langSet></termEntry>
      <termEntry id="c2"><langSet xml:lang="zh-CN"><ntig><termGrp><term>数字丝路新词</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></termGrp></ntig></langSet></termEntry>
      <termEntry id="c3"><langSet xml:lang="en"><tig><term>No Chinese here</term></tig></langSet></termEntry>`), 'application/x-tbx+xml', '?dryRun=true').expect(200);
    expect(res.body).toEqual({ format: 'tbx-v2', dryRun: true, concepts: 3, created: 1, updated: 1, unchanged: 0,
      skipped: [{ index: 3, id: 'c3', term: 'No Chinese here', reason: 'no Chinese (zh-*) term' }] });
    expect(await snapshot()).toBe(before);
  });

  it('is all or nothing: one bad language tag fails the whole file (400) and nothing changes', async () => {
    const before = await snapshot();
    const res = await importFile(TBX(`
      <termEntry id="ok"><langSet xml:lang="zh-CN"><tig><term>全新术语甲</term></tig></langSet></termEntry>
      <termEntry id="bad"><langSet xml:lang="xx-!!"><tig><term>x</term></tig></langSet><langSet xml:lang="zh-CN"><tig><term>全新术语乙</term></tig></langSet></termEntry>`), 'application/xml').expect(400);
    expect(res.body).toEqual({ type: '/problems/unreadable-input', title: 'Unreadable input', status: 400,
      detail: 'termEntry 2 (id "bad"): the language "xx-!!" is not a valid BCP 47 language tag' });
    expect(await snapshot()).toBe(before);
  });

  it('400 and nothing changed for hostile, truncated, wrongly rooted or wrongly encoded files and malformed CSV', async () => {
    const before = await snapshot();
    const cases: [string | Buffer, string, RegExp][] = [
      ['<?xml version="1.0"?><!DOCTYPE martif [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><martif><text><body/></text></martif>', 'application/xml', /entity declarations are not accepted/],
      [TBX('<termEntry><langSet xml:lang="zh-CN"><tig><term>中亚'), 'application/x-tbx+xml', /line \d+, column \d+/],
      ['<tmx version="1.4"><header/><body/></tmx>', 'application/xml', /^the file is TMX 1.4b \(and 1.1 on import\), not a TBX term base$/],
      [Buffer.concat([Buffer.from('zh-CN,en\n'), Buffer.from([0xd6, 0xd0]), Buffer.from(',Central Asia\n')]), 'text/csv', /^the CSV file is not valid UTF-8 text$/],
      ['zh-CN,en\n中亚,"Central Asia\n', 'text/csv', /^a quoted field that starts on line 2 is not closed$/],
      ['en,ru\nA,B\n', 'text/csv', /^the header has no Chinese column/],
    ];
    for (const [body, type, detail] of cases) {
      const res = await importFile(body, type).expect(400);
      expect(res.body.type).toBe('/problems/unreadable-input');
      expect(res.body.detail).toMatch(detail);
    }
    expect(await snapshot()).toBe(before);
  });

  it('merges into matched entries and creates new ones from CSV, with history by the importer', async () => {
    const csv = 'zh-CN,en,en:deprecated,definition\n鲁班工坊,Luban Workshop,Luban Workshops Program,\n全新术语丙,Brand-new term,,Created by import.\n';
    const res = await importFile(csv, 'text/csv; charset=utf-8').expect(200);
    expect(res.body).toEqual({ format: 'csv', dryRun: false, concepts: 2, created: 1, updated: 1, unchanged: 0, skipped: [] });
    const luban = await request(t.app).get(`${GLOSSARY}/entries/luban-workshop`).set('Authorization', t.auth.reader).expect(200);
    expect(luban.headers.etag).toBe('"luban-workshop-v2"');
    expect(luban.body.languages.en.map((x: { term: string; status: string }) => [x.term, x.status])).toEqual([
      ['Luban Workshop', 'preferred'], ['Lu Ban Workshop', 'admitted'], ['Luban Workshops Program', 'deprecated'],
    ]);
    const created = await request(t.app).get(`${GLOSSARY}/entries/brand-new-term`).set('Authorization', t.auth.reader).expect(200);
    expect(created.body).toMatchObject({ definition: 'Created by import.', createdBy: 'test-terminologist',
      languages: { 'zh-CN': [{ term: '全新术语丙', status: 'preferred' }], en: [{ term: 'Brand-new term', status: 'preferred' }] } });
    const again = await importFile(csv, 'text/csv').expect(200);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2 });
  });

  it('sniffs TSV from the content, ignores a file id that names another concept, skips a concept whose Chinese term stands elsewhere', async () => {
    const res = await importFile('zh-TW\ten\tid\n魯班工坊\tLuban\tluban-workshop\n', 'application/octet-stream').expect(200);
    expect(res.body).toEqual({ format: 'tsv', dryRun: false, concepts: 1, created: 0, updated: 1, unchanged: 0, skipped: [] });
    const foreignId = await importFile('zh-CN\tid\n中亚\tluban-workshop\n', 'application/octet-stream').expect(200);
    expect(foreignId.body).toMatchObject({ created: 0, updated: 0, unchanged: 1, skipped: [] });
    const clash = await importFile('zh-CN\tzh-CN:admitted\n中亚\t鲁班工坊\n', 'application/octet-stream').expect(200);
    expect(clash.body.skipped).toEqual([{ index: 1, term: '中亚', reason: 'the Chinese term "鲁班工坊" already stands in entry "luban-workshop"' }]);
  });

  it('400 when format= contradicts the file; 413 for an upload declared over 200 MB', async () => {
    const wrong = await importFile(TBX('<termEntry><langSet xml:lang="zh-CN"><tig><term>中亚</term></tig></langSet></termEntry>'), 'application/xml', '?format=tbx-v3').expect(400);
    expect(wrong.body.detail).toBe('format=tbx-v3 was asked for, but the file is TBX v2 (martif, TBX-Basic)');
    const big = await importFile('zh-CN\n中亚\n', 'text/csv').set('Content-Length', String(201 * 1024 * 1024)).ok(() => true);
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ type: '/problems/payload-too-large', detail: 'the upload is larger than 200 MB, the limit of this route' });
  });

  it('403 for a translator; 415 for a media type it does not take; 400 for JSON that is not an array of entries', async () => {
    await importFile('zh-CN\n中亚\n', 'text/csv', '', t.auth.translator).expect(403);
    await importFile('abc', 'image/png').expect(415);
    const json = await importFile('{}', 'application/json').expect(400);
    expect(json.body.detail).toBe('a JSON glossary is an array of entries, as in glossary/entries.json');
  });

  it('imports a JSON array of entries (the shape of glossary/entries.json)', async () => {
    const body = JSON.stringify([{ id: 'json-concept', subjectField: 'diplomacy', languages: { 'zh-CN': [{ term: '全新术语丁', status: 'preferred' }], en: [{ term: 'JSON term', status: 'preferred', note: 'n' }] } }]);
    const res = await importFile(body, 'application/json').expect(200);
    expect(res.body).toEqual({ format: 'json', dryRun: false, concepts: 1, created: 1, updated: 0, unchanged: 0, skipped: [] });
    const stored = await request(t.app).get(`${GLOSSARY}/entries/json-concept`).set('Authorization', t.auth.reader).expect(200);
    expect(stored.body).toMatchObject({ subjectField: 'diplomacy', languages: { en: [{ term: 'JSON term', status: 'preferred', note: 'n' }] } });
  });
});

describeNeeding(['reference'], 'every TBX sample of the reference corpus imports', () => {
  const samples: Record<string, [string, number, number]> = {
    'ibm_tbx_v2.tbx': ['tbx-v2', 5, 11],
    'ltac_v3_core_structure_good.tbx': ['tbx-v3', 45, 113],
    'omegat-test_sampleTBXfile_v2.tbx': ['tbx-v2', 1, 2],
    'oracle_tbx_v2.tbx': ['tbx-v2', 2, 6],
    'tbx-basic-package-2013_v2_TBX-basic-sample.tbx': ['tbx-v2', 5, 13],
    'tbx-basic-package-2019_v3_TBX-basic-sample.tbx': ['tbx-v3', 5, 13],
    'weblate-test_cs_v2.tbx': ['tbx-v2', 4, 8],
  };
  it('covers every file in the folder', () => {
    expect(readdirSync(SAMPLES).sort()).toEqual(Object.keys(samples).sort());
  });
  for (const [k, [name, [format, concepts, terms]]] of Object.entries(samples).entries()) {
    it(`${name}: ${concepts} concepts read, each skipped for lacking Chinese; with a Chinese section added, all created with ${terms} terms`, async () => {
      const text = readFileSync(join(SAMPLES, name), 'utf8');
      const before = await snapshot();
      const plain = await importFile(text, 'application/x-tbx+xml').expect(200);
      expect(plain.body).toMatchObject({ format, concepts, created: 0, updated: 0, unchanged: 0 });
      expect(plain.body.skipped.length).toBe(concepts);
      expect(new Set(plain.body.skipped.map((s: { reason: string }) => s.reason))).toEqual(new Set(['no Chinese (zh-*) term']));
      expect(await snapshot()).toBe(before);

      // The samples have no Chinese: give every concept one, as a terminologist would before importing.
      let n = 0;
      const [entry, section, group] = format === 'tbx-v2' ? ['termEntry', 'langSet', 'tig'] : ['conceptEntry', 'langSec', 'termSec'];
      const prefix = `样本${k + 1}概念`;
      const withChinese = text.replace(new RegExp(`</${entry}>`, 'g'), () => `<${section} xml:lang="zh-CN"><${group}><term>${prefix}${++n}</term></${group}></${section}></${entry}>`);
      const res = await importFile(withChinese, 'application/x-tbx+xml').expect(200);
      expect(res.body).toEqual({ format, dryRun: false, concepts, created: concepts, updated: 0, unchanged: 0, skipped: [] });
      const stored = (await seedEntries()).filter((e) => (e.languages['zh-CN']?.[0]?.term ?? '').startsWith(prefix));
      expect(stored.length).toBe(concepts);
      expect(stored.reduce((s, e) => s + Object.values(e.languages).flat().length, 0)).toBe(terms + concepts);
    });
  }
});

describe('GET /api/v1/glossary/export', () => {
  it('TBX v3 by default, as an attachment, with the concept count', async () => {
    const res = await exportFile('').expect(200);
    expect(res.headers['content-type']).toBe('application/x-tbx+xml; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=caravan-glossary.tbx');
    expect(Number(res.headers['x-caravan-concepts'])).toBe((await seedEntries()).length);
    expect(res.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">\n/);
  });

  it('TBX v2 filtered to languages, with zh-TW made by OpenCC', async () => {
    const res = await exportFile('?format=tbx-v2&langs=zh,en&includeTraditional=true').expect(200);
    expect(res.headers['content-disposition']).toBe('attachment; filename=caravan-glossary.v2.tbx');
    expect(res.body).not.toContain('xml:lang="ru"');
    expect(res.body).toMatch(/<langSet xml:lang="zh-TW">\s*<tig>\s*<term>魯班工坊<\/term>/);
    expect(res.body).toMatch(/<langSet xml:lang="zh-TW">\s*<tig>\s*<term>高校分校<\/term>[^]*?<descrip type="context">並願意在中亞開設更多文化中心、高校分校、魯班工坊<\/descrip>/);
  });

  it('CSV with the header convention', async () => {
    const res = await exportFile('?format=csv&langs=zh-CN,en').expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const [header, first] = (res.body as string).split('\r\n');
    expect(header).toBe('zh-CN,en,id,subjectField,definition,note,source,zh-CN:admitted,en:admitted,en:deprecated,en:forbidden');
    expect(first).toMatch(/^中国共产党第二十次全国代表大会,20th National Congress of the Communist Party of China,20th-cpc-national-congress,politics,/);
  });

  it('400 for a bad language in langs; 404 for a TBX export with nothing in it; 401 without a key', async () => {
    const bad = await exportFile('?langs=zh,!!').expect(400);
    const problem = JSON.parse(bad.body as string) as { type: string; errors: { path: string }[] };
    expect(problem.type).toBe('/problems/validation');
    expect(problem.errors[0]?.path).toMatch(/langs/);
    const none = await exportFile('?langs=ja').expect(404);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    await request(t.app).get('/api/v1/glossary/export').expect(401);
  });
});
