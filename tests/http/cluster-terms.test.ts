/**
 * The term base shared by two nodes on one database (issue 13): entries, glossaries and imports
 * written on A are recognised on B; If-Match holds across nodes (one 200 and one 412), also when
 * both PUTs are sent at the same time.
 */
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/domain/auth/roles.js';
import { describePg } from '../helpers/postgres.js';
import { startNode, type TestNode, useNodePair } from '../helpers/nodes.js';

const ENTRIES = '/api/v1/glossaries/default/entries';

describePg('the term base shared by several nodes', (cluster) => {
  const nodes = useNodePair(cluster);
  let a: TestNode, b: TestNode, auth: Record<Role, string>, url: string;
  beforeAll(() => ({ a, b, auth, url } = nodes));
  const recognize = async (node: TestNode, text: string, seq?: string) => {
    const req = request(node.app).post('/api/v1/glossary/recognize').set('Authorization', auth.reader);
    if (seq) req.set('Caravan-Min-Seq', seq);
    const res = await req.send({ text, lang: 'zh-CN' }).expect(200);
    return (res.body.terms as { entryId: string; term: string }[]).map((t) => `${t.entryId}:${t.term}`);
  };
  const entry = (zh: string, en: string) => ({ languages: { 'zh-CN': [{ term: zh, status: 'preferred' }], en: [{ term: en, status: 'preferred' }] } });

  it('recognises on B a term created and then edited on A; both nodes serve the same entry and history', async () => {
    const created = await request(a.app).post(ENTRIES).set('Authorization', auth.terminologist).send({ id: 'silk-road-office', ...entry('丝路办公室', 'Silk Road Office') }).expect(201);
    const seq = created.headers['caravan-seq'];
    expect(seq).toMatch(/^\d+$/);
    expect(await recognize(b, '丝路办公室已经成立。', seq)).toEqual(['silk-road-office:丝路办公室']);
    const edited = await request(a.app).put(`${ENTRIES}/silk-road-office`).set('Authorization', auth.terminologist).set('If-Match', String(created.headers.etag))
      .send(entry('丝路合作办公室', 'Silk Road Cooperation Office')).expect(200);
    expect(await recognize(b, '丝路合作办公室已经成立。', edited.headers['caravan-seq'])).toEqual(['silk-road-office:丝路合作办公室']);
    expect(await recognize(b, '丝路办公室已经成立。')).toEqual([]);
    const onB = await request(b.app).get(`${ENTRIES}/silk-road-office`).set('Authorization', auth.reader).expect(200);
    expect(onB.headers.etag).toBe('"silk-road-office-v2"');
    const history = await request(b.app).get(`${ENTRIES}/silk-road-office/history`).set('Authorization', auth.reader).expect(200);
    expect(history.body.history.map((h: { version: number; action: string }) => [h.version, h.action])).toEqual([[1, 'created'], [2, 'updated']]);
    const gone = await request(b.app).delete(`${ENTRIES}/silk-road-office`).set('Authorization', auth.terminologist).set('If-Match', '"silk-road-office-v2"').expect(204);
    expect(await recognize(a, '丝路合作办公室已经成立。', gone.headers['caravan-seq'])).toEqual([]);
  });

  it('gives one 200 and one 412 for the same If-Match on two nodes, one after the other and at the same time', async () => {
    const created = await request(a.app).post(ENTRIES).set('Authorization', auth.terminologist).send({ id: 'green-silk-road', ...entry('绿色丝绸之路', 'Green Silk Road') }).expect(201);
    const put = (node: TestNode, en: string) => request(node.app).put(`${ENTRIES}/green-silk-road`).set('Authorization', auth.terminologist)
      .set('If-Match', String(created.headers.etag)).send(entry('绿色丝绸之路', en));
    const first = await put(a, 'Green Silk Road (A)');
    const second = await put(b, 'Green Silk Road (B)');
    expect([first.status, second.status]).toEqual([200, 412]);
    expect(second.body).toMatchObject({ status: 412 });
    for (let round = 0; round < 5; round++) {
      const current = await request(a.app).get(`${ENTRIES}/green-silk-road`).set('Authorization', auth.reader).expect(200);
      const race = (node: TestNode, en: string) => request(node.app).put(`${ENTRIES}/green-silk-road`).set('Authorization', auth.terminologist)
        .set('If-Match', String(current.headers.etag)).send(entry('绿色丝绸之路', en));
      const results = await Promise.all([race(a, `A ${round}`), race(b, `B ${round}`)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
      const winner = results.find((r) => r.status === 200);
      const stored = await request(b.app).get(`${ENTRIES}/green-silk-road`).set('Authorization', auth.reader).set('Caravan-Min-Seq', String(winner?.headers['caravan-seq'])).expect(200);
      expect(stored.body.languages.en).toEqual(winner?.body.languages.en);
      expect(stored.body.version).toBe(current.body.version + 1);
    }
  });

  it('carries glossaries (created, changed, deleted) and imports to the other node', async () => {
    const made = await request(a.app).post('/api/v1/glossaries').set('Authorization', auth.admin).send({ id: 'client-x', name: 'Client X' }).expect(201);
    const seen = await request(b.app).get('/api/v1/glossaries/client-x').set('Authorization', auth.reader).set('Caravan-Min-Seq', String(made.headers['caravan-seq'])).expect(200);
    expect(seen.body).toMatchObject({ id: 'client-x', name: 'Client X', stats: { entries: 0 } });
    const csv = 'zh-CN,en\n数字丝绸之路,Digital Silk Road\n空中丝绸之路,Air Silk Road\n';
    const imported = await request(a.app).post('/api/v1/glossaries/client-x/import').set('Authorization', auth.terminologist).set('Content-Type', 'text/csv').send(csv).expect(200);
    const seq = imported.headers['caravan-seq'];
    const stats = await request(b.app).get('/api/v1/glossaries/client-x').set('Authorization', auth.reader).set('Caravan-Min-Seq', String(seq)).expect(200);
    expect(stats.body.stats).toMatchObject({ entries: 2, languages: [{ lang: 'en', terms: 2 }, { lang: 'zh-CN', terms: 2 }] });
    const terms = await request(b.app).post('/api/v1/glossary/recognize').set('Authorization', auth.reader)
      .send({ text: '建设数字丝绸之路和空中丝绸之路。', lang: 'zh-CN', glossaries: ['client-x'] }).expect(200);
    expect(terms.body.terms.map((t: { term: string }) => t.term)).toEqual(['数字丝绸之路', '空中丝绸之路']);
    const renamed = await request(a.app).patch('/api/v1/glossaries/client-x').set('Authorization', auth.admin).send({ name: 'Client X (2027)' }).expect(200);
    expect((await request(b.app).get('/api/v1/glossaries/client-x').set('Authorization', auth.reader).set('Caravan-Min-Seq', String(renamed.headers['caravan-seq']))).body.name)
      .toBe('Client X (2027)');
    const deleted = await request(a.app).delete('/api/v1/glossaries/client-x').set('Authorization', auth.admin).expect(204);
    await request(b.app).get('/api/v1/glossaries/client-x').set('Authorization', auth.reader).set('Caravan-Min-Seq', String(deleted.headers['caravan-seq'])).expect(404);
    const after = await request(b.app).post('/api/v1/glossary/recognize').set('Authorization', auth.reader).send({ text: '建设数字丝绸之路。', lang: 'zh-CN' }).expect(200);
    expect(after.body.terms).toEqual([]);
  });

  it('a node started later loads the shared term base', async () => {
    const created = await request(b.app).post(ENTRIES).set('Authorization', auth.terminologist).send({ id: 'late-node-term', ...entry('健康丝绸之路', 'Health Silk Road') }).expect(201);
    const c = await startNode(url);
    try {
      expect(await recognize(c, '共建健康丝绸之路。', created.headers['caravan-seq'])).toEqual(['late-node-term:健康丝绸之路']);
    } finally {
      await c.close();
    }
  });
});
