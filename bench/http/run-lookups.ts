/**
 * Lookups only, through HTTP, on a data directory that can be kept and reused (issue 12): the
 * 500 lookups of run-http.ts's mix (the same memory, sample and queries) against the server
 * process as `npm start` runs it, without the import, batch, analysis and export phases, so a
 * change to the lookup path can be measured before/after on one data directory in a minute
 * instead of a full run of 3-4 minutes at 1M units.
 *
 * With no data directory, or an empty one, the memory is written as TMX and imported first, and
 * the lookups run right after the import on that server as well as after a restart (the two
 * states run-http.ts measures in turn); with a data directory that holds a memory, only after
 * the restart. BENCH_CPU_PROF=<dir> starts the server with `--cpu-prof` (the profile is written
 * there when it stops); BENCH_ROUNDS repeats the lookups (default 2: the spread of one state);
 * BENCH_THRESHOLDS picks thresholds (default 70).
 *
 * For the cold rounds (issue 12, eighth round: the first round after an import or a restart costs
 * more than the steady state), measuring aids that change nothing the rounds measure:
 * BENCH_SERVER_ARGS adds node flags to the server (`--trace-gc`, `--trace-opt`, ...); with
 * BENCH_SERVER_OUT=<file> the server's output is copied there, a line `=== <state> round <r>`
 * before each round's (and `warm-up`), so traces can be counted by round; BENCH_THREADS=1 splits
 * each round's server CPU into the main thread's and the other threads' (V8's compiler and GC
 * helpers, workers), from /proc, and prints each thread's CPU from the import's start to the
 * last round after it, in half-second steps (thread-cpu.ts); and each round prints its start
 * and end on the monotonic clock (`at`, ms, the clock of a `--cpu-prof` profile's timestamps),
 * to cut a profile by round.
 * BENCH_WARM_UP=<n> sets the lookups before round 1 (default 50, as run-http.js); past the round's
 * first 50 queries the warm-up takes queries of its own (the same mix, another seed), so a longer
 * warm-up feeds V8 what a server-side warm-up could, without having seen the round's queries
 * (issue 12, ninth round: how much of round 1 a warm-up would take away). Measured at 100k after a
 * restart (load 3.7-11): round 1's server CPU a lookup 1.72-2.70 ms after 50, 1.62-1.92 after 150,
 * 1.26-1.36 after 300, 1.46-1.54 after 550, against 1.02-1.58 in round 2: some 300 lookups take
 * all of round 1's extra, V8's compiles on other threads most (README, the ninth round's
 * first-round paragraph; a service-only warm-up at start took less than half and was not kept).
 * trace-counts.js counts the deopts and compiles of a BENCH_SERVER_OUT copy by round.
 * BENCH_EACH=<file> appends a JSON line a request of every round (state, threshold, round, index,
 * kind, length, ms, and its start and end on the monotonic clock), to find which queries make a
 * round's tail and to line them up with the server's collections (issue 12, tenth round;
 * gc-observer.ts logs those on the same clock).
 * A CPU profile records where the main thread is, not whether it runs: under load it counted the
 * response's `writev` at 1.7 ms a lookup in a round whose main thread the kernel charged 2.0 ms
 * in all. For CPU time by kind of code, `BENCH_SERVER_ARGS=--perf-basic-prof` and `perf record
 * -e cpu-clock -k CLOCK_MONOTONIC -p <server pid>` (its times are these `at` times in seconds):
 * optimised code shows as `JS:*`, Sparkplug's as `JS:^` (README, issue 12's eighth round).
 *
 * Run: `node dist/bench/http/run-lookups.js <units> [dataDir]` (after `npm run build`).
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { familyUnits, lookupMix, type MixQuery, sampleSources } from '../corpus.js';
import { latency } from '../stats.js';
import { loadSeedMaterial, prng } from '../synthetic.js';
import { BenchClient } from './client.js';
import { writeTmxFiles } from './files.js';
import { CORPUS_SEED } from './run-http.js';
import { type BenchServer, startBenchServer } from './server.js';
import { mainAndAllCpuMs, watchThreads } from './thread-cpu.js';
import { DEFAULT_UPLOAD_LIMIT_BYTES } from '../../src/config.js';

const ADMIN_KEY = 'bench-admin-key-0123456789abcdef';
const QUERIES = 500;
const SAMPLE = 5_000;
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 50);

const n = Number(process.argv[2] ?? 100_000);
const given = process.argv[3];
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const thresholds = (process.env.BENCH_THRESHOLDS ?? '70').split(',').map(Number);
const profileDir = process.env.BENCH_CPU_PROF;
const serverArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
const serverOut = process.env.BENCH_SERVER_OUT;
const eachFile = process.env.BENCH_EACH;
const threadSplit = process.env.BENCH_THREADS === '1';
/** Milliseconds on the monotonic clock (CLOCK_MONOTONIC, which a `--cpu-prof` profile's µs count on). */
const monotonicMs = () => Number(process.hrtime.bigint() / 1000n) / 1000;
const load = () => (loadavg()[0] ?? 0).toFixed(2);
const log = (line: string) => process.stdout.write(`${line}\n`);

/** Copies the server's output to BENCH_SERVER_OUT (see the module header). */
function copyOutput(server: BenchServer): void {
  if (!serverOut) return;
  const copy = (chunk: Buffer) => appendFileSync(serverOut, chunk);
  server.child.stdout?.on('data', copy);
  server.child.stderr?.on('data', copy);
}

/** Runs the mix `rounds` times at each threshold and prints p50/p95/p99, server CPU per lookup and the load. */
async function measure(server: BenchServer, state: string, queries: readonly MixQuery[]): Promise<void> {
  const warmUp = [...queries.slice(0, Math.min(WARM_UP, 50)), ...lookupMix(material, sample, Math.max(0, WARM_UP - 50), n + 3)];
  const client = new BenchClient(server.port, ADMIN_KEY);
  const pid = server.child.pid as number;
  const mark = (what: string) => {
    if (serverOut) appendFileSync(serverOut, `=== ${state} ${what}\n`);
  };
  try {
    for (const threshold of thresholds) {
      const send = (q: MixQuery) => client.send({ path: '/api/v1/tm/lookup', json: { source: q.source, sourceLang: 'zh-CN', targetLang: 'en', threshold, limit: 5 } });
      mark(`threshold ${threshold} warm-up`);
      const warm0 = server.cpuMs();
      for (const q of warmUp) await send(q);
      if (warmUp.length !== 50) log(`[${n} ${state}] warm-up of ${warmUp.length}: server CPU ${((server.cpuMs() - warm0) / Math.max(1, warmUp.length)).toFixed(2)} ms a lookup`);
      for (let r = 0; r < rounds; r++) {
        mark(`threshold ${threshold} round ${r + 1}`);
        const load0 = load();
        const cpu0 = server.cpuMs();
        const threads0 = threadSplit ? mainAndAllCpuMs(pid) : undefined;
        const at0 = monotonicMs();
        const ms: number[] = [];
        const each: string[] = [];
        for (const [i, q] of queries.entries()) {
          const from = eachFile ? monotonicMs() : 0;
          ms.push((await send(q)).ms);
          if (eachFile) {
            each.push(JSON.stringify({ state, threshold, round: r + 1, i, kind: q.kind, length: [...q.source].length, ms: ms[i], from, to: monotonicMs() }));
          }
        }
        if (eachFile) appendFileSync(eachFile, `${each.join('\n')}\n`);
        const cpu = (server.cpuMs() - cpu0) / queries.length;
        const at1 = monotonicMs();
        const threads1 = threadSplit ? mainAndAllCpuMs(pid) : undefined;
        const split = threads0 && threads1 ? `, main thread ${((threads1.main - threads0.main) / queries.length).toFixed(2)} ms + other threads ` +
          `${((threads1.all - threads1.main - threads0.all + threads0.main) / queries.length).toFixed(2)}` : '';
        const all = latency(ms);
        const kinds = [...new Set(queries.map((q) => q.kind))].map((k) => {
          const l = latency(ms.filter((_, i) => queries[i]?.kind === k));
          return `${k} ${l.p50.toFixed(2)}/${l.p95.toFixed(2)}`;
        }).join(', ');
        log(`[${n} ${state}] threshold ${threshold} round ${r + 1}: p50/p95/p99 ${all.p50.toFixed(2)}/${all.p95.toFixed(2)}/${all.p99.toFixed(2)} ms, ` +
          `max ${all.max.toFixed(1)}, server CPU ${cpu.toFixed(2)} ms a lookup${split}, load ${load0}-${load()}; by kind p50/p95: ${kinds}; ` +
          `at ${at0.toFixed(0)}-${at1.toFixed(0)}`);
      }
    }
  } finally {
    client.close();
  }
}

const material = loadSeedMaterial();
const dir = given ?? mkdtempSync(join(tmpdir(), 'caravan-bench-lookups-'));
const dataDir = join(dir, 'data');
const sample: string[] = [];
const units = sampleSources(familyUnits(material, n, CORPUS_SEED), sample, SAMPLE, prng(n + 7));
const fresh = !existsSync(dataDir) || readdirSync(dataDir).length === 0;
const nodeArgs = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...serverArgs];
try {
  if (fresh) {
    mkdirSync(dataDir, { recursive: true });
    const tmx = await writeTmxFiles(join(dir, 'memory.tmx'), units, DEFAULT_UPLOAD_LIMIT_BYTES);
    const server = await startBenchServer(dataDir, ADMIN_KEY, {}, nodeArgs);
    copyOutput(server);
    try {
      log(`[${n}] started at ${monotonicMs().toFixed(0)}`);
      const client = new BenchClient(server.port, ADMIN_KEY);
      const watch = threadSplit ? watchThreads(server.child.pid as number, 100, 0.5) : undefined;
      for (const f of tmx) await client.send({ path: '/api/v1/tm/import?memory=default', file: { path: f.path, type: 'application/x-tmx+xml', bytes: f.bytes } });
      client.close();
      for (const f of tmx) rmSync(f.path);
      log(`[${n}] imported; RSS ${server.rssMb()} MB; at ${monotonicMs().toFixed(0)}`);
      await measure(server, 'after import', lookupMix(material, sample, QUERIES, n + 1));
      // Each thread's CPU from the import's start, in half-second steps (% of a core).
      for (const t of watch?.stop() ?? []) log(`thread ${t.tid}: ${t.from}-${t.to} s, ${t.cpuSeconds.toFixed(2)} s CPU; ${t.timeline.join(' ')}`);
    } finally {
      await server.stop();
    }
  } else {
    for (const _ of units); // the sample alone: the memory is on disk
  }
  const server = await startBenchServer(dataDir, ADMIN_KEY, {}, nodeArgs);
  copyOutput(server);
  try {
    log(`[${n}] started on the data directory; RSS ${server.rssMb()} MB; at ${monotonicMs().toFixed(0)}`);
    await measure(server, 'after restart', lookupMix(material, sample, QUERIES, n + 1));
  } finally {
    await server.stop();
  }
} finally {
  if (given === undefined) rmSync(dir, { recursive: true, force: true });
}
