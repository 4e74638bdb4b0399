/**
 * A full disk (issue 9 §4): writes answer 507 problem+json saying the disk is full and store
 * nothing; reads keep working; /health reports it; when space returns, writes work again without
 * a restart; and taking the data-directory lock on a full disk fails without leaving a lock.
 *
 * On a machine that may mount, the data directory is a small tmpfs filled for real; the same
 * suite also runs with injected SQLITE_FULL/ENOSPC (the only mode where mounting is not allowed,
 * CI included), so it never skips.
 */
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRINCIPAL } from '../../src/domain/auth/roles.js';
import { createApp } from '../../src/http/app.js';
import { type Services, createServices } from '../../src/services/container.js';
import { PROBE_INTERVAL_MS } from '../../src/services/storage.js';
import { DataDirFullError, LOCK_FILE, lockDataDir } from '../../src/store/data-dir-lock.js';
import { openSqliteStores } from '../../src/store/sqlite/sqlite-stores.js';
import { STAGE_FILE } from '../../src/store/sqlite/sqlite-tm-bulk.js';
import type { Stores } from '../../src/store/types.js';
import { type FullDisk, type FullDiskMode, canMountTmpfs, fullDisk } from '../helpers/full-disk.js';

const modes: FullDiskMode[] = canMountTmpfs() ? ['tmpfs', 'injected'] : ['injected'];
if (modes.length === 1) console.log('disk-full tests: mounting a tmpfs is not allowed here; running with injected SQLITE_FULL/ENOSPC only');

const unit = (n: number) => ({ sourceLang: 'zh-CN', targetLang: 'en', source: `第${n}句话。`, target: `Sentence ${n}.` });
const entry = (id: string) => ({ id, languages: { 'zh-CN': [{ term: `术语${id}`, status: 'preferred' }], en: [{ term: `term ${id}`, status: 'preferred' }] } });
const TMX = `<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="zh-CN" datatype="plaintext"/><body>
${[7, 8, 9].map((n) => `<tu><tuv xml:lang="zh-CN"><seg>第${n}句话。</seg></tuv><tuv xml:lang="en"><seg>Sentence ${n}.</seg></tuv></tu>`).join('')}</body></tmx>`;

describe.each(modes)('a full disk (%s)', (mode) => {
  let disk: FullDisk;
  let stores: Stores;
  let services: Services;
  let app: ReturnType<typeof createApp>;
  let auth: string;
  let lockDir: string;

  beforeAll(async () => {
    disk = await fullDisk(mode);
    lockDir = join(disk.dir, 'other');
    mkdirSync(lockDir);
    stores = openSqliteStores(disk.dir);
    services = createServices(stores);
    await services.glossary.warm();
    auth = `Bearer ${(await services.keys.create('admin', 'admin', SYSTEM_PRINCIPAL)).key}`;
    app = createApp({ services, logger: pino({ level: 'silent' }), validateResponses: true });
    await request(app).post('/api/v1/tm/units').set('Authorization', auth).send(unit(1)).expect(201);
    await request(app).post('/api/v1/glossary/entries').set('Authorization', auth).send(entry('before')).expect(201);
    await disk.fill();
  });
  afterAll(async () => {
    await disk.free();
    await stores.close();
    await disk.dispose();
  });

  const counts = async () => ({ units: await stores.tm.countUnits(), documents: await stores.documents.countDocuments(), entries: await stores.termbase.countEntries('default') });

  it('answers every write 507 problem+json saying the disk is full, and stores nothing', async () => {
    const before = await counts();
    const writes = [
      request(app).post('/api/v1/tm/units').set('Authorization', auth).send(unit(2)),
      request(app).post('/api/v1/glossary/entries').set('Authorization', auth).send(entry('during')),
      request(app).post('/api/v1/documents').set('Authorization', auth).send({ name: 'd.txt', sourceLang: 'zh-CN', targetLang: 'en', text: '一。二。' }),
      request(app).post('/api/v1/tm/import').set('Authorization', auth).set('Content-Type', 'application/x-tmx+xml').send(TMX),
      request(app).post('/api/v1/keys').set('Authorization', auth).send({ name: 'more', role: 'reader' }),
    ];
    for (const res of await Promise.all(writes)) {
      expect(res.status, res.text).toBe(507);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ type: '/problems/insufficient-storage', title: 'Insufficient storage', status: 507 });
      expect(res.body.detail).toMatch(/disk .* is full/);
    }
    expect(await counts()).toEqual(before);
    expect(readdirSync(disk.dir).filter((f) => f.startsWith(STAGE_FILE) || f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps answering reads', async () => {
    await request(app).get('/api/v1/tm/units/1').set('Authorization', auth).expect(200);
    const lookup = await request(app).post('/api/v1/tm/lookup').set('Authorization', auth).send({ source: '第1句话。', sourceLang: 'zh-CN', targetLang: 'en' }).expect(200);
    expect(lookup.body.matches[0]).toMatchObject({ unitId: 1, score: 100 });
    await request(app).get('/api/v1/glossary/entries/before').set('Authorization', auth).expect(200);
  });

  it('reports it on /health, keeping the other fields', async () => {
    const res = await request(app).get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'degraded', units: 1, documents: 0, entries: 1, storage: { status: 'full' } });
    expect(Date.parse(res.body.storage.fullSince)).not.toBeNaN();
  });

  it('refuses to take the data-directory lock, leaving no lock file', () => {
    expect(() => lockDataDir(lockDir)).toThrow(DataDirFullError);
    expect(() => lockDataDir(lockDir)).toThrow(`the disk of the data directory ${lockDir} is full (ENOSPC): could not write ${LOCK_FILE}`);
    expect(existsSync(join(lockDir, LOCK_FILE))).toBe(false);
  });

  it('takes writes again once space is freed, without a restart, and /health says so', async () => {
    await disk.free();
    await new Promise((r) => setTimeout(r, PROBE_INTERVAL_MS + 50));
    const health = await request(app).get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'ok', storage: { status: 'ok' } });
    expect(health.body.storage.fullSince).toBeUndefined();
    await request(app).post('/api/v1/tm/units').set('Authorization', auth).send(unit(2)).expect(201);
    await request(app).post('/api/v1/glossary/entries').set('Authorization', auth).send(entry('after')).expect(201);
    const imported = await request(app).post('/api/v1/tm/import').set('Authorization', auth).set('Content-Type', 'application/x-tmx+xml').send(TMX).expect(200);
    expect(imported.body.imported).toBe(3);
    expect(await counts()).toEqual({ units: 5, documents: 0, entries: 2 });
    lockDataDir(lockDir)();
  });
});
