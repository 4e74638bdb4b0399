/**
 * CORS is a setting (CARAVAN_CORS_ORIGINS): by default no CORS header is sent, and OPTIONS is
 * refused with problem+json like any other method a route lacks; configured origins get
 * preflight answers and CORS headers, other origins get nothing.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

const CONSOLE = 'https://console.example.org';
const preflight = (t: TestApp, origin: string) => request(t.app).options('/api/v1/tm/lookup')
  .set('Origin', origin).set('Access-Control-Request-Method', 'POST').set('Access-Control-Request-Headers', 'authorization, content-type');

describe('without CORS origins (the default)', () => {
  let t: TestApp;
  beforeAll(async () => { t = await makeTestApp(); });
  afterAll(() => t.close());

  it('sends no CORS header, not even to a browser that asks', async () => {
    const res = await request(t.app).get('/api/v1/tm/stats').set('Origin', CONSOLE).set('Authorization', t.auth.reader).expect(200);
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    const pre = await preflight(t, CONSOLE);
    expect(Object.keys(pre.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(pre.status).toBe(401);
    expect(pre.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers OPTIONS 405 problem+json with Allow, like any method a route lacks', async () => {
    const res = await request(t.app).options('/api/v1/tm/units').set('Authorization', t.auth.admin);
    expect(res.status).toBe(405);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers.allow).toBe('GET, POST');
    expect(res.body).toMatchObject({ type: '/problems/method-not-allowed', status: 405 });
    const put = await request(t.app).put('/api/v1/tm/units').set('Authorization', t.auth.admin).send({});
    expect(put.status).toBe(405);
    const health = await request(t.app).options('/health');
    expect(health.status).toBe(405);
    expect(health.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('with CORS origins', () => {
  let t: TestApp;
  beforeAll(async () => { t = await makeTestApp({ app: { corsOrigins: [CONSOLE] } }); });
  afterAll(() => t.close());

  it('answers a preflight from a configured origin, before authentication', async () => {
    const res = await preflight(t, CONSOLE).expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(CONSOLE);
    expect(res.headers['access-control-allow-methods']).toBe('GET,POST,PUT,DELETE');
    expect(res.headers['access-control-allow-headers']).toBe('Authorization,Content-Type,If-Match');
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(res.headers.vary).toContain('Origin');
  });

  it('marks answers to a configured origin, and exposes the headers a client reads', async () => {
    const res = await request(t.app).get('/api/v1/glossary/entries/luban-workshop').set('Origin', CONSOLE).set('Authorization', t.auth.reader);
    expect(res.headers['access-control-allow-origin']).toBe(CONSOLE);
    expect(res.headers['access-control-expose-headers']).toContain('ETag');
    const refused = await request(t.app).get('/api/v1/tm/stats').set('Origin', CONSOLE).expect(401);
    expect(refused.headers['access-control-allow-origin'], 'a browser may read why it was refused').toBe(CONSOLE);
  });

  it('gives another origin nothing', async () => {
    const pre = await preflight(t, 'https://elsewhere.example.com');
    expect(pre.status).toBe(401);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const res = await request(t.app).get('/api/v1/tm/stats').set('Origin', 'https://elsewhere.example.com').set('Authorization', t.auth.reader).expect(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('takes * for any origin', async () => {
    const any = await makeTestApp({ app: { corsOrigins: ['*'] } });
    try {
      const res = await preflight(any, 'https://anywhere.example.net').expect(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
    } finally {
      await any.close();
    }
  });
});
