/**
 * The contract validator warmed before the server listens (app.ts `warmApp`, openapi.ts
 * `warmValidator`): the operations in WARM_OPERATIONS have their request validation built by the
 * warm-up, so their first user request builds nothing; any other operation is built on its first
 * request, as before; and a warmed app answers as a cold one does, refusals included.
 */
import { createRequire } from 'node:module';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { warmApp } from '../../src/http/app.js';
import { WARM_OPERATIONS, loadOpenApi, warmValidator } from '../../src/http/openapi.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';

/** The library's request validator, whose `buildMiddleware` runs once per operation and media type. */
const validatorModule = createRequire(createRequire(import.meta.url).resolve('express-openapi-validator'))(
  './middlewares/openapi.request.validator.js') as { RequestValidator: { prototype: { buildMiddleware: (...args: unknown[]) => unknown } } };

const lookup = { source: '鲁班工坊', sourceLang: 'zh-CN', targetLang: 'en' };

describe('the contract validator warmed before listening', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

  it('builds the warmed operations before their first request, and only those', async () => {
    const built = vi.spyOn(validatorModule.RequestValidator.prototype, 'buildMiddleware');
    try {
      // One build per operation and media type of its body.
      expect(await warmApp(t.app)).toBeGreaterThanOrEqual(WARM_OPERATIONS.length);
      const byWarmUp = built.mock.calls.length;
      expect(byWarmUp).toBeGreaterThanOrEqual(WARM_OPERATIONS.length);
      built.mockClear();
      await request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send(lookup).expect(200);
      await request(t.app).get('/health').expect(200);
      await request(t.app).get('/api/v1/memories').set('Authorization', t.auth.reader).expect(200);
      expect(built).not.toHaveBeenCalled();
      // An operation not warmed is built on its first request (so the count above can see a build).
      await request(t.app).get('/api/v1/tm/stats').set('Authorization', t.auth.reader).expect(200);
      expect(built).toHaveBeenCalledTimes(1);
    } finally {
      built.mockRestore();
    }
  });

  it('answers as before once warmed: refusals keep their problem documents', async () => {
    const res = await request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send({ ...lookup, threshold: 'high' }).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/body/threshold' })]);
    await request(t.app).post('/api/v1/tm/lookup').send(lookup).expect(401);
    // A path parameter is still checked against its schema (the warm-up ran the library's first-request steps on this app).
    const unit = await request(t.app).get('/api/v1/tm/units/1x').set('Authorization', t.auth.reader).expect(400);
    expect(unit.body.errors).toEqual([expect.objectContaining({ path: '/params/id' })]);
  });

  it('refuses to warm when the contract has lost a warmed operation (the list outlived an edit of openapi.yaml)', async () => {
    const lost = WARM_OPERATIONS.at(-1) as string;
    const [method = '', path = ''] = lost.split(' ');
    const spec = loadOpenApi();
    delete spec.paths[path]?.[method.toLowerCase()];
    await expect(warmValidator([], t.app, spec)).rejects.toThrow(`openapi.yaml has no operation ${lost} to warm`);
  });
});
