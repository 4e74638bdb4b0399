/**
 * Slow and vanishing clients (issue 9 §5): headers and bodies get timeouts, shorter than Node's
 * defaults, and a client that goes away mid-upload is logged at `info`, not as a server error.
 * The mechanism is tested with short timeouts; the defaults are checked as values.
 */
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { BODY_IDLE_TIMEOUT_MS, HEADERS_TIMEOUT_MS, createHttpServer } from '../../src/http/server.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { type CapturedLog, captureLog } from '../helpers/log.js';
import { RawConnection, requestHead, stopServer } from '../helpers/raw-http.js';

/** Node's defaults: 60 s for headers, 300 s for a whole request. */
const NODE_HEADERS_TIMEOUT_MS = 60_000;

let t: TestApp;
let server: Server;
let log: CapturedLog;
beforeAll(async () => {
  t = await makeTestApp();
  log = captureLog();
  const app = createApp({ services: t.services, logger: log.logger, bodyIdleTimeoutMs: 300 });
  server = createHttpServer(app, { headersTimeoutMs: 300, connectionsCheckMs: 100 }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
});
afterAll(async () => {
  stopServer(server);
  await t.close();
});

const entries = () => log.entries();

describe('slow clients', () => {
  it('the defaults: headers within 20 s (Node: 60 s), no whole-request limit that would cut a long upload, a body idle limit', () => {
    const s = createHttpServer(() => undefined);
    expect(s.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    expect(HEADERS_TIMEOUT_MS).toBeLessThanOrEqual(NODE_HEADERS_TIMEOUT_MS / 3);
    expect(s.requestTimeout).toBe(0);
    expect(BODY_IDLE_TIMEOUT_MS).toBe(60_000);
  });

  it('closes a connection whose headers do not arrive in time, with a 408', async () => {
    const conn = new RawConnection(server);
    try {
      conn.socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n');
      const answer = await conn.response(2_000);
      expect(answer.status).toBe(408);
      expect(await conn.closedWithin(1_000)).toBe(true);
    } finally {
      conn.close();
    }
  });

  it('closes an upload that stops sending, logs it at info and nothing at error, and keeps serving', async () => {
    log.lines.length = 0;
    const conn = new RawConnection(server);
    try {
      await conn.send(requestHead('POST', '/api/v1/tm/import', { Authorization: t.auth.translator, 'Content-Type': 'application/x-tmx+xml', 'Content-Length': 100_000 }),
        Buffer.from('<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-CN"/><body>'));
      expect(await conn.closedWithin(2_000)).toBe(true);
    } finally {
      conn.close();
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(entries().filter((e) => e.level >= 50)).toEqual([]);
    expect(entries().some((e) => e.level === 30 && e.msg === 'the client closed the connection before the request was answered')).toBe(true);
    const health = new RawConnection(server);
    health.socket.write(requestHead('GET', '/health', {}));
    expect((await health.response()).status).toBe(200);
    health.close();
  });

  it('logs a client that aborts its upload at info, not error', async () => {
    log.lines.length = 0;
    const conn = new RawConnection(server);
    await conn.send(requestHead('POST', '/api/v1/tm/import', { Authorization: t.auth.translator, 'Content-Type': 'application/x-tmx+xml', 'Content-Length': 1_000_000 }),
      Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header srclang="zh-CN"/><body>${'<!-- x -->'.repeat(1000)}`));
    await new Promise((r) => setTimeout(r, 50));
    conn.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(entries().filter((e) => e.level >= 50)).toEqual([]);
    expect(entries().some((e) => e.level === 30 && e.msg === 'the client closed the connection before the request was answered')).toBe(true);
  });
});
