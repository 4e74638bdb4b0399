/**
 * What a bar from final scores would save the index's search (issue 12, eleventh round): an
 * oracle, with no change to the server. The search keeps every unit whose base reaches the
 * `limit`-th best base minus the penalty cap (a final score is at least its base minus the cap,
 * score.ts), so at 1M the long edited copies end at a bar of 70-78 while their `limit`-th final
 * score is 72-83. Had the search known that final score F from the start, its bar could have
 * been F: a unit's final never exceeds its base below 100 (and 100 gives at most 101), so a unit
 * of base < F ranks after the `limit`-th match at score F whatever its tie-break; a unit of base
 * F may tie it and win on the tie-break, so F itself stays in (bar min(F, 100)).
 *
 * For each lookup of the HTTP mix it runs the lookup service as the route does and takes the
 * `limit`-th final score F of its answer; runs it again with `TmSeeker.fuzzy`'s floor raised to
 * max(floor, F) (the collector then scores only those candidates), and checks that the answer is
 * the same, byte for byte (the digests); then times the search alone (CPU, each query's fastest of
 * `PROBE_REPEAT`, the two searches alternating) as the service calls it (a) and with that floor
 * (b), with their work (slots swept, through the planes, distances, candidates), and the whole
 * service for both (the same alternation). It prints the totals by kind and query length, and
 * the `PROBE_SLOWEST` (default 25) slowest searches of (a).
 *
 * Run: `node --expose-gc dist/bench/bar-probe.js <units> <dataDir> [threshold]` (after
 * `npm run build`, on a data directory `run-lookups.js` made; no server may hold it; threshold
 * default 70). PROBE_REPEAT (default 3); PROBE_EACH=<file> appends a JSON line a query.
 *
 * What the oracle saves (issue 12, eleventh round; threshold 70, limit 5; the answers the same for
 * all 500 in every run, digests a9942d9b at 100k and ba1a4abb at 1M, as service-probe's):
 * - 1M, load 4.0-4.2: the 500 searches 351 -> 230 ms of CPU (34% less), p95 2.60 -> 1.57 ms;
 *   the 25 slowest 104 -> 69 ms (34%); the service with the raised floor 485 -> 357 ms (26%), the
 *   25 slowest 127 -> 90 (29%). By kind: edited copies 32% less search, exact copies 60%,
 *   unrelated 13%; by length: under 40 27%, 40-79 35%, 80-119 44%, 120+ 12%. Three more runs
 *   (load 1.4-2.5) gave 34-35% and 32-34% for the 25 slowest. The bar rose 2.4 points over the
 *   one the search ends at (3.5 for the 25 slowest): their distances 2,564 -> 1,480 a search,
 *   units through the planes 3,667 -> 2,796, slots swept 109k -> 90k. What is left in them is
 *   queries with fewer than 5 answers (nothing to raise: 2.6-4.9 ms each) and those whose 5th
 *   final is 70-72 (queries 464 and 344: 7.1 -> 6.3-6.8 ms).
 * - 100k, load 6.5: 51.0 -> 35.8 ms (30%), the 25 slowest 11.8 -> 7.9 (33%); the service 14%.
 * How near a service could get, exactly: a lookup searching rings of lengths, nearest the query's
 * first, each ring's candidates read and scored before the next, which starts at the least base
 * that can still reach the limit-th score (commit 8894db8, reverted after it: its probe has a
 * column (c) for the service's own passes). In process against one whole search, the same
 * queries: two passes split at the lengths of a 90 (97, 100) score 9% (12%, 9%) less search, 13%
 * (17%, 12%) for the 25 slowest; the first pass found the 5th final in 457 (324, 273) of 500; rings
 * 100, 97, 90 15% and 24% (100, 95: 14% and 20%). But each ring's reads come before the later
 * rings raise the 5th score: rows 5,122 -> 6,859 for the 500 at 1M, and the service as a whole
 * was even (service-probe, old and new alternating, two processes a side, load 2.1-3.5). Rings
 * only from 80 key symbols: at 1M 80-119 characters search 24% and service 16% less (the
 * unchanged shorter ones 6-7% less too, the processes' spread), the 25 slowest by search 19%
 * and 13%; but at 100k the 80+ queries' service CPU rose 18-22% (rows 742 -> 1,067 for 82
 * lookups at 70 and 50), so it was left out. Refined (commit cf7659e, reverted after it): each
 * ring reads only the best `limit` unread candidates of all rings so far (the rest wait for the
 * last floor), and a first ring that sweeps under 500 slots (100k: 0-420, 1M: 17-4,052) hands its
 * bases to one pass over the rest, reading nothing early. 100k, two processes a side, thresholds
 * 70 and 50, load 3.2-3.8: rows 682 -> 682 for the 80-119 characters, their search 35.0 -> 37.8 ms
 * and service 67.0 -> 71.0 ms (the unchanged shorter ones 2-4% dearer too: the processes); 1M,
 * load 2.7-3.3: 80-119 characters search 118 -> 97 ms (18% less), service 145 -> 128 (12%),
 * rows 593 -> 698, the 25 slowest by search 12% and 8% less, the p95 of service CPU 4.42 -> 4.42
 * ms (the shorter ones 4-5% dearer: the processes). The same digests throughout. About half the
 * oracle's gain for the long queries at 1M, a few percent's cost for them at 100k, four
 * constants and three passes more in the lookup: left out. What stands between the two is the
 * rows: the oracle knows the 5th final without reading any row early.
 */
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { benchQueries, fnv1a, openLookupService, oracleProbeArgs } from './lookup-service.js';
import { presentMatch } from '../src/http/tm-presenters.js';
import type { FuzzyCandidate, SearchStats, SweepOptions } from '../src/domain/tm/index/ngram-search.js';
import { TmSeeker } from '../src/domain/tm/index/seeker.js';
import { EXACT_SCORE, lowestFinalScore } from '../src/domain/tm/scoring/score.js';

const WARM_UP = 50;
const LIMIT = 5;
/** Query lengths (characters) the per-length lines split at, as search-probe.ts. */
const LENGTH_BANDS = [40, 80, 120];

const { units: n, dir, threshold, repeat, slowest: slowestCount } = oracleProbeArgs('bar-probe.js');
const load = () => (loadavg()[0] ?? 0).toFixed(2);

/** The service's searches of the current lookup (one a memory it reads), and the floor they are raised to. */
const calls: { seeker: TmSeeker; part: number; text: string; floor: number }[] = [];
let raiseTo = -Infinity;
const fuzzy = TmSeeker.prototype.fuzzy;
Object.defineProperty(TmSeeker.prototype, 'fuzzy', {
  configurable: true,
  writable: true,
  value: function (this: TmSeeker, part: number, text: string, floor: number, limit: number, stats?: SearchStats, options?: SweepOptions): FuzzyCandidate[] {
    calls.push({ seeker: this, part, text, floor });
    return fuzzy.call(this, part, text, Math.max(floor, raiseTo), limit, stats, options);
  },
});

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

const { queries } = benchQueries(n);
const { runtime, by } = await openLookupService(dir);
const { services } = runtime;

/** The presented answer and its scores. */
const ask = async (source: string) => {
  const r = await services.lookup.lookup({ source, sourceLang: 'zh-CN', targetLang: 'en', threshold, limit: LIMIT }, by);
  return { body: JSON.stringify({ matches: r.matches.map(presentMatch), terms: r.terms }), scores: r.matches.map((m) => m.score) };
};

/** One query's measures: (a) the search as the service calls it, (b) at the oracle's bar. */
interface Row {
  i: number;
  kind: string;
  length: number;
  /** The service's floor, the `limit`-th final score (NaN: fewer answers), the bar (b) searched at. */
  floor: number;
  nth: number;
  bar: number;
  /** The bar (a) ended at: max(floor, the `limit`-th base - cap). */
  endBar: number;
  fifthBase: number;
  a: Work;
  b: Work;
  serviceA: number;
  serviceB: number;
}
interface Work {
  ms: number;
  swept: number;
  verified: number;
  distances: number;
  candidates: number;
}

for (const q of queries.slice(0, WARM_UP)) await ask(q.source);
process.stdout.write(`[${n}] threshold ${threshold}, limit ${LIMIT}, ${queries.length} lookups, fastest of ${repeat}; load ${load()}\n`);
const rows: Row[] = [];
let digestA = 2166136261;
let digestB = 2166136261;
let differ = 0;
const load0 = load();
for (const [i, q] of queries.entries()) {
  raiseTo = -Infinity;
  calls.length = 0;
  const a = await ask(q.source);
  // The searches (a) made, one a memory read (the bench's memory and the seed memory).
  const searches = calls.splice(0);
  const floor = Math.min(...searches.map((x) => x.floor));
  const nth = a.scores.length === LIMIT ? (a.scores[LIMIT - 1] as number) : NaN;
  // Every memory read has no penalty here; with one, its exact bar would be higher still (nth + penalty).
  const bar = Number.isNaN(nth) ? floor : Math.max(floor, Math.min(nth, EXACT_SCORE));
  raiseTo = bar;
  const b = await ask(q.source);
  raiseTo = -Infinity;
  digestA = fnv1a(digestA, `${a.body}\u0000`);
  digestB = fnv1a(digestB, `${b.body}\u0000`);
  if (a.body !== b.body) differ++;
  const best: Row = {
    i, kind: q.kind, length: [...q.source].length, floor, nth, bar, endBar: 0, fifthBase: NaN,
    a: { ms: Infinity, swept: 0, verified: 0, distances: 0, candidates: 0 },
    b: { ms: Infinity, swept: 0, verified: 0, distances: 0, candidates: 0 },
    serviceA: Infinity, serviceB: Infinity,
  };
  for (let r = 0; r < repeat; r++) {
    for (const side of ['a', 'b'] as const) {
      const stats: SearchStats = { verified: 0, signed: 0, distances: 0, swept: 0 };
      const found: FuzzyCandidate[] = [];
      const c = process.cpuUsage();
      for (const x of searches) found.push(...fuzzy.call(x.seeker, x.part, x.text, side === 'a' ? x.floor : Math.max(x.floor, bar), LIMIT, stats));
      const ms = cpuMs(process.cpuUsage(c));
      if (ms < best[side].ms) best[side] = { ms, swept: stats.swept ?? 0, verified: stats.verified, distances: stats.distances, candidates: found.length };
      if (side === 'a' && r === 0) {
        const bases = found.map((x) => x.base).sort((x, y) => y - x);
        best.fifthBase = bases.length >= LIMIT ? (bases[LIMIT - 1] as number) : NaN;
        best.endBar = Number.isNaN(best.fifthBase) ? floor : Math.max(floor, lowestFinalScore(best.fifthBase));
      }
    }
    for (const side of ['a', 'b'] as const) {
      raiseTo = side === 'a' ? -Infinity : bar;
      const c = process.cpuUsage();
      await ask(q.source);
      const ms = cpuMs(process.cpuUsage(c));
      if (side === 'a') best.serviceA = Math.min(best.serviceA, ms);
      else best.serviceB = Math.min(best.serviceB, ms);
    }
    raiseTo = -Infinity;
  }
  rows.push(best);
}
process.stdout.write(`answers: digest (a) ${digestA.toString(16)}, (b) ${digestB.toString(16)}, ${differ} of ${rows.length} differ; load ${load0}-${load()}\n`);

const sum = (xs: readonly Row[], f: (r: Row) => number) => xs.reduce((s, r) => s + f(r), 0);
const pct = (xs: number[], f: number) => {
  const s = [...xs].sort((x, y) => x - y);
  return (s[Math.min(s.length - 1, Math.floor(f * s.length))] ?? NaN).toFixed(2);
};
/** A line for a group of queries: count, search CPU (a) -> (b) in all and p95, the saving, the work a search, the service's CPU. */
function line(name: string, xs: readonly Row[]): string {
  if (xs.length === 0) return `${name}: none`;
  const m = (f: (r: Row) => number) => Math.round(sum(xs, f) / xs.length);
  const a = sum(xs, (r) => r.a.ms);
  const b = sum(xs, (r) => r.b.ms);
  const sa = sum(xs, (r) => r.serviceA);
  const sb = sum(xs, (r) => r.serviceB);
  return `${name} (${xs.length}): search ${a.toFixed(1)} -> ${b.toFixed(1)} ms (${(100 * (1 - b / a)).toFixed(1)}% less), p95 ${pct(xs.map((r) => r.a.ms), 0.95)} -> ` +
    `${pct(xs.map((r) => r.b.ms), 0.95)}; service ${sa.toFixed(1)} -> ${sb.toFixed(1)} ms (${(100 * (1 - sb / sa)).toFixed(1)}% less); a search: swept ${m((r) => r.a.swept)} -> ${m((r) => r.b.swept)}, ` +
    `planes ${m((r) => r.a.verified)} -> ${m((r) => r.b.verified)}, distances ${m((r) => r.a.distances)} -> ${m((r) => r.b.distances)}, candidates ${m((r) => r.a.candidates)} -> ${m((r) => r.b.candidates)}; ` +
    `bar raised ${(sum(xs, (r) => r.bar - r.endBar) / xs.length).toFixed(1)} points over the end bar`;
}
process.stdout.write(`${line('all', rows)}\n`);
for (const kind of ['edited', 'exact', 'unrelated']) process.stdout.write(`${line(kind, rows.filter((r) => r.kind === kind))}\n`);
const bandOf = (len: number) => LENGTH_BANDS.filter((edge) => len >= edge).length;
for (const band of [0, 1, 2, 3]) {
  const name = band === 0 ? `<${LENGTH_BANDS[0]}` : band === LENGTH_BANDS.length ? `${LENGTH_BANDS[band - 1]}+` : `${LENGTH_BANDS[band - 1]}-${(LENGTH_BANDS[band] as number) - 1}`;
  process.stdout.write(`${line(name, rows.filter((r) => bandOf(r.length) === band))}\n`);
}
const slowest = [...rows].sort((x, y) => y.a.ms - x.a.ms).slice(0, slowestCount);
process.stdout.write(`${line(`slowest ${slowestCount} of (a)`, slowest)}\n`);
process.stdout.write('  i kind length | 5th base, end bar (a), nth final, bar (b) | search ms a -> b | swept, planes, distances, candidates a -> b | service ms a -> b\n');
for (const r of slowest) {
  process.stdout.write(`  ${r.i} ${r.kind} ${r.length} | ${r.fifthBase} ${r.endBar} ${r.nth} ${r.bar} | ${r.a.ms.toFixed(2)} -> ${r.b.ms.toFixed(2)} | ` +
    `${r.a.swept} ${r.a.verified} ${r.a.distances} ${r.a.candidates} -> ${r.b.swept} ${r.b.verified} ${r.b.distances} ${r.b.candidates} | ${r.serviceA.toFixed(2)} -> ${r.serviceB.toFixed(2)}\n`);
}
if (process.env.PROBE_EACH) appendFileSync(process.env.PROBE_EACH, `${rows.map((r) => JSON.stringify({ n, threshold, ...r })).join('\n')}\n`);
await runtime.close();
