/**
 * Routers gated by the first path segment (route-gate.ts): the gate lists a router's own routes,
 * refuses to gate what it cannot list, and through the whole app every router still answers its
 * paths (in any case, as Express matches them) while other paths reach the 404 as before.
 */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolesFromSpec } from '../../src/http/auth.js';
import { inOrder, onlyUnder, routeSegments } from '../../src/http/route-gate.js';
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

describe('the contract role check, picked by first segment', () => {
  it('refuses at start-up a contract path led by a parameter', () => {
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

describe('handlers in order, as one handler', () => {
  /** An app running `handlers` through inOrder, then `after`, answering errors with their message. */
  function appOf(handlers: RequestHandler[]) {
    const app = express();
    app.use(inOrder(handlers));
    app.use((_req, res) => { res.send(`after ${String(res.locals.seen)}`); });
    const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => { res.status(500).send(`error ${err.message}`); };
    app.use(onError);
    return app;
  }
  const see = (name: string): RequestHandler => (_req, res, next) => { res.locals.seen = `${String(res.locals.seen ?? '')}${name}`; next(); };

  it('runs each handler in turn, stops at one that answers, and goes on after the last', async () => {
    expect((await request(appOf([see('a'), see('b')])).get('/')).text).toBe('after ab');
    expect((await request(appOf([see('a'), (_req, res) => { res.send('answered'); }, see('c')])).get('/')).text).toBe('answered');
    expect((await request(appOf([])).get('/')).text).toBe('after undefined');
  });

  it('passes errors, throws and rejections on as Express 5 does, and route/router as a Router does', async () => {
    expect((await request(appOf([see('a'), (_req, _res, next) => next(new Error('passed')), see('c')])).get('/')).text).toBe('error passed');
    expect((await request(appOf([() => { throw new Error('thrown'); }])).get('/')).text).toBe('error thrown');
    expect((await request(appOf([async () => { throw new Error('rejected'); }])).get('/')).text).toBe('error rejected');
    expect((await request(appOf([() => Promise.reject(undefined)])).get('/')).text).toBe('error Rejected promise');
    expect((await request(appOf([see('a'), (_req, _res, next) => next('route'), see('c')])).get('/')).text).toBe('after ac');
    expect((await request(appOf([see('a'), (_req, _res, next) => next('router'), see('c')])).get('/')).text).toBe('after a');
  });
});
