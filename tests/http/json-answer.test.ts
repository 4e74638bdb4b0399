/**
 * The app's `res.json` (json-answer.ts): the same bytes on the wire as Express's own for the
 * answers it takes (header lines in order, body; the apps without an ETag function, as the app's
 * non-GET responses are, and Express's `send` counted to show which path ran), Express's own for
 * the others (GET's ETag, an ETag function, a type already set, a status without a body), and in the app it is the `res.json` the contract's
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

/**
 * Two apps answering every request with `answer(res)`, one with Express's res.json and one with the
 * app's, and how many answers the app's handed to Express's `send` (the way Express's res.json
 * ends). `etag` is the apps' ETag setting: off by default, as the app's non-GET responses see it
 * (app.ts `weakEtagsForReadsOnly`), for with an ETag function every answer is Express's.
 */
function pair(answer: (res: express.Response, req: express.Request) => void, etag: false | 'weak' = false): [Express, Express, { sent: number }] {
  const counted = { sent: 0 };
  const make = (fast: boolean) => {
    const app = express();
    app.set('etag', etag);
    if (fast) {
      plainJsonAnswers(app);
      const send = app.response.send;
      app.response.send = function countedSend(this: express.Response, body?: unknown) {
        counted.sent++;
        return send.call(this, body);
      };
    }
    app.use((req, res) => answer(res, req));
    return app;
  };
  return [make(false), make(true), counted];
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
    // [method, answer, whether the app's own path takes it]
    const cases: [string, (res: express.Response) => void, boolean][] = [
      ['POST', (res) => { res.json(small); }, true],
      ['POST', (res) => { res.json(big); }, true],
      ['PUT', (res) => { res.status(201).setHeader('Location', '/x'); res.json(big); }, true],
      ['DELETE', (res) => { res.json(null); }, true],
      ['POST', (res) => { res.json('a string'); }, true],
      // Not taken: GET (its ETag), a type already set, no body, undefined.
      ['GET', (res) => { res.json(big); }, false],
      ['POST', (res) => { res.type('application/problem+json').json(small); }, false],
      ['POST', (res) => { res.status(204).json(small); }, false],
      ['POST', (res) => { res.json(undefined); }, false],
    ];
    for (const [i, [method, answer, taken]] of cases.entries()) {
      const [expressApp, ours, counted] = pair(answer);
      const [a, b] = [await rawAnswer(expressApp, method), await rawAnswer(ours, method)];
      expect(b).toBe(a);
      expect({ case: i, sent: counted.sent }).toEqual({ case: i, sent: taken ? 0 : 1 });
    }
  });

  it('leaves an answer to Express when the app has an ETag function: GET gets its ETag, and so does a POST', async () => {
    for (const method of ['GET', 'POST']) {
      const [expressApp, ours, counted] = pair((res) => { res.json(big); }, 'weak');
      const b = await rawAnswer(ours, method);
      expect(b).toMatch(/\r\nETag: W\//);
      expect(b).toBe(await rawAnswer(expressApp, method));
      expect(counted.sent).toBe(1);
    }
  });

  it('keeps the app\'s JSON settings: with one set, Express writes the answer', async () => {
    const [expressApp, ours, counted] = pair((res) => { res.json(big); });
    for (const app of [expressApp, ours]) app.set('json spaces', 2);
    expect(await rawAnswer(ours, 'POST')).toBe(await rawAnswer(expressApp, 'POST'));
    expect(await rawAnswer(ours, 'POST')).toContain('\n  "matches"');
    expect(counted.sent).toBe(2);
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
