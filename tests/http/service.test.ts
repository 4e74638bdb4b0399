import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROLES, type Role } from '../../src/domain/auth/roles.js';
import { rolesFromSpec } from '../../src/http/auth.js';
import { VERSION } from '../../src/version.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('service routes (no key)', () => {
  it('GET /health reports status, version and counts', async () => {
    const res = await request(t.app).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok', version: VERSION, units: 0, documents: 0, entries: 0, storage: { status: 'ok' } });
  });

  it('GET /health counts the units the TM holds as writes, an import and deletes change them', async () => {
    const health = async () => (await request(t.app).get('/health').expect(200)).body as { units: number };
    const added = await request(t.app).post('/api/v1/tm/units').set('Authorization', t.auth.admin)
      .send({ sourceLang: 'zh-CN', targetLang: 'en', source: '健康检查计数的句子。', target: 'A sentence the health check counts.' }).expect(201);
    expect((await health()).units).toBe(1);
    const tmx = `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>
${Array.from({ length: 30 }, (_, n) => `<tu><tuv xml:lang="zh-CN"><seg>健康检查第${n}句。</seg></tuv><tuv xml:lang="en"><seg>Health sentence ${n}.</seg></tuv></tu>`).join('')}</body></tmx>`;
    await request(t.app).post('/api/v1/tm/import').set('Authorization', t.auth.admin).set('Content-Type', 'application/x-tmx+xml').send(tmx).expect(200);
    expect((await health()).units).toBe(31);
    await request(t.app).delete(`/api/v1/tm/units/${(added.body.ids as number[])[0]}`).set('Authorization', t.auth.admin).expect(204);
    expect((await health()).units).toBe(30);
    expect((await health()).units).toBe(await t.stores.tm.countUnits());
  });

  it('GET /openapi.yaml serves the contract, whose version is the package version', async () => {
    const res = await request(t.app).get('/openapi.yaml').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/yaml/);
    const spec = parse(res.text) as { openapi: string; info: { version: string } };
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.info.version).toBe(VERSION);
  });

  it('every /api/v1 operation declares a known role', async () => {
    const spec = parse((await request(t.app).get('/openapi.yaml')).text) as { paths: Record<string, Record<string, { 'x-caravan-role'?: string }>> };
    const missing: string[] = [];
    for (const [path, item] of Object.entries(spec.paths).filter(([p]) => p.startsWith('/api/v1/'))) {
      for (const [method, op] of Object.entries(item).filter(([m]) => ['get', 'post', 'put', 'delete', 'patch'].includes(m))) {
        const role = op['x-caravan-role'];
        if (!role || !ROLES.includes(role as Role)) missing.push(`${method} ${path}`);
      }
    }
    expect(missing).toEqual([]);
    expect(() => rolesFromSpec({ paths: { '/api/v1/x': { get: {} } } })).toThrow('GET /api/v1/x has no valid x-caravan-role');
  });

  it('GET /problems/{code} explains a problem type, and 404s an unknown one', async () => {
    expect((await request(t.app).get('/problems/unauthorized').expect(200)).text).toContain('401 Unauthorized');
    const res = await request(t.app).get('/problems/no-such-thing').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers an unknown route with a 404 problem document', async () => {
    const res = await request(t.app).get('/nowhere').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ type: '/problems/not-found', title: 'Not found', status: 404 });
  });

  it('sets security headers (helmet)', async () => {
    const res = await request(t.app).get('/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
