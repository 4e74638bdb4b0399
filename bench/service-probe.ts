/**
 * The lookup service as the TM route calls it, in process (issue 12, eighth round): everything
 * under `POST /tm/lookup`'s handler after the validator and before `res.json`, that is
 * `LookupService.lookup` (the memory list, the index search, the rows read from the store, the
 * scoring, term recognition) plus the presenter, on a data directory that `run-lookups.js` made
 * (the real SQLite store, the seed glossary, the admin key's principal). It runs the 500 lookups
 * of the HTTP mix, times each query's CPU, and prints a digest of every answer's JSON (two
 * versions of the service that answer alike print the same digest; the data directory must be
 * the same, since the answers carry the units' ids and times).
 *
 * Run: `node --expose-gc dist/bench/service-probe.js <units> <dataDir> [thresholds]` (after
 * `npm run build`; no server may hold the data directory; thresholds default `70,50`).
 * PROBE_REPEAT runs the 500 that many times (default 3; the digest is the first run's, and every
 * later run must give the same answers). PROBE_PROFILE=<file> writes a CPU profile (sampling
 * every 100 µs) from the first threshold's second run to the end, or of that threshold's first
 * run alone (the cold one, right after the warm-up) with PROBE_PROFILE_FIRST=1. PROBE_BATCH=1
 * adds the 1,000-segment batch of run-http.ts's document (its digest and CPU). PROBE_EACH=<file> appends a JSON line a lookup of
 * every run (threshold, run, kind, length, CPU ms, matches, the answer's bytes), to find which
 * queries make the tail, and the lookup's CPU split into the index search (`search`), the rows read
 * from SQLite (`rows`; `rowsSystem` its kernel part, the page reads of SQLite's cache misses,
 * which Linux splits from user time by tick samples, so only a sum over many lookups means
 * anything; the rows' count `rowsRead` and the reads `reads`) and term recognition (`terms`), all
 * in ms; the rest of `ms` is the scoring, the memory list and the presenter (issue 12, tenth
 * round: the stages are timed by wrapping `TmSeeker.fuzzy`, `SqliteTm.getUnits` and
 * `GlossaryService.recognize` on their prototypes, with PROBE_EACH alone; `process.cpuUsage`
 * counts every thread, so in the first run V8's compiles land in whichever stage runs).
 * PROBE_ONLY=<i,j,...> measures only those of the 500 (PROBE_EACH's `i`), to profile a few. The
 * probe prints its RSS after the start (the index built, the planes' steps done) and after the runs.
 * PROBE_LATN=<runs> then looks up {@link LATN_QUERIES} (zh-Latn, scored by word, in the zh memory
 * keyed by character: tm-search.ts's other-mode branch) that many times at each threshold, and
 * prints each query's CPU (its fastest run), the rows it read, the longest the event loop waited
 * meanwhile (its delay histogram's max, as the lookup yields between steps), and a digest of the answers
 * (PROBE_REPEAT=0 skips the 500; PROBE_LATN_ONLY=<i,j> picks some of the queries: the old
 * branch read every unit, some 17 s of CPU a query at 1M).
 */
import { Session } from 'node:inspector/promises';
import { appendFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { mixedDocument } from './corpus.js';
import { benchQueries, fnv1a, openLookupService } from './lookup-service.js';
import { presentMatch } from '../src/http/tm-presenters.js';
import { TmSeeker } from '../src/domain/tm/index/seeker.js';
import { GlossaryService } from '../src/services/glossary/glossary.js';
import { SqliteTm } from '../src/store/sqlite/sqlite-tm.js';

/**
 * Pinyin queries for PROBE_LATN: sentences of the seed material's kind, with numbers, the
 * memory's one Latin letter (`D`), a Han word, and punctuation and numbers alone (whose tokens
 * every unit's characters can supply: the bound's weak case).
 */
const LATN_QUERIES = [
  'zhongguo tong zhongya guojia de hezuo budu shenhua',
  "xi'an fenghui 2023 nian 5 yue 19 ri juxing",
  'jiakuai zhongguo—zhongya tianranqi guandao D xian jianshe',
  'kuoda nengyuan quan chanyelian hezuo, cujin nengyuan ditan zhuanxing.',
  'zhongya 国家 hezuo',
  'D xian',
  '2023 ， 。',
];
const WARM_UP = 50;

const n = Number(process.argv[2] ?? 100_000);
const dir = process.argv[3];
if (!dir) throw new Error('usage: service-probe.js <units> <dataDir> [thresholds]');
const thresholds = (process.argv[4] ?? '70,50').split(',').map(Number);
const repeat = Number(process.env.PROBE_REPEAT ?? 3);
const load = () => (loadavg()[0] ?? 0).toFixed(2);
const eachFile = process.env.PROBE_EACH;
/** PROBE_ONLY: the queries measured, by their index in the 500 (all when unset). */
const only = process.env.PROBE_ONLY ? new Set(process.env.PROBE_ONLY.split(',').map(Number)) : undefined;

/** CPU (ms) of the current lookup's stages, reset before each lookup. */
const stages = { search: 0, rows: 0, rowsSystem: 0, rowsRead: 0, reads: 0, terms: 0 };
/** Wraps `proto[name]` to add its CPU time to `stages[stage]` (the call's synchronous part: `getUnits` does all its work before it returns its promise). */
function timeStage<T extends object, K extends keyof T & string>(proto: T, name: K, stage: 'search' | 'rows' | 'terms', onCall?: (args: unknown[]) => void): void {
  const original = proto[name] as (...args: unknown[]) => unknown;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    onCall?.(args);
    const c = process.cpuUsage();
    const out = original.apply(this, args);
    const cu = process.cpuUsage(c);
    stages[stage] += (cu.user + cu.system) / 1000;
    if (stage === 'rows') stages.rowsSystem += cu.system / 1000;
    return out;
  };
  Object.defineProperty(proto, name, { value: wrapped, writable: true, configurable: true });
}
if (eachFile) {
  timeStage(TmSeeker.prototype, 'fuzzy', 'search');
  timeStage(SqliteTm.prototype, 'getUnits', 'rows', (args) => { stages.rowsRead += (args[0] as number[]).length; stages.reads++; });
  timeStage(GlossaryService.prototype, 'recognize', 'terms');
}

const { material, sample, queries } = benchQueries(n);
const { runtime, by } = await openLookupService(dir);
const { services } = runtime;
const rssMb = () => Math.round(process.memoryUsage().rss / 1048576);
process.stdout.write(`[${n}] RSS after the start ${rssMb()} MB\n`);

const profile = process.env.PROBE_PROFILE;
const session = profile ? new Session() : undefined;
const firstOnly = process.env.PROBE_PROFILE_FIRST === '1';
const profileFrom = firstOnly ? 0 : 1;
// One profile a process, of the first threshold's runs (a session connects once).
let profiling = false;
let profiled = false;
const stopProfile = async () => {
  if (!session || !profile || !profiling) return;
  const { profile: cpu } = await session.post('Profiler.stop');
  writeFileSync(profile, JSON.stringify(cpu));
  session.disconnect();
  profiling = false;
  profiled = true;
};
try {
  for (const threshold of thresholds) {
    const ask = async (source: string) => {
      const r = await services.lookup.lookup({ source, sourceLang: 'zh-CN', targetLang: 'en', threshold, limit: 5 }, by);
      return JSON.stringify({ matches: r.matches.map(presentMatch), terms: r.terms });
    };
    for (const q of queries.slice(0, WARM_UP)) await ask(q.source);
    let digest = 0;
    for (let r = 0; r < repeat; r++) {
      if (r === profileFrom && session && !profiled) {
        profiling = true;
        session.connect();
        await session.post('Profiler.enable');
        await session.post('Profiler.setSamplingInterval', { interval: 100 });
        await session.post('Profiler.start');
      }
      const load0 = load();
      let h = 2166136261;
      const cpus: number[] = [];
      const each: string[] = [];
      for (const [i, q] of queries.entries()) {
        if (only && !only.has(i)) continue;
        Object.assign(stages, { search: 0, rows: 0, rowsSystem: 0, rowsRead: 0, reads: 0, terms: 0 });
        const c = process.cpuUsage();
        const body = await ask(q.source);
        const cu = process.cpuUsage(c);
        cpus.push((cu.user + cu.system) / 1000);
        h = fnv1a(h, `${body}\u0000`);
        if (eachFile) each.push(JSON.stringify({ threshold, run: r + 1, i, kind: q.kind, length: [...q.source].length, ms: cpus.at(-1),
          matches: (JSON.parse(body) as { matches: unknown[] }).matches.length, bytes: body.length, ...stages }));
      }
      if (eachFile) appendFileSync(eachFile, `${each.join('\n')}\n`);
      if (r === 0) digest = h;
      else if (h !== digest) throw new Error(`run ${r + 1} answered otherwise than run 1 (${h.toString(16)} against ${digest.toString(16)})`);
      const sorted = [...cpus].sort((x, y) => x - y);
      const mean = cpus.reduce((s, x) => s + x, 0) / cpus.length;
      process.stdout.write(`[${n}] threshold ${threshold} run ${r + 1}: CPU a lookup mean ${mean.toFixed(3)} ms, p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(3)}, ` +
        `p95 ${sorted[Math.floor(sorted.length * 0.95)]?.toFixed(3)}; load ${load0}-${load()}; digest ${h.toString(16)}\n`);
      if (firstOnly && r === 0) await stopProfile();
    }
    if (process.env.PROBE_BATCH === '1') {
      // run-http.ts's batch: every other segment of the mixed document, the first 1,000.
      const segments = mixedDocument(material, sample, n + 2).filter((_, i) => i % 2 === 0).slice(0, 1_000).map((s) => ({ source: s.source }));
      let h = 2166136261;
      for (let r = 0; r < 2; r++) {
        const c = process.cpuUsage();
        const results = await services.lookup.lookupBatch({ sourceLang: 'zh-CN', targetLang: 'en', threshold, limit: 5, segments }, by);
        const cu = process.cpuUsage(c);
        const body = JSON.stringify({ results: results.map((x) => ({ matches: x.matches.map(presentMatch), terms: x.terms })) });
        if (r === 0) h = fnv1a(h, body);
        process.stdout.write(`[${n}] threshold ${threshold} batch of ${segments.length} run ${r + 1}: CPU ${((cu.user + cu.system) / 1000).toFixed(0)} ms, load ${load()}; digest ${h.toString(16)}\n`);
      }
    }
  }
  const latnRuns = Number(process.env.PROBE_LATN ?? 0);
  const latnOnly = process.env.PROBE_LATN_ONLY ? new Set(process.env.PROBE_LATN_ONLY.split(',').map(Number)) : undefined;
  if (latnRuns > 0) {
    let rows = 0;
    const getUnits = SqliteTm.prototype.getUnits;
    SqliteTm.prototype.getUnits = function (this: SqliteTm, ids: number[]) {
      rows += ids.length;
      return getUnits.call(this, ids);
    };
    for (const threshold of thresholds) {
      let h = 2166136261;
      for (const [i, source] of LATN_QUERIES.entries()) {
        if (latnOnly && !latnOnly.has(i)) continue;
        let best = Infinity;
        let read = 0;
        const load0 = load();
        const delay = monitorEventLoopDelay({ resolution: 1 });
        for (let r = 0; r < latnRuns; r++) {
          rows = 0;
          delay.enable();
          const c = process.cpuUsage();
          const answer = await services.lookup.lookup({ source, sourceLang: 'zh-Latn', targetLang: 'en', threshold, limit: 5 }, by);
          const cu = process.cpuUsage(c);
          delay.disable();
          best = Math.min(best, (cu.user + cu.system) / 1000);
          read = rows;
          if (r === 0) h = fnv1a(h, `${JSON.stringify({ matches: answer.matches.map(presentMatch), terms: answer.terms })}\u0000`);
        }
        process.stdout.write(`[${n}] zh-Latn ${i} threshold ${threshold}: CPU ${best.toFixed(2)} ms (fastest of ${latnRuns}), rows read ${read}, event loop delay max ${(delay.max / 1e6).toFixed(1)} ms; load ${load0}-${load()}\n`);
      }
      process.stdout.write(`[${n}] zh-Latn threshold ${threshold}: digest ${h.toString(16)}\n`);
    }
    SqliteTm.prototype.getUnits = getUnits;
  }
  process.stdout.write(`[${n}] RSS after the runs ${rssMb()} MB\n`);
} finally {
  await stopProfile();
  await runtime.close();
}
