/**
 * Routers gated by the first path segment (route-gate.ts): the gate lists a router's own routes,
 * refuses to gate what it cannot list, and through the whole app every router still answers its
 * paths (in any case, as Express matches them) while other paths reach the 404 as before.
 */
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolesFromSpec } from '../../src/http/auth.js';
import { bySegment, onlyUnder, routeSegments } from '../../src/http/route-gate.js';
import { makeTestApp, type TestApp } from '../helpers/app.js';

describe('route gate', () => {
  it('lists the first segments of a router of routes, lower case, and nothing for middleware or a leading parameter', () => {
    const routes = express.Router();
    routes.get('/tm/units', (_req, res) => { res.end(); });
    routes.post('/TM/lookup', (_req, res) => { res.end(); });
    routes.get('/me', (_req, res) => { res.end(); });
    expect(routeSegments(routes)?.sort()).toEqual(['me', 'tm']);
    const withMiddleware = express.Router();
    withMiddleware.use((_req, _res, next) => next());
    withMiddleware.get('/tm', (_req, res) => { res.end(); });
    expect(routeSegments(withMiddleware)).toBeUndefined();
    const withParameter = express.Router();
    withParameter.get('/:lang/x', (_req, res) => { res.end(); });
    expect(routeSegments(withParameter)).toBeUndefined();
  });

  it('passes a whole first segment in any case and nothing else', async () => {
    const app = express();
    app.use(onlyUnder(['/tm'], (_req, res) => { res.send('in'); }));
    app.use((_req, res) => { res.status(404).send('out'); });
    for (const path of ['/tm', '/tm/lookup', '/TM/lookup', '/Tm/']) expect((await request(app).get(path)).text, path).toBe('in');
    for (const path of ['/', '/tmx', '/tmx/lookup', '/api/tm', '//tm']) expect((await request(app).get(path)).text, path).toBe('out');
  });
});

describe('routers picked by their first segment', () => {
  const app = express();
  const tm = express.Router();
  tm.get('/tm/units', (_req, res) => { res.send('tm units'); });
  tm.post('/tm/lookup', (_req, res) => { res.send('tm lookup'); });
  const keys = express.Router();
  keys.get('/keys', (_req, res) => { res.send('keys'); });
  app.use(bySegment([tm, keys]));
  app.use((_req, res) => { res.status(404).send('out'); });

  it('hands a request to the router of its first segment, in any case, and anything else on', async () => {
    expect((await request(app).get('/tm/units')).text).toBe('tm units');
    expect((await request(app).post('/TM/lookup')).text).toBe('tm lookup');
    expect((await request(app).get('/keys')).text).toBe('keys');
    for (const path of ['/', '/tm', '/tm/stats', '/tmx/units', '/keys/x', '/api/tm/units']) expect((await request(app).get(path)).text, path).toBe('out');
    expect((await request(app).post('/tm/units')).text).toBe('out');
  });

  it('refuses at start-up routers it cannot list or that share a segment, and a contract path led by a parameter', () => {
    const withParameter = express.Router();
    withParameter.get('/:lang/x', (_req, res) => { res.end(); });
    expect(() => bySegment([withParameter])).toThrow('literal segment');
    expect(() => bySegment([tm, tm])).toThrow('two routers under /tm');
    const op = { get: { 'x-caravan-role': 'reader' } };
    expect(() => rolesFromSpec({ paths: { '/api/v1/{lang}/x': op } }, '/api/v1')).toThrow('literal segment');
    expect(() => rolesFromSpec({ paths: { '/api/v1/tm/x': op, '/api/v1/keys': op } }, '/api/v1')).not.toThrow();
  });
});

describe('every router behind its gate, through the app', () => {
  let t: TestApp;
  beforeAll(async () => { t = await makeTestApp({ seed: true }); });
  afterAll(async () => { await t.close(); });

  it('answers a path of each router', async () => {
    for (const path of ['/api/v1/me', '/api/v1/keys', '/api/v1/memories', '/api/v1/documents', '/api/v1/glossary/entries', '/api/v1/glossaries',
      '/api/v1/tm/units', '/api/v1/tm/stats', '/health', '/problems/not-found', '/openapi.yaml']) {
      const res = await request(t.app).get(path).set('Authorization', t.auth.admin);
      expect(res.status, path).toBe(200);
    }
    const lookup = await request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader)
      .send({ source: '鲁班工坊', sourceLang: 'zh-CN', targetLang: 'en' });
    expect(lookup.status).toBe(200);
    expect(Array.isArray(lookup.body.matches)).toBe(true);
  });

  it('routes a path in another case as Express does, and sends unknown paths to the 404 problem', async () => {
    const upper = await request(t.app).get('/api/v1/TM/stats').set('Authorization', t.auth.admin);
    const lower = await request(t.app).get('/api/v1/tm/stats').set('Authorization', t.auth.admin);
    expect(upper.status).toBe(lower.status);
    const unknown = await request(t.app).get('/api/v1/tmx/stats').set('Authorization', t.auth.admin);
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
