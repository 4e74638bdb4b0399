/**
 * Percent-encoding in path parameters through the whole app. The role check (auth.ts
 * `rolesFromSpec`) decodes a parameter as Express's router does (`decodeParam`): a well-formed
 * escape reaches the route decoded, and a malformed one is a 400 problem+json of type validation,
 * before the role is checked (a reader's PUT gets the 400, not a 403) and before the contract
 * check or the route sees the request.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

describe('escapes in path parameters', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeTestApp();
  });
  afterAll(() => t.close());

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
