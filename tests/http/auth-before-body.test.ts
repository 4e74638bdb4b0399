/**
 * Who may call comes before what they sent (issue 9 §1): without a valid key every /api/v1 request
 * is answered 401, and with a key too weak for the route 403, before its body is read or parsed.
 * Measured on a real socket: the answer arrives while the client is still sending, and the
 * server's memory does not grow with keyless 150 MB uploads.
 */
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { RawConnection, filler, listenLocally, requestHead, stopServer } from '../helpers/raw-http.js';

const MB = 1024 * 1024;
/** RSS growth allowed while keyless uploads are refused; buffering one of them would take 150 MB. */
const RSS_GROWTH_LIMIT = 48 * MB;

let t: TestApp;
let server: Server;
beforeAll(async () => {
  t = await makeTestApp();
  server = await listenLocally(t.app);
});
afterAll(async () => {
  stopServer(server);
  await t.close();
});

/** Sends `total` bytes to `path`; resolves with the answer and how much had been sent when it came. */
async function upload(path: string, headers: Record<string, string | number>, total: number): Promise<{ status: number; headers: Record<string, string>; body: string; sentAtAnswer: number }> {
  const conn = new RawConnection(server);
  try {
    void conn.send(requestHead('POST', path, { 'Content-Length': total, ...headers }), filler(total));
    const res = await conn.response(20_000);
    return { ...res, sentAtAnswer: conn.sent };
  } finally {
    conn.close();
  }
}

describe('authentication before the body', () => {
  it('answers four keyless 150 MB text/plain uploads 401 before reading them, and RSS does not grow', async () => {
    const total = 150 * MB;
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
    try {
      const results = await Promise.all(Array.from({ length: 4 }, () =>
        upload('/api/v1/documents?name=x.txt&sourceLang=zh-CN&targetLang=en', { 'Content-Type': 'text/plain; charset=utf-8' }, total)));
      for (const r of results) {
        expect(r.status).toBe(401);
        expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(JSON.parse(r.body)).toMatchObject({ type: '/problems/unauthorized', status: 401 });
        expect(r.headers.connection, 'the rest of the body is not worth reading').toBe('close');
        expect(r.sentAtAnswer, 'answered while the client was still sending').toBeLessThan(total);
      }
    } finally {
      clearInterval(sampler);
    }
    expect(peak - before).toBeLessThan(RSS_GROWTH_LIMIT);
    expect(await t.stores.documents.countDocuments()).toBe(0);
  }, 60_000);

  it('answers 403 to a key too weak for the route before reading a 150 MB body', async () => {
    const r = await upload('/api/v1/documents?name=x.txt&sourceLang=zh-CN&targetLang=en', { 'Content-Type': 'text/plain', Authorization: t.auth.reader }, 150 * MB);
    expect(r.status).toBe(403);
    expect(r.sentAtAnswer).toBeLessThan(150 * MB);
  }, 30_000);

  it('refuses three keyless 10 MB JSON bodies of nested arrays at once, and /health keeps answering', async () => {
    const body = `${'['.repeat(5 * MB)}${']'.repeat(5 * MB)}`;
    const started = Date.now();
    const refusals = Array.from({ length: 3 }, () => request(server).post('/api/v1/tm/units').set('Content-Type', 'application/json').send(body));
    const health = await request(server).get('/health');
    expect(health.status).toBe(200);
    for (const r of await Promise.all(refusals)) expect(r.status).toBe(401);
    expect(Date.now() - started).toBeLessThan(3_000);
  }, 30_000);

  it.each([
    ['malformed JSON', '{"source": ', 'application/json'],
    ['JSON over the bulk limit', `{"units": [${'"x",'.repeat(6 * MB)}"x"]}`, 'application/json'],
    ['a media type no route takes', '<x/>', 'application/x-unknown'],
  ])('answers 401 before 400/413/415 to a keyless request with %s, and 403 to a reader', async (_name, body, type) => {
    const keyless = await request(server).post('/api/v1/tm/units').set('Content-Type', type).send(body);
    expect(keyless.status).toBe(401);
    expect(keyless.body.type).toBe('/problems/unauthorized');
    const reader = await request(server).post('/api/v1/tm/units').set('Authorization', t.auth.reader).set('Content-Type', type).send(body);
    expect(reader.status).toBe(403);
  }, 30_000);

  it('still answers 400 for malformed JSON and 413 for an oversized body once the key may call the route', async () => {
    const malformed = await request(server).post('/api/v1/tm/units').set('Authorization', t.auth.translator).set('Content-Type', 'application/json').send('{"source": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe('/problems/malformed-json');
    const big = await request(server).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).set('Content-Type', 'application/json').send(`{"source": "${'x'.repeat(2 * MB)}"}`);
    expect(big.status).toBe(413);
  });
});
