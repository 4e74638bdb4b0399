/**
 * The contract check once the validator is ready (openapi.ts `directOnceReady`): its metadata,
 * request and response steps run directly, and the metadata of a path without parameters is kept
 * per method and path. Each case is sent to a fresh app first (the library's own path, the first
 * request) and then to an app that has answered lookups before (the direct path): the same status
 * and the same problem document, and a kept path no longer walks the contract's routes.
 */
import { createRequire } from 'node:module';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

const lookup = { source: '鲁班工坊', sourceLang: 'zh-CN', targetLang: 'en' };

/** The validator's copy of path-to-regexp, through which it matches every route it tries. */
const matchers = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'))('path-to-regexp') as { pathToRegexp: (...args: unknown[]) => unknown };

describe('the contract check, direct once ready', () => {
  let warm: TestApp;
  beforeAll(async () => {
    warm = await makeTestApp();
    for (let i = 0; i < 2; i++) await request(warm.app).post('/api/v1/tm/lookup').set('Authorization', warm.auth.reader).send(lookup).expect(200);
  });
  afterAll(() => warm.close());

  /** The answer of a fresh app (first request) and of the warm one to the same request. */
  async function both(send: (t: TestApp) => request.Test) {
    const fresh = await makeTestApp();
    try {
      const first = await send(fresh);
      const later = await send(warm);
      return { first, later };
    } finally {
      await fresh.close();
    }
  }

  it('finds a kept lookup route without walking the contract\'s routes', async () => {
    const walked = vi.spyOn(matchers, 'pathToRegexp');
    try {
      await request(warm.app).post('/api/v1/tm/lookup').set('Authorization', warm.auth.reader).send(lookup).expect(200);
      expect(walked).not.toHaveBeenCalled();
      // A path with a parameter is not kept: it is matched route by route, as before, the second time too.
      for (let i = 0; i < 2; i++) {
        walked.mockClear();
        await request(warm.app).get('/api/v1/tm/units/999999').set('Authorization', warm.auth.reader).expect(404);
        expect(walked).toHaveBeenCalled();
      }
      // Nor is another spelling of a kept path (the map stays as small as the contract, whatever clients send).
      for (let i = 0; i < 2; i++) {
        walked.mockClear();
        await request(warm.app).post('/api/v1/TM/lookup').set('Authorization', warm.auth.reader).send(lookup);
        expect(walked).toHaveBeenCalled();
      }
      walked.mockClear();
      await request(warm.app).post('/api/v1/tm/lookup').set('Authorization', warm.auth.reader).send(lookup).expect(200);
      expect(walked).not.toHaveBeenCalled();
    } finally {
      walked.mockRestore();
    }
  });

  it.each([
    ['a body field of the wrong type', (t: TestApp) => request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send({ ...lookup, threshold: 'high' })],
    ['an unknown body field', (t: TestApp) => request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send({ ...lookup, colour: 'red' })],
    ['a missing required field', (t: TestApp) => request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send({ source: '鲁班工坊' })],
    ['an unknown query parameter', (t: TestApp) => request(t.app).post('/api/v1/tm/lookup?colour=red').set('Authorization', t.auth.reader).send(lookup)],
    ['a method the path does not take', (t: TestApp) => request(t.app).put('/api/v1/tm/lookup').set('Authorization', t.auth.admin).send(lookup)],
    ['a path parameter of the wrong type', (t: TestApp) => request(t.app).get('/api/v1/tm/units/abc').set('Authorization', t.auth.reader)],
    ['a path the contract does not have', (t: TestApp) => request(t.app).get('/api/v1/tm/nowhere').set('Authorization', t.auth.reader)],
  ])('refuses %s as the library does on its first request', async (_name, send) => {
    const { first, later } = await both(send);
    expect(first.status).toBeGreaterThanOrEqual(400);
    expect(first.status).toBeLessThan(500);
    expect(later.status).toBe(first.status);
    expect(later.headers['content-type']).toBe(first.headers['content-type']);
    expect(later.headers.allow).toBe(first.headers.allow);
    expect(later.body).toEqual(first.body);
  });

  it('gives a kept path the same answer in another case and with a trailing slash', async () => {
    for (const path of ['/api/v1/TM/lookup', '/api/v1/tm/lookup/']) {
      const { first, later } = await both((t) => request(t.app).post(path).set('Authorization', t.auth.reader).send(lookup));
      expect(later.status).toBe(first.status);
      expect(later.body).toEqual(first.body);
    }
  });
});
