/**
 * The app's `res.json` (json-answer.ts): the same bytes on the wire as Express's own for the
 * answers it takes (header lines in order, body), Express's own for the others (GET's ETag, a type
 * already set, a status without a body), and in the app it is the `res.json` the contract's
 * response validation wraps, so a body the contract refuses is still caught in the tests.
 */
import { type AddressInfo, connect } from 'node:net';
import express, { type Express } from 'express';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createApp } from '../../src/http/app.js';
import { plainJsonAnswers } from '../../src/http/json-answer.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';

const big = { matches: Array.from({ length: 40 }, (_, i) => ({ id: i, source: `中国同中亚国家 ${i}`, target: 'China and Central Asia <&>' })) };
const small = { ok: true, text: '鲁班工坊' };

/** Two apps answering every request with `answer(res)`, one with Express's res.json and one with the app's. */
function pair(answer: (res: express.Response, req: express.Request) => void): [Express, Express] {
  const make = (fast: boolean) => {
    const app = express();
    app.set('etag', 'weak');
    if (fast) plainJsonAnswers(app);
    app.use((req, res) => answer(res, req));
    return app;
  };
  return [make(false), make(true)];
}

/** The raw bytes an app answers a request with, the Date line taken out. */
async function rawAnswer(app: Express, method: string): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  try {
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    socket.end(`${method} / HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    const chunks: Buffer[] = [];
    for await (const c of socket) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8').replace(/\r\nDate: [^\r]*/, '');
  } finally {
    server.close();
  }
}

describe('the app\'s res.json', () => {
  it('writes what Express writes: header lines, their order and the body, small and large, any status', async () => {
    const cases: [string, (res: express.Response) => void][] = [
      ['POST', (res) => { res.json(small); }],
      ['POST', (res) => { res.json(big); }],
      ['PUT', (res) => { res.status(201).setHeader('Location', '/x'); res.json(big); }],
      ['DELETE', (res) => { res.json(null); }],
      ['POST', (res) => { res.json('a string'); }],
      // Not taken: GET (its ETag), a type already set, no body, undefined.
      ['GET', (res) => { res.json(big); }],
      ['POST', (res) => { res.type('application/problem+json').json(small); }],
      ['POST', (res) => { res.status(204).json(small); }],
      ['POST', (res) => { res.json(undefined); }],
    ];
    for (const [method, answer] of cases) {
      const [expressApp, ours] = pair(answer);
      const [a, b] = [await rawAnswer(expressApp, method), await rawAnswer(ours, method)];
      expect(b).toBe(a);
    }
    expect(await rawAnswer(pair((res) => { res.json(big); })[1], 'GET')).toMatch(/\r\nETag: W\//);
  });

  it('keeps the app\'s JSON settings: with one set, Express writes the answer', async () => {
    const [expressApp, ours] = pair((res) => { res.json(big); });
    for (const app of [expressApp, ours]) app.set('json spaces', 2);
    expect(await rawAnswer(ours, 'POST')).toBe(await rawAnswer(expressApp, 'POST'));
    expect(await rawAnswer(ours, 'POST')).toContain('\n  "matches"');
  });
});

describe('in the app, under the tests\' response validation', () => {
  let t: TestApp;
  let app: Express;
  beforeAll(async () => {
    t = await makeTestApp({ seed: true });
    app = createApp({ services: t.services, logger: pino({ level: 'silent' }), validateResponses: true });
  });
  afterAll(() => t.close());

  it('is the res.json the validation wraps: a lookup is answered through it, and a body off the contract is still a 500', async () => {
    const own = Object.getOwnPropertyDescriptor(app.response, 'json')?.value as unknown;
    expect(typeof own).toBe('function');
    const ok = await request(app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send({ source: '中国同中亚国家', sourceLang: 'zh-CN', targetLang: 'en' }).expect(200);
    expect(ok.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(ok.headers['content-length'])).toBe(Buffer.byteLength(ok.text));
    // The same lookup service made to answer off the contract: the validation's hook sees it before this res.json.
    const lookup = t.services.lookup.lookup.bind(t.services.lookup);
    t.services.lookup.lookup = (async () => ({ matches: 'not a list' })) as unknown as typeof t.services.lookup.lookup;
    try {
      await request(app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader).send({ source: '中国同中亚国家', sourceLang: 'zh-CN', targetLang: 'en' }).expect(500);
    } finally {
      t.services.lookup.lookup = lookup;
    }
  });
});
