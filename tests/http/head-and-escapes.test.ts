/**
 * Two ways a request reaches a route that the contract does not spell out, through the whole app.
 *
 * HEAD wherever GET is (RFC 9110 §9.3.2: "identical to GET except that the server MUST NOT send
 * content"): the contract lists only GET operations, and the contract check looks a HEAD request
 * up as its path's GET (openapi.ts `headAsGet`); it refused HEAD 405 on every GET route before.
 * The answer has GET's status and headers and no body; the key and role checks are GET's; a
 * path without GET still refuses HEAD 405.
 *
 * Percent-encoding in path parameters. The role check (auth.ts `rolesFromSpec`) decodes a
 * parameter as Express's router does (`decodeParam`): a well-formed escape reaches the route
 * decoded, and a malformed one is a 400 problem+json of type validation, before the role is
 * checked (a reader's PUT gets the 400, not a 403) and before the contract check or the route
 * sees the request.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('HEAD on the GET routes', () => {
  it('answers HEAD as GET, without the body', async () => {
    for (const [path, auth] of [['/api/v1/tm/stats', t.auth.reader], ['/api/v1/memories', t.auth.reader], ['/health', undefined]] as const) {
      const get = request(t.app).get(path);
      const head = request(t.app).head(path);
      if (auth) {
        get.set('Authorization', auth);
        head.set('Authorization', auth);
      }
      const [g, h] = [await get, await head];
      expect(g.status, path).toBe(200);
      expect(h.status, path).toBe(200);
      expect(h.headers['content-type'], path).toBe(g.headers['content-type']);
      expect(h.headers['content-length'], path).toBe(g.headers['content-length']);
      expect(h.text ?? '', path).toBe('');
    }
  });

  it('checks HEAD as GET: the key, the role and the query', async () => {
    expect((await request(t.app).head('/api/v1/tm/stats')).status).toBe(401);
    expect((await request(t.app).head('/api/v1/keys').set('Authorization', t.auth.reader)).status).toBe(403);
    expect((await request(t.app).head('/api/v1/keys').set('Authorization', t.auth.admin)).status).toBe(200);
    expect((await request(t.app).head('/api/v1/tm/stats?bogus=1').set('Authorization', t.auth.reader)).status).toBe(400);
    expect((await request(t.app).head('/api/v1/tm/units/999999').set('Authorization', t.auth.reader)).status).toBe(404);
  });

  it('answers HEAD on a streamed export with its headers and never makes the file (the event loop would be held for the whole export)', async () => {
    const tmx = t.services.tmx;
    const exportTmx = tmx.exportTmx.bind(tmx);
    let pulled = 0;
    tmx.exportTmx = async function* (...args: Parameters<typeof exportTmx>) {
      pulled++;
      yield* exportTmx(...args);
    };
    try {
      const head = await request(t.app).head('/api/v1/tm/export').set('Authorization', t.auth.reader);
      expect(head.status).toBe(200);
      expect(pulled).toBe(0);
      const get = await request(t.app).get('/api/v1/tm/export').set('Authorization', t.auth.reader);
      expect(get.status).toBe(200);
      expect(pulled).toBe(1);
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
      expect(head.headers['content-disposition']).toBe(get.headers['content-disposition']);
    } finally {
      tmx.exportTmx = exportTmx;
    }
  });

  it('still refuses HEAD where the path has no GET', async () => {
    const res = await request(t.app).head('/api/v1/tm/lookup').set('Authorization', t.auth.reader);
    expect(res.status).toBe(405);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    // The same refusal as a GET's, which names its own method.
    const get = await request(t.app).get('/api/v1/tm/lookup').set('Authorization', t.auth.reader);
    expect(get.status).toBe(405);
    expect(get.body.detail).toBe('GET method not allowed');
  });
});

describe('escapes in path parameters', () => {
  it('answers a malformed escape 400 problem+json, whatever the method and role', async () => {
    const cases = [
      ['get', '/api/v1/tm/units/%E0%A4%A', 'reader', "'%E0%A4%A'"],
      ['put', '/api/v1/tm/units/%E0%A4%A', 'reader', "'%E0%A4%A'"],
      ['delete', '/api/v1/memories/%E0%A4%A', 'reader', "'%E0%A4%A'"],
      ['get', '/api/v1/memories/%ZZ', 'admin', "'%ZZ'"],
      ['get', '/api/v1/glossaries/x%/entries', 'reader', "'x%'"],
    ] as const;
    for (const [method, path, role, shown] of cases) {
      const res = await request(t.app)[method](path).set('Authorization', t.auth[role]);
      expect(res.status, `${method} ${path}`).toBe(400);
      expect(res.headers['content-type'], path).toMatch(/^application\/problem\+json/);
      expect(res.body).toEqual({ type: '/problems/validation', title: 'Invalid request', status: 400, detail: `Failed to decode param ${shown}` });
    }
  });

  it('decodes a well-formed escape before the route', async () => {
    const res = await request(t.app).get('/api/v1/tm/units/%37').set('Authorization', t.auth.reader).expect(404);
    expect(res.body.detail).toBe('unit "7" does not exist');
  });
});
