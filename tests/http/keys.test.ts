import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('authentication', () => {
  it('401 without a key, with the WWW-Authenticate challenge', async () => {
    const res = await request(t.app).get('/api/v1/documents').expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="caravan"');
    expect(res.body).toEqual({ type: '/problems/unauthorized', title: 'Unauthorized', status: 401, detail: 'Send Authorization: Bearer <key>.' });
  });

  it('401 for an unknown key and for a malformed header', async () => {
    const unknown = await request(t.app).get('/api/v1/documents').set('Authorization', 'Bearer cvn_nottherightkeyatall00000000').expect(401);
    expect(unknown.body.detail).toBe('The API key is not known (revoked or mistyped).');
    const malformed = await request(t.app).get('/api/v1/documents').set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
    expect(malformed.body.detail).toBe('The Authorization header is not "Bearer <key>".');
  });

  it('checks the key before the body: 401 beats 400', async () => {
    await request(t.app).post('/api/v1/documents').send({ bogus: true }).expect(401);
  });

  it('403 when the role is too low, before the body is validated', async () => {
    const res = await request(t.app).post('/api/v1/keys').set('Authorization', t.auth.terminologist).send({ nope: 1 }).expect(403);
    expect(res.body).toEqual({ type: '/problems/forbidden', title: 'Forbidden', status: 403,
      detail: 'This needs the admin role; the key "test-terminologist" has terminologist.' });
  });
});

describe('/api/v1/keys', () => {
  it('creates a key (secret shown once), which then authenticates with its role', async () => {
    const res = await request(t.app).post('/api/v1/keys').set('Authorization', t.auth.admin).send({ name: 'omegat-bridge', role: 'reader' }).expect(201);
    expect(res.body).toEqual({ id: expect.any(Number), name: 'omegat-bridge', role: 'reader', link: false, key: expect.stringMatching(/^cvn_[\w-]{32}$/),
      scope: { memories: ['*'], glossaries: ['*'] }, createdAt: expect.any(String), createdBy: 'test-admin' });
    expect(res.headers.location).toBe(`/api/v1/keys/${res.body.id}`);
    await request(t.app).get('/api/v1/documents').set('Authorization', `Bearer ${res.body.key}`).expect(200);
    await request(t.app).post('/api/v1/documents').set('Authorization', `Bearer ${res.body.key}`)
      .send({ name: 'x', sourceLang: 'zh-CN', targetLang: 'en', text: '一。' }).expect(403);
  });

  it('lists keys without any secret or hash', async () => {
    const res = await request(t.app).get('/api/v1/keys').set('Authorization', t.auth.admin).expect(200);
    expect(res.body.keys.map((k: { name: string }) => k.name)).toContain('test-reader');
    for (const k of res.body.keys) expect(Object.keys(k).sort()).toEqual(['createdAt', 'createdBy', 'id', 'link', 'name', 'role', 'scope']);
  });

  it('deletes a key, after which it no longer authenticates; 404 for an unknown id', async () => {
    const created = await request(t.app).post('/api/v1/keys').set('Authorization', t.auth.admin).send({ name: 'temp', role: 'admin' }).expect(201);
    await request(t.app).delete(`/api/v1/keys/${created.body.id}`).set('Authorization', t.auth.admin).expect(204);
    await request(t.app).get('/api/v1/keys').set('Authorization', `Bearer ${created.body.key}`).expect(401);
    const missing = await request(t.app).delete('/api/v1/keys/999999').set('Authorization', t.auth.admin).expect(404);
    expect(missing.body).toMatchObject({ status: 404, detail: 'key "999999" does not exist' });
  });

  it('400 for an unknown role or an unknown field, naming the field', async () => {
    const role = await request(t.app).post('/api/v1/keys').set('Authorization', t.auth.admin).send({ name: 'x', role: 'owner' }).expect(400);
    expect(role.body.type).toBe('/problems/validation');
    expect(role.body.errors[0].path).toBe('/body/role');
    const extra = await request(t.app).post('/api/v1/keys').set('Authorization', t.auth.admin).send({ name: 'x', role: 'reader', admin: true }).expect(400);
    expect(extra.body.detail).toContain('admin');
  });

  it('stores keys hashed: no secret appears in the database', async () => {
    const res = await request(t.app).post('/api/v1/keys').set('Authorization', t.auth.admin).send({ name: 'h', role: 'reader' }).expect(201);
    const rows = await t.stores.keys.findByPrefix(res.body.key.slice(0, 12));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hash.toString('hex')).not.toContain(Buffer.from(res.body.key).toString('hex'));
    expect(rows[0]!.hash).toHaveLength(32);
  });
});
