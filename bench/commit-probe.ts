/**
 * The SQLite commit of a bulk import alone (issue 12): stages `units` units of the HTTP
 * benchmark's corpus into a stage database as an import does (stage-rows.ts), then runs the
 * commit's plan (sqlite-tm-bulk.ts `stagePlan`) on a second connection with the pragmas the
 * commit worker sets, timing every step, the COMMIT, and the checkpoint after it, with the WAL's
 * and the database's sizes. `PROBE_STORED=<n>` stores n other units first (an import into a
 * memory that is not empty); `PROBE_PRAGMAS` adds pragmas to the commit's connection
 * (`cache_size=-524288;wal_autocheckpoint=0`) to try settings, `PROBE_PAGE_SIZE` the page size of
 * the new database, `PROBE_SQL` statements to run on it before the import (`DROP INDEX ...`).
 *
 * Run: `node dist/bench/commit-probe.js [units]` (after `npm run build`; default 100000).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { familyUnits } from './corpus.js';
import { CORPUS_SEED } from './http/run-http.js';
import { loadSeedMaterial } from './synthetic.js';
import type { NewUnit } from '../src/domain/tm/unit.js';
import { openDatabase } from '../src/store/sqlite/database.js';
import { COMMIT_PRAGMAS, STAGE_FILE, stagePlan } from '../src/store/sqlite/sqlite-tm-bulk.js';
import { stageTableSql, stageWriter } from '../src/store/sqlite/stage-rows.js';
import { runSteps } from '../src/store/sqlite/worker-transaction.js';

const BATCH = 2_000;
const n = Number(process.argv[2] ?? 100_000);
const storedFirst = Number(process.env.PROBE_STORED ?? 0);
const extra = (process.env.PROBE_PRAGMAS ?? '').split(';').filter(Boolean);
const load = () => (loadavg()[0] ?? 0).toFixed(2);
const mb = (file: string) => { try { return (statSync(file).size / 1048576).toFixed(1); } catch { return '0'; } };
const material = loadSeedMaterial();
const dir = mkdtempSync(join(tmpdir(), 'caravan-commit-probe-'));
const file = join(dir, 'caravan.sqlite');

/** Stages `units` into a new stage table on `db` and returns the table. */
function stage(db: Database.Database, units: Iterable<NewUnit>, name: string): string {
  db.prepare('ATTACH DATABASE ? AS stage').run(join(dir, STAGE_FILE));
  db.pragma('stage.journal_mode = OFF');
  db.pragma('stage.synchronous = OFF');
  const table = `stage.${name}`;
  db.exec(stageTableSql(table));
  const write = stageWriter(db, table);
  let batch: NewUnit[] = [];
  for (const u of units) {
    batch.push(u);
    if (batch.length === BATCH) { write(batch); batch = []; }
  }
  if (batch.length) write(batch);
  return table;
}

/** Runs the commit of `table` on its own connection, as the worker does, timing each step. */
function commit(table: string, label: string): void {
  const db = new Database(file);
  for (const p of [...COMMIT_PRAGMAS, ...extra]) db.pragma(p);
  db.prepare('ATTACH DATABASE ? AS stage').run(join(dir, STAGE_FILE));
  const settings = ['page_size', 'cache_size', 'wal_autocheckpoint', 'synchronous', 'journal_mode', 'temp_store', 'cache_spill']
    .map((p) => `${p}=${String(db.pragma(p, { simple: true }))}`).join(' ');
  console.log(`${label}: ${settings}`);
  const steps = stagePlan(table, 'default', 'probe', new Date().toISOString());
  const t0 = performance.now();
  db.exec('BEGIN IMMEDIATE');
  for (const s of steps) {
    const t = performance.now();
    runSteps(db, [s]);
    console.log(`  ${(performance.now() - t).toFixed(0).padStart(7)} ms  ${s.sql.replace(/\s+/g, ' ').slice(0, 90)}`);
  }
  let t = performance.now();
  db.exec('COMMIT');
  console.log(`  ${(performance.now() - t).toFixed(0).padStart(7)} ms  COMMIT (wal ${mb(`${file}-wal`)} MB)`);
  console.log(`  ${(performance.now() - t0).toFixed(0).padStart(7)} ms  the transaction (load ${load()})`);
  t = performance.now();
  const [ck] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
  console.log(`  ${(performance.now() - t).toFixed(0).padStart(7)} ms  checkpoint of ${ck?.log} pages; database ${mb(file)} MB, stage ${mb(join(dir, STAGE_FILE))} MB`);
  db.close();
}

try {
  if (process.env.PROBE_PAGE_SIZE) {
    const fresh = new Database(file);
    fresh.pragma(`page_size = ${Number(process.env.PROBE_PAGE_SIZE)}`);
    fresh.exec('VACUUM');
    fresh.close();
  }
  openDatabase(file).close();
  if (storedFirst > 0) {
    const db = new Database(file);
    const table = stage(db, familyUnits(material, storedFirst, CORPUS_SEED + 1), 'first');
    db.close();
    commit(table, `${storedFirst} stored first`);
    const drop = new Database(join(dir, STAGE_FILE));
    drop.exec('DROP TABLE first; VACUUM');
    drop.close();
  }
  const db = new Database(file);
  if (process.env.PROBE_SQL) db.exec(process.env.PROBE_SQL);
  const t = performance.now();
  const table = stage(db, familyUnits(material, n, CORPUS_SEED), 'bulk');
  console.log(`staged ${n} units in ${(performance.now() - t).toFixed(0)} ms (load ${load()})`);
  db.close();
  commit(table, `commit of ${n} units`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
