import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/domain/auth/roles.js';
import { readXliff12 } from '../../src/formats/xliff12.js';
import { readXliff2 } from '../../src/formats/xliff2.js';
import { fakeMatches, fakeTerms, proposal } from '../helpers/exchange.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { FIXTURES_DIR, SAMPLES_DIR, describeNeeding, itNeeding } from '../helpers/shared.js';

const SEGMENTS = ['建设中国—中亚命运共同体。', '中国人说，三十而立。', '坚持共商共建共享原则。', '不在记忆库中的句子。'];
const matches = fakeMatches({
  [SEGMENTS[0] as string]: [proposal(86, '构建中国—中亚命运共同体。', 'Build a China–Central Asia community with a shared future.', 'video-summit-2022.txt'),
    proposal(101, SEGMENTS[0] as string, 'Building a China–Central Asia community with a shared future.', 'xian-2023.txt / 2023-05-19')],
  [SEGMENTS[1] as string]: [proposal(100, SEGMENTS[1] as string, 'As the Chinese saying goes, at thirty one stands firm.')],
  [SEGMENTS[2] as string]: [proposal(80, '坚持共商共建原则。', 'Uphold the principle of consultation and contribution.')],
  [SEGMENTS[3] as string]: [proposal(60, '在记忆库中的句子。', 'A sentence in the memory.')],
});
const terms = fakeTerms({
  命运共同体: { preferred: 'community with a shared future', others: ['community of common destiny'], deprecated: ['community of shared destiny'] },
  中亚: { preferred: 'Central Asia' },
});

let t: TestApp;
let docId: number;
beforeAll(async () => {
  t = await makeTestApp({ ports: { matches, terms } });
  const doc = await t.services.documents.createFromText({ name: 'xian-2023.txt', sourceLang: 'zh-CN', targetLang: 'en', text: SEGMENTS.join('\n'),
    meta: { title: '中国—中亚峰会主旨讲话', date: '2023-05-19' } }, SYSTEM_PRINCIPAL);
  docId = doc.id;
});
afterAll(() => t.close());

async function exportXliff(id: number, query = ''): Promise<request.Response> {
  return request(t.app).get(`/api/v1/documents/${id}/xliff${query}`).set('Authorization', t.auth.reader).buffer(true).expect(200);
}

function putXliff(id: number, body: string, auth = t.auth.translator): request.Test {
  return request(t.app).put(`/api/v1/documents/${id}/xliff`).set('Authorization', auth).set('Content-Type', 'application/xliff+xml').send(body);
}

describe('GET /api/v1/documents/{id}/xliff (XLIFF 1.2)', () => {
  it('fills targets from matches at or above fill, with states, qualifiers, alt-trans and a terms note', async () => {
    const res = await exportXliff(docId);
    expect(res.headers['content-type']).toBe('application/xliff+xml; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=xian-2023.en.xlf');
    const doc = await readXliff12(res.text);
    expect(doc).toMatchObject({ version: '1.2', sourceLang: 'zh-CN', targetLang: 'en', files: [{ original: 'xian-2023.txt', datatype: 'plaintext' }] });
    expect(doc.units.map((u) => [u.id, u.approved, u.segments[0]?.nativeState, u.segments[0]?.qualifier, u.segments[0]?.target?.text])).toEqual([
      ['1', true, 'needs-review-translation', 'exact-match', 'Building a China–Central Asia community with a shared future.'],
      ['2', undefined, 'needs-review-translation', 'exact-match', 'As the Chinese saying goes, at thirty one stands firm.'],
      ['3', undefined, 'needs-review-translation', 'fuzzy-match', 'Uphold the principle of consultation and contribution.'],
      ['4', undefined, 'new', undefined, '不在记忆库中的句子。'],
    ]);
    expect(doc.units[0]?.matches.map((m) => [m.score, m.origin])).toEqual([[101, 'xian-2023.txt / 2023-05-19'], [86, 'video-summit-2022.txt']]);
    expect(doc.units[3]?.matches.map((m) => m.score)).toEqual([60]);
    expect(doc.units[0]?.terms).toEqual([
      { text: '中亚', start: 5, end: 7, segment: 0, translations: ['Central Asia'] },
      { text: '命运共同体', start: 7, end: 12, segment: 0, translations: ['community with a shared future', 'community of common destiny'] },
    ]);
    expect(res.text).toContain('<note from="Caravan glossary" annotates="source">Terms:\n中亚 = Central Asia\n命运共同体 = community with a shared future | community of common destiny</note>');
    expect(res.text.match(/approved="yes"/g)).toHaveLength(1);
  });

  it('asks the TM once per untranslated segment, with its neighbours as context', () => {
    expect(matches.asked.slice(0, 2)).toEqual([
      { source: SEGMENTS[0], next: SEGMENTS[1] },
      { source: SEGMENTS[1], previous: SEGMENTS[0], next: SEGMENTS[2] },
    ]);
  });

  it('honours fill and untranslatedTarget=empty', async () => {
    const res = await exportXliff(docId, '?fill=100&untranslatedTarget=empty');
    const doc = await readXliff12(res.text);
    expect(doc.units.map((u) => [u.segments[0]?.nativeState, u.segments[0]?.target?.text])).toEqual([
      ['needs-review-translation', 'Building a China–Central Asia community with a shared future.'],
      ['needs-review-translation', 'As the Chinese saying goes, at thirty one stands firm.'],
      ['new', ''], ['new', ''],
    ]);
  });

  it('400 for a bad version or fill, 404 for an unknown document, 401 without a key', async () => {
    await request(t.app).get(`/api/v1/documents/${docId}/xliff?version=3.0`).set('Authorization', t.auth.reader).expect(400);
    await request(t.app).get(`/api/v1/documents/${docId}/xliff?fill=102`).set('Authorization', t.auth.reader).expect(400);
    await request(t.app).get('/api/v1/documents/999999/xliff').set('Authorization', t.auth.reader).expect(404);
    await request(t.app).get(`/api/v1/documents/${docId}/xliff`).expect(401);
  });
});

describe('GET /api/v1/documents/{id}/xliff?version=2.1', () => {
  it('writes segment states, mtc:matches, gls:glossary on mrk type="term", and the title and date', async () => {
    const res = await exportXliff(docId, '?version=2.1');
    const doc = await readXliff2(res.text);
    expect(doc).toMatchObject({ version: '2.1', sourceLang: 'zh-CN', targetLang: 'en', title: '中国—中亚峰会主旨讲话', date: '2023-05-19' });
    expect(doc.units.map((u) => [u.segments[0]?.state, u.segments[0]?.nativeState, u.segments[0]?.qualifier])).toEqual([
      ['translated', 'translated', undefined], ['draft', 'initial', 'caravan:exact-match'], ['draft', 'initial', 'caravan:fuzzy-match'], ['new', 'initial', undefined],
    ]);
    expect(doc.units[0]?.matches.map((m) => [m.score, m.matchType, m.segment])).toEqual([[101, 'in-context', 's1'], [86, 'fuzzy', 's1']]);
    expect(doc.units[0]?.terms.map((x) => [x.text, x.start, x.end, x.translations[0]])).toEqual([['中亚', 5, 7, 'Central Asia'], ['命运共同体', 7, 12, 'community with a shared future']]);
    expect(doc.units[0]?.segments[0]?.source).toEqual({ text: SEGMENTS[0], codes: [] });
    expect(res.text).toContain('<mrk id="t1" type="term">中亚</mrk><mrk id="t2" type="term">命运共同体</mrk>');
    expect(res.text).toContain('<mtc:match ref="#s1" similarity="100" matchQuality="100" type="icm" origin="xian-2023.txt / 2023-05-19">');
  });
});

describe('PUT /api/v1/documents/{id}/xliff', () => {
  it('updates targets and states, writes confirmed units to the TM with context and origin, reports term issues', async () => {
    const exported = (await exportXliff(docId)).text;
    const translated = exported
      .replace('Building a China–Central Asia community with a shared future.</target>', 'Building a China–Central Asia community of shared destiny.</target>')
      .replace(/<target state="needs-review-translation" state-qualifier="exact-match">As the/, '<target state="translated">As the')
      .replace('<target state="new">不在记忆库中的句子。</target>', '<target state="final">A sentence that is not in the memory.</target>');
    const before = await t.stores.tm.countUnits();
    const res = await putXliff(docId, translated).expect(200);
    expect(res.body).toEqual({
      updated: 4, addedToTm: 3, skipped: [],
      qa: [{ index: 0, unit: '1', issues: [{ code: 'missing-term', severity: 'warning', glossary: 'stub', entryId: '命运共同体', sourceTerm: '命运共同体', sourceStart: 7, sourceEnd: 12,
        expected: ['community with a shared future'], found: null, start: null, end: null, message: '"命运共同体" should be translated as "community with a shared future"' }] }],
    });
    const page = await request(t.app).get(`/api/v1/documents/${docId}`).set('Authorization', t.auth.reader).expect(200);
    expect(page.body.segments.map((s: { target: string; state: string }) => [s.state, s.target])).toEqual([
      ['translated', 'Building a China–Central Asia community of shared destiny.'],
      ['translated', 'As the Chinese saying goes, at thirty one stands firm.'],
      ['draft', 'Uphold the principle of consultation and contribution.'],
      ['final', 'A sentence that is not in the memory.'],
    ]);
    expect(await t.stores.tm.countUnits()).toBe(before + 3);
    const units = await t.stores.tm.listUnits({ sourceLang: 'zh-CN', targetLang: 'en', limit: 10 });
    expect(units.find((u) => u.source === SEGMENTS[1])).toMatchObject({
      target: 'As the Chinese saying goes, at thirty one stands firm.', createdBy: 'test-translator',
      context: { previous: SEGMENTS[0], next: SEGMENTS[2] },
      origin: { document: 'xian-2023.txt', title: '中国—中亚峰会主旨讲话', date: '2023-05-19' },
    });
  });

  it('exports the confirmed translations back as they are, and a second import changes nothing', async () => {
    const exported = (await exportXliff(docId)).text;
    const doc = await readXliff12(exported);
    expect(doc.units.map((u) => [u.segments[0]?.nativeState, u.approved])).toEqual([
      ['translated', undefined], ['translated', undefined], ['needs-review-translation', undefined], ['final', undefined]]);
    const again = await putXliff(docId, exported).expect(200);
    expect(again.body).toMatchObject({ updated: 0, addedToTm: 3, skipped: [] });
  });

  it('takes an XLIFF 2.1 file back by unit id and segment, with XLIFF 2 states', async () => {
    const created = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'two.txt', sourceLang: 'zh-CN', targetLang: 'en', text: '一。\n二。\n三。' }).expect(201);
    const exported = (await exportXliff(created.body.id, '?version=2.1')).text;
    expect(exported.match(/<segment id="s1" state="initial">/g)).toBeNull();
    const translated = exported
      .replace(/(<unit id="u1">\s*<segment) state="initial">\s*<source>一。<\/source>\s*<target>一。<\/target>/, '$1 state="final"><source>一。</source><target>One.</target>')
      .replace(/(<unit id="u3">\s*<segment) state="initial">\s*<source>三。<\/source>\s*<target>三。<\/target>/, '$1 state="initial"><source>三。</source><target>Three?</target>');
    const res = await putXliff(created.body.id, translated).expect(200);
    expect(res.body).toEqual({ updated: 2, addedToTm: 1, skipped: [], qa: [] });
    const page = await request(t.app).get(`/api/v1/documents/${created.body.id}`).set('Authorization', t.auth.reader).expect(200);
    expect(page.body.segments.map((s: { target: string; state: string }) => [s.state, s.target])).toEqual([['final', 'One.'], ['new', null], ['draft', 'Three?']]);
  });

  it('takes back a large file whose upload chunks split characters', async () => {
    const text = Array.from({ length: 3000 }, (_, i) => `中国同中亚国家第${i}次交往合作，立在真诚互信。`).join('\n');
    const created = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'big.txt', sourceLang: 'zh-CN', targetLang: 'en', text }).expect(201);
    const exported = (await exportXliff(created.body.id, '?fill=101')).text;
    expect(Buffer.byteLength(exported)).toBeGreaterThan(300_000);
    const res = await putXliff(created.body.id, exported.replace('<target state="new">中国同中亚国家第7次交往合作，立在真诚互信。</target>',
      '<target state="translated">The 7th exchange between China and Central Asia.</target>')).expect(200);
    expect(res.body).toEqual({ updated: 1, addedToTm: 1, skipped: [], qa: [] });
  });

  it('matches units by source text when the ids are not ours, and reports units it cannot place', async () => {
    const created = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'short.txt', sourceLang: 'zh-CN', targetLang: 'en', text: '一。\n二。' }).expect(201);
    const file = `<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="zh-CN" target-language="en" datatype="plaintext"><body>
      <trans-unit id="b"><source>二。</source><target state="signed-off">Two.</target></trans-unit>
      <trans-unit id="z"><source>三。</source><target state="translated">Three.</target></trans-unit></body></file></xliff>`;
    const res = await putXliff(created.body.id, file).expect(200);
    expect(res.body).toEqual({ updated: 1, addedToTm: 1, skipped: [{ unit: 'z', reason: 'no segment of the document has this unit id or source text' }], qa: [] });
  });

  it('skips a translation whose target xml:lang is another language than the document\'s, and says so', async () => {
    const created = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .send({ name: 'langs.txt', sourceLang: 'zh-CN', targetLang: 'en', text: '甲。\n乙。' }).expect(201);
    const file = `<?xml version="1.0"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x" source-language="zh-CN" target-language="en" datatype="plaintext"><body>
      <trans-unit id="a"><source>甲。</source><target xml:lang="ru" state="translated">Один.</target></trans-unit>
      <trans-unit id="b"><source>乙。</source><target xml:lang="en-GB" state="translated">The second.</target></trans-unit></body></file></xliff>`;
    const unitsBefore = await t.stores.tm.countUnits();
    const res = await putXliff(created.body.id, file).expect(200);
    expect(res.body).toEqual({ updated: 1, addedToTm: 1, skipped: [{ unit: 'a', reason: 'its target is in ru, not en' }], qa: [] });
    const page = await request(t.app).get(`/api/v1/documents/${created.body.id}`).set('Authorization', t.auth.reader).expect(200);
    expect(page.body.segments.map((s: { target: string | null }) => s.target)).toEqual([null, 'The second.']);
    expect(await t.stores.tm.countUnits()).toBe(unitsBefore + 1);
  });

  it('400 naming the unit for a segment without <source>, and nothing changes', async () => {
    const exported = (await exportXliff(docId, '?version=2.1')).text;
    const broken = exported.replace(/<source>中国人说，三十而立。<\/source>/, '');
    expect(broken).not.toBe(exported);
    const segmentsBefore = await t.stores.documents.listSegments(docId, 0, 10);
    const res = await putXliff(docId, broken).expect(400);
    expect(res.body).toMatchObject({ type: '/problems/unreadable-input', detail: 'unit "u2": segment 1 has no <source>' });
    expect(await t.stores.documents.listSegments(docId, 0, 10)).toEqual(segmentsBefore);
  });

  it('an empty document (from an XLIFF file without units) exports valid XLIFF of both versions, analyses to zero and takes its file back', async () => {
    const empty = readFileSync(join(FIXTURES_DIR, 'xliff-imports', 'xliff12-file-without-units.xlf'));
    const created = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator).set('Content-Type', 'application/xliff+xml').send(empty).expect(201);
    const v12 = await readXliff12((await exportXliff(created.body.id)).text);
    const v21 = await readXliff2((await exportXliff(created.body.id, '?version=2.1')).text);
    expect([v12.units, v21.units, v12.files.length, v21.files.length]).toEqual([[], [], 1, 1]);
    const analysis = await request(t.app).get(`/api/v1/documents/${created.body.id}/analysis`).set('Authorization', t.auth.reader).expect(200);
    expect(analysis.body.total).toMatchObject({ segments: 0, characters: 0 });
    const back = await putXliff(created.body.id, empty.toString('utf8')).expect(200);
    expect(back.body).toEqual({ updated: 0, addedToTm: 0, skipped: [], qa: [] });
  });

  it('400 naming both language pairs when the file is for another pair, and nothing changes', async () => {
    const exported = (await exportXliff(docId)).text.replace('target-language="en"', 'target-language="de"').replace(/community of shared destiny/, 'X');
    const segmentsBefore = await t.stores.documents.listSegments(docId, 0, 10);
    const unitsBefore = await t.stores.tm.countUnits();
    const res = await putXliff(docId, exported).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toBe(`the file is zh-CN → de, but document ${docId} is zh-CN → en`);
    expect(await t.stores.documents.listSegments(docId, 0, 10)).toEqual(segmentsBefore);
    expect(await t.stores.tm.countUnits()).toBe(unitsBefore);
  });

  it('403 for a reader, 404 for an unknown document, 415 for JSON', async () => {
    await putXliff(docId, '<xliff/>', t.auth.reader).expect(403);
    await putXliff(999999, '<?xml version="1.0"?><xliff version="1.2"/>').expect(404);
    await request(t.app).put(`/api/v1/documents/${docId}/xliff`).set('Authorization', t.auth.translator).send({ a: 1 }).expect(415);
  });
});

describe('POST /api/v1/documents with XLIFF', () => {
  it('creates a document from XLIFF 1.2 with targets, states, and the name from <file original>', async () => {
    const body = readFileSync(join(FIXTURES_DIR, 'xliff12', 'states-notes-matches.xlf'));
    const res = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .set('Content-Type', 'application/xliff+xml').send(body).expect(201);
    expect(res.body).toEqual({ id: expect.any(Number), name: 'xian-2023.txt', sourceLang: 'zh-CN', targetLang: 'en', segments: 10,
      createdAt: expect.any(String), createdBy: 'test-translator', meta: { origin: 'xliff-1.2' }, settings: { writeMemory: 'default' } });
    const page = await request(t.app).get(`/api/v1/documents/${res.body.id}`).set('Authorization', t.auth.reader).expect(200);
    expect(page.body.segments.map((s: { state: string; target: string | null }) => [s.state, s.target])).toEqual([
      ['new', null], ['translated', 'Building a China–Central Asia community with a shared future'], ['final', 'Xi Jinping'],
      ['translated', 'As the Chinese saying goes, at thirty one stands firm.'], ['reviewed', 'It stands on sincerity and mutual trust.'],
      ['draft', 'It stands on equality and mutual benefit.'], ['draft', 'Let us move forward hand in hand.'], ['new', null], ['new', null],
      ['draft', 'Appendix'],
    ]);
  });

  itNeeding(['reference'], 'takes the name and a missing target language from the query (a real Passolo file)', async () => {
    const passolo = readFileSync(join(SAMPLES_DIR, 'xliff1', 'passolo_PAS-10-Test01_xliff1.0.xlf'));
    const none = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator).set('Content-Type', 'text/xml').send(passolo).expect(400);
    expect(none.body.detail).toBe('the file names no target language; pass targetLang');
    const ok = await request(t.app).post('/api/v1/documents?name=passolo&targetLang=de').set('Authorization', t.auth.translator)
      .set('Content-Type', 'text/xml').send(passolo).expect(201);
    expect(ok.body).toMatchObject({ name: 'passolo', sourceLang: 'en', targetLang: 'de', segments: 158 });
  });

  it('refuses a target language in the query that contradicts the file', async () => {
    const clash = await request(t.app).post('/api/v1/documents?targetLang=ru').set('Authorization', t.auth.translator)
      .set('Content-Type', 'application/xml').send(readFileSync(join(FIXTURES_DIR, 'xliff12', 'inline-codes.xlf'))).expect(400);
    expect(clash.body.detail).toBe("targetLang ru does not match the file's en");
  });

  it('reproduces the inline codes of an imported XLIFF 1.2 file on export', async () => {
    const original = readFileSync(join(FIXTURES_DIR, 'xliff12', 'inline-codes.xlf'));
    const created = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .set('Content-Type', 'application/xliff+xml').send(original).expect(201);
    const exported = await readXliff12((await exportXliff(created.body.id)).text);
    const source = await readXliff12(original);
    expect(exported.units.map((u) => [u.id, u.segments[0]?.source])).toEqual(source.units.map((u) => [u.id, u.segments[0]?.source]));
    expect(exported.units.slice(0, 2).map((u) => u.segments[0]?.target)).toEqual(source.units.slice(0, 2).map((u) => u.segments[0]?.target));
    const sourceLines = (x: string) => x.match(/<source>.*<\/source>/g);
    expect(sourceLines((await exportXliff(created.body.id)).text)).toEqual(sourceLines(original.toString('utf8')));
  });

  it('reproduces the units, segments, codes and originalData of an imported XLIFF 2 file on export', async () => {
    const original = readFileSync(join(FIXTURES_DIR, 'xliff2', 'segments-codes.xlf'));
    const created = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
      .set('Content-Type', 'application/xliff+xml').send(original).expect(201);
    expect(created.body.segments).toBe(6);
    const exported = await readXliff2((await exportXliff(created.body.id, '?version=2.1')).text);
    const source = await readXliff2(original);
    const view = (d: typeof source) => d.units.map((u) => ({ id: u.id, translate: u.translate, data: u.originalData,
      segments: u.segments.map((s) => ({ id: s.id, ignorable: s.ignorable, source: s.source, target: s.state === 'new' ? undefined : s.target, state: s.state })) }));
    expect(view(exported)).toEqual(view(source));
    expect(exported.units[1]?.notes).toEqual(source.units[1]?.notes);
  });
});

describeNeeding(['reference'], 'every reference sample imports as a document', () => {
  const counts = JSON.parse(readFileSync(join(FIXTURES_DIR, 'samples', 'counts.json'), 'utf8')) as {
    xliff1: Record<string, { units: number; targetLang?: string }>; xliff2: Record<string, { segments: number; targetLang?: string }>;
  };
  const cases = [
    ...Object.entries(counts.xliff1).map(([f, c]) => ({ dir: 'xliff1', file: f, segments: c.units, target: c.targetLang })),
    ...Object.entries(counts.xliff2).map(([f, c]) => ({ dir: 'xliff2', file: f, segments: c.segments, target: c.targetLang })),
  ];
  for (const c of cases) {
    it(`${c.dir}/${c.file}: ${c.segments} segments`, async () => {
      const query = c.target ? '' : '?targetLang=de';
      const res = await request(t.app).post(`/api/v1/documents${query}`).set('Authorization', t.auth.translator)
        .set('Content-Type', 'application/xliff+xml').send(readFileSync(join(SAMPLES_DIR, c.dir, c.file))).expect(201);
      expect(res.body.segments).toBe(c.segments);
      const exported = await exportXliff(res.body.id, c.dir === 'xliff2' ? '?version=2.1' : '');
      expect(exported.text.length).toBeGreaterThan(0);
    });
  }
});

describe('XLIFF exchange with the real term base', () => {
  it('lists glossary terms in the export and reports a deprecated term on import', async () => {
    const g = await makeTestApp({ seed: true });
    try {
      const doc = await g.services.documents.createFromText({ name: 'terms.txt', sourceLang: 'zh-CN', targetLang: 'en', text: '携手构建更加紧密的中国—中亚命运共同体。' }, SYSTEM_PRINCIPAL);
      const exported = (await request(g.app).get(`/api/v1/documents/${doc.id}/xliff`).set('Authorization', g.auth.reader).buffer(true).expect(200)).text;
      expect(exported).toContain('中国—中亚命运共同体');
      expect(exported).toContain('China-Central Asia community with a shared future');
      const translated = exported.replace(/<target state="new">[^<]*<\/target>/, '<target state="translated">Jointly build a closer China-Central Asia community of common destiny.</target>');
      const res = await request(g.app).put(`/api/v1/documents/${doc.id}/xliff`).set('Authorization', g.auth.translator)
        .set('Content-Type', 'application/xliff+xml').send(translated).expect(200);
      const issues = res.body.qa[0].issues as { code: string; entryId: string; found: string | null }[];
      expect(issues.map((i) => [i.code, i.entryId, i.found])).toEqual([
        ['deprecated-term', 'cn-ca-community-shared-future', 'China-Central Asia community of common destiny'],
      ]);
      expect(res.body.addedToTm).toBe(1);
    } finally {
      await g.close();
    }
  });
});
