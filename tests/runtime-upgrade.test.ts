/**
 * A data directory written by Caravan 0.1.0 (schema 2: one global memory, keys without scopes,
 * documents without settings) opens with this release without loss: its units land in the
 * memory `default` with their ids, texts, codes and history; its keys keep their roles with
 * every collection in scope; its documents read every memory and write to `default`.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { createApp } from '../src/http/app.js';
import { openRuntime, type Runtime } from '../src/runtime.js';
import { SCHEMA_VERSION } from '../src/store/sqlite/database.js';
import { restoreDataDir } from './helpers/datadir-fixture.js';

const ADMIN = 'Bearer fixture-admin-key-0123456789abcdef';
let dir: string;
let rt: Runtime;
const open = async () => openRuntime(loadConfig({ CARAVAN_DATA_DIR: dir, CARAVAN_ADMIN_KEY: ADMIN.slice(7) }), pino({ level: 'silent' }));

beforeAll(async () => {
  dir = restoreDataDir('v0.1.0');
  rt = await open();
});
afterAll(async () => {
  await rt.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('upgrade from 0.1.0', () => {
  it('migrates the schema and puts every unit in the memory "default", as it was', async () => {
    const db = new Database(join(dir, 'caravan.sqlite'), { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    expect((await rt.stores.memories.listMemories()).map((m) => m.id)).toEqual(['default']);
    const units = await rt.stores.tm.listUnits({ limit: 1000 });
    expect(units).toHaveLength(138);
    expect(units.every((u) => u.memory === 'default')).toBe(true);
    expect(units[136]).toMatchObject({ id: 137, sourceLang: 'en', targetLang: 'zh-CN', source: 'The Belt and Road Initiative is a public good.', target: '一带一路倡议是公共产品。' });
    expect(units[137]).toMatchObject({ id: 138, sourceLang: 'zh-CN', targetLang: 'ru', sourceCodes: [{ id: '1', type: 'placeholder', offset: 2 }] });
    expect(units[0]).toMatchObject({ id: 1, createdBy: 'seed', origin: { title: expect.any(String) } });
  });

  it('keeps the keys with their roles, reaching every collection; the admin key still works', async () => {
    const keys = await rt.services.keys.list();
    expect(keys.map((k) => [k.name, k.role, k.scope, k.link])).toEqual([
      ['CARAVAN_ADMIN_KEY', 'admin', { memories: '*', glossaries: '*' }, undefined],
      ['translator one', 'translator', { memories: '*', glossaries: '*' }, undefined],
      ['reader one', 'reader', { memories: '*', glossaries: '*' }, undefined],
    ]);
    // Schema v5: no old key is a link key; the old memory starts counting its writes at 0.
    expect(await rt.stores.memories.contentVersion('default')).toMatchObject({ revision: 0 });
    const app = createApp({ services: rt.services, logger: pino({ level: 'silent' }), validateResponses: true });
    const memories = await request(app).get('/api/v1/memories').set('Authorization', ADMIN).expect(200);
    expect(memories.body.memories).toEqual([expect.objectContaining({ id: 'default', stats: expect.objectContaining({ units: 138 }) })]);
  });

  it('keeps the documents, which read every memory and write to "default"', async () => {
    const app = createApp({ services: rt.services, logger: pino({ level: 'silent' }), validateResponses: true });
    const docs = await request(app).get('/api/v1/documents').set('Authorization', ADMIN).expect(200);
    expect(docs.body.documents.map((d: { id: number; name: string; segments: number; settings: unknown }) => [d.id, d.name, d.segments, d.settings])).toEqual([
      [1, '000_40e660239a1a5984.txt', 138, { writeMemory: 'default' }],
      [2, '001_6b220abc01d5b796.txt', 98, { writeMemory: 'default' }],
      [3, '002_ff653c6785898c9e.txt', 145, { writeMemory: 'default' }],
      [4, '003_0a565606c369db33.txt', 175, { writeMemory: 'default' }],
      [5, '004_063d4d8102645fc2.txt', 166, { writeMemory: 'default' }],
      [6, 'fixture.txt', 2, { writeMemory: 'default' }],
      [7, 'speech.html', 7, { writeMemory: 'default' }],
    ]);
  });

  it('finds the old units: a seed sentence in context, and the English-source unit', async () => {
    const app = createApp({ services: rt.services, logger: pino({ level: 'silent' }), validateResponses: true });
    const [seed] = await rt.stores.tm.listUnits({ limit: 1 });
    const hit = await request(app).post('/api/v1/tm/lookup').set('Authorization', ADMIN)
      .send({ source: seed?.source, sourceLang: 'zh-CN', targetLang: 'en', context: seed?.context, terms: false }).expect(200);
    expect(hit.body.matches[0]).toMatchObject({ unitId: 1, memory: 'default', score: 101 });
    const en = await request(app).post('/api/v1/tm/lookup').set('Authorization', ADMIN)
      .send({ source: 'The Belt and Road Initiative is a public good.', sourceLang: 'en', targetLang: 'zh-CN', terms: false }).expect(200);
    expect(en.body.matches[0]).toMatchObject({ unitId: 137, score: 100, matchType: 'exact' });
  });

  it('opens again without changing anything (seeding does not run twice)', async () => {
    await rt.close();
    rt = await open();
    expect(rt.seeded).toEqual({ documents: 0, units: 0, entries: 0 });
    expect(await rt.stores.tm.countUnits()).toBe(138);
    expect((await rt.stores.memories.listMemories()).map((m) => m.id)).toEqual(['default']);
  });
});
