/**
 * The fuzzy search alone, in process, on issue 12's corpus (corpus.ts): the index the HTTP
 * benchmark's server builds, and the searches its analysis (threshold 50, limit 1), XLIFF
 * export (50, limit 3) and lookups (70 and 50, limit 5) make, with no HTTP, store or matcher
 * around them. For profiling the index's search (`node --cpu-prof`) and comparing changes to it
 * quickly: it prints CPU ms per phase, per kind of segment and per band of query length (p50,
 * p95, p99: the long segments are the tail at 1M), the search's work counters, and a digest
 * of every candidate list (two versions of the search that return the same candidates print the
 * same digest).
 *
 * Run: `node --expose-gc dist/bench/search-probe.js [units]` (after `npm run build`; default
 * 100000). PROBE_PHASES picks phases (`analysis,export,lookup70,lookup50`); PROBE_SLOWEST=<n> runs
 * each phase's n slowest searches again with their stages timed (the planes' sweep, the per-unit
 * checks, Levenshtein) and prints them with their work. PROBE_EXCHANGE=1 sweeps the analysis and
 * export phases as the server's exchange does (tm-ports.ts: the shorter lengths first, and the
 * analysis's bands), so their digests then differ from the plain search's at the analysis.
 * PROBE_EACH=<file> appends a JSON line a search of the measured round (kind, length, CPU, work).
 */
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { familyUnits, lookupMix, mixedDocument, sampleSources } from './corpus.js';
import { CORPUS_SEED } from './http/run-http.js';
import { loadSeedMaterial, prng } from './synthetic.js';
import { NgramIndex } from '../src/domain/tm/index/ngram-index.js';
import type { SearchStats, SweepOptions } from '../src/domain/tm/index/ngram-search.js';
import { BAND_EDGES } from '../src/domain/analysis/bands.js';
import { TmSeeker } from '../src/domain/tm/index/seeker.js';

const SAMPLE = 5_000;
const QUERIES = 500;

const n = Number(process.argv[2] ?? 100_000);
/** Extra untimed rounds of each phase before the measured one (PROBE_REPEAT, default 1: none), for CPU profiles. */
const repeat = Number(process.env.PROBE_REPEAT ?? 1);
const phases = new Set((process.env.PROBE_PHASES ?? 'analysis,export,lookup70,lookup50').split(','));
const load = () => (loadavg()[0] ?? 0).toFixed(2);
const material = loadSeedMaterial();

const t0 = performance.now();
const ix = new NgramIndex();
const rnd = prng(n + 7);
const sample: string[] = [];
let id = 0;
// The same sample as the HTTP benchmark's, so the same document and queries.
for (const u of sampleSources(familyUnits(material, n, CORPUS_SEED), sample, SAMPLE, rnd)) {
  ix.stage({ id: ++id, memory: 'default', sourceLang: u.sourceLang, targetLang: u.targetLang, source: u.source, target: u.target });
}
ix.seal();
process.stderr.write(`[probe ${n}] index built in ${((performance.now() - t0) / 1000).toFixed(1)} s, load ${load()}\n`);
const seeker = new TmSeeker(ix);
const part = ix.partitionFor('default', 'zh-CN', 'en');
const document = mixedDocument(material, sample, n + 2);
const queries = lookupMix(material, sample, QUERIES, n + 1);

{
  // The first search after a layout builds the planes its window reaches (signature-planes.ts).
  const c0 = process.cpuUsage();
  seeker.fuzzy(part, document[0]?.source ?? '', 50, 1);
  const c = process.cpuUsage(c0);
  process.stdout.write(`first search (planes built for its window): ${((c.user + c.system) / 1000).toFixed(0)} ms CPU\n`);
  const c1 = process.cpuUsage();
  seeker.fuzzy(part, document[0]?.source ?? '', 0, 1);
  const c2 = process.cpuUsage(c1);
  process.stdout.write(`a search at threshold 0 (the rest of the planes built): ${((c2.user + c2.system) / 1000).toFixed(0)} ms CPU\n`);
}

/** FNV-1a over the candidates' ids and bases, in the order returned. */
function digest(h: number, ids: readonly { unitId: number; base: number }[]): number {
  for (const c of [...ids].sort((a, b) => a.unitId - b.unitId)) {
    h = Math.imul(h ^ c.unitId, 16777619) >>> 0;
    h = Math.imul(h ^ c.base, 16777619) >>> 0;
  }
  return Math.imul(h ^ 0xff, 16777619) >>> 0;
}

function run(name: string, items: readonly { kind: string; source: string }[], threshold: number, limit: number, options?: SweepOptions): void {
  if (!phases.has(name)) return;
  // Warm-up (and the lazy per-layout structures) first.
  for (const s of items.slice(0, 20)) seeker.fuzzy(part, s.source, threshold, limit, undefined, options);
  for (let r = 1; r < repeat; r++) for (const s of items) seeker.fuzzy(part, s.source, threshold, limit, undefined, options);
  const byKind = new Map<string, number>();
  const workByKind = new Map<string, SearchStats>();
  const each: number[] = [];
  const perSearch: SearchStats[] = [];
  const counts: number[] = [];
  const stats: SearchStats = { verified: 0, signed: 0, distances: 0 };
  let h = 2166136261;
  const load0 = load();
  const c0 = process.cpuUsage();
  for (const s of items) {
    const a = process.cpuUsage();
    const work = workByKind.get(s.kind) ?? { verified: 0, signed: 0, distances: 0 };
    workByKind.set(s.kind, work);
    const one: SearchStats = { verified: 0, signed: 0, distances: 0 };
    const found = seeker.fuzzy(part, s.source, threshold, limit, one, options);
    h = digest(h, found);
    const b = process.cpuUsage(a);
    for (const f of ['verified', 'signed', 'distances'] as const) work[f] += one[f];
    work.swept = (work.swept ?? 0) + (one.swept ?? 0);
    each.push((b.user + b.system) / 1000);
    perSearch.push(one);
    counts.push(found.length);
    byKind.set(s.kind, (byKind.get(s.kind) ?? 0) + (b.user + b.system) / 1000);
  }
  const c = process.cpuUsage(c0);
  const times = each.slice();
  const order = each.map((_, i) => i).sort((x, y) => (each[y] as number) - (each[x] as number));
  for (const w of workByKind.values()) for (const f of ['verified', 'signed', 'distances'] as const) stats[f] += w[f];
  const count = (k: string) => items.filter((x) => x.kind === k).length;
  const kinds = [...byKind].map(([k, ms]) => {
    const w = workByKind.get(k) as SearchStats;
    return `${k} ${(ms / count(k)).toFixed(2)} (${Math.round(w.verified / count(k))}/${Math.round(w.signed / count(k))}/${Math.round(w.distances / count(k))})`;
  }).join(', ');
  each.sort((a, b) => a - b);
  const pct = (f: number) => (each[Math.min(each.length - 1, Math.floor(f * each.length))] as number).toFixed(2);
  const per = (x: number) => Math.round(x / items.length);
  process.stdout.write(`${name} (t ${threshold}, limit ${limit}, ${items.length}): ${((c.user + c.system) / 1000).toFixed(0)} ms CPU; per search p50/p95 ${pct(0.5)}/${pct(0.95)} ms, by kind, mean ms (verified/signed/distances): ${kinds}; ` +
    `per search: verified ${per(stats.verified)}, signed ${per(stats.signed)}, distances ${per(stats.distances)}; digest ${h.toString(16)}; load ${load0}-${load()}\n`);
  process.stdout.write(`  by length: ${byLength(items, times, perSearch).join('; ')}\n`);
  if (process.env.PROBE_SLOWEST) slowest(items, order.slice(0, Number(process.env.PROBE_SLOWEST)), threshold, limit, options);
  if (process.env.PROBE_EACH) eachSearch(process.env.PROBE_EACH, name, items, times, perSearch, counts);
}

/**
 * PROBE_EACH=<file>: one JSON line a search (phase, index, kind, length, CPU ms, its work and the
 * candidates returned), to join with service-probe's and the HTTP rounds' per-query lines.
 */
function eachSearch(file: string, name: string, items: readonly { kind: string; source: string }[], times: readonly number[],
  work: readonly SearchStats[], found: readonly number[]): void {
  const lines = items.map((s, i) => {
    const w = work[i] as SearchStats;
    return JSON.stringify({ phase: name, i, kind: s.kind, length: [...s.source].length, ms: times[i], swept: w.swept ?? 0,
      verified: w.verified, signed: w.signed, distances: w.distances, candidates: found[i] });
  });
  appendFileSync(file, `${lines.join('\n')}\n`);
}

/** Query lengths (characters) the per-length lines split at: the long segments are the tail at 1M (issue 12). */
const LENGTH_BANDS = [40, 80, 120];

/**
 * CPU ms per search by query length band: count, mean, p50, p95, p99, and the mean work a search
 * (slots swept, through the planes, distances).
 */
function byLength(items: readonly { source: string }[], times: readonly number[], work: readonly SearchStats[]): string[] {
  const bandOf = (len: number) => LENGTH_BANDS.filter((edge) => len >= edge).length;
  return [0, 1, 2, 3].map((band) => {
    const which = items.map((_, i) => i).filter((i) => bandOf([...(items[i] as { source: string }).source].length) === band);
    if (which.length === 0) return '';
    const ms = which.map((i) => times[i] as number).sort((a, b) => a - b);
    const pct = (f: number) => (ms[Math.min(ms.length - 1, Math.floor(f * ms.length))] as number).toFixed(2);
    const mean = (f: (w: SearchStats) => number) => Math.round(which.reduce((n, i) => n + f(work[i] as SearchStats), 0) / which.length);
    const name = band === 0 ? `<${LENGTH_BANDS[0]}` : band === LENGTH_BANDS.length ? `${LENGTH_BANDS[band - 1]}+` : `${LENGTH_BANDS[band - 1]}-${(LENGTH_BANDS[band] as number) - 1}`;
    return `${name} (${which.length}) mean ${(ms.reduce((a, x) => a + x, 0) / ms.length).toFixed(2)} p50/p95/p99 ${pct(0.5)}/${pct(0.95)}/${pct(0.99)} ms, swept ${mean((w) => w.swept ?? 0)}, through the planes ${mean((w) => w.verified)}, distances ${mean((w) => w.distances)}`;
  }).filter((line) => line !== '');
}

/**
 * The slowest searches again, each with its stages timed (the planes' sweep, the per-unit checks)
 * and its work: kind, length, CPU ms of the untimed run, then ms and counts of the timed one.
 */
function slowest(items: readonly { kind: string; source: string }[], which: readonly number[], threshold: number, limit: number, options?: SweepOptions): void {
  process.stdout.write('  slowest: kind, length, total ms, planes ms, checks ms (Levenshtein ms), slots swept, through the planes, signed, distances, candidates\n');
  for (const i of which) {
    const s = items[i] as { kind: string; source: string };
    const work: SearchStats = { verified: 0, signed: 0, distances: 0, clock: () => performance.now() };
    const a = performance.now();
    const found = seeker.fuzzy(part, s.source, threshold, limit, work, options);
    const ms = performance.now() - a;
    process.stdout.write(`  ${s.kind} ${[...s.source].length} ${ms.toFixed(2)} ${work.planesMs?.toFixed(2)} ${work.checksMs?.toFixed(2)} (${work.distanceMs?.toFixed(2)}) ${work.swept} ${work.verified} ${work.signed} ${work.distances} ${found.length}\n`);
  }
}

const exchange = process.env.PROBE_EXCHANGE === '1';
run('analysis', document, 50, 1, exchange ? { bands: BAND_EDGES, shorterFirst: true } : undefined);
run('export', document, 50, 3, exchange ? { shorterFirst: true } : undefined);
run('lookup70', queries, 70, 5);
run('lookup50', queries, 50, 5);
