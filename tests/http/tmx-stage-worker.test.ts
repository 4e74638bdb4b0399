/**
 * A TMX import large enough that its stage goes on in a worker thread (past
 * STAGE_IN_WORKER_AFTER units, sqlite-tm-bulk.ts), on a data directory on disk: repeats of units
 * the main connection staged are found by the worker and reported as "same ... as tu N", a dry
 * run counts the same, and the import stores every other unit and finds them by lookup.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/domain/auth/roles.js';
import { createApp } from '../../src/http/app.js';
import { createServices } from '../../src/services/container.js';
import { STAGE_FILE, STAGE_IN_WORKER_AFTER } from '../../src/store/sqlite/sqlite-tm-bulk.js';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import type { Stores } from '../../src/store/types.js';

const DISTINCT = STAGE_IN_WORKER_AFTER + 500;
const REPEATED = 30;
const tu = (n: number) => `<tu><tuv xml:lang="zh-CN"><seg>工作线程里的第${n}句话。</seg></tuv><tuv xml:lang="en"><seg>Sentence ${n} of the worker.</seg></tuv></tu>`;
// tus 1..DISTINCT are distinct; then tus 1..REPEATED again (staged first on the main connection).
const TMX = `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>
${Array.from({ length: DISTINCT }, (_, i) => tu(i + 1)).join('\n')}
${Array.from({ length: REPEATED }, (_, i) => tu(i + 1)).join('\n')}</body></tmx>`;

let dir: string;
let stores: Stores;
let app: ReturnType<typeof createApp>;
let auth: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'caravan-stage-worker-'));
  stores = openSqliteStores(dir);
  const services = createServices(stores);
  await services.glossary.warm();
  await services.tm.warm();
  auth = `Bearer ${(await services.keys.create('admin', 'admin', SYSTEM_PRINCIPAL)).key}`;
  app = createApp({ services, logger: pino({ level: 'silent' }), validateResponses: true });
});
afterAll(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

const post = (query: string) => request(app).post(`/api/v1/tm/import${query}`).set('Authorization', auth).set('Content-Type', 'application/x-tmx+xml').send(TMX);
const repeats = Array.from({ length: REPEATED }, (_, i) => ({ tu: DISTINCT + i + 1, reason: `same zh-CN and en text as tu ${i + 1}` }));

describe('a TMX import staged in a worker', () => {
  it('counts in a dry run what it would import, with the repeats the worker found, and stores nothing', async () => {
    const res = await post('?memory=default&dryRun=true').expect(200);
    expect(res.body).toMatchObject({ imported: DISTINCT, updated: 0, dryRun: true, skippedTotal: REPEATED, skipped: repeats });
    expect(await stores.tm.countUnits()).toBe(0);
  });

  it('imports every distinct unit, reports each repeat, leaves no stage file, and lookups find units the worker staged', async () => {
    const res = await post('?memory=default').expect(200);
    expect(res.body).toMatchObject({ imported: DISTINCT, updated: 0, dryRun: false, skippedTotal: REPEATED, skipped: repeats });
    expect(await stores.tm.countUnits()).toBe(DISTINCT);
    expect(readdirSync(dir).filter((f) => f.startsWith(STAGE_FILE))).toEqual([]);
    const last = await request(app).post('/api/v1/tm/lookup').set('Authorization', auth)
      .send({ source: `工作线程里的第${DISTINCT}句话。`, sourceLang: 'zh-CN', targetLang: 'en', limit: 1 }).expect(200);
    expect(last.body.matches[0]).toMatchObject({ score: 100, target: `Sentence ${DISTINCT} of the worker.` });
  });
});
