/**
 * `npm run bench` (issue 3, "Benchmark"): builds deterministic synthetic memories from the seed
 * sentences (see synthetic.ts) of 10k, 100k and 1M units in a real SQLite store on disk, then
 * measures through the TM service, as the server runs it:
 * - index build time (`TmService.warm`: scan the store, fold, index) and RSS after GC;
 * - single lookups (threshold 70, limit 5) p50/p95/p99 over a query mix, and per kind;
 * - batch lookups (100 segments per request);
 * - recall against brute force (every unit scored by the same matcher) on a sample;
 * - write throughput (units per second, store transaction + index update), in batches of 100
 *   and one unit at a time (each a durable commit).
 * Goals on a 2-core machine: at 1M units p95 <= 20 ms with recall 1.0, build <= 30 s,
 * RSS <= 2 GB; at 100k units p95 <= 5 ms.
 *
 * Then, in a child process, the TMX
 * import benchmark (tmx-import.ts): a synthetic TMX of the
 * largest size imported and exported through the HTTP API, with its peak RSS (goal < 1 GB).
 * Then, in another, the term-base benchmark (termbase.ts, issue 11): imports, writes,
 * recognition, search and start-up at 100,000 concepts, through the HTTP API.
 *
 * Then, in another child process, the protocol routes for translation tools (protocols.ts):
 * tmserver and APy lookups, `languages/` and OmegaT's TMX with its 304, through HTTP. Then, each
 * in a child process, issue 12's figures through HTTP against a server process (http/run-http.ts:
 * lookups at thresholds 70 and 50, /health, the TMX import, RSS after it and after a restart,
 * batch lookups, concordance, analysis and XLIFF export of a mixed document, the longest lookup
 * stall during an import) and issue 10's memory figures (memories.ts).
 *
 * Then, in another child process, two nodes on PostgreSQL (postgres-cluster.ts): TMX import,
 * start of a second node, lookups on it, replication lag under 200 writes/s.
 *
 * Environment: BENCH_SIZES=10000,100000 runs fewer sizes; BENCH_PROTOCOL_UNITS (default 100k or
 * the largest size if smaller; 0 skips) sets the protocol benchmark's memory; BENCH_QUERIES (default 2000) sets the
 * number of single lookups; BENCH_TMX_UNITS sets the TMX size (0 skips it); BENCH_TERMBASE_CONCEPTS
 * the term-base size (default 100000; 0 skips it); BENCH_HTTP_SIZES (default 100000,1000000; 0
 * skips) the HTTP sizes; BENCH_MEMORIES (default 1000000,10000: total and small memory; 0 skips)
 * the memory figures; BENCH_PG_UNITS the PostgreSQL size (0 skips it; skipped with one line when
 * PostgreSQL is not installed). Prints Markdown tables and writes bench/results/bench-<time>.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { SYSTEM_PRINCIPAL } from '../src/domain/auth/roles.js';
import { DEFAULT_COLLECTION } from '../src/domain/collections.js';
import { canonicalizeLanguageTag } from '../src/domain/text/language-tag.js';
import { compareMatches, prepareQuery, scoreUnit, type TmMatch, unitKey } from '../src/domain/tm/scoring/matcher.js';
import { TmService } from '../src/services/tm/tm.js';
import { openSqliteStores } from '../src/store/sqlite/sqlite-stores.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { latency, ms, rssAfterGc, table } from './stats.js';
import { findPgBin } from './pg-cluster.js';
import type { PgClusterBenchResult } from './postgres-cluster.js';
import { termbaseTables } from './termbase-report.js';
import type { TermbaseBenchResult } from './termbase.js';
import type { ProtocolBenchResult } from './protocols.js';
import type { TmxBenchResult } from './tmx-import.js';
import { type HttpRun, httpTables, memoriesTable } from './http/tables.js';
import type { MemoriesBenchResult } from './memories.js';
import { loadSeedMaterial, pick, prng, type SeedMaterial, type SyntheticQuery, syntheticQueries, syntheticUnits } from './synthetic.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number).filter((n) => n > 0);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 2000);
const THRESHOLD = 70;
const LIMIT = 5;
const LOAD_BATCH = 10_000;
const BATCH_SEGMENTS = 100;
const BATCHES = 10;
const WRITE_BATCH = 100;
const WRITES = 2_000;
const SINGLE_WRITES = 100;
const CONCORDANCE_QUERIES = 200;
const LOW_THRESHOLD = 50;
const LOW_THRESHOLD_QUERIES = 500;

const ZH = canonicalizeLanguageTag('zh-CN');
const EN = canonicalizeLanguageTag('en');

/** Brute-force recall queries per size: fewer at 1M, where one scan scores every unit. */
function recallSample(n: number): number {
  return n >= 1_000_000 ? 100 : n >= 100_000 ? 200 : 500;
}

/** Brute force: one scan of the store, every unit scored against every sampled query. */
/** Every benchmark unit is in the default memory. */
const ALL = [{ id: DEFAULT_COLLECTION, penalty: 0 }];

async function bruteForce(tm: ReturnType<typeof openSqliteStores>['tm'], sources: string[]): Promise<TmMatch[][]> {
  const queries = sources.map((source) => prepareQuery({ source, sourceLang: ZH, targetLang: EN }));
  const found: TmMatch[][] = queries.map(() => []);
  for await (const batch of tm.scanUnits(10_000)) {
    for (const unit of batch) {
      const key = unitKey(queries[0] as never, unit);
      queries.forEach((pq, i) => {
        const m = scoreUnit(pq, unit, THRESHOLD, key);
        if (!m) return;
        const list = found[i] as TmMatch[];
        list.push(m);
        if (list.length > 4 * LIMIT) list.sort(compareMatches).splice(LIMIT);
      });
    }
  }
  return found.map((l) => l.sort(compareMatches).slice(0, LIMIT));
}

async function runSize(n: number, material: SeedMaterial): Promise<Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'caravan-bench-'));
  const stores = openSqliteStores(dir);
  const rnd = prng(n);
  const sample: string[] = [];
  let t0 = performance.now();
  let batch = [];
  let seen = 0;
  for (const u of syntheticUnits(material, n, n)) {
    batch.push(u);
    if (sample.length < 5000) sample.push(u.source);
    else if (rnd() < 5000 / ++seen) sample[Math.floor(rnd() * 5000)] = u.source;
    if (batch.length === LOAD_BATCH) {
      await stores.tm.upsertUnits(DEFAULT_COLLECTION, batch, 'bench');
      batch = [];
    }
  }
  if (batch.length) await stores.tm.upsertUnits(DEFAULT_COLLECTION, batch, 'bench');
  const loadMs = performance.now() - t0;
  const units = await stores.tm.countUnits();
  const baseline = rssAfterGc();
  process.stderr.write(`[${n}] stored ${units} units in ${(loadMs / 1000).toFixed(1)} s\n`);

  const tm = new TmService(stores.tm);
  t0 = performance.now();
  await tm.warm();
  const buildMs = performance.now() - t0;
  const memory = rssAfterGc();
  const footprint = tm.indexFootprint();
  process.stderr.write(`[${n}] index built in ${(buildMs / 1000).toFixed(1)} s, RSS ${memory.rssMb} MB\n`);

  const queries = syntheticQueries(material, sample, QUERIES, n + 1);
  const lookup = (q: SyntheticQuery) => tm.lookup({ source: q.source, sourceLang: 'zh-CN', targetLang: 'en', threshold: THRESHOLD, limit: LIMIT, memories: ALL });
  for (const q of queries.slice(0, 50)) await lookup(q);
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const byKind = new Map<string, number[]>();
  const results: TmMatch[][] = [];
  const loadBefore = loadavg()[0] ?? 0;
  for (const q of queries) {
    const t = performance.now();
    const c = process.cpuUsage();
    results.push(await lookup(q));
    const dt = performance.now() - t;
    const dc = process.cpuUsage(c);
    times.push(dt);
    cpuTimes.push((dc.user + dc.system) / 1000);
    byKind.set(q.kind, [...(byKind.get(q.kind) ?? []), dt]);
  }
  const single = latency(times);
  const singleCpu = latency(cpuTimes);
  // The exchange's proposals look up down to 50 (the lowest analysis band): a weaker count filter.
  const low: number[] = [];
  for (const q of queries.slice(0, LOW_THRESHOLD_QUERIES)) {
    const t = performance.now();
    await tm.lookup({ source: q.source, sourceLang: 'zh-CN', targetLang: 'en', threshold: LOW_THRESHOLD, limit: LIMIT, memories: ALL });
    low.push(performance.now() - t);
  }
  const atLowThreshold = latency(low);
  const loadDuring = [loadBefore, loadavg()[0] ?? 0];
  process.stderr.write(`[${n}] single lookups p50 ${ms(single.p50)} p95 ${ms(single.p95)} ms\n`);

  const batchTimes: number[] = [];
  for (let b = 0; b < BATCHES; b++) {
    const segments = Array.from({ length: BATCH_SEGMENTS }, (_, i) => ({ source: (queries[(b * BATCH_SEGMENTS + i) % queries.length] as SyntheticQuery).source }));
    const t = performance.now();
    await tm.lookupBatch({ sourceLang: 'zh-CN', targetLang: 'en', threshold: THRESHOLD, limit: LIMIT, segments, memories: ALL });
    batchTimes.push(performance.now() - t);
  }
  const batchLatency = latency(batchTimes);

  // Concordance through the service: 2-5 character pieces of sources, and target words.
  const concordanceTimes: number[] = [];
  let hits = 0;
  for (let i = 0; i < CONCORDANCE_QUERIES; i++) {
    const src = [...(sample[Math.floor(rnd() * sample.length)] as string)];
    const len = 2 + Math.floor(rnd() * 4);
    const at = Math.floor(rnd() * Math.max(1, src.length - len));
    const side = i % 2 === 0 ? 'source' : 'target';
    const q = side === 'source' ? src.slice(at, at + len).join('') : pick(rnd, ['Silk Road', 'cooperation', 'Central Asia', 'mutual', 'development of']);
    const t = performance.now();
    hits += (await tm.concordance({ q, side, sourceLang: 'zh-CN', targetLang: 'en', limit: 20, memories: [DEFAULT_COLLECTION] })).total;
    concordanceTimes.push(performance.now() - t);
  }
  const concordance = { ...latency(concordanceTimes), meanTotal: hits / CONCORDANCE_QUERIES };

  const r = Math.min(recallSample(n), queries.length);
  t0 = performance.now();
  const brute = await bruteForce(stores.tm, queries.slice(0, r).map((q) => q.source));
  let hit = 0;
  let total = 0;
  let identical = 0;
  brute.forEach((expected, i) => {
    const got = results[i] as TmMatch[];
    const ids = new Set(got.map((m) => m.unit.id));
    total += expected.length;
    hit += expected.filter((m) => ids.has(m.unit.id)).length;
    if (JSON.stringify(expected.map((m) => [m.unit.id, m.score])) === JSON.stringify(got.map((m) => [m.unit.id, m.score]))) identical++;
  });
  process.stderr.write(`[${n}] brute force over ${r} queries in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

  const fresh = [...syntheticUnits(material, WRITES + SINGLE_WRITES, n + 2)];
  t0 = performance.now();
  for (let i = 0; i < WRITES; i += WRITE_BATCH) await tm.addUnits(DEFAULT_COLLECTION, fresh.slice(i, i + WRITE_BATCH), SYSTEM_PRINCIPAL);
  const batchWriteRate = WRITES / ((performance.now() - t0) / 1000);
  t0 = performance.now();
  for (const u of fresh.slice(WRITES)) await tm.addUnits(DEFAULT_COLLECTION, u, SYSTEM_PRINCIPAL);
  const singleWriteRate = SINGLE_WRITES / ((performance.now() - t0) / 1000);
  const last = fresh[fresh.length - 1];
  const visible = last ? (await tm.lookup({ source: last.source, sourceLang: 'zh-CN', targetLang: 'en', limit: 1, memories: ALL }))[0]?.score === 100 : false;

  await stores.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    units, loadSeconds: loadMs / 1000, buildSeconds: buildMs / 1000, rssBeforeIndexMb: baseline.rssMb, memory,
    index: { ...footprint, arenaMb: Math.round(footprint.arenaBytes / 1048576), postingMb: Math.round(footprint.postingBytes / 1048576) },
    single, singleCpu, atLowThreshold, loadAverage: loadDuring, byKind: Object.fromEntries([...byKind].map(([k, v]) => [k, latency(v)])), concordance,
    batch: { segments: BATCH_SEGMENTS, ...batchLatency, perSegmentP50: batchLatency.p50 / BATCH_SEGMENTS },
    recall: { queries: r, recall: total === 0 ? 1 : hit / total, identical: identical / r, expectedMatches: total },
    writes: { batchOf: WRITE_BATCH, unitsPerSecond: batchWriteRate, singleUnitsPerSecond: singleWriteRate, visibleToNextLookup: visible },
  };
}

const material = loadSeedMaterial();
const runs: Record<string, unknown>[] = [];
for (const n of SIZES) runs.push({ size: n, ...(await runSize(n, material)) });

type Run = { size: number; units: number; buildSeconds: number; memory: { rssMb: number }; index: { arenaMb: number; postingMb: number };
  single: { p50: number; p95: number; p99: number }; singleCpu: { p95: number }; atLowThreshold: { p95: number }; concordance: { p95: number }; byKind: Record<string, { p95: number }>; batch: { p50: number; perSegmentP50: number };
  recall: { recall: number; identical: number; queries: number }; writes: { unitsPerSecond: number; singleUnitsPerSecond: number } };
const rows = (runs as unknown as Run[]).map((x) => [x.units.toLocaleString('en'), x.buildSeconds.toFixed(1), x.memory.rssMb, `${x.index.arenaMb} + ${x.index.postingMb}`,
  ms(x.single.p50), ms(x.single.p95), ms(x.single.p99), ms(x.singleCpu.p95), ['exact', 'edited', 'numbers', 'unrelated'].map((k) => ms(x.byKind[k]?.p95 ?? NaN)).join(' / '),
  ms(x.batch.p50), ms(x.atLowThreshold.p95), ms(x.concordance.p95), `${x.recall.recall.toFixed(3)} (${x.recall.queries})`, `${(x.recall.identical * 100).toFixed(0)}%`,
  `${Math.round(x.writes.unitsPerSecond)} / ${Math.round(x.writes.singleUnitsPerSecond)}`]);
const cpu = cpus();
const machine = `${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 1073741824)} GB, Node ${process.version}`;
process.stdout.write(`\nTM benchmark (${machine}); lookups at threshold ${THRESHOLD}, limit ${LIMIT}, ${QUERIES} queries per size\n\n`);
process.stdout.write(`${table(['units', 'build s', 'RSS MB', 'index MB (arena + postings)', 'lookup p50 ms', 'p95 ms', 'p99 ms', 'p95 CPU ms (all threads)',
  'p95 exact / edited / numbers / unrelated', `batch of ${BATCH_SEGMENTS} p50 ms`, `p95 ms at threshold ${LOW_THRESHOLD}`, 'concordance p95 ms', 'recall (sample)', 'identical top 5',
  'writes/s (batch 100 / single)'], rows)}\n`);

/** Runs a benchmark script of dist/bench in a process of its own and parses the JSON it prints. */
function child<T>(script: string, args: string[]): T {
  const run = spawnSync(process.execPath, ['--expose-gc', join(PACKAGE_ROOT, 'dist', 'bench', script), ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 16 << 20 });
  if (run.status !== 0) throw new Error(`the benchmark ${script} failed (exit ${run.status})`);
  return JSON.parse(run.stdout) as T;
}

// TMX import through the HTTP API (issue 5: a 1M-unit TMX imports with RSS under 1 GB), in a
// process of its own so its peak RSS is not the TM benchmark's.
const TMX_UNITS = Number(process.env.BENCH_TMX_UNITS ?? Math.max(...SIZES));
let tmxImport: TmxBenchResult | undefined;
if (TMX_UNITS > 0) {
  tmxImport = child<TmxBenchResult>('tmx-import.js', [String(TMX_UNITS)]);
  process.stdout.write(`\nTMX import and export through the HTTP API\n\n${table(['units', 'file MB', 'import s', 'units/s', 'import peak RSS MB', 'longest event-loop block ms', 'export s', 'export units/s'],
    [[tmxImport.units.toLocaleString('en'), tmxImport.fileMB, tmxImport.import.seconds.toFixed(1), Math.round(tmxImport.import.unitsPerSecond), tmxImport.importPeakRssMB,
      Math.round(tmxImport.import.maxEventLoopBlockMs), tmxImport.export.seconds.toFixed(1), Math.round(tmxImport.export.unitsPerSecond)]])}\n`);
}
// The term base at size (issue 11), in a process of its own.
const TERMBASE_CONCEPTS = Number(process.env.BENCH_TERMBASE_CONCEPTS ?? 100_000);
let termbase: TermbaseBenchResult | undefined;
if (TERMBASE_CONCEPTS > 0) {
  termbase = child<TermbaseBenchResult>('termbase.js', [String(TERMBASE_CONCEPTS)]);
  process.stdout.write(`\n${termbaseTables(termbase)}\n`);
}
// The protocol routes for translation tools through HTTP (issue 15), in a process of its own.
const PROTOCOL_UNITS = Number(process.env.BENCH_PROTOCOL_UNITS ?? Math.min(100_000, Math.max(...SIZES)));
let protocols: ProtocolBenchResult | undefined;
if (PROTOCOL_UNITS > 0) {
  protocols = child<ProtocolBenchResult>('protocols.js', [String(PROTOCOL_UNITS)]);
  const p = protocols;
  process.stdout.write(`\nProtocol routes through HTTP (one memory, a link key)\n\n${table(['units', 'tmserver lookup p50 / p95 ms', 'APy translate p50 / p95 ms', 'languages/ p50 / p95 ms', 'TMX s (MB)', 'TMX 304 p50 / p95 ms'],
    [[p.units.toLocaleString('en'), `${ms(p.tmserver.p50)} / ${ms(p.tmserver.p95)}`, `${ms(p.apy.p50)} / ${ms(p.apy.p95)}`, `${ms(p.languages.p50)} / ${ms(p.languages.p95)}`,
      `${p.omegat.tmxSeconds.toFixed(1)} (${p.omegat.tmxMB})`, `${ms(p.omegat.notModified.p50)} / ${ms(p.omegat.notModified.p95)}`]])}\n`);
}
// Issue 12: the figures users see, through HTTP against a server process (bench/http/run-http.ts).
const HTTP_SIZES = process.env.BENCH_HTTP_SIZES ?? '100000,1000000';
let http: HttpRun[] | undefined;
if (HTTP_SIZES !== '0') {
  http = child<HttpRun[]>(join('http', 'run-http.js'), [HTTP_SIZES]);
  process.stdout.write(`\n${httpTables(http)}\n`);
}
// Issue 10, "Speed": 20 memories against one, a small memory among many units against alone (bench/memories.ts).
const MEMORY_SIZES = (process.env.BENCH_MEMORIES ?? '1000000,10000').split(',').map(Number);
let memories: MemoriesBenchResult | undefined;
if (MEMORY_SIZES[0]) {
  memories = child<MemoriesBenchResult>('memories.js', MEMORY_SIZES.map(String));
  process.stdout.write(`\n${memoriesTable(memories)}\n`);
}
// Two nodes on PostgreSQL (issue 13): import, node start, lookups on the second node, replication
// lag under 200 writes/s; in a process of its own, on a private throwaway cluster.
const PG_UNITS = Number(process.env.BENCH_PG_UNITS ?? Math.max(...SIZES));
let postgresCluster: PgClusterBenchResult | undefined;
if (PG_UNITS > 0 && !findPgBin()) {
  process.stdout.write('\nskipping the PostgreSQL benchmark: PostgreSQL is not installed (apt-get install postgresql)\n');
} else if (PG_UNITS > 0) {
  const r = child<PgClusterBenchResult>('postgres-cluster.js', [String(PG_UNITS)]);
  postgresCluster = r;
  process.stdout.write(`\nTwo nodes on PostgreSQL (fsync on), through the HTTP API\n\n${table(['units', 'TMX import s (node A)', 'node B start s', 'lookup on node B p50 / p95 / p99 ms',
    'writes/s sustained (asked: 200)', 'lag to node B p50 / p99 ms', 'term edit lag to node B p50 / p99 ms'],
    [[r.units.toLocaleString('en'), r.importSeconds.toFixed(1), r.nodeStartSeconds.toFixed(1), `${r.lookupMs.p50} / ${r.lookupMs.p95} / ${r.lookupMs.p99}`,
      r.lagMs.writesPerSecond, `${r.lagMs.p50} / ${r.lagMs.p99}`, `${r.termLagMs.p50} / ${r.termLagMs.p99}`]])}\n`);
}
const outDir = join(PACKAGE_ROOT, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const file = join(outDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ machine, threshold: THRESHOLD, limit: LIMIT, queries: QUERIES, runs, tmxImport, termbase, protocols, http, memories, postgresCluster }, null, 2)}\n`);
process.stdout.write(`\nwrote ${file}\n`);
