/**
 * Bad input on every upload route (XLIFF document import, XLIFF import back, TMX import):
 * each gets a 4xx problem+json within a second, nothing is stored, no file is read, and the
 * server keeps serving.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type Server, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { Request } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '../../src/domain/errors.js';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../../src/config.js';
import { uploadStream } from '../../src/http/upload.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { FIXTURES_DIR } from '../helpers/shared.js';

const SECRET = 'CARAVAN-SECRET-7f3a9c';
let t: TestApp;
let docId: number;
let dir: string;
let secretFile: string;

beforeAll(async () => {
  t = await makeTestApp();
  dir = mkdtempSync(join(tmpdir(), 'caravan-hostile-'));
  secretFile = join(dir, 'secret.txt');
  writeFileSync(secretFile, `${SECRET}\n`);
  writeFileSync(join(dir, 'evil.dtd'), `<!ENTITY secret SYSTEM "file://${secretFile}">`);
  const doc = await request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator)
    .send({ name: 'target.txt', sourceLang: 'zh-CN', targetLang: 'en', text: '一。\n二。' }).expect(201);
  docId = doc.body.id;
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const XLIFF = (inner: string, head = '') => `<?xml version="1.0" encoding="UTF-8"?>${head}
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="x.txt" source-language="zh-CN" target-language="en" datatype="plaintext"><body>
<trans-unit id="1"><source>一。</source><target state="translated">${inner}</target></trans-unit></body></file></xliff>`;
const TMX = (inner: string, head = '') => `<?xml version="1.0" encoding="UTF-8"?>${head}
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>
<tu><tuv xml:lang="zh-CN"><seg>一。</seg></tuv><tuv xml:lang="en"><seg>${inner}</seg></tuv></tu></body></tmx>`;

const LAUGHS = `<!DOCTYPE lolz [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>`;

interface Route {
  name: string;
  send(body: Buffer | string): request.Test;
  wrap(inner: string, head?: string): string;
}
const routes: Route[] = [
  { name: 'POST /api/v1/documents (XLIFF)', wrap: XLIFF,
    send: (b) => request(t.app).post('/api/v1/documents').set('Authorization', t.auth.translator).set('Content-Type', 'application/xliff+xml').send(b) },
  { name: 'PUT /api/v1/documents/{id}/xliff', wrap: XLIFF,
    send: (b) => request(t.app).put(`/api/v1/documents/${docId}/xliff`).set('Authorization', t.auth.translator).set('Content-Type', 'application/xliff+xml').send(b) },
  { name: 'POST /api/v1/tm/import', wrap: TMX,
    send: (b) => request(t.app).post('/api/v1/tm/import').set('Authorization', t.auth.translator).set('Content-Type', 'application/x-tmx+xml').send(b) },
];

async function state(): Promise<unknown> {
  return { documents: await t.stores.documents.countDocuments(), units: await t.stores.tm.countUnits(), segments: await t.stores.documents.listSegments(docId, 0, 10) };
}

const cases: { name: string; body: (r: Route) => Buffer | string; status: number; detail: RegExp }[] = [
  { name: 'billion laughs', body: (r) => r.wrap('&lol9;', LAUGHS), status: 400, detail: /entity declarations are not accepted/ },
  { name: 'an external entity naming a file that exists', body: (r) => r.wrap('&xxe;', `<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://${secretFile}">]>`), status: 400, detail: /entity declarations are not accepted/ },
  { name: 'an external entity naming a file that does not exist', body: (r) => r.wrap('&xxe;', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///nonexistent/caravan/secret">]>'), status: 400, detail: /entity declarations are not accepted/ },
  { name: 'an external DTD that would declare the entity', body: (r) => r.wrap('&secret;', `<!DOCTYPE x SYSTEM "file://${join(dir, 'evil.dtd')}">`), status: 400, detail: /undefined entity/i },
  { name: 'truncated XML', body: (r) => r.wrap('One.').slice(0, 250), status: 400, detail: /line \d+/ },
  { name: 'a wrong root element', body: () => '<?xml version="1.0"?><html><body><p>一。</p></body></html>', status: 400, detail: /found <html>/ },
  { name: 'invalid UTF-8', body: (r) => Buffer.concat([Buffer.from(r.wrap('One').slice(0, 300)), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from(r.wrap('One').slice(300))]), status: 400, detail: /not valid UTF-8/ },
];

describe.each(routes)('$name', (route) => {
  it.each(cases)('$name: 4xx problem+json within a second, nothing stored, still serving', async ({ body, status, detail }) => {
    const before = await state();
    const started = Date.now();
    const res = await route.send(body(route));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.detail).toMatch(detail);
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    expect(await state()).toEqual(before);
    await request(t.app).get('/api/v1/documents').set('Authorization', t.auth.reader).expect(200);
  });

  it('413 for a Content-Length over the upload limit, answered at once, and the server keeps serving', async () => {
    const server: Server = t.app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const path = route.name.includes('PUT') ? `/api/v1/documents/${docId}/xliff` : route.name.includes('tm') ? '/api/v1/tm/import' : '/api/v1/documents';
      const method = route.name.startsWith('PUT') ? 'PUT' : 'POST';
      const before = await state();
      const started = Date.now();
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest({ port, path, method, headers: {
          Authorization: t.auth.translator,
          'Content-Type': route.name.includes('tm') ? 'application/x-tmx+xml' : 'application/xliff+xml',
          'Content-Length': String(DEFAULT_UPLOAD_LIMIT_BYTES + 1),
        } }, (r) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => { body += c; });
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.write(route.wrap('One.').slice(0, 100));
      });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toMatchObject({ type: '/problems/payload-too-large', status: 413 });
      expect(await state()).toEqual(before);
      await request(t.app).get('/api/v1/documents').set('Authorization', t.auth.reader).expect(200);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe('uploadStream', () => {
  const fakeRequest = (chunks: Buffer[], headers: Record<string, string> = {}) => Object.assign(Readable.from(chunks), { headers }) as unknown as Request;

  it('stops a body without Content-Length as soon as it passes the limit', async () => {
    const seen: number[] = [];
    const read = async () => {
      for await (const chunk of uploadStream(fakeRequest([Buffer.alloc(600), Buffer.alloc(600), Buffer.alloc(600)]), 1000)) seen.push(chunk.length);
    };
    await expect(read()).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(seen).toEqual([600]);
  });

  it('refuses a declared Content-Length over the limit before reading anything', () => {
    expect(() => uploadStream(fakeRequest([Buffer.alloc(10)], { 'content-length': '5000' }), 1000)).toThrow('larger than');
  });

  it('passes a body within the limit through unchanged', async () => {
    const out: Buffer[] = [];
    for await (const chunk of uploadStream(fakeRequest([Buffer.from('<a>'), Buffer.from('</a>')]), 1000)) out.push(Buffer.from(chunk));
    expect(Buffer.concat(out).toString()).toBe('<a></a>');
  });
});

describe('the language check of an import back', () => {
  it('400 naming both pairs, nothing stored, still serving', async () => {
    const before = await state();
    const started = Date.now();
    const body = readFileSync(join(FIXTURES_DIR, 'xliff12', 'inline-codes.xlf'), 'utf8').replace('source-language="zh-CN"', 'source-language="ja"');
    const res = await routes[1]?.send(body) as request.Response;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe(`the file is ja → en, but document ${docId} is zh-CN → en`);
    expect(await state()).toEqual(before);
    await request(t.app).get('/api/v1/documents').set('Authorization', t.auth.reader).expect(200);
  });
});
