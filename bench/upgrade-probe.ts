/**
 * The upgrade of a schema-6 data directory to identity keys (schema 7, unit-identity.ts) at
 * scale: writes `units` units of the HTTP benchmark's corpus into a schema-6 database, then
 * times the first open of this release (the migration computes every row's key and builds the
 * key index) and prints the database's size before and after.
 *
 * Run: `node dist/bench/upgrade-probe.js [units]` (after `npm run build`; default 100000).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { familyUnits } from './corpus.js';
import { CORPUS_SEED } from './http/run-http.js';
import { loadSeedMaterial } from './synthetic.js';
import { MIGRATIONS, openDatabase } from '../src/store/sqlite/database.js';

const V6 = 6;
const n = Number(process.argv[2] ?? 100_000);
const load = () => (loadavg()[0] ?? 0).toFixed(2);
const dir = mkdtempSync(join(tmpdir(), 'caravan-upgrade-probe-'));
const file = join(dir, 'caravan.sqlite');
const mb = (f: string) => { try { return (statSync(f).size / 1048576).toFixed(1); } catch { return '0'; } };
try {
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  for (const sql of MIGRATIONS.slice(0, V6)) raw.exec(sql);
  raw.pragma(`user_version = ${V6}`);
  const insert = raw.prepare(`INSERT INTO units (source_lang, target_lang, source, target, origin_document, created_by, created_at, updated_by, updated_at)
    VALUES (?, ?, ?, ?, ?, 'probe', ?, 'probe', ?)`);
  const now = new Date().toISOString();
  raw.transaction(() => {
    for (const u of familyUnits(loadSeedMaterial(), n, CORPUS_SEED)) insert.run(u.sourceLang, u.targetLang, u.source, u.target, u.origin?.document ?? null, now, now);
  })();
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  console.log(`schema 6 with ${n} units: database ${mb(file)} MB`);
  const t = performance.now();
  const db = openDatabase(file);
  console.log(`upgrade to schema ${String(db.pragma('user_version', { simple: true }))}: ${(performance.now() - t).toFixed(0)} ms (load ${load()}), WAL ${mb(`${file}-wal`)} MB`);
  db.pragma('wal_checkpoint(TRUNCATE)');
  const free = db.pragma('freelist_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.close();
  console.log(`after: database ${mb(file)} MB, of it free pages ${((free * pageSize) / 1048576).toFixed(1)} MB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
