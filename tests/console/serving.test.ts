/**
 * The console as the server serves it: `/`, `/docs` and `/assets/*` from dist/console with a
 * Content-Security-Policy that allows no inline or eval script; nothing loaded from elsewhere;
 * the first load within its budget; the service routes unchanged.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { BUILD_TIMEOUT_MS, ensureConsoleBuilt, firstLoadGzipBytes } from './build.js';

/** The issue's budget for the console's first load: 300 KB of compressed JavaScript. */
const FIRST_LOAD_BUDGET_BYTES = 300 * 1024;

let t: TestApp;
let dir: string;
beforeAll(async () => {
  dir = ensureConsoleBuilt();
  t = await makeTestApp();
}, BUILD_TIMEOUT_MS);
afterAll(() => t.close());

function directives(header: string | undefined): Map<string, string[]> {
  return new Map((header ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name as string, values]));
}

describe('the console at /', () => {
  it('serves index.html, whose scripts and styles all come from this origin, with no inline script', async () => {
    const res = await request(t.app).get('/').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<div id="app"></div>');
    expect(res.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const [, path] of res.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)) {
      const asset = await request(t.app).get(path as string).expect(200);
      expect(asset.headers['cache-control']).toContain('immutable');
      expect(String(asset.text ?? asset.body)).not.toMatch(/\bhttps?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}\/[^"'\s]*\.(js|css|woff2?)\b/);
    }
  });

  it('sends a CSP without unsafe-inline or unsafe-eval scripts and without upgrade-insecure-requests', async () => {
    const res = await request(t.app).get('/').expect(200);
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('serves the API reference at /docs, with inline styles allowed there and scripts as strict', async () => {
    const res = await request(t.app).get('/docs').expect(200);
    expect(res.text).toContain('<div id="reference"></div>');
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('keeps the first load within 300 KB of gzip JavaScript, with Scalar only on /docs', () => {
    const first = firstLoadGzipBytes(dir, 'index.html');
    expect(first.files.length).toBeGreaterThan(0);
    expect(first.gzip).toBeLessThanOrEqual(FIRST_LOAD_BUDGET_BYTES);
    expect(first.files.some((f) => f.includes('scalar'))).toBe(false);
    process.stdout.write(`console first load: ${first.files.length} scripts, ${first.raw} bytes, ${first.gzip} bytes gzip\n`);
    const html = readFileSync(join(dir, 'docs.html'), 'utf8');
    expect(html).not.toContain('index-');
  });

  it('answers a missing asset with a 404 problem, and keeps the service routes', async () => {
    const missing = await request(t.app).get('/assets/nothing-here.js').expect(404);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    await request(t.app).get('/health').expect(200);
    await request(t.app).get('/openapi.yaml').expect(200);
    await request(t.app).get('/problems/unauthorized').expect(200);
  });

  it('says how to build the console when it is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'caravan-noconsole-'));
    try {
      const app = createApp({ services: t.services, logger: pino({ level: 'silent' }), validateResponses: true, consoleDir: empty });
      const res = await request(app).get('/').expect(404);
      expect(res.body).toMatchObject({ type: '/problems/not-found', detail: expect.stringContaining('npm run build') });
      await request(app).get('/docs').expect(404);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
