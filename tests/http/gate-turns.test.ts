/**
 * The `/api/v1` gate (rate limit, key, role, `Caravan-Min-Seq`) adds no turn of the event loop
 * (issue 12): Express's router (router 2) calls `setImmediate` to leave a Router whose stack ran
 * out without an answer, and during an import every such turn let a slice of the import's work
 * run before the request went on. Counted by wrapping `setImmediate` while one request is served.
 */
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeTestApp, type TestApp } from '../helpers/app.js';

/** Calls of `setImmediate` made by Express's router while `send` runs. */
async function routerTurns(send: () => PromiseLike<unknown>): Promise<number> {
  const original = globalThis.setImmediate;
  let turns = 0;
  const counting = ((...args: Parameters<typeof setImmediate>) => {
    if (/[\\/]node_modules[\\/]router[\\/]/.test(new Error().stack ?? '')) turns++;
    return original(...args);
  }) as typeof setImmediate;
  globalThis.setImmediate = Object.assign(counting, original);
  try {
    await send();
  } finally {
    globalThis.setImmediate = original;
  }
  return turns;
}

describe('the /api/v1 gate takes no turn of the event loop', () => {
  let t: TestApp;
  beforeAll(async () => { t = await makeTestApp({ seed: true }); });
  afterAll(async () => { await t.close(); });
  afterEach(() => { expect(globalThis.setImmediate.name).not.toBe('counting'); });

  it('for a lookup', async () => {
    let status = 0;
    const turns = await routerTurns(async () => {
      status = (await request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader)
        .send({ source: '鲁班工坊', sourceLang: 'zh-CN', targetLang: 'en' })).status;
    });
    expect(status).toBe(200);
    expect(turns).toBe(0);
  });

  it('for a 403 and for a path with a parameter', async () => {
    let forbidden = 0;
    expect(await routerTurns(async () => {
      forbidden = (await request(t.app).get('/api/v1/keys').set('Authorization', t.auth.reader)).status;
    })).toBe(0);
    expect(forbidden).toBe(403);
    // A unit of the seed memory (an error a route passes on, such as a 404 for a missing unit,
    // still leaves the routers after the gate through setImmediate: errors only).
    let found = 0;
    expect(await routerTurns(async () => {
      found = (await request(t.app).get('/api/v1/tm/units/1').set('Authorization', t.auth.reader)).status;
    })).toBe(0);
    expect(found).toBe(200);
    let refused = 0;
    expect(await routerTurns(async () => {
      refused = (await request(t.app).put('/api/v1/tm/units/999999').set('Authorization', t.auth.reader).send({})).status;
    })).toBe(0);
    expect(refused).toBe(403);
  });
});
