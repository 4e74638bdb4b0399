/**
 * The per-key rate limit (rate-limit.ts) of `/api/v1`: the draft-8 headers express-rate-limit
 * sent (checked against the library itself, run on the same counted keys), the 429 problem with
 * `Retry-After`, keys counted apart and by the key, not by the header's spelling, the window
 * restarting, and the keys of two windows kept and no more (the bytes retained). The key hashed
 * once for the limit and the key check together is tested in presented-key.test.ts.
 */
import express from 'express';
import { ipKeyGenerator, rateLimit as libraryRateLimit } from 'express-rate-limit';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { partitionKey, policyName, rateLimit } from '../../src/http/rate-limit.js';
import { keyDigest } from '../../src/services/keys.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { retainedBy } from '../helpers/heap.js';

/** Requests per minute per key in this test's app. */
const LIMIT = 3;
const lookup = { source: '中国同中亚国家', sourceLang: 'zh-CN', targetLang: 'en', threshold: 70, limit: 5 };

describe('the rate limit of /api/v1', () => {
  let t: TestApp;
  let app: express.Express;
  beforeAll(async () => {
    t = await makeTestApp({ seed: true });
    app = createApp({ services: t.services, logger: pino({ level: 'silent' }), validateResponses: true, rateLimitPerMinute: LIMIT });
  });
  afterAll(() => t.close());

  it('counts a key down in the draft-8 headers, then answers 429 problem+json with Retry-After; another key goes on', async () => {
    const key = t.auth.reader.slice('Bearer '.length);
    const seen: string[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const ok = await request(app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send(lookup).expect(200);
      expect(ok.headers.ratelimit).toMatch(new RegExp(`^"${LIMIT}-in-1min"; r=${LIMIT - 1 - i}; t=(60|59)$`));
      seen.push(ok.headers['ratelimit-policy'] as string);
    }
    // One partition key for the key, the SHA-256 of its counted key as express-rate-limit wrote it; never the key.
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).toBe(`"${LIMIT}-in-1min"; q=${LIMIT}; w=60; pk=:${partitionKey(keyDigest(key).toString('base64url'))}:`);
    expect(seen[0]).not.toContain(key.slice(0, 12));
    const over = await request(app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send(lookup).expect(429);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(over.body).toMatchObject({ type: '/problems/rate-limited', status: 429, detail: `More than ${LIMIT} requests in a minute.` });
    expect(over.headers['retry-after']).toMatch(/^(60|59)$/);
    expect(over.headers.ratelimit).toMatch(/; r=0; /);
    await request(app).post('/api/v1/tm/lookup').set('Authorization', t.auth.translator).send(lookup).expect(200);
  });

  it('counts a key by the key, however the Bearer header spells it, and a keyless client by its address', async () => {
    const key = t.auth.admin.slice('Bearer '.length);
    for (const header of [`Bearer ${key}`, `bearer   ${key}`, `BEARER ${key} `]) {
      await request(app).get('/api/v1/memories').set('Authorization', header).expect(200);
    }
    await request(app).get('/api/v1/memories').set('Authorization', `Bearer ${key}`).expect(429);
    for (let i = 0; i < LIMIT; i++) await request(app).get('/api/v1/memories').expect(401);
    const keyless = await request(app).get('/api/v1/memories').expect(429);
    expect(keyless.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('rateLimit against express-rate-limit 8 (draft-8, its memory store)', () => {
  /** Two apps counting the same keys, one with the library and one with ours, on the same clock. */
  function pair(limit: number) {
    const keyOf = (req: express.Request) => req.get('x-key');
    const ours = express();
    ours.use(rateLimit({ limit, windowMs: 60_000, keyOf, refuse: (_req, res) => { res.status(429).send('over'); } }));
    ours.use((_req, res) => { res.send('ok'); });
    const library = express();
    library.use(libraryRateLimit({
      limit, windowMs: 60_000, standardHeaders: 'draft-8', legacyHeaders: false,
      // Ours counts a presented key by its SHA-256 (base64url): the library is given the same counted
      // key. A keyless request is counted by its address, as the library's default key counts it.
      keyGenerator: (req) => {
        const key = keyOf(req);
        return key ? keyDigest(key).toString('base64url') : ipKeyGenerator(req.ip ?? '');
      },
      handler: (_req, res) => { res.status(429).send('over'); },
    }));
    library.use((_req, res) => { res.send('ok'); });
    return { ours, library };
  }

  it('sends the same status and headers request after request, for two keys and a keyless client', async () => {
    const { ours, library } = pair(2);
    const send = (app: express.Express, key: string | undefined) => (key === undefined ? request(app).get('/') : request(app).get('/').set('x-key', key));
    for (const key of ['first-key-0123456789', 'first-key-0123456789', undefined, 'other-key-0123456789', 'first-key-0123456789', undefined, 'other-key-0123456789', undefined, 'other-key-0123456789']) {
      const [a, b] = [await send(ours, key), await send(library, key)];
      expect(a.status).toBe(b.status);
      for (const h of ['ratelimit', 'ratelimit-policy', 'retry-after']) expect([h, a.headers[h]]).toEqual([h, b.headers[h]]);
    }
  });

  it('names policies as the library does', () => {
    expect(policyName(600, 60_000)).toBe('600-in-1min');
    expect(policyName(10, 30_000)).toBe('10-in-30sec');
    expect(policyName(10, 2 * 3_600_000)).toBe('10-in-2hrs');
    expect(policyName(10, 86_400_000)).toBe('10-in-1day');
  });
});

describe('rateLimit: the window', () => {
  it('starts again a window after a key\'s first request, and a key unseen for a window starts afresh', async () => {
    let clock = 1_000_000;
    const app = express();
    app.use(rateLimit({ limit: 1, windowMs: 60_000, keyOf: (req) => req.get('x-key'), refuse: (_req, res) => { res.status(429).send('over'); }, now: () => clock }));
    app.use((_req, res) => { res.send('ok'); });
    const send = (key: string) => request(app).get('/').set('x-key', key);
    await send('a').expect(200);
    clock += 30_000;
    expect((await send('a').expect(429)).headers['retry-after']).toBe('30');
    clock += 30_000;
    expect((await send('a').expect(200)).headers.ratelimit).toBe('"1-in-1min"; r=0; t=60');
    clock += 150_000;
    await send('a').expect(200);
    await send('a').expect(429);
  });
});

describe('rateLimit: two generations of keys', () => {
  /** A limiter on an injected clock, called directly with requests that present `key-<n>`. */
  function limiter() {
    const clock = { at: 0 };
    const handler = rateLimit({ limit: 1, windowMs: 60_000, keyOf: (req) => req.get('x-key'), refuse: () => undefined, now: () => clock.at });
    const res = { setHeader: () => res } as unknown as express.Response;
    const refused = (key: string) => {
      let passed = false;
      handler({ get: () => key } as unknown as express.Request, res, () => { passed = true; });
      return !passed;
    };
    return { clock, refused };
  }

  it('keeps the count of a key seen in the window before', () => {
    const { clock, refused } = limiter();
    clock.at = 50_000;
    expect(refused('a')).toBe(false);
    clock.at = 70_000;
    expect(refused('a')).toBe(true);
    clock.at = 110_000;
    expect(refused('a')).toBe(false);
  });

  it('drops the keys unseen for a whole window: ten windows of new keys hold what two hold', async () => {
    /** Bytes held by a limiter after `windows` windows of 10,000 keys each seen once. */
    const heldAfter = async (windows: number) => {
      const { clock, refused } = limiter();
      let n = 0;
      const retained = await retainedBy(() => {
        for (let w = 0; w < windows; w++, clock.at += 60_000) {
          for (let k = 0; k < 10_000; k++) refused(`key-${n++}`);
        }
      });
      // Used after the count, so the limiter is held while it is counted; key-0 long gone, it starts afresh.
      expect(refused('key-0')).toBe(false);
      return retained;
    };
    const two = await heldAfter(2);
    const ten = await heldAfter(10);
    // Every key kept: 3.8 MB -> 18 MB (Node 20); two generations: 3.8 MB both.
    expect(two).toBeGreaterThan(1_000_000);
    expect(ten).toBeLessThan(2 * two);
  });
});
