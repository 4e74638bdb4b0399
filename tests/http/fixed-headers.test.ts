/**
 * helmet's headers worked out once (fixed-headers.ts): every response of the app carries exactly
 * the headers helmet itself sets with the app's options, in its order, and a middleware whose
 * headers depend on the request, or that does not pass it on, is refused at start-up.
 */
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { CSP_DIRECTIVES } from '../../src/http/console.js';
import { fixedHeaders } from '../../src/http/fixed-headers.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';

/** helmet as the app configures it. */
const appHelmet = () => helmet({ contentSecurityPolicy: { directives: CSP_DIRECTIVES } });

/** The header lines an app answers `GET /` with, without the ones that change from one answer to the next. */
async function headerLines(app: express.Express): Promise<string[]> {
  const res = await request(app).get('/');
  const raw = (res as unknown as { res: { rawHeaders: string[] } }).res.rawHeaders;
  const lines: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (!/^(date|etag|connection|keep-alive)$/i.test(raw[i]!)) lines.push(`${raw[i]}: ${raw[i + 1]}`);
  return lines;
}

function serving(first: RequestHandler): express.Express {
  const app = express();
  app.use(first);
  app.use((_req, res) => { res.send('ok'); });
  return app;
}

describe('fixedHeaders', () => {
  it('sets what helmet sets, in its order, for the app\'s options and for helmet\'s defaults', async () => {
    for (const make of [appHelmet, () => helmet()]) {
      const expected = await headerLines(serving(make()));
      expect(expected.some((l) => l.startsWith('Content-Security-Policy:'))).toBe(true);
      expect(await headerLines(serving(fixedHeaders(make())))).toEqual(expected);
    }
  });

  it('removes what helmet removes', async () => {
    const app = express();
    app.use((_req, res, next) => { res.setHeader('X-Powered-By', 'something'); next(); });
    app.use(fixedHeaders(appHelmet()));
    app.use((_req, res) => { res.send('ok'); });
    expect((await request(app).get('/')).headers['x-powered-by']).toBeUndefined();
  });

  it('refuses a middleware that reads the request, fails, or does not pass it on', () => {
    expect(() => fixedHeaders((req, res, next) => { res.setHeader('X-Path', req.path); next(); })).toThrow(/read req.path/);
    expect(() => fixedHeaders((_req, _res, next) => { next(new Error('no')); })).toThrow(/no/);
    expect(() => fixedHeaders(() => undefined)).toThrow(/did not pass the request on/);
    expect(() => fixedHeaders((_req, res, next) => { res.setHeader('X-Count', 1 as unknown as string); next(); })).toThrow(/non-string/);
  });
});

describe('the app\'s security headers', () => {
  let t: TestApp;
  let app: express.Express;
  beforeAll(async () => {
    t = await makeTestApp({ seed: true });
    app = createApp({ services: t.services, logger: pino({ level: 'silent' }), validateResponses: true });
  });
  afterAll(() => t.close());

  it('are helmet\'s, on a lookup, a refusal and /health', async () => {
    const helmetOnly = await request(serving(appHelmet())).get('/');
    const names = Object.keys(helmetOnly.headers).filter((h) => !/^(date|etag|connection|keep-alive|content-type|content-length)$/.test(h));
    expect(names.length).toBeGreaterThanOrEqual(12);
    const answers = [
      await request(app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send({ source: '中国同中亚国家', sourceLang: 'zh-CN', targetLang: 'en' }).expect(200),
      await request(app).post('/api/v1/tm/lookup').send({}).expect(401),
      await request(app).get('/health').expect(200),
    ];
    for (const res of answers) for (const h of names) expect([h, res.headers[h]]).toEqual([h, helmetOnly.headers[h]]);
  });
});
