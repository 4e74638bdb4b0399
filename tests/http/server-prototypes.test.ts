/**
 * The HTTP server creates requests and responses with the app's prototypes (server.ts, issue 12),
 * so Express's per-request `setPrototypeOf` changes nothing and their hidden classes are shared
 * between requests. Checked here: the objects arrive with the prototypes, Express's methods and
 * `req.app` work on them, a second server and supertest on the same app behave as before, and
 * the whole stack answers through such a server.
 */
import { IncomingMessage, type Server, type ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { createHttpServer } from '../../src/http/server.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { stopServer } from '../helpers/raw-http.js';

/** A small Express app using request and response methods from Express's prototypes. */
function plainApp(): Express {
  const app = express();
  app.get('/echo', (req, res) => {
    res.status(201).set('X-Seen', req.get('X-Probe') ?? 'none').json({ sameApp: req.app === app, query: req.query.q ?? null });
  });
  return app;
}

/** Listens on a free local port. */
async function listening(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return `http://127.0.0.1:${address.port}`;
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) stopServer(s);
});

describe('requests born with the app prototypes', () => {
  it('hands the app requests and responses that already have its prototypes', async () => {
    const app = plainApp();
    const server = createHttpServer(app);
    servers.push(server);
    const seen: boolean[] = [];
    // Runs before the app: what the server created, before Express sets any prototype.
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
      seen.push(Object.getPrototypeOf(req) === app.request, Object.getPrototypeOf(res) === app.response);
    });
    const base = await listening(server);
    const answer = await fetch(`${base}/echo?q=a`, { headers: { 'X-Probe': 'p' } });
    expect(answer.status).toBe(201);
    expect(seen).toEqual([true, true]);
  });

  it('keeps Express working on them: req.get, req.query, req.app, res.status, res.set, res.json', async () => {
    const app = plainApp();
    const server = createHttpServer(app);
    servers.push(server);
    const base = await listening(server);
    for (let i = 0; i < 3; i++) {
      const answer = await fetch(`${base}/echo?q=${i}`, { headers: { 'X-Probe': `p${i}` } });
      expect(answer.status).toBe(201);
      expect(answer.headers.get('x-seen')).toBe(`p${i}`);
      expect(await answer.json()).toEqual({ sameApp: true, query: String(i) });
    }
  });

  it('makes the classes once per app: a second server shares them, and supertest on the app still answers', async () => {
    const app = plainApp();
    const first = createHttpServer(app);
    const prototype = app.request;
    const second = createHttpServer(app);
    servers.push(first, second);
    expect(app.request).toBe(prototype);
    const seen: boolean[] = [];
    second.prependListener('request', (req: IncomingMessage) => seen.push(Object.getPrototypeOf(req) === prototype));
    const answer = await fetch(`${await listening(second)}/echo`);
    expect(await answer.json()).toEqual({ sameApp: true, query: null });
    expect(seen).toEqual([true]);
    const viaSupertest = await request(app).get('/echo?q=s').set('X-Probe', 's');
    expect(viaSupertest.status).toBe(201);
    expect(viaSupertest.headers['x-seen']).toBe('s');
    expect(viaSupertest.body).toEqual({ sameApp: true, query: 's' });
  });

  it('leaves a plain listener as it was', async () => {
    const server = createHttpServer((req, res) => res.end(Object.getPrototypeOf(req) === IncomingMessage.prototype ? 'plain' : 'other'));
    servers.push(server);
    expect(await (await fetch(`${await listening(server)}/`)).text()).toBe('plain');
  });
});

describe('the whole stack through such a server', () => {
  let t: TestApp;
  let base: string;
  let server: Server;
  beforeAll(async () => {
    t = await makeTestApp({ seed: true });
    server = createHttpServer(createApp({ services: t.services, logger: pino({ level: 'silent' }), rateLimitPerMinute: 1000 }));
    base = await listening(server);
  });
  afterAll(async () => {
    stopServer(server);
    await t.close();
  });

  it('answers a lookup with the security and rate-limit headers, and refuses a keyless one with problem+json', async () => {
    for (let i = 0; i < 3; i++) {
      const answer = await fetch(`${base}/api/v1/tm/lookup`, {
        method: 'POST',
        headers: { Authorization: t.auth.reader, 'Content-Type': 'application/json' },
        body: JSON.stringify({ source: '中国同中亚国家', sourceLang: 'zh-CN', targetLang: 'en', threshold: 70, limit: 5 }),
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('ratelimit-policy')).toMatch(/q=1000/);
      const body = await answer.json() as { matches: unknown[]; terms: unknown[] };
      expect(Array.isArray(body.matches)).toBe(true);
    }
    const refused = await fetch(`${base}/api/v1/tm/lookup`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
