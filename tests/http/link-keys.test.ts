/** Link keys (issue 15): what `POST /api/v1/keys` accepts and refuses, and where they authenticate. */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  for (const id of ['a', 'b']) await request(t.app).post('/api/v1/memories').set('Authorization', t.auth.admin).send({ id, name: id }).expect(201);
});
afterAll(() => t.close());

const create = (body: Record<string, unknown>) => request(t.app).post('/api/v1/keys').set('Authorization', t.auth.admin).send(body);

describe('creating link keys', () => {
  it('makes a reader link key by default, with its read list and write memory shown (never the secret again)', async () => {
    const reader = await create({ name: 'weblate', link: true, scope: { memories: ['a', 'b'] }, memories: [{ id: 'b' }, { id: 'a', penalty: 5 }] }).expect(201);
    expect(reader.body).toEqual({ id: expect.any(Number), name: 'weblate', role: 'reader', link: true, key: expect.stringMatching(/^cvn_[\w-]{32}$/),
      scope: { memories: ['a', 'b'], glossaries: ['*'] }, memories: [{ id: 'b' }, { id: 'a', penalty: 5 }], createdAt: expect.any(String), createdBy: 'test-admin' });
    const writer = await create({ name: 'virtaal', link: true, role: 'translator', scope: { memories: ['a'] }, writeMemory: 'a' }).expect(201);
    expect(writer.body).toMatchObject({ role: 'translator', link: true, writeMemory: 'a' });
    const list = await request(t.app).get('/api/v1/keys').set('Authorization', t.auth.admin).expect(200);
    const listed = list.body.keys.find((k: { id: number }) => k.id === writer.body.id);
    expect(listed).toEqual({ id: writer.body.id, name: 'virtaal', role: 'translator', link: true, writeMemory: 'a', scope: { memories: ['a'], glossaries: ['*'] },
      createdAt: writer.body.createdAt, createdBy: 'test-admin' });
    expect(list.body.keys.find((k: { name: string }) => k.name === 'test-reader').link).toBe(false);
  });

  it('refuses an admin link key, a write memory for a reader, memories out of scope or named twice, link settings on an ordinary key, a missing role on one', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: 'x', link: true, role: 'admin' }, 400, '/role'],
      [{ name: 'x', link: true, writeMemory: 'a' }, 400, '/writeMemory'],
      [{ name: 'x', link: true, scope: { memories: ['a'] }, memories: [{ id: 'b' }] }, 400, '/memories/0/id'],
      [{ name: 'x', link: true, memories: [{ id: 'a' }, { id: 'a' }] }, 400, '/memories/1/id'],
      [{ name: 'x', role: 'reader', memories: [{ id: 'a' }] }, 400, '/memories'],
      [{ name: 'x', role: 'translator', writeMemory: 'a' }, 400, '/writeMemory'],
      [{ name: 'x' }, 400, '/role'],
    ];
    for (const [body, status, path] of cases) {
      const res = await create(body).expect(status);
      expect(res.body.errors[0].path).toBe(path);
    }
    expect((await create({ name: 'x', link: true, memories: [{ id: 'nope' }] }).expect(404)).body.detail).toBe('memory "nope" does not exist');
  });

  it('a link key is a 401 on /api/v1, an ordinary key still works there', async () => {
    const link = await create({ name: 'omegat', link: true }).expect(201);
    await request(t.app).get('/api/v1/memories').set('Authorization', `Bearer ${link.body.key}`).expect(401);
    await request(t.app).get('/api/v1/memories').set('Authorization', t.auth.reader).expect(200);
  });

  it('deleting a memory takes it out of link keys\' read lists and write memory', async () => {
    await request(t.app).post('/api/v1/memories').set('Authorization', t.auth.admin).send({ id: 'gone', name: 'gone' }).expect(201);
    const k = await create({ name: 'x', link: true, role: 'translator', memories: [{ id: 'gone' }, { id: 'a' }], writeMemory: 'gone' }).expect(201);
    await request(t.app).delete('/api/v1/memories/gone').set('Authorization', t.auth.admin).expect(204);
    const listed = (await request(t.app).get('/api/v1/keys').set('Authorization', t.auth.admin).expect(200)).body.keys.find((x: { id: number }) => x.id === k.body.id);
    expect(listed).toMatchObject({ link: true, memories: [{ id: 'a' }] });
    expect(listed.writeMemory).toBeUndefined();
  });
});
