/**
 * Files for OmegaT team projects, fetched as OmegaT's HTTPRemoteRepository fetches them: a plain
 * GET of `url + repository`, then the same GET with `If-None-Match: <stored ETag>`.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ProtocolFixture, SUMMITS, linkKey, protocolFixture } from './fixture.js';

let f: ProtocolFixture;
beforeAll(async () => {
  f = await protocolFixture();
});
afterAll(() => f.close());

const fetchFile = (path: string, etag?: string) => {
  const req = request(f.t.app).get(path);
  return etag ? req.set('If-None-Match', etag) : req;
};

describe('memories as TMX', () => {
  it('serves a memory with a strong ETag, 304 for the stored ETag, the same bytes again, a new ETag after a write', async () => {
    const path = `/omegat/${f.reader}/memories/summits.tmx`;
    const first = await fetchFile(path).expect(200);
    expect(first.headers['content-type']).toBe('application/x-tmx+xml; charset=utf-8');
    expect(first.headers.etag).toMatch(/^"[\w-]{32}"$/);
    expect(first.text).toContain('srclang="zh-CN"');
    for (const u of SUMMITS) expect(first.text).toContain(`<seg>${u.target}</seg>`);
    const again = await fetchFile(path).expect(200);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.text).toBe(first.text);
    const notModified = await fetchFile(path, first.headers.etag).expect(304);
    expect(notModified.text).toBe('');
    expect(notModified.headers.etag).toBe(first.headers.etag);
    await fetchFile(path, `W/${first.headers.etag}`).expect(304);

    await request(f.t.app).put(`/tmserver/${f.writer}/zh_CN/en/unit/x`).send({ source: '新的一句。', target: 'A new sentence.' }).expect(200);
    const changed = await fetchFile(path, first.headers.etag).expect(200);
    expect(changed.headers.etag).not.toBe(first.headers.etag);
    expect(changed.text).toContain('A new sentence.');
    await fetchFile(path, changed.headers.etag).expect(304);
  });

  it('counts every write to a memory in its revision, not by the clock (two writes in one millisecond are two versions)', async () => {
    const version = async () => (await f.t.stores.memories.contentVersion('legacy'))?.revision ?? -1;
    const before = await version();
    await Promise.all([f.t.services.tm.addUnits('legacy', { sourceLang: 'zh-CN', targetLang: 'en', source: '甲。', target: 'A.' }, { keyId: 0, name: 't', role: 'admin', scope: { memories: '*', glossaries: '*' } }),
      f.t.services.tm.addUnits('legacy', { sourceLang: 'zh-CN', targetLang: 'en', source: '乙。', target: 'B.' }, { keyId: 0, name: 't', role: 'admin', scope: { memories: '*', glossaries: '*' } })]);
    expect(await version()).toBe(before + 2);
  });

  it('404 for a memory out of the key\'s scope and for one that does not exist; 401 for an unknown key', async () => {
    expect((await fetchFile(`/omegat/${f.reader}/memories/private.tmx`).expect(404)).body.detail).toBe('memory "private" does not exist');
    await fetchFile(`/omegat/${f.reader}/memories/nope.tmx`).expect(404);
    await fetchFile(`/omegat/${f.other}/memories/private.tmx`).expect(200);
    await fetchFile('/omegat/cvn_revokedorneverissued0000000000/memories/summits.tmx').expect(401);
  });
});

describe('glossaries', () => {
  beforeAll(async () => {
    await request(f.t.app).post('/api/v1/glossary/entries').set('Authorization', f.t.auth.admin).send({
      id: 'luban-workshop', languages: {
        'zh-CN': [{ term: '鲁班工坊', status: 'preferred' }],
        en: [{ term: 'Luban Workshop', status: 'preferred' }, { term: 'Luban Workshops', status: 'admitted' }, { term: 'Lu Ban Workshop', status: 'deprecated' }],
        ru: [{ term: 'мастерская Лу Баня', status: 'preferred' }],
      },
    }).expect(201);
  });

  it('serves TBX v2 and OmegaT\'s tab-separated text, each with a strong ETag and 304', async () => {
    const tbx = await fetchFile(`/omegat/${f.reader}/glossaries/default.tbx`).expect(200);
    expect(tbx.headers['content-type']).toBe('application/x-tbx+xml; charset=utf-8');
    expect(tbx.text).toContain('<martif type="TBX-Basic"');
    await fetchFile(`/omegat/${f.reader}/glossaries/default.tbx`, tbx.headers.etag).expect(304);
    expect((await fetchFile(`/omegat/${f.reader}/glossaries/default.tbx`).expect(200)).text).toBe(tbx.text);

    const txt = await fetchFile(`/omegat/${f.reader}/glossaries/default.txt`).expect(200);
    expect(txt.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(txt.text).toBe('# -*- coding: utf-8 -*-\n鲁班工坊\tLuban Workshop\ten; avoid: Lu Ban Workshop\n鲁班工坊\tLuban Workshops\ten; admitted; avoid: Lu Ban Workshop\n鲁班工坊\tмастерская Лу Баня\tru\n');
    const en = await fetchFile(`/omegat/${f.reader}/glossaries/default.en.txt`).expect(200);
    expect(en.text).not.toContain('мастерская');
    expect(en.headers.etag).not.toBe(txt.headers.etag);
    await fetchFile(`/omegat/${f.reader}/glossaries/default.en.txt`, en.headers.etag).expect(304);
  });

  it('404 for a glossary that does not exist and for a key whose scope has no glossary', async () => {
    await fetchFile(`/omegat/${f.reader}/glossaries/terms.tbx`).expect(404);
    await fetchFile(`/omegat/${f.other}/glossaries/default.tbx`).expect(404);
    await fetchFile(`/omegat/${f.reader}/glossaries/default.csv`).expect(400);
  });
  it('serves each glossary the key reads as its own file, and nothing of a glossary outside its scope', async () => {
    const admin = f.t.auth.admin;
    for (const [id, zh, en] of [['client-a', '命运共同体', 'community with a shared future'], ['client-b', '三股势力', 'three forces']] as const) {
      await request(f.t.app).post('/api/v1/glossaries').set('Authorization', admin).send({ id, name: id }).expect(201);
      await request(f.t.app).post(`/api/v1/glossaries/${id}/entries`).set('Authorization', admin).send({
        id: `${id}-term`, languages: { 'zh-CN': [{ term: zh, status: 'preferred' }], en: [{ term: en, status: 'preferred' }] },
      }).expect(201);
    }
    const scoped = await linkKey(f.t, { name: 'client-a only', scope: { memories: ['summits'], glossaries: ['client-a'] } });
    const a = await fetchFile(`/omegat/${scoped}/glossaries/client-a.txt`).expect(200);
    expect(a.text).toContain('命运共同体\tcommunity with a shared future');
    expect(a.text).not.toContain('三股势力');
    await fetchFile(`/omegat/${scoped}/glossaries/client-a.txt`, a.headers.etag).expect(304);
    await fetchFile(`/omegat/${scoped}/glossaries/client-b.tbx`).expect(404);
    await fetchFile(`/omegat/${scoped}/glossaries/default.tbx`).expect(404);
    const repo = (await request(f.t.app).get(`/omegat/${scoped}/repository.xml`).expect(200)).text;
    expect(repo).toContain('<mapping local="glossary/client-a.tbx" repository="glossaries/client-a.tbx"/>');
    expect(repo).not.toContain('client-b');
    // A write to the glossary changes its file and its entity tag.
    await request(f.t.app).post('/api/v1/glossaries/client-a/entries').set('Authorization', admin).send({
      id: 'luban', languages: { 'zh-CN': [{ term: '鲁班工坊', status: 'preferred' }], en: [{ term: 'Luban Workshop', status: 'preferred' }] },
    }).expect(201);
    const changed = await fetchFile(`/omegat/${scoped}/glossaries/client-a.txt`, a.headers.etag).expect(200);
    expect(changed.text).toContain('鲁班工坊\tLuban Workshop');
  });
});

describe('repository.xml', () => {
  it('maps each memory the key reads into tm/, a penalised one into tm/penalty-NNN/, and the glossary into glossary/', async () => {
    const res = await request(f.t.app).get(`/omegat/${f.reader}/repository.xml`).set('Host', 'caravan.example.org').expect(200);
    expect(res.text).toBe([
      `<repository type="http" url="http://caravan.example.org/omegat/${f.reader}/">`,
      '    <mapping local="tm/summits.tmx" repository="memories/summits.tmx"/>',
      '    <mapping local="tm/penalty-010/legacy.tmx" repository="memories/legacy.tmx"/>',
      '    <mapping local="glossary/default.tbx" repository="glossaries/default.tbx"/>',
      '</repository>', ''].join('\n'));
    const plain = await linkKey(f.t, { name: 'all', scope: { memories: ['legacy'], glossaries: [] } });
    expect((await request(f.t.app).get(`/omegat/${plain}/repository.xml`).expect(200)).text).toContain('<mapping local="tm/legacy.tmx" repository="memories/legacy.tmx"/>');
  });
});
