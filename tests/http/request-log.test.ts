/**
 * The request log (request-log.ts) through the whole app: one line per request with its method,
 * url (query keys redacted), status, response time and the caller's key id once authenticated,
 * "request completed", or "request errored" with the error for a 5xx; never the key itself.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, callback) {
    for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line) as Record<string, unknown>);
    callback();
  },
});

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp({ seed: true, app: { logger: pino({ level: 'info' }, sink) } });
});
afterAll(() => t.close());

/** The log lines of requests sent by `send`. */
async function logged(send: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const from = lines.length;
  await send();
  await new Promise((resolve) => setImmediate(resolve));
  return lines.slice(from).filter((l) => l.req !== undefined);
}

it('writes one line per request with method, url, status, time and no key id before authentication', async () => {
  const [line, ...more] = await logged(() => request(t.app).get('/health').expect(200));
  expect(more).toEqual([]);
  expect(line).toMatchObject({ level: 30, req: { method: 'GET', url: '/health' }, res: { statusCode: 200 }, msg: 'request completed' });
  expect(typeof line?.responseTime).toBe('number');
  expect(line).not.toHaveProperty('keyId');
  expect(Object.keys(line ?? {})).toEqual(['level', 'time', 'pid', 'hostname', 'req', 'res', 'responseTime', 'msg']);
});

it('adds the key id of an authenticated call, and never the key', async () => {
  const [line] = await logged(() => request(t.app).post('/api/v1/tm/lookup').set('Authorization', t.auth.reader)
    .send({ source: '鲁班工坊', sourceLang: 'zh-CN', targetLang: 'en' }).expect(200));
  expect(line).toMatchObject({ req: { method: 'POST', url: '/api/v1/tm/lookup' }, res: { statusCode: 200 }, msg: 'request completed' });
  expect(typeof line?.keyId).toBe('number');
  const key = t.auth.reader.replace(/^Bearer /, '');
  expect(JSON.stringify(line)).not.toContain(key);
});

it('logs refusals with their status, and redacts a key sent in the query', async () => {
  const [refused] = await logged(() => request(t.app).get('/api/v1/tm/stats').expect(401));
  expect(refused).toMatchObject({ req: { method: 'GET', url: '/api/v1/tm/stats' }, res: { statusCode: 401 }, msg: 'request completed' });
  const [linked] = await logged(() => request(t.app).get('/api/v1/tm/stats?key=secret-in-query'));
  expect(linked?.req).toEqual({ method: 'GET', url: '/api/v1/tm/stats?key=[redacted]' });
});

it('logs a server fault as "request errored" with the error', async () => {
  const original = t.services.tm.stats.bind(t.services.tm);
  t.services.tm.stats = () => Promise.reject(new Error('disk on fire'));
  try {
    const [failed] = await logged(() => request(t.app).get('/api/v1/tm/stats').set('Authorization', t.auth.reader).expect(500));
    expect(failed).toMatchObject({ req: { method: 'GET', url: '/api/v1/tm/stats' }, res: { statusCode: 500 }, msg: 'request errored',
      err: { message: 'failed with status code 500' } });
    expect(typeof failed?.keyId).toBe('number');
  } finally {
    t.services.tm.stats = original;
  }
});
