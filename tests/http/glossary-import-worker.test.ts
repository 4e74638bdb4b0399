/**
 * A large term-base import through HTTP (issue 11): other requests are answered while it is in
 * progress (its file is read in a worker thread, its writes applied in slices), and a file that
 * breaks far into it is refused as a smaller one is, with nothing imported.
 */
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IN_PROCESS_MAX_BYTES } from '../../src/services/glossary/import-reader.js';
import { type TestApp, makeTestApp, termbaseSnapshot } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await makeTestApp();
  await request(t.app).post('/api/v1/glossaries').set('Authorization', t.auth.admin).send({ id: 'large', name: 'Large' }).expect(201);
});
afterAll(() => t.close());

const CONCEPTS = 2500;
const TBX = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><martifHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></martifHeader>
<text><body>${body}</body></text></martif>`;
const concepts = (n: number) => Array.from({ length: n }, (_, i) => `<termEntry id="c${i}"><descrip type="definition">Definition of concept number ${i} of the large file.</descrip>`
  + `<langSet xml:lang="zh-CN"><tig><term>大型术语库术语${i}</term></tig></langSet><langSet xml:lang="en"><tig><term>large termbase term ${i}</term></tig></langSet></termEntry>\n`).join('');
const importFile = (body: string) => request(t.app).post('/api/v1/glossaries/large/import').set('Authorization', t.auth.terminologist)
  .set('Content-Type', 'application/x-tbx+xml').send(body);

describe('a large term-base import', () => {
  it('lets other requests be answered while it is in progress', async () => {
    const body = TBX(concepts(CONCEPTS));
    expect(Buffer.byteLength(body)).toBeGreaterThan(IN_PROCESS_MAX_BYTES);
    let finished = false;
    const imported = importFile(body).then((res) => {
      finished = true;
      return res;
    });
    const during: number[] = [];
    while (!finished) {
      const res = await request(t.app).get('/health');
      if (!finished) during.push(res.status);
    }
    const res = await imported;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ format: 'tbx-v2', dryRun: false, concepts: CONCEPTS, created: CONCEPTS, updated: 0, unchanged: 0, skipped: [] });
    expect(during.length).toBeGreaterThan(0);
    expect(during.every((s) => s === 200)).toBe(true);
  });

  it('refuses a file that breaks far into it (400, the reader\'s message) and imports nothing', async () => {
    const before = await termbaseSnapshot(t.stores);
    const body = TBX(`${concepts(CONCEPTS)}<termEntry id="broken"><langSet xml:lang="zh-CN"><tig><term>坏</tig></langSet></termEntry>`);
    const res = await importFile(body).expect(400);
    // The line and column of the bad close tag: after the XML declaration, the header line and one line per concept.
    expect(res.body).toEqual({ type: '/problems/unreadable-input', title: 'Unreadable input', status: 400, detail: `unexpected close tag. (line ${CONCEPTS + 3}, column 67)` });
    expect(await termbaseSnapshot(t.stores)).toBe(before);
  });
});
