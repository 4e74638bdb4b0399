/** `GET /api/v1/me`: any key learns its own name, role and scope; nobody learns another's. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/domain/auth/roles.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('GET /api/v1/me', () => {
  it('answers each role with its own key, without the secret', async () => {
    const keys = await t.services.keys.list();
    for (const role of ROLES) {
      const res = await request(t.app).get('/api/v1/me').set('Authorization', t.auth[role]).expect(200);
      const stored = keys.find((k) => k.name === `test-${role}`);
      expect(res.body).toEqual({ id: stored?.id, name: `test-${role}`, role, scope: { memories: ['*'], glossaries: ['*'] } });
    }
  });

  it('is a 401 problem without a key or with a revoked one', async () => {
    const res = await request(t.app).get('/api/v1/me').expect(401);
    expect(res.body).toMatchObject({ type: '/problems/unauthorized', status: 401 });
    const created = await t.services.keys.create('short-lived', 'reader', 'test');
    await t.services.keys.delete(created.id);
    await request(t.app).get('/api/v1/me').set('Authorization', `Bearer ${created.key}`).expect(401);
  });
});
