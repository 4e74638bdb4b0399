/**
 * Health for load balancers and the read-your-writes headers on the embedded store (one node,
 * no change log): live and ready once the index is built, no Caravan-Seq, Caravan-Min-Seq
 * already satisfied (and still validated).
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

it('answers /health/live at once, and /health/ready 503 until the index is built, then 200', async () => {
  await request(t.app).get('/health/live').expect(200, { status: 'ok' });
  const before = await request(t.app).get('/health/ready').expect(503);
  expect(before.headers['retry-after']).toBe('1');
  expect(before.body).toMatchObject({ type: '/problems/unavailable', status: 503, appliedSeq: 0 });
  await t.services.tm.warm();
  await request(t.app).get('/health/ready').expect(200, { status: 'ready', appliedSeq: 0 });
});

it('sends no Caravan-Seq on the embedded store, serves any Caravan-Min-Seq and rejects a malformed one', async () => {
  const res = await request(t.app).post('/api/v1/tm/units').set('Authorization', t.auth.translator)
    .send({ sourceLang: 'zh-CN', targetLang: 'en', source: '一。', target: 'One.' }).expect(201);
  expect(res.headers['caravan-seq']).toBeUndefined();
  await request(t.app).get('/api/v1/tm/stats').set('Authorization', t.auth.reader).set('Caravan-Min-Seq', '12345').expect(200);
  const bad = await request(t.app).get('/api/v1/tm/stats').set('Authorization', t.auth.reader).set('Caravan-Min-Seq', '-1').expect(400);
  expect(bad.body.errors).toEqual([{ path: '/headers/caravan-min-seq', message: 'must be a non-negative integer' }]);
});
