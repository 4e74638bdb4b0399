/**
 * Express's generated weak ETag is kept for GET and HEAD, whose answers a client can revalidate
 * (304), and left out of every other method's answer (app.ts `weakEtagsForReadsOnly`, issue 12:
 * hashing a lookup's answer was its largest native cost). An ETag a route sets itself stays.
 */
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SEED_COLLECTION } from '../../src/domain/collections.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ seed: true });
});
afterAll(() => t.close());

it('answers a lookup without a generated ETag, with its length', async () => {
  const res = await request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader)
    .send({ source: '鲁班工坊', sourceLang: 'zh-CN', targetLang: 'en' }).expect(200);
  expect(res.headers.etag).toBeUndefined();
  expect(Number(res.headers['content-length'])).toBe(Buffer.byteLength(res.text));
  expect(Array.isArray(res.body.matches)).toBe(true);
});

it('keeps the weak ETag of a GET, and answers 304 to it', async () => {
  const first = await request(t.app).get('/api/v1/tm/stats').set('Authorization', t.auth.reader).expect(200);
  expect(first.headers.etag).toMatch(/^W\/"/);
  await request(t.app).get('/api/v1/tm/stats').set('Authorization', t.auth.reader).set('If-None-Match', String(first.headers.etag)).expect(304);
});

it('keeps an ETag a route sets itself on a write', async () => {
  const res = await request(t.app).post(`/api/v1/glossaries/${SEED_COLLECTION}/entries`).set('Authorization', t.auth.terminologist)
    .send({ languages: { 'zh-CN': [{ term: '弱标签', status: 'preferred' }], en: [{ term: 'Weak tag', status: 'preferred' }] } }).expect(201);
  expect(res.headers.etag).toBe('"weak-tag-v1"');
});
