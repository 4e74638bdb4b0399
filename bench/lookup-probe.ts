/**
 * The TM service's lookup, stage by stage, in process, on issue 12's corpus (corpus.ts): the
 * lookups of the HTTP benchmark's mix (threshold 70 by default, limit 5) through
 * `lookupSegments` (tm-search.ts) over the index the benchmark's server builds and the units held
 * in memory (no SQLite: the rows a lookup reads are timed separately by the HTTP benchmark). For
 * each query it times the index search, the rows handed to the matcher and the scoring, counts
 * the candidates, and notes the garbage collections that fell inside it; it prints p50/p95/max of
 * each, the slowest queries with their breakdown, and a digest of the results (two versions of the
 * service that return the same matches print the same digest).
 *
 * Run: `node --expose-gc dist/bench/lookup-probe.js [units] [threshold]` (after `npm run build`;
 * defaults 100000 and 70). PROBE_REPEAT runs the 500 queries that many times (default 2) and
 * keeps each query's fastest run beside the first, to tell the query's cost from the machine's;
 * PROBE_BASES=1 adds to each slow query its candidates' bases (base:count) and its matches
 * (score/base). PROBE_PROFILE=<file> writes a CPU profile of the measured runs alone (not the
 * build or the warm-up). The signature planes are built before the lookups, as the server builds
 * them after its start-up build, and the slowest queries are ranked by their fastest run, with
 * that run's stages.
 *
 * Each run also counts the rows read, the reads, the matches answered and the number floors
 * counted (number-floor.ts).
 *
 * Two digests: `digest` (ids and scores, comparable with the earlier rounds' figures) and `full
 * digest` over everything a match shows (score, type, base, penalties, target, targetOriginal,
 * target codes, diff). PROBE_TERMS=0 skips the term recognition pass: after the runs, each query's
 * source is recognised against the seed glossary (glossary/entries.json, the term base of the HTTP
 * benchmark's server) as a lookup does, and its CPU per recognition is printed with a digest of the
 * terms found.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { familyUnits, lookupMix, sampleSources } from './corpus.js';
import { CORPUS_SEED } from './http/run-http.js';
import { loadSeedMaterial, prng } from './synthetic.js';
import type { EntryTerms } from '../src/domain/termbase/entry.js';
import { TermRecognizer } from '../src/domain/termbase/recognizer.js';
import { canonicalizeLanguageTag } from '../src/domain/text/language-tag.js';
import { NgramIndex } from '../src/domain/tm/index/ngram-index.js';
import type { FuzzyCandidate } from '../src/domain/tm/index/ngram-search.js';
import { TmSeeker } from '../src/domain/tm/index/seeker.js';
import type { TmMatch } from '../src/domain/tm/scoring/matcher.js';
import { NumberFloor } from '../src/domain/tm/scoring/number-floor.js';
import type { UnitRecord } from '../src/domain/tm/unit.js';
import { lookupSegments } from '../src/services/tm/tm-search.js';
import type { TmReader } from '../src/store/types.js';

const SAMPLE = 5_000;
const QUERIES = 500;
const SLOWEST = 25;
const STAMP = '2026-01-01T00:00:00.000Z';

const n = Number(process.argv[2] ?? 100_000);
const threshold = Number(process.argv[3] ?? 70);
const repeat = Number(process.env.PROBE_REPEAT ?? 2);
const load = () => (loadavg()[0] ?? 0).toFixed(2);
const material = loadSeedMaterial();

const sample: string[] = [];
const texts: { source: string; target: string }[] = [{ source: '', target: '' }];
const ix = new NgramIndex();
const t0 = performance.now();
// The HTTP benchmark's memory and sample (run-http.ts), so the same queries.
for (const u of sampleSources(familyUnits(material, n, CORPUS_SEED), sample, SAMPLE, prng(n + 7))) {
  ix.stage({ id: texts.length, memory: 'default', sourceLang: u.sourceLang, targetLang: u.targetLang, source: u.source, target: u.target, updatedAt: STAMP });
  texts.push({ source: u.source, target: u.target });
}
ix.seal();
globalThis.gc?.();
process.stderr.write(`[lookup-probe ${n}] index built in ${((performance.now() - t0) / 1000).toFixed(1)} s, load ${load()}\n`);

/** Per-query stage times (ms, wall) and counts. */
interface Stages { search: number; rows: number; candidates: number; units: number; reads: number; gc: number; bases: string }
let current: Stages = { search: 0, rows: 0, candidates: 0, units: 0, reads: 0, gc: 0, bases: '' };

class TimedSeeker extends TmSeeker {
  override fuzzy(part: number, text: string, floor: number, limit: number): FuzzyCandidate[] {
    const a = performance.now();
    const out = super.fuzzy(part, text, floor, limit);
    current.search += performance.now() - a;
    current.candidates += out.length;
    const hist = new Map<number, number>();
    for (const c of out) hist.set(c.base, (hist.get(c.base) ?? 0) + 1);
    current.bases = [...hist].sort((x, y) => y[0] - x[0]).map(([b, k]) => `${b}:${k}`).join(' ');
    return out;
  }
}
const seeker = new TimedSeeker(ix);
const unitOf = (id: number): UnitRecord => {
  const t = texts[id] as { source: string; target: string };
  return { id, memory: 'default', sourceLang: 'zh-CN', targetLang: 'en', source: t.source, target: t.target, context: {}, origin: {}, note: null,
    createdBy: 'bench', createdAt: STAMP, updatedBy: 'bench', updatedAt: STAMP, usageCount: 0 };
};
const store = {
  getUnits: (ids: number[]) => {
    const a = performance.now();
    const out = ids.map(unitOf);
    current.rows += performance.now() - a;
    current.units += ids.length;
    current.reads++;
    return Promise.resolve(out);
  },
} as unknown as TmReader;

// Number floors counted (a second distance each, number-floor.ts), per run.
let floors = 0;
const points = NumberFloor.prototype.points;
NumberFloor.prototype.points = function counted(this: NumberFloor, ...args: Parameters<typeof points>) {
  floors++;
  return points.apply(this, args);
};

new PerformanceObserver((list) => {
  for (const e of list.getEntries()) current.gc += e.duration;
}).observe({ entryTypes: ['gc'] });

const queries = lookupMix(material, sample, QUERIES, n + 1);
const memories = [{ id: 'default', penalty: 0 }];
const lookup = (source: string) => lookupSegments(seeker, store, { sourceLang: 'zh-CN', targetLang: 'en', threshold, limit: 5, memories, segments: [{ source }] });

await seeker.prepare(() => Promise.resolve());
for (const q of queries.slice(0, 50)) await lookup(q.source);
const profile = process.env.PROBE_PROFILE;
const session = profile ? new Session() : undefined;
if (session) {
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
}

const runs: { total: number; cpu: number; s: Stages }[][] = [];
let h = 2166136261;
let full = 2166136261;
/** FNV-1a over a string's code units. */
const mix = (acc: number, text: string): number => {
  let x = acc;
  for (let i = 0; i < text.length; i++) x = Math.imul(x ^ text.charCodeAt(i), 16777619) >>> 0;
  return x;
};
/** Everything a match shows. */
const shown = (m: TmMatch) => JSON.stringify([m.unit.id, m.score, m.matchType, m.base, m.penalties, m.target, m.targetOriginal ?? null, m.targetCodes ?? null, m.diff]);
for (let r = 0; r < repeat; r++) {
  const load0 = load();
  const row: { total: number; cpu: number; s: Stages }[] = [];
  floors = 0;
  let answered = 0;
  for (const q of queries) {
    current = { search: 0, rows: 0, candidates: 0, units: 0, reads: 0, gc: 0, bases: '' };
    const c = process.cpuUsage();
    const a = performance.now();
    const [matches] = await lookup(q.source);
    const total = performance.now() - a;
    const cu = process.cpuUsage(c);
    // The observer reports a collection after it ends, on a later tick: give it that tick.
    await new Promise((resolve) => setImmediate(resolve));
    if (process.env.PROBE_BASES) current.bases += ` -> ${(matches ?? []).map((m) => `${m.score}/${m.base}`).join(' ')}`;
    row.push({ total, cpu: (cu.user + cu.system) / 1000, s: current });
    answered += matches?.length ?? 0;
    if (r === 0) {
      for (const m of matches ?? []) h = Math.imul(h ^ (m.unit.id * 128 + m.score), 16777619) >>> 0;
      full = mix(full, `${(matches ?? []).map(shown).join('\n')}\u0000`);
    }
  }
  runs.push(row);
  const pct = (xs: number[], f: number) => ([...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(f * xs.length))] as number).toFixed(2);
  const col = (f: (x: { total: number; cpu: number; s: Stages }) => number) => row.map(f);
  const mean = (xs: number[]) => (xs.reduce((sum, x) => sum + x, 0) / xs.length).toFixed(3);
  const line = (name: string, xs: number[]) => `${name} p50/p95/max ${pct(xs, 0.5)}/${pct(xs, 0.95)}/${Math.max(...xs).toFixed(2)}`;
  process.stdout.write(`run ${r + 1} (t ${threshold}, limit 5, ${queries.length} lookups, load ${load0}-${load()}): ${line('total', col((x) => x.total))}; ${line('cpu', col((x) => x.cpu))}; ` +
    `${line('search', col((x) => x.s.search))}; ${line('rows', col((x) => x.s.rows))}; ${line('gc', col((x) => x.s.gc))}; mean cpu ${mean(col((x) => x.cpu))}, search ${mean(col((x) => x.s.search))}, scoring+rest ${mean(col((x) => x.total - x.s.search - x.s.rows))}; ` +
    `${line('units read', col((x) => x.s.units))}, ${col((x) => x.s.units).reduce((s, x) => s + x, 0)} in all in ${col((x) => x.s.reads).reduce((sum, x) => sum + x, 0)} reads, ${answered} answered; number floors ${floors}\n`);
}
if (session && profile) {
  const { profile: cpu } = await session.post('Profiler.stop');
  writeFileSync(profile, JSON.stringify(cpu));
  session.disconnect();
}
const fastest = queries.map((_, i) => runs.map((row) => row[i] as { total: number; s: Stages }).reduce((x, y) => (y.total < x.total ? y : x)));
const best = fastest.map((x) => x.total);
const sortedBest = [...best].sort((x, y) => x - y);
process.stdout.write(`each query's fastest of ${repeat}: p50 ${sortedBest[250]?.toFixed(2)}, p95 ${sortedBest[475]?.toFixed(2)}; digest ${h.toString(16)}, full digest ${full.toString(16)}\n`);
const first = runs[0] ?? [];
const order = best.map((x, i) => i).sort((x, y) => (best[y] as number) - (best[x] as number)).slice(0, SLOWEST);
process.stdout.write('slowest by their fastest run: kind, length, total ms of run 1 (fastest run), then the fastest run\'s search, rows, scoring+rest, gc, candidates, units read\n');
for (const i of order) {
  const x = fastest[i] as { total: number; s: Stages };
  const q = queries[i] as { kind: string; source: string };
  const rest = x.total - x.s.search - x.s.rows;
  process.stdout.write(`  ${q.kind} ${[...q.source].length} ${(first[i] as { total: number }).total.toFixed(2)} (${x.total.toFixed(2)}) ${x.s.search.toFixed(2)} ${x.s.rows.toFixed(2)} ${rest.toFixed(2)} ${x.s.gc.toFixed(2)} ${x.s.candidates} ${x.s.units}${process.env.PROBE_BASES ? ` [${x.s.bases}]` : ''}\n`);
}

if (process.env.PROBE_TERMS !== '0') {
  // The seed glossary, as the server's term base holds it after seeding (services/seed.ts).
  const curated = JSON.parse(readFileSync(new URL('../../glossary/entries.json', import.meta.url), 'utf8')) as { id: string; languages: EntryTerms['languages'] }[];
  const recognizer = new TermRecognizer(curated.map((c) => ({ glossary: 'seed', id: c.id, languages: c.languages })));
  const zh = canonicalizeLanguageTag('zh-CN');
  const glossaries = ['seed'];
  for (const q of queries.slice(0, 50)) recognizer.recognize(q.source, zh, glossaries);
  let terms = 2166136261;
  let found = 0;
  const cpus: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const c = process.cpuUsage();
    for (const q of queries) {
      const t = recognizer.recognize(q.source, zh, glossaries);
      if (r === 0) {
        found += t.length;
        terms = mix(terms, `${JSON.stringify(t)}\u0000`);
      }
    }
    const cu = process.cpuUsage(c);
    cpus.push((cu.user + cu.system) / queries.length);
  }
  process.stdout.write(`terms: ${curated.length} entries, ${found} terms in the ${queries.length} sources, CPU a recognition ${cpus.map((x) => x.toFixed(1)).join(' / ')} µs (load ${load()}); terms digest ${terms.toString(16)}\n`);
}
