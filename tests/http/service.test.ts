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
