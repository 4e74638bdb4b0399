/**
 * The speed figures of issue 10 ("Speed"), measured through the TM service on on-disk SQLite
 * stores of the issue-12 corpus (families of variants, corpus.ts):
 * - a lookup over 20 memories holding `total` units in all, against a lookup over one memory
 *   of the same `total` units (goal: at most 1.5 times);
 * - a lookup limited to one memory of `small` units among `total` units in others, against the
 *   same `small` units alone in a TM (goal: the same cost).
 * The same queries (the mix: edited copies, exact copies, unrelated sentences) go to
 * both sides of each comparison, at threshold 70, limit 5, one at a time; each lookup's CPU time
 * is recorded beside its wall time, since CPU time is what a loaded 2-core machine inflates
 * least. In process rather than over HTTP: the comparison is of the index's partitions, and the
 * HTTP stack adds the same constant to both sides (run-http.ts measures it).
 *
 * Run alone: `node --expose-gc dist/bench/memories.js [total] [small]`, JSON on stdout.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { NewUnit } from '../src/domain/tm/unit.js';
import { TmService } from '../src/services/tm/tm.js';
import { openSqliteStores } from '../src/store/sqlite/sqlite-stores.js';
import { familyUnits, lookupMix, type MixQuery } from './corpus.js';
import { latency } from './stats.js';
import { loadSeedMaterial, type SeedMaterial } from './synthetic.js';

/** The number of memories. */
const MEMORIES = 20;
/** Lookups per figure. */
const QUERIES = Number(process.env.BENCH_MEMORY_QUERIES ?? 500);
const WARM_UP = 50;
/** Units written to the store per transaction while loading. */
const LOAD_BATCH = 10_000;
/** Sources kept to draw queries from. */
const SAMPLE = 5_000;
/** Seeds of the large corpus and of the small memory (another corpus, so its units are its own). */
const LARGE_SEED = 12;
const SMALL_SEED = 1012;

type Stores = ReturnType<typeof openSqliteStores>;
type Memory = { id: string; penalty: number };

/** Writes `units` into the store, the i-th unit into `memoryOf(i)`; keeps a sample of sources. */
async function load(stores: Stores, units: Iterable<NewUnit>, memoryOf: (i: number) => string, sample: string[]): Promise<void> {
  const batches = new Map<string, NewUnit[]>();
  let i = 0;
  for (const u of units) {
    if (sample.length < SAMPLE && i % 7 === 0) sample.push(u.source);
    const m = memoryOf(i++);
    const batch = batches.get(m) ?? [];
    batch.push(u);
    batches.set(m, batch);
    if (batch.length === LOAD_BATCH) {
      await stores.tm.upsertUnits(m, batch, 'bench');
      batches.set(m, []);
    }
  }
  for (const [m, batch] of batches) if (batch.length) await stores.tm.upsertUnits(m, batch, 'bench');
}

/** A TM on a fresh store holding what `fill` writes, its index built. */
async function tmOf(dir: string, name: string, fill: (stores: Stores) => Promise<void>): Promise<{ tm: TmService; stores: Stores }> {
  const stores = openSqliteStores(join(dir, name));
  await fill(stores);
  const tm = new TmService(stores.tm);
  await tm.warm();
  return { tm, stores };
}

/** p50/p95 wall and CPU time of the queries over `memories`. */
async function timeLookups(tm: TmService, queries: readonly MixQuery[], memories: Memory[]) {
  const lookup = (q: MixQuery) => tm.lookup({ source: q.source, sourceLang: 'zh-CN', targetLang: 'en', threshold: 70, limit: 5, memories });
  for (const q of queries.slice(0, WARM_UP)) await lookup(q);
  const wall: number[] = [];
  const cpu: number[] = [];
  const load0 = loadavg()[0] ?? 0;
  for (const q of queries) {
    const t = performance.now();
    const c = process.cpuUsage();
    await lookup(q);
    wall.push(performance.now() - t);
    const d = process.cpuUsage(c);
    cpu.push((d.user + d.system) / 1000);
  }
  const w = latency(wall);
  const c = latency(cpu);
  return { p50: w.p50, p95: w.p95, p99: w.p99, cpuP50: c.p50, cpuP95: c.p95, cpuMean: cpu.reduce((s, x) => s + x, 0) / cpu.length, load: [load0, loadavg()[0] ?? 0] };
}

/** Both comparisons of issue 10 at `total` and `small` units. */
export async function benchMemories(material: SeedMaterial, total: number, small: number, log: (line: string) => void = (l) => process.stderr.write(`${l}\n`)) {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-bench-memories-'));
  const open: Stores[] = [];
  try {
    const largeSample: string[] = [];
    const smallSample: string[] = [];
    const many = Array.from({ length: MEMORIES }, (_, i) => `m${String(i + 1).padStart(2, '0')}`);
    // One store: the large corpus spread over 20 memories, and the small memory beside them.
    const spread = await tmOf(dir, 'spread', async (s) => {
      await load(s, familyUnits(material, total, LARGE_SEED), (i) => many[i % MEMORIES] as string, largeSample);
      await load(s, familyUnits(material, small, SMALL_SEED), () => 'small', smallSample);
    });
    open.push(spread.stores);
    log(`[memories] ${total} units in ${MEMORIES} memories and ${small} in one more: indexed`);
    const largeQueries = lookupMix(material, largeSample, QUERIES, total + 3);
    const smallQueries = lookupMix(material, smallSample, QUERIES, small + 3);
    const overTwenty = await timeLookups(spread.tm, largeQueries, many.map((id) => ({ id, penalty: 0 })));
    const smallAmongLarge = await timeLookups(spread.tm, smallQueries, [{ id: 'small', penalty: 0 }]);
    await spread.stores.close();
    open.pop();

    const one = await tmOf(dir, 'one', (s) => load(s, familyUnits(material, total, LARGE_SEED), () => 'default', []));
    open.push(one.stores);
    const overOne = await timeLookups(one.tm, largeQueries, [{ id: 'default', penalty: 0 }]);
    await one.stores.close();
    open.pop();

    const alone = await tmOf(dir, 'alone', (s) => load(s, familyUnits(material, small, SMALL_SEED), () => 'default', []));
    open.push(alone.stores);
    const smallAlone = await timeLookups(alone.tm, smallQueries, [{ id: 'default', penalty: 0 }]);
    await alone.stores.close();
    open.pop();

    const result = {
      total, memories: MEMORIES, small, queries: QUERIES,
      overTwenty, overOne, twentyToOne: { p50: overTwenty.p50 / overOne.p50, p95: overTwenty.p95 / overOne.p95, cpuMean: overTwenty.cpuMean / overOne.cpuMean },
      smallAmongLarge, smallAlone, amongToAlone: { p50: smallAmongLarge.p50 / smallAlone.p50, p95: smallAmongLarge.p95 / smallAlone.p95, cpuMean: smallAmongLarge.cpuMean / smallAlone.cpuMean },
    };
    log(`[memories] over 20: p50 ${overTwenty.p50.toFixed(2)} p95 ${overTwenty.p95.toFixed(2)} ms; over one: p50 ${overOne.p50.toFixed(2)} p95 ${overOne.p95.toFixed(2)} ms`);
    log(`[memories] ${small} among ${total}: p50 ${smallAmongLarge.p50.toFixed(2)} p95 ${smallAmongLarge.p95.toFixed(2)} ms; alone: p50 ${smallAlone.p50.toFixed(2)} p95 ${smallAlone.p95.toFixed(2)} ms`);
    return result;
  } finally {
    for (const s of open) await s.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What {@link benchMemories} measured. */
export type MemoriesBenchResult = Awaited<ReturnType<typeof benchMemories>>;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const total = Number(process.argv[2] ?? 1_000_000);
  const small = Number(process.argv[3] ?? 10_000);
  process.stdout.write(`${JSON.stringify(await benchMemories(loadSeedMaterial(), total, small), null, 2)}\n`);
}
