/**
 * The role check of `/api/v1` (auth.ts `rolesFromSpec`) matches paths as Express's router
 * matched the routes it used to build: in any case, with a trailing slash, with parameters
 * (decoded, a malformed escape a 400), HEAD checked as GET, OPTIONS refused 405 with `Allow`,
 * and a method the path lacks or a path the contract lacks passed on.
 */
import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { rolesFromSpec } from '../../src/http/auth.js';
import type { OpenApiDocument } from '../../src/http/openapi.js';

const spec = {
  paths: {
    '/api/v1/tm/units/{id}': { get: { 'x-caravan-role': 'reader' }, put: { 'x-caravan-role': 'translator' } },
    '/api/v1/tm/units/export': { get: { 'x-caravan-role': 'admin' }, post: { 'x-caravan-role': 'admin' } },
    '/api/v1/keys': { get: { 'x-caravan-role': 'admin' } },
    '/api/v1/tm/lookup': { post: { 'x-caravan-role': 'reader' } },
  },
} as unknown as OpenApiDocument;

/** An app whose caller has `role`, the role check under `/api/v1`, then `passed <path>` or the error's status and message. */
function appFor(role: string) {
  const app = express();
  app.use((_req, res, next) => { res.locals.principal = { name: 'k', role }; next(); });
  app.use('/api/v1', rolesFromSpec(spec, '/api/v1'));
  app.use((req, res) => { res.send(`passed ${req.path}`); });
  const onError: ErrorRequestHandler = (err: { status?: number; message: string }, _req, res, _next) => {
    res.status(err.status ?? 500).send(err.message);
  };
  app.use(onError);
  return app;
}

describe('role check by the contract', () => {
  const reader = appFor('reader');

  it('checks a path in any case, with a trailing slash, and a parameter plain or encoded', async () => {
    for (const path of ['/api/v1/keys', '/api/v1/KEYS', '/api/v1/keys/', '/api/v1/Keys/']) {
      const res = await request(reader).get(path);
      expect(res.status, path).toBe(403);
      expect(res.body.detail).toBe('This needs the admin role; the key "k" has reader.');
    }
    for (const path of ['/api/v1/tm/units/7', '/api/v1/TM/Units/7/', '/api/v1/tm/units/%37%20x']) {
      expect((await request(reader).get(path)).text, path).toBe(`passed ${path}`);
      expect((await request(reader).put(path)).status, path).toBe(403);
    }
  });

  it('checks every path a request matches, in the contract order', async () => {
    // `/tm/units/export` is also `/tm/units/{id}`: a reader may GET the one, not the other.
    expect((await request(reader).get('/api/v1/tm/units/export')).status).toBe(403);
    expect((await request(reader).post('/api/v1/tm/units/export')).status).toBe(403);
    expect((await request(appFor('admin')).get('/api/v1/tm/units/export')).status).toBe(200);
  });

  it('answers a malformed escape in a parameter 400, before the role', async () => {
    const res = await request(reader).put('/api/v1/tm/units/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.text).toBe("Failed to decode param '%E0%A4%A'");
  });

  it('checks HEAD as GET', async () => {
    expect((await request(reader).head('/api/v1/keys')).status).toBe(403);
    expect((await request(reader).head('/api/v1/tm/units/7')).status).toBe(200);
    expect((await request(appFor('admin')).head('/api/v1/keys')).status).toBe(200);
  });

  it('refuses OPTIONS 405 with the methods of the first path that matches', async () => {
    const units = await request(reader).options('/api/v1/tm/units/7');
    expect(units.status).toBe(405);
    expect(units.headers.allow).toBe('GET, PUT');
    expect((await request(reader).options('/api/v1/tm/lookup/')).headers.allow).toBe('POST');
  });

  it('passes on a method the path lacks and a path the contract lacks', async () => {
    expect((await request(reader).delete('/api/v1/keys')).text).toBe('passed /api/v1/keys');
    expect((await request(reader).get('/api/v1/tm/lookup')).text).toBe('passed /api/v1/tm/lookup');
    for (const path of ['/api/v1/tm/lookup/x', '/api/v1/tmx/lookup', '/api/v1/keys/x/y', '/api/v1/', '/api/v1/%74m/lookup']) {
      expect((await request(reader).post(path)).status, path).toBe(200);
    }
  });
});
