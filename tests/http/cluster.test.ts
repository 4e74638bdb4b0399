/**
 * Several nodes on one PostgreSQL database (issue 13), in one process: units written on one node
 * are found on the others (at once with Caravan-Min-Seq, within a second without it), deletes,
 * maintenance (filtered deletes, search and replace, merges), memory drops and bulk imports reach
 * every index, a late node catches up, and readiness and the 503 of a sequence not reached behave
 * as documented. The shared term base: cluster-terms.test.ts.
 */
import request from 'supertest';
import { beforeAll, expect, it } from 'vitest';
import type { Role } from '../../src/domain/auth/roles.js';
import { describePg } from '../helpers/postgres.js';
import { startNode, type TestNode, useNodePair } from '../helpers/nodes.js';
import { prng } from '../../bench/synthetic.js';

const unit = (source: string, target: string) => ({ sourceLang: 'zh-CN', targetLang: 'en', source, target });
const tmx = (units: [string, string][]) => `<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/>
<body>${units.map(([s, t]) => `<tu><tuv xml:lang="zh-CN"><seg>${s}</seg></tuv><tuv xml:lang="en"><seg>${t}</seg></tuv></tu>`).join('\n')}</body></tmx>`;

describePg('several nodes on one database', (cluster) => {
  const nodes = useNodePair(cluster);
  let a: TestNode, b: TestNode, auth: Record<Role, string>, url: string;
  beforeAll(() => ({ a, b, auth, url } = nodes));

  const lookup = (node: TestNode, source: string, minSeq?: string) => {
    const req = request(node.app).post('/api/v1/tm/lookup').set('Authorization', auth.reader);
    if (minSeq) req.set('Caravan-Min-Seq', minSeq);
    return req.send({ sourceLang: 'zh-CN', targetLang: 'en', source });
  };
  const write = (node: TestNode, body: object) => request(node.app).post('/api/v1/tm/units').set('Authorization', auth.translator).send(body).expect(201);

  it('finds on B, with Caravan-Min-Seq, the unit written on A; the write answers with Caravan-Seq', async () => {
    const res = await write(a, unit('中国同中亚五国的友谊源远流长。', 'The friendship between China and the five Central Asian countries goes back a long way.'));
    const seq = res.headers['caravan-seq'];
    expect(seq).toMatch(/^\d+$/);
    const found = await lookup(b, '中国同中亚五国的友谊源远流长。', seq).expect(200);
    expect(found.body.matches[0]).toMatchObject({ unitId: res.body.ids[0], score: 100 });
    expect(Number(b.services.sync.applied())).toBeGreaterThanOrEqual(Number(seq));
    // Reads carry no sequence.
    expect(found.headers['caravan-seq']).toBeUndefined();
  });

  it('without the header, B finds a write of A within a second', async () => {
    const res = await write(a, unit('我们要共建一带一路。', 'We will build the Belt and Road together.'));
    const started = Date.now();
    let score: number | undefined;
    while (Date.now() - started < 1_000 && score === undefined) {
      score = (await lookup(b, '我们要共建一带一路。').expect(200)).body.matches[0]?.score;
    }
    expect(score).toBe(100);
    expect(res.body.created).toBe(1);
  });

  it('answers 503 with Retry-After when a node cannot reach Caravan-Min-Seq within 2 s; 400 for a malformed one', async () => {
    const started = Date.now();
    const res = await lookup(b, '一。', '999999999').expect(503);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body).toMatchObject({ type: '/problems/unavailable', status: 503 });
    await lookup(b, '一。', 'soon').expect(400);
  });

  it('carries deletes, replacements and dropped memories to the other node', async () => {
    await request(a.app).post('/api/v1/memories').set('Authorization', auth.admin).send({ id: 'client-x', name: 'Client X' }).expect(201);
    const [gone, kept] = (await write(a, { memory: 'client-x', units: [unit('即将删除的句子。', 'A sentence to delete.'), unit('保留的句子。', 'A sentence to keep.')] })).body.ids;
    const del = await request(a.app).delete(`/api/v1/tm/units/${gone}`).set('Authorization', auth.translator).expect(204);
    const seq = del.headers['caravan-seq'];
    expect((await lookup(b, '即将删除的句子。', seq).expect(200)).body.matches).toEqual([]);
    expect((await lookup(b, '保留的句子。', seq).expect(200)).body.matches[0]).toMatchObject({ unitId: kept, score: 100 });
    const dropped = await request(a.app).delete('/api/v1/memories/client-x').set('Authorization', auth.admin).expect(204);
    expect((await lookup(b, '保留的句子。', dropped.headers['caravan-seq']).expect(200)).body.matches).toEqual([]);
  });

  it('carries a filtered delete, a search and replace and a duplicate merge (each done on A) to the index on B', async () => {
    await request(a.app).post('/api/v1/memories').set('Authorization', auth.admin).send({ id: 'upkeep', name: 'Upkeep' }).expect(201);
    const [, replaced, older, newer] = (await write(a, { memory: 'upkeep', units: [unit('待清除的旧句子。', 'An obsolete sentence.'),
      unit('一带一路倡议。', 'The Belt and Road initiative.'), unit('鲁班工坊。', 'Luban Workshop.'), unit('鲁班 工坊.', 'Luban Workshop.')] })).body.ids;
    const twice = async (path: string, body: object, key: string) => {
      const preview = await request(a.app).post(path).set('Authorization', key).send(body).expect(200);
      return request(a.app).post(path).set('Authorization', key).send({ ...body, token: preview.body.token }).expect(200);
    };
    const del = await twice('/api/v1/tm/units/delete', { filter: { memories: ['upkeep'], target: 'obsolete' } }, auth.admin);
    expect(del.body).toEqual({ deleted: 1 });
    expect((await lookup(b, '待清除的旧句子。', del.headers['caravan-seq']).expect(200)).body.matches).toEqual([]);

    const rep = await twice('/api/v1/tm/units/replace', { filter: { memories: ['upkeep'] }, find: 'initiative', replacement: 'Initiative' }, auth.translator);
    expect(rep.body).toEqual({ changed: 1 });
    expect((await lookup(b, '一带一路倡议。', rep.headers['caravan-seq']).expect(200)).body.matches[0])
      .toMatchObject({ unitId: replaced, target: 'The Belt and Road Initiative.' });
    // B's own filter (its index folds the target text) finds the new target too.
    const onB = await request(b.app).get('/api/v1/tm/units?memories=upkeep&target=Initiative').set('Authorization', auth.reader).expect(200);
    expect(onB.body.units.map((u: { id: number }) => u.id)).toEqual([replaced]);

    const merged = await twice('/api/v1/memories/upkeep/merge-duplicates', {}, auth.translator);
    expect(merged.body).toEqual({ merged: 1 });
    const found = (await lookup(b, '鲁班工坊。', merged.headers['caravan-seq']).expect(200)).body.matches.map((m: { unitId: number }) => m.unitId);
    expect(found).toContain(newer);
    expect(found).not.toContain(older);
  });

  it('under concurrent writes, replacements and deletes of the same units on both nodes, both indexes end as the store is', async () => {
    await request(a.app).post('/api/v1/memories').set('Authorization', auth.admin).send({ id: 'race', name: 'Race' }).expect(201);
    const random = prng(99);
    const seqs: string[] = [];
    const ids: number[] = [];
    const step = async () => {
      const node = random() < 0.5 ? a : b;
      const pick = Math.floor(random() * 25);
      const r = random();
      let res: request.Response;
      if (r < 0.6 || ids.length === 0) {
        res = await write(node, { memory: 'race', ...unit(`竞速第${pick}句。`, `Race sentence ${pick}.`) });
        ids.push(res.body.ids[0]);
      } else if (r < 0.85) {
        const id = ids[Math.floor(random() * ids.length)];
        res = await request(node.app).put(`/api/v1/tm/units/${id}`).set('Authorization', auth.translator)
          .send(unit(`竞速第${pick}句。`, `Race sentence ${pick}, version ${Math.floor(random() * 1e6)}.`));
        expect([200, 404, 409]).toContain(res.status);
      } else {
        res = await request(node.app).delete(`/api/v1/tm/units/${ids[Math.floor(random() * ids.length)]}`).set('Authorization', auth.translator);
        expect([204, 404]).toContain(res.status);
      }
      if (res.headers['caravan-seq']) seqs.push(res.headers['caravan-seq']);
    };
    await Promise.all(Array.from({ length: 12 }, async () => { for (let i = 0; i < 40; i++) await step(); }));
    for (const node of [a, b]) for (const seq of seqs) expect(await node.services.sync.waitFor(Number(seq), 5_000)).toBe(true);
    const stored = await a.stores.tm.listUnits({ memories: ['race'], limit: 1_000 });
    expect(stored.length).toBeGreaterThan(5);
    for (const node of [a, b]) {
      expect(await node.services.tm.containing(['race'], 'source', '竞速')).toEqual(stored.map((u) => u.id));
      for (const u of stored) expect(await node.services.tm.containing(['race'], 'target', u.target)).toContain(u.id);
    }
  }, 60_000);

  it('refuses on B, within the follower\'s delay, a key B has been using and A revoked (the keys B keeps are read again, well before their 5 s)', async () => {
    const created = await request(a.app).post('/api/v1/keys').set('Authorization', auth.admin).send({ name: 'revoked-on-a', role: 'reader' }).expect(201);
    const key = `Bearer ${created.body.key}`;
    const me = () => request(b.app).get('/api/v1/me').set('Authorization', key);
    await me().expect(200);
    await me().expect(200);
    await request(a.app).delete(`/api/v1/keys/${created.body.id}`).set('Authorization', auth.admin).expect(204);
    const started = Date.now();
    let status = 200;
    while (Date.now() - started < 3_000 && status === 200) status = (await me()).status;
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('lets lookups on B, within the follower\'s delay, read a memory created on A and stop reading it once A deletes it (the memory ids B keeps are read again, well before their 5 s)', async () => {
    const named = () => request(b.app).post('/api/v1/tm/lookup').set('Authorization', auth.reader)
      .send({ sourceLang: 'zh-CN', targetLang: 'en', source: '一。', memories: [{ id: 'made-on-a' }] });
    const within = async (status: number) => {
      const started = Date.now();
      let got = (await named()).status;
      while (Date.now() - started < 3_000 && got !== status) got = (await named()).status;
      expect(got).toBe(status);
      expect(Date.now() - started).toBeLessThan(3_000);
    };
    await named().expect(404);
    await named().expect(404);
    await request(a.app).post('/api/v1/memories').set('Authorization', auth.admin).send({ id: 'made-on-a', name: 'Made on A' }).expect(201);
    await within(200);
    await request(a.app).delete('/api/v1/memories/made-on-a').set('Authorization', auth.admin).expect(204);
    await within(404);
  });

  it('carries a TMX import, as it commits, to the other node', async () => {
    const rows: [string, string][] = Array.from({ length: 300 }, (_, i) => [`第${i}届中国—中亚峰会在西安举行。`, `The ${i}th China–Central Asia Summit was held in Xi'an.`]);
    const res = await request(a.app).post('/api/v1/tm/import?sourceLang=zh-CN&targetLang=en').set('Authorization', auth.translator)
      .set('Content-Type', 'application/x-tmx+xml').send(tmx(rows));
    expect(res.status).toBe(200);
    const found = await lookup(b, '第299届中国—中亚峰会在西安举行。', res.headers['caravan-seq']).expect(200);
    expect(found.body.matches[0]).toMatchObject({ score: 100, target: "The 299th China–Central Asia Summit was held in Xi'an." });
  });

  it('a third node started after 100,000 units were written catches up and answers like the others', async () => {
    const random = prng(13);
    const LATE_WRITES = 100_000;
    for (let i = 0; i < LATE_WRITES; i += 5_000) {
      const batch = Array.from({ length: 5_000 }, (_, j) => ({ ...unit(`第${i + j}号文件：${random().toString(36).slice(2, 10)}合作。`, `Document ${i + j}.`) }));
      await a.services.tm.importUnits('default', batch, 'loader');
    }
    const c = await startNode(url);
    try {
      expect(c.services.sync.ready()).toBe(true);
      expect(c.services.tm.indexedUnits).toBe(a.services.tm.indexedUnits);
      const probe = '第12345号文件：合作。';
      const onA = (await lookup(a, probe).expect(200)).body.matches;
      const onC = (await lookup(c, probe).expect(200)).body.matches;
      expect(onC.length).toBeGreaterThan(0);
      expect(onC).toEqual(onA);
      const ready = await request(c.app).get('/health/ready').expect(200);
      expect(ready.body).toEqual({ status: 'ready', appliedSeq: c.services.sync.applied() });
      await request(c.app).get('/health/live').expect(200, { status: 'ok' });
    } finally {
      await c.close();
    }
  }, 300_000);

});
