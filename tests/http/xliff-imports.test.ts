/**
 * XLIFF files that used to be half-stored or refused without need (issue 8 §4), as golden pairs:
 * each `tests/fixtures/xliff-imports/<case>.xlf` is POSTed to /api/v1/documents with each
 * request of `<case>.json` and must give that status and body (and, for a new document, those
 * segments); a refused file stores nothing.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, makeTestApp } from '../helpers/app.js';
import { FIXTURES_DIR } from '../helpers/shared.js';

interface Case {
  about: string;
  requests: { query: string; status: number; body: Record<string, unknown>; segments?: [string, string | null, string][] }[];
}

const DIR = join(FIXTURES_DIR, 'xliff-imports');

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
});
afterAll(() => t.close());

describe('POST /api/v1/documents with the XLIFF import cases', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.xlf')).sort()) {
    const golden = JSON.parse(readFileSync(join(DIR, file.replace(/\.xlf$/, '.json')), 'utf8')) as Case;
    it(`${file}: ${golden.about}`, async () => {
      for (const want of golden.requests) {
        const before = await t.stores.documents.countDocuments();
        const res = await request(t.app).post(`/api/v1/documents${want.query}`).set('Authorization', t.auth.translator)
          .set('Content-Type', 'application/xliff+xml').send(readFileSync(join(DIR, file)));
        expect(res.status, `${want.query}: ${JSON.stringify(res.body)}`).toBe(want.status);
        expect(res.body).toMatchObject(want.body);
        if (want.status >= 400) {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          expect(await t.stores.documents.countDocuments()).toBe(before);
          continue;
        }
        const page = await request(t.app).get(`/api/v1/documents/${res.body.id}`).set('Authorization', t.auth.reader).expect(200);
        expect(page.body.segments.map((s: { source: string; target: string | null; state: string }) => [s.source, s.target, s.state])).toEqual(want.segments);
      }
    });
  }
});
