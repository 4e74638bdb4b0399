/**
 * A refused upload leaves its connection usable (issue 9 §2): after a wrong root, a bad encoding,
 * a body over the limit, malformed XML at byte N or a missing key, the next request on the same
 * keep-alive connection is answered; or, when more than the drain limit is still to come, the
 * refusal says `Connection: close` and the server closes the connection after the client has it.
 */
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAIN_LIMIT_BYTES, LINGER_MS } from '../../src/http/upload.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { RawConnection, listenLocally, requestHead, stopServer } from '../helpers/raw-http.js';

const KB = 1024;
/** The upload limit of the app under test: small, so "too large" needs little data. */
const UPLOAD_LIMIT = 512 * KB;
/** The case: a 300 KB file refused early. */
const SIZE = 300 * KB;

let t: TestApp;
let server: Server;
let docId: number;
beforeAll(async () => {
  t = await makeTestApp({ app: { uploadLimitBytes: UPLOAD_LIMIT } });
  const doc = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
    .send({ name: 'target.txt', sourceLang: 'zh-CN', targetLang: 'en', text: '一。\n二。' }).expect(201);
  docId = doc.body.id;
  server = await listenLocally(t.app);
});
afterAll(async () => {
  stopServer(server);
  await t.close();
});

/** `<!-- ... -->` of about `size` bytes: XML every reader skips. */
const comment = (size: number) => `<!--${'x'.repeat(Math.max(0, size))}-->`;
const INVALID_UTF8 = Buffer.from([0xc3, 0x28, 0xa0, 0xa1]);

interface Route {
  name: string;
  method: string;
  path: () => string;
  type: string;
  role: 'translator' | 'terminologist';
  /** A document of about `size` bytes whose body is `inner` (XML routes). */
  xml?: (inner: string) => string;
}
const routes: Route[] = [
  { name: 'POST /api/v1/documents (XLIFF)', method: 'POST', path: () => '/api/v1/documents', type: 'application/xliff+xml', role: 'translator',
    xml: (inner) => `<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">${inner}<file original="x" source-language="zh-CN" target-language="en" datatype="plaintext"><body><trans-unit id="1"><source>一。</source></trans-unit></body></file></xliff>` },
  { name: 'PUT /api/v1/documents/{id}/xliff', method: 'PUT', path: () => `/api/v1/documents/${docId}/xliff`, type: 'application/xliff+xml', role: 'translator',
    xml: (inner) => `<?xml version="1.0" encoding="UTF-8"?><xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">${inner}<file original="x" source-language="zh-CN" target-language="en" datatype="plaintext"><body><trans-unit id="1"><source>一。</source><target state="translated">One.</target></trans-unit></body></file></xliff>` },
  { name: 'POST /api/v1/tm/import', method: 'POST', path: () => '/api/v1/tm/import', type: 'application/x-tmx+xml', role: 'translator',
    xml: (inner) => `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/>${inner}<body><tu><tuv xml:lang="zh-CN"><seg>一。</seg></tuv><tuv xml:lang="en"><seg>One.</seg></tuv></tu></body></tmx>` },
  { name: 'POST /api/v1/glossary/import', method: 'POST', path: () => '/api/v1/glossary/import', type: 'application/x-tbx+xml', role: 'terminologist',
    xml: (inner) => `<?xml version="1.0" encoding="UTF-8"?><martif type="TBX-Basic" xml:lang="en">${inner}<text><body><termEntry id="c1"><langSet xml:lang="zh-CN"><tig><term>中亚</term></tig></langSet></termEntry></body></text></martif>` },
  { name: 'POST /api/v1/documents (text)', method: 'POST', path: () => '/api/v1/documents?name=x.txt&sourceLang=zh-CN&targetLang=en', type: 'text/plain; charset=utf-8', role: 'translator' },
];

interface Case {
  name: string;
  /** The body, or undefined when the case does not apply to the route. */
  body(r: Route): Buffer | undefined;
  status: number;
  /** Send the body chunked, without Content-Length. */
  chunked?: boolean;
  keyless?: boolean;
}
const padding = (r: Route, size: number) => Buffer.from(r.xml?.(comment(size)) ?? '一。'.repeat(size / 6));
const cases: Case[] = [
  { name: 'a wrong root element', status: 400,
    body: (r) => (r.xml ? Buffer.from(`<?xml version="1.0"?><html>${comment(SIZE)}<p>一。</p></html>`) : undefined) },
  { name: 'invalid UTF-8 in the middle', status: 400, body: (r) => {
    const whole = padding(r, SIZE);
    const mid = whole.indexOf('xxxx') >= 0 ? whole.indexOf('xxxx') + SIZE / 2 : whole.length / 2 - ((whole.length / 2) % 3);
    return Buffer.concat([whole.subarray(0, mid), INVALID_UTF8, whole.subarray(mid)]);
  } },
  { name: 'malformed XML at byte 200,000', status: 400,
    body: (r) => (r.xml ? Buffer.from(r.xml(`${comment(200_000)}<wrong></mismatched>${comment(SIZE - 200_000)}`)) : undefined) },
  { name: 'a declared length over the upload limit', status: 413, body: (r) => padding(r, UPLOAD_LIMIT + 10 * KB) },
  { name: 'no key', status: 401, keyless: true, body: (r) => padding(r, SIZE) },
];

/** Sends a request with a body on `conn`; the client writes it whole, as a CAT tool's upload does. */
function sendUpload(conn: RawConnection, r: Route, body: Buffer, c: Pick<Case, 'chunked' | 'keyless'>): Promise<void> {
  const headers: Record<string, string | number> = { 'Content-Type': r.type };
  if (!c.keyless) headers.Authorization = t.auth[r.role];
  if (c.chunked) {
    headers['Transfer-Encoding'] = 'chunked';
    const chunks: Buffer[] = [];
    for (let at = 0; at < body.length; at += 16 * KB) {
      const part = body.subarray(at, at + 16 * KB);
      chunks.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n'));
    }
    chunks.push(Buffer.from('0\r\n\r\n'));
    return conn.send(requestHead(r.method, r.path(), headers), chunks);
  }
  headers['Content-Length'] = body.length;
  return conn.send(requestHead(r.method, r.path(), headers), body);
}

describe.each(routes)('$name', (r) => {
  it.each(cases.filter((c) => c.body(r) !== undefined))('after $name ($status), the next request on the connection is answered', async (c) => {
    const conn = new RawConnection(server);
    try {
      const sending = sendUpload(conn, r, c.body(r) as Buffer, c);
      const refused = await conn.response();
      expect(refused.status).toBe(c.status);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.headers.connection).not.toBe('close');
      await sending;
      conn.socket.write(requestHead('GET', '/health', {}));
      const next = await conn.response(3_000);
      expect(next.status).toBe(200);
      expect(JSON.parse(next.body).status).toBe('ok');
    } finally {
      conn.close();
    }
  });

  it('after a refusal with more than the drain limit to come, says Connection: close and closes once the client has the answer', async () => {
    // XML routes: a wrong root, refused after the sniffer read 4 kB; the text route: no key.
    const big = r.xml ? Buffer.from(`<?xml version="1.0"?><html>${comment(4 * DRAIN_LIMIT_BYTES)}</html>`) : padding(r, 4 * DRAIN_LIMIT_BYTES);
    const expected = r.xml ? 400 : 401;
    const roomy = await makeTestApp({ app: { uploadLimitBytes: 64 * 1024 * KB } });
    const roomyServer = await listenLocally(roomy.app);
    const conn = new RawConnection(roomyServer);
    try {
      const target = { ...r, path: () => (r.path().includes('/xliff') ? '/api/v1/documents/1/xliff' : r.path()) };
      if (r.path().includes('/xliff')) {
        await request(roomy.app).post('/api/v1/documents').set('Authorization', roomy.auth.translator)
          .send({ name: 'target.txt', sourceLang: 'zh-CN', targetLang: 'en', text: '一。' }).expect(201);
      }
      const headers: Record<string, string | number> = { 'Content-Type': r.type, 'Content-Length': big.length };
      if (r.xml) headers.Authorization = roomy.auth[r.role];
      void conn.send(requestHead(target.method, target.path(), headers), big);
      const refused = await conn.response();
      expect(refused.status).toBe(expected);
      expect(refused.headers.connection).toBe('close');
      expect(JSON.parse(refused.body).status).toBe(expected);
      expect(await conn.closedWithin(LINGER_MS + 1_000)).toBe(true);
      expect(conn.sent, 'the server did not wait for the whole body').toBeLessThanOrEqual(big.length);
    } finally {
      conn.close();
      stopServer(roomyServer);
      await roomy.close();
    }
  });

  it('after a chunked upload over the limit (413), says Connection: close and closes once the client has the answer', async () => {
    const conn = new RawConnection(server);
    try {
      void sendUpload(conn, r, padding(r, 4 * UPLOAD_LIMIT), { chunked: true });
      const refused = await conn.response();
      expect(refused.status).toBe(413);
      expect(refused.headers.connection).toBe('close');
      expect(JSON.parse(refused.body).detail).toBe('the upload is larger than 512 KB, the limit of this route');
      expect(await conn.closedWithin(LINGER_MS + 1_000)).toBe(true);
    } finally {
      conn.close();
    }
  });
});
