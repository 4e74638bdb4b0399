/**
 * TM maintenance over HTTP (issue 10 §5): units by filter (and the same filter as TMX), bulk
 * delete with a dry run and its token, search and replace with a preview of every change, and
 * merging duplicates; each scoped, and a stale token or a runaway pattern refused.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
const unit = (source: string, target: string, extra: Record<string, unknown> = {}) => ({ sourceLang: 'zh-CN', targetLang: 'en', source, target, ...extra });
const as = (key: string) => ({ Authorization: key });
let ids: number[];

beforeAll(async () => {
  t = await makeTestApp();
  await request(t.app).post('/api/v1/memories').set(as(t.auth.admin)).send({ id: 'maint', name: 'Maintenance' }).expect(201);
  await request(t.app).post('/api/v1/memories').set(as(t.auth.admin)).send({ id: 'other', name: 'Other' }).expect(201);
  ids = (await request(t.app).post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'maint', units: [
    unit('中亚国家同中国合作。', 'Central Asian countries cooperate with China.', { origin: { document: 'a.docx' } }),
    unit('中國同中亞國家。', 'China and the Central Asian states.', { sourceLang: 'zh-TW', origin: { document: 'b.docx' } }),
    unit('鲁班工坊。', 'Luban workshop.', { targetCodes: [{ id: '1', type: 'open', offset: 0 }, { id: '1', type: 'close', offset: 15 }] }),
    unit('丝绸之路。', 'The Silk Road.'),
  ] }).expect(201)).body.ids;
  await request(t.app).post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'other', ...unit('中亚国家。', 'Central Asian countries.') }).expect(201);
});
afterAll(() => t.close());

const list = async (qs: string, key = t.auth.reader) => (await request(t.app).get(`/api/v1/tm/units?${qs}`).set(as(key)).expect(200)).body.units.map((u: { id: number }) => u.id);

describe('GET /api/v1/tm/units by filter', () => {
  it('filters by memory, text in source or target (folded), origin, author, dates and usage', async () => {
    expect(await list('memories=maint')).toEqual(ids);
    expect(await list(`memories=maint&source=${encodeURIComponent('中亚国家')}`)).toEqual([ids[0], ids[1]]); // 中亞國家 folds to 中亚国家
    expect(await list(`source=${encodeURIComponent('中亚国家')}`)).toHaveLength(3); // every memory
    expect(await list('memories=maint&target=central%20asian')).toEqual([ids[0], ids[1]]);
    expect(await list('memories=maint&source=%E4%B8%AD%E4%BA%9A&target=states')).toEqual([ids[1]]);
    expect(await list('memories=maint&originDocument=b.docx')).toEqual([ids[1]]);
    expect(await list('author=test-translator&memories=maint')).toEqual(ids);
    expect(await list('author=nobody')).toEqual([]);
    expect(await list('memories=maint&createdFrom=2000-01-01&createdTo=2999-01-01')).toEqual(ids);
    expect(await list('memories=maint&updatedFrom=2999-01-01')).toEqual([]);
    expect(await list('memories=maint&minUsage=1')).toEqual([]);
    expect(await list('memories=maint&sourceLang=zh-TW')).toEqual([ids[1]]);
    const bad = await request(t.app).get('/api/v1/tm/units?createdFrom=yesterday').set(as(t.auth.reader)).expect(400);
    expect(bad.body.errors[0].path).toBe('/filter/createdFrom');
  });

  it('pages a text filter with a cursor', async () => {
    const first = await request(t.app).get(`/api/v1/tm/units?source=${encodeURIComponent('中亚')}&limit=2`).set(as(t.auth.reader)).expect(200);
    expect(first.body.units).toHaveLength(2);
    const next = await request(t.app).get(`/api/v1/tm/units?source=${encodeURIComponent('中亚')}&limit=2&cursor=${first.body.nextCursor}`).set(as(t.auth.reader)).expect(200);
    expect(next.body.units).toHaveLength(1);
  });

  it('exports the same filter as TMX', async () => {
    const tmx = (await request(t.app).get(`/api/v1/tm/export?memories=maint&target=silk`).set(as(t.auth.reader)).buffer(true).expect(200)).text;
    expect(tmx.match(/<tu[\s>]/g)).toHaveLength(1);
    expect(tmx).toContain('The Silk Road.');
  });
});

describe('POST /api/v1/tm/units/delete', () => {
  it('counts first and deletes only with the token of that count; a stale token deletes nothing', async () => {
    await request(t.app).post('/api/v1/memories').set(as(t.auth.admin)).send({ id: 'purge', name: 'Purge' }).expect(201);
    await request(t.app).post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'purge', units: [unit('一。', 'One.'), unit('二。', 'Two.'), unit('三。', 'Three.')] }).expect(201);
    const filter = { memories: ['purge'], target: 'o' };
    const preview = await request(t.app).post('/api/v1/tm/units/delete').set(as(t.auth.admin)).send({ filter }).expect(200);
    expect(preview.body).toEqual({ count: 2, token: expect.any(String) });
    await request(t.app).post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'purge', ...unit('四。', 'Four.') }).expect(201);
    const stale = await request(t.app).post('/api/v1/tm/units/delete').set(as(t.auth.admin)).send({ filter, token: preview.body.token }).expect(409);
    expect(stale.body.detail).toContain('stale');
    expect(await list('memories=purge')).toHaveLength(4);
    const again = await request(t.app).post('/api/v1/tm/units/delete').set(as(t.auth.admin)).send({ filter }).expect(200);
    expect(again.body.count).toBe(3);
    expect((await request(t.app).post('/api/v1/tm/units/delete').set(as(t.auth.admin)).send({ filter, token: again.body.token }).expect(200)).body).toEqual({ deleted: 3 });
    expect(await list('memories=purge')).toHaveLength(1);
    const lookup = await request(t.app).post('/api/v1/tm/lookup').set(as(t.auth.reader)).send({ source: '二。', sourceLang: 'zh-CN', targetLang: 'en', memories: [{ id: 'purge' }] }).expect(200);
    expect(lookup.body.matches).toEqual([]);
    await request(t.app).post('/api/v1/tm/units/delete').set(as(t.auth.translator)).send({ filter }).expect(403);
  });
});

describe('POST /api/v1/tm/units/replace', () => {
  it('previews every change, applies with the token, records who; codes move, a code inside the match skips the unit', async () => {
    const filter = { memories: ['maint'] };
    const preview = await request(t.app).post('/api/v1/tm/units/replace').set(as(t.auth.translator))
      .send({ filter, find: 'Central Asian', replacement: 'Central-Asian' }).expect(200);
    expect(preview.body.changes).toEqual([
      { unitId: ids[0], memory: 'maint', source: '中亚国家同中国合作。', before: 'Central Asian countries cooperate with China.', after: 'Central-Asian countries cooperate with China.' },
      { unitId: ids[1], memory: 'maint', source: '中國同中亞國家。', before: 'China and the Central Asian states.', after: 'China and the Central-Asian states.' },
    ]);
    const applied = await request(t.app).post('/api/v1/tm/units/replace').set(as(t.auth.translator))
      .send({ filter, find: 'Central Asian', replacement: 'Central-Asian', token: preview.body.token }).expect(200);
    expect(applied.body).toEqual({ changed: 2 });
    const changed = await request(t.app).get(`/api/v1/tm/units/${ids[0]}`).set(as(t.auth.reader)).expect(200);
    expect(changed.body).toMatchObject({ target: 'Central-Asian countries cooperate with China.', updatedBy: 'test-translator' });
    const conc = await request(t.app).get('/api/v1/tm/concordance?q=central-asian&side=target&memories=maint').set(as(t.auth.reader)).expect(200);
    expect(conc.body.total).toBe(2);

    const regex = await request(t.app).post('/api/v1/tm/units/replace').set(as(t.auth.translator))
      .send({ filter, find: '(\\w+) workshop', replacement: '$1 Workshops', regex: true, caseSensitive: false }).expect(200);
    expect(regex.body.changes.map((c: { after: string }) => c.after)).toEqual(['Luban Workshops.']);
    await request(t.app).post('/api/v1/tm/units/replace').set(as(t.auth.translator))
      .send({ filter, find: '(\\w+) workshop', replacement: '$1 Workshops', regex: true, caseSensitive: false, token: regex.body.token }).expect(200);
    // The closing code after the replaced text moves by the one character added.
    expect((await request(t.app).get(`/api/v1/tm/units/${ids[2]}`).set(as(t.auth.reader)).expect(200)).body.targetCodes).toEqual([{ id: '1', type: 'open', offset: 0 }, { id: '1', type: 'close', offset: 16 }]);
    const [bold] = (await request(t.app).post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'maint',
      ...unit('加强合作。', 'Strengthen cooperation.', { targetCodes: [{ id: '2', type: 'placeholder', offset: 14 }] }) }).expect(201)).body.ids;
    const inside = await request(t.app).post('/api/v1/tm/units/replace').set(as(t.auth.translator)).send({ filter, find: 'cooperation', replacement: 'partnership' }).expect(200);
    expect(inside.body).toMatchObject({ changes: [], skipped: [{ unitId: bold, reason: 'an inline code stands inside "cooperation"' }] });
  });

  it('skips a change that would duplicate another unit of the memory', async () => {
    await request(t.app).post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'maint', ...unit('丝绸之路。', 'Silk Road.') }).expect(201);
    const res = await request(t.app).post('/api/v1/tm/units/replace').set(as(t.auth.translator)).send({ filter: { memories: ['maint'] }, find: 'The Silk', replacement: 'Silk' }).expect(200);
    expect(res.body.changes).toEqual([]);
    expect(res.body.skipped).toEqual([{ unitId: ids[3], reason: expect.stringMatching(/^unit \d+ of memory "maint" already has this source and target$/) }]);
  });

  it('400 for an invalid pattern, a runaway one, or one that matches nothing at all; 404 out of scope', async () => {
    const bad = (find: string) => request(t.app).post('/api/v1/tm/units/replace').set(as(t.auth.translator)).send({ filter: {}, find, replacement: 'x', regex: true }).expect(400);
    expect((await bad('(unclosed')).body.errors[0]).toMatchObject({ path: '/find', message: expect.stringContaining('not a valid regular expression') });
    expect((await bad('(a+)+$')).body.errors[0].message).toContain('can run away');
    expect((await bad('x*')).body.errors[0].message).toContain('empty string');
    const key = (await request(t.app).post('/api/v1/keys').set(as(t.auth.admin)).send({ name: 'o', role: 'translator', scope: { memories: ['other'] } }).expect(201)).body.key;
    await request(t.app).post('/api/v1/tm/units/replace').set(as(`Bearer ${key}`)).send({ filter: { memories: ['maint'] }, find: 'a', replacement: 'b' }).expect(404);
  });
});

describe('POST /api/v1/memories/{id}/merge-duplicates', () => {
  it('merges units with the same source key and target into the newest, adding up their uses', async () => {
    await request(t.app).post('/api/v1/memories').set(as(t.auth.admin)).send({ id: 'dups', name: 'Dups' }).expect(201);
    const add = async (u: ReturnType<typeof unit>) => (await request(t.app).post('/api/v1/tm/units').set(as(t.auth.translator)).send({ memory: 'dups', ...u }).expect(201)).body.ids[0];
    const a = await add(unit('鲁班工坊。', 'Luban Workshop.'));
    await add(unit('鲁班工坊。', 'Luban Workshop.')); // a second use of a
    const b = await add(unit('魯班工坊。', 'Luban Workshop.', { sourceLang: 'zh-TW' }));
    const c = await add(unit('鲁班 工坊.', 'Luban Workshop.'));
    await add(unit('鲁班工坊。', 'The Luban Workshop.')); // another target: not a duplicate
    const preview = await request(t.app).post('/api/v1/memories/dups/merge-duplicates').set(as(t.auth.translator)).send({}).expect(200);
    expect(preview.body).toEqual({ groups: [{ keep: c, remove: [a, b], usageCount: 3 }], units: 2, token: expect.any(String) });
    const done = await request(t.app).post('/api/v1/memories/dups/merge-duplicates').set(as(t.auth.translator)).send({ token: preview.body.token }).expect(200);
    expect(done.body).toEqual({ merged: 2 });
    expect(await list('memories=dups')).toHaveLength(2);
    expect((await request(t.app).get(`/api/v1/tm/units/${c}`).set(as(t.auth.reader)).expect(200)).body.usageCount).toBe(3);
    const stale = await request(t.app).post('/api/v1/memories/dups/merge-duplicates').set(as(t.auth.translator)).send({ token: preview.body.token }).expect(409);
    expect(stale.body.detail).toBe('the token is stale: the memory has changed since the preview; preview again and check the result');
  });
});
