/**
 * The contract check's cache is not grown by made-up Content-Type headers (openapi.ts
 * `canonicalContentType`): the library builds and keeps a request validator for every distinct
 * method, route and header, parameters included, so each new header cost a build (about 10 KB
 * kept and 15 ms of CPU), reachable without a key on `/health`. A request without a body is
 * checked without its header; one with a body under its bare media type, or under one stand-in
 * for every undeclared type, still refused 415 naming the type sent.
 */
import { createRequire } from 'node:module';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

/** The library's request validator, whose `buildMiddleware` runs once per cache key. */
const validatorModule = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'))(
  './middlewares/openapi.request.validator.js') as { RequestValidator: { prototype: { buildMiddleware: (...args: unknown[]) => unknown } } };

const lookup = { source: '鲁班工坊', sourceLang: 'zh-CN', targetLang: 'en' };
const DISTINCT = 30;

describe('the contract check under made-up Content-Type headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  /** Builds while `send` runs DISTINCT times with a new header each time. */
  async function builds(send: (i: number) => Promise<unknown>): Promise<number> {
    const built = vi.spyOn(validatorModule.RequestValidator.prototype, 'buildMiddleware');
    try {
      for (let i = 0; i < DISTINCT; i++) await send(i);
      return built.mock.calls.length;
    } finally {
      built.mockRestore();
    }
  }

  it('builds nothing per header for a request without a body, and keeps the header for what follows', async () => {
    expect(await builds(async (i) => {
      await request(t.app).get('/health').set('Content-Type', `text/plain; x=${i}`).expect(200);
    })).toBeLessThanOrEqual(1);
  });

  it('checks a body under its bare media type: parameters do not make new builds', async () => {
    expect(await builds(async (i) => {
      await request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader)
        .set('Content-Type', `application/json; charset=utf-8; x=${i}`).send(JSON.stringify(lookup)).expect(200);
    })).toBeLessThanOrEqual(1);
  });

  it('refuses undeclared media types 415, naming the type sent, with one build for all of them', async () => {
    const types: string[] = [];
    expect(await builds(async (i) => {
      const res = await request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader)
        .set('Content-Type', `application/x-made-up-${i}`).send('{}').expect(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      types.push(res.body.detail);
    })).toBeLessThanOrEqual(1);
    expect(types[7]).toContain('application/x-made-up-7');
  });
});
