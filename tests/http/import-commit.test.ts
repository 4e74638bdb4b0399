/**
 * A TMX import's commit does not freeze the service (issue 12): on a data directory on disk the
 * commit runs on a second connection in a worker, so requests sent while it runs are answered
 * before the import is, from the last committed state; writes sent meanwhile wait for it (the TM's
 * in its write queue, others in SQLite's busy handler) and none is lost. A third connection holds
 * the write lock while the requests are sent, so the commit is certainly still waiting then: no
 * timing decides the order.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { createApp } from '../../src/http/app.js';
import { SQLITE_FILE, openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import type { BulkUnitWrite, Stores } from '../../src/store/types.js';
import { diskApp } from '../helpers/disk-app.js';

const UNITS = 20_000;
const TMX = `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>
${Array.from({ length: UNITS }, (_, n) => `<tu><tuv xml:lang="zh-CN"><seg>进口的第${n}句话，关于中亚合作。</seg></tuv><tuv xml:lang="en"><seg>Imported sentence ${n}.</seg></tuv></tu>`).join('\n')}</body></tmx>`;

let dir: string;
let stores: Stores;
let app: ReturnType<typeof createApp>;
let auth: string;
/** Resolves when the next bulk commit has started (the real store commits; this only watches). */
let commitStarted: Promise<void>;
let signalCommit: () => void = () => undefined;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'caravan-import-commit-'));
  stores = openSqliteStores(dir);
  const bulk = stores.tmBulk;
  stores.tmBulk = {
    async beginBulkWrite(memory, actor): Promise<BulkUnitWrite> {
      const write = await bulk.beginBulkWrite(memory, actor);
      return { ...write, stage: write.stage.bind(write), preview: write.preview.bind(write), abort: write.abort.bind(write),
        commit: (during) => { signalCommit(); return write.commit(during); } };
    },
  };
  ({ app, auth } = await diskApp(stores));
});
afterAll(async () => {
  await stores.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a TMX import while it commits', () => {
  it('answers lookups and takes writes before the import is done; the writes and the import are all stored', async () => {
    // Another connection holds the write lock, so the commit is certainly under way (waiting for it) while we ask.
    const blocker = new Database(join(dir, SQLITE_FILE));
    blocker.exec('BEGIN IMMEDIATE');
    commitStarted = new Promise((resolve) => { signalCommit = resolve; });
    const order: string[] = [];
    const importing = request(app).post('/api/v1/tm/import').set('Authorization', auth).set('Content-Type', 'application/x-tmx+xml')
      .send(TMX).then((res) => { order.push('import'); return res; });
    await commitStarted;
    const lookup = await request(app).post('/api/v1/tm/lookup').set('Authorization', auth)
      .send({ source: '进口的第7句话，关于中亚合作。', sourceLang: 'zh-CN', targetLang: 'en', terms: false }).expect(200);
    order.push('lookup');
    expect(lookup.body.matches.every((m: { target: string }) => !m.target.startsWith('Imported')), 'the import is not visible before it commits').toBe(true);
    expect(await stores.tm.countUnits()).toBe(1);
    const unit = request(app).post('/api/v1/tm/units').set('Authorization', auth)
      .send({ sourceLang: 'zh-CN', targetLang: 'en', source: '导入期间写入的句子。', target: 'Written during the import.' }).then((res) => res);
    await new Promise((resolve) => setTimeout(resolve, 50));
    blocker.exec('COMMIT');
    blocker.close();
    const memory = await request(app).post('/api/v1/memories').set('Authorization', auth).send({ id: 'during-import', name: 'Written during the import' });
    expect(memory.status, memory.text).toBe(201);
    expect((await unit).status).toBe(201);
    const imported = await importing;
    expect(imported.status, imported.text).toBe(200);
    expect(imported.body).toMatchObject({ imported: UNITS, updated: 0 });
    expect(order[0], 'the lookup was answered before the import').toBe('lookup');
    expect(await stores.tm.countUnits()).toBe(UNITS + 2);
    const after = await request(app).post('/api/v1/tm/lookup').set('Authorization', auth)
      .send({ source: '进口的第7句话，关于中亚合作。', sourceLang: 'zh-CN', targetLang: 'en', terms: false }).expect(200);
    expect(after.body.matches[0]).toMatchObject({ score: 100, target: 'Imported sentence 7.' });
    const written = await request(app).post('/api/v1/tm/lookup').set('Authorization', auth)
      .send({ source: '导入期间写入的句子。', sourceLang: 'zh-CN', targetLang: 'en', terms: false }).expect(200);
    expect(written.body.matches[0]).toMatchObject({ score: 100, target: 'Written during the import.' });
    await request(app).get('/api/v1/memories/during-import').set('Authorization', auth).expect(200);
  });
});
