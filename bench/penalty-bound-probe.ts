/**
 * How much of the final-score bar a penalty bound kept in the index would give (issue 12,
 * eleventh round): a probe, with no change to the server. bar-probe.ts showed that a search whose
 * bar is the `limit`-th final score F from the start does a third less work at 1M; the search
 * ends instead at the `limit`-th base minus the cap (5), because a final is only known to be at
 * least its base minus the cap. Here each unit gets a bound B(q, u) on its text penalties that the
 * index could know without the unit's row, so that its final is at least base - B, and the search
 * could stop at the `limit`-th best (base - B): a unit of base below that bar has a final below it
 * (a final never exceeds a base below 100), and `limit` units have finals at or above it.
 *
 * The bounds and the argument that they are exact are in penalty-bound.ts.
 *
 * Sides timed for each lookup of the HTTP mix (CPU, each query's fastest of `PROBE_REPEAT`, the
 * sides in turn; (a) first and last in each round, its fastest kept: the sides run later were
 * 3-4% faster with no less work): (a) the search as the service calls it; (e) from the start at
 * the bar (a) ends at; each bound's bar from the start (bit, tiers, mask) and as the search goes
 * (bitGo, tiersGo, maskGo: `TopBases` keeps the `limit` best base - B of the units it accepts,
 * patched here); capGo works out the mask's bound and drops it, so it prices this probe's own
 * bookkeeping (an object, a Map and loops a unit accepted, not an index's typed arrays); (f) from
 * the start at the oracle's F. The service's answer is compared byte for byte at each bound's bar
 * and as it goes (digests); the service is timed at (a), the Go sides and (f). With PROBE_EACH a
 * JSON line a query.
 *
 * Measured (threshold 70, limit 5; every answer the same: digests 701dd374 at 100k, 18d90125 at
 * 1M; search CPU less than (a), three runs each, one process a run):
 * - 1M (load 1.0-1.5): oracle 35.3, 31.4, 31.3%; mask from the start 25.0, 22.8, 22.3% (7/10 of
 *   the oracle), as it goes 12.8, 12.9, 12.4% with the probe's bookkeeping, which alone costs 11.4,
 *   8.0, 8.5% (capGo): against capGo 21.7, 19.4, 19.3% less; bit 9.4, 9.5, 9.3% (bitGo 1.8, 1.7,
 *   1.1%); tiers 10.4, 10.6, 10.0%; (e) 3.2, 2.8, 2.9%. The 25 slowest: mask 26.6, 20.5, 20.8%,
 *   maskGo 19.0, 15.5, 16.9%, oracle 38.6, 30.3, 32.1%, bit 2.5, 1.4, 1.4%. By kind (third run):
 *   edited mask 19.7% (oracle 28.8), exact 43.5 (58.4), unrelated 10.3 (11.2). The service: maskGo
 *   10.3, 10.1, 9.7% less (capGo 9.1, 6.5, 6.2% more), oracle 29.0, 25.3, 25.2%. Mean bar 74.79
 *   (a), 75.76 (bit), 75.83 (tiers), 76.60 (mask), 77.20 (oracle).
 * - 100k (load 0.8-1.5): oracle 23.6, 23.3, 23.5%; mask 18.1, 17.8, 17.9% (3/4 of it), maskGo
 *   6.2, 9.0, 9.7% (capGo 13.1, 7.4, 7.1% more); bit 7.8, 7.6, 7.7%; tiers 9.8, 9.5, 9.8%; (e)
 *   0.7, 0.7, 0.8%; the 25 slowest mask 19.5, 20.0, 19.5%, oracle 28.3, 29.3, 28.5%. The service:
 *   maskGo 2.2, 3.6, 3.6% less (capGo 8.2, 6.1, 6.0% more), oracle 11.4, 11.0, 10.6%.
 * - The mask step's check takes 3.2 s of CPU at start (every code point keyed alone).
 * - Plain (the bit): 45.7% of the units at both sizes (pieces plain 48.6%, spaced 16%), 252 and
 *   243 of the 500 queries, 40.0% and 34.4% of the query/candidate pairs (13,752 and 91,299
 *   candidates). Where the units are not plain: a half-width `,` (28% of all units: the seed
 *   speeches write `,` and `:`, the corpus joins clauses with `，`), curly quotes (12%), a space
 *   around a number (8.5%), `(`, `!`, upper case. Half the queries are not plain, so the bit
 *   leaves their bar where it is; the mask's bound is under the cap for 88% of the pairs at 1M
 *   (0: 28,765, 1: 29,313, 2: 13,424, 3: 4,428, 4: 4,657, 5: 10,712).
 * - What the index would keep: a byte a unit (spaced, the mask's four codes, inline codes 0-2 or
 *   more, has numbers), 1 MB at 1M, beside the folded numbers it keeps already (`numbers`, by unit
 *   id); the query's traits once a lookup. Computed where the index folds a source: the stage
 *   (staged-fold.ts, the import's fold thread), an upsert (the seeker's keys, unit-keys.ts) and
 *   the rebuild at start, which reads `scanUnitTexts` and would need the source's inline code count
 *   too (no column there today). A walk over the spanless key the index builds
 *   ({@link plainByWalk}) agreed with the spans on all 1,000,137 units for the bit; the mask
 *   needs the pieces not in plain form classified (this probe's spans and classifying: 28.5 s of
 *   CPU for 1M sources, not tuned), and the table of 299 pairs fixed by Unicode and opencc.
 *   The search needs the bound where `TopBases.offer` takes a base: the slot's byte and, when both
 *   sides hold numbers, the unit's numbers.
 *
 * Run: `node --expose-gc dist/bench/penalty-bound-probe.js <units> <dataDir> [threshold]` (after
 * `npm run build`, on a data directory `run-lookups.js` made; no server may hold it).
 */
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { benchQueries, fnv1a, openLookupService, oracleProbeArgs } from './lookup-service.js';
import { presentMatch } from '../src/http/tm-presenters.js';
import type { FuzzyCandidate, SearchStats } from '../src/domain/tm/index/ngram-search.js';
import { TmSeeker } from '../src/domain/tm/index/seeker.js';
import { SweepState, TopBases } from '../src/domain/tm/index/sweep-state.js';
import { type MatchKey, matchKey } from '../src/domain/tm/match-key.js';
import { ALL_FLAT, type BoundKind, canonicalRaw, checkMaskStep, isPlain, penaltyBound, plainByWalk, type Traits, traitsOf } from './penalty-bound.js';
import { prepareQuery, scoreUnit } from '../src/domain/tm/scoring/matcher.js';
import { MAX_TOTAL_PENALTY, totalPenalty } from '../src/domain/tm/scoring/penalties.js';
import { EXACT_SCORE, lowestFinalScore } from '../src/domain/tm/scoring/score.js';
import type { UnitRecord } from '../src/domain/tm/unit.js';
import { NUMBER_SYMBOL } from '../src/domain/tm/vocabulary.js';
import { canonicalizeLanguageTag } from '../src/domain/text/language-tag.js';

const LIMIT = 5;
const WARM_UP = 50;

const { units, dir, threshold, repeat, slowest } = oracleProbeArgs('penalty-bound-probe.js');
const loadNow = () => (loadavg()[0] ?? 0).toFixed(2);
const cpuSince = (start: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(start);
  return (c.user + c.system) / 1000;
};


/** The `limit`-th largest of `xs`, NaN when fewer. */
function nthLargest(xs: number[]): number {
  const s = [...xs].sort((x, y) => y - x);
  return s.length >= LIMIT ? (s[LIMIT - 1] as number) : NaN;
}

// ---- every unit's traits, as the index would keep them (a byte a unit, and the numbers it keeps already) ----

const stepStart = process.cpuUsage();
const step = checkMaskStep();
process.stdout.write(`mask step (${(cpuSince(stepStart) / 1000).toFixed(1)} s CPU): ${step.pairs} pairs of code points with one symbol checked, ${step.broken.length} break it${step.broken.length ? `: ${step.broken.slice(0, 20).join(' ')}` : ''}\n`);

const { queries } = benchQueries(units);
const { runtime, by } = await openLookupService(dir);
const zh = canonicalizeLanguageTag('zh-CN');
const en = canonicalizeLanguageTag('en');

/** Bit 0 canonical, bit 1 spaced, bits 2-4 deviation (0-5), bits 5-8 mask, bits 9-11 inline codes (capped at 7), bit 12 numbers; by unit id. */
let traitBytes = new Uint16Array(1 << 20);
const packTraits = (t: Traits) => (t.canonical ? 1 : 0) | (t.spaced ? 2 : 0) | (t.deviation << 2) | (t.mask << 5) | (Math.min(7, t.codes) << 9) | (t.numbers.length > 0 ? 1 << 12 : 0);
const NO_NUMBERS: readonly string[] = [];
const unitNumbers = new Map<number, readonly string[]>();
const memory = { all: 0, plain: 0, canonical: 0, spaced: 0, disagree: 0, withCodes: 0, deviation: new Map<number, number>(), offenders: new Map<string, number>() };
const scanStart = process.cpuUsage();
for await (const batch of runtime.stores.tm.scanUnits(10_000)) {
  for (const u of batch) {
    if (u.id >= traitBytes.length) {
      const grown = new Uint16Array(Math.max(u.id + 1, 2 * traitBytes.length));
      grown.set(traitBytes);
      traitBytes = grown;
    }
    const t = traitsOf(u.source, u.sourceCodes?.length ?? 0);
    traitBytes[u.id] = packTraits(t);
    if (t.numbers.length > 0) unitNumbers.set(u.id, t.numbers);
    if (canonicalizeLanguageTag(u.sourceLang).language !== 'zh') continue;
    memory.all++;
    if (t.codes > 0) memory.withCodes++;
    if (isPlain(t)) memory.plain++;
    if (t.canonical) memory.canonical++;
    else memory.deviation.set(t.deviation, (memory.deviation.get(t.deviation) ?? 0) + 1);
    if (t.spaced) memory.spaced++;
    const cps = Array.from(u.source, (c) => c.codePointAt(0) as number);
    if (isPlain(t) !== plainByWalk(cps, matchKey(u.source, { mode: 'char', spans: false }))) memory.disagree++;
    if (!isPlain(t)) {
      const c = firstOffender(cps, matchKey(u.source, { mode: 'char' }));
      memory.offenders.set(c, (memory.offenders.get(c) ?? 0) + 1);
    }
  }
}
const pctOf = (n: number, of: number) => `${(100 * n / Math.max(1, of)).toFixed(1)}%`;
process.stdout.write(`every zh unit (scan ${(cpuSince(scanStart) / 1000).toFixed(1)} s CPU): ${memory.all}; plain ${memory.plain} (${pctOf(memory.plain, memory.all)}), ` +
  `pieces plain ${memory.canonical} (${pctOf(memory.canonical, memory.all)}), spaced ${memory.spaced}, with inline codes ${memory.withCodes}; the others' deviation ` +
  `${[...memory.deviation].sort((x, y) => x[0] - y[0]).map(([d, n]) => `${d}:${n}`).join(' ')}; walk and spans disagree on ${memory.disagree}; first code point not in its plain form: ` +
  `${[...memory.offenders].sort((x, y) => y[1] - x[1]).slice(0, 12).map(([c, n]) => `${JSON.stringify(c)} ${n}`).join(', ')}\n`);

/** The first raw code point no symbol owns in its plain form (a space, a `，` written `,`...), or `(number)`. */
function firstOffender(cps: readonly number[], key: MatchKey): string {
  const owned = new Set<number>();
  key.symbols.forEach((s, k) => {
    const start = key.starts[k] as number;
    if (s === NUMBER_SYMBOL || (key.ends[k] === start + 1 && cps[start] === canonicalRaw(s))) for (let j = start; j < (key.ends[k] as number); j++) owned.add(j);
  });
  const at = cps.findIndex((_, j) => !owned.has(j));
  return at < 0 ? '(number)' : String.fromCodePoint(cps[at] as number);
}

/** A unit's traits from the scan (no row read). */
function keptTraits(id: number): Traits {
  const b = traitBytes[id] ?? 0;
  const numbers = (b & (1 << 12)) !== 0 ? unitNumbers.get(id) ?? NO_NUMBERS : NO_NUMBERS;
  return { canonical: (b & 1) === 1, spaced: (b & 2) === 2, deviation: (b >> 2) & 7, mask: (b >> 5) & ALL_FLAT, numbers, codes: (b >> 9) & 7 };
}

// ---- the search with a bound's bar as it goes: its `limit` best of base - B, not of base - 5 ----

/** The query's traits and the bound while a side "as it goes" runs; undefined: the search as it is. */
let going: { q: Traits; kind: BoundKind | 'cap' } | undefined;
let sweeping: SweepState | undefined;
const rebar = SweepState.prototype.rebar;
SweepState.prototype.rebar = function (this: SweepState, bar: number) {
  sweeping = this;
  rebar.call(this, bar);
};
const offer = TopBases.prototype.offer;
TopBases.prototype.offer = function (this: TopBases, base: number) {
  // `confirm` pushes the unit it accepts just before it offers the base.
  const unit = going && sweeping?.found[sweeping.found.length - 1];
  if (!going || !unit) return offer.call(this, base);
  // `cap`: the mask's bound worked out and dropped (the cap instead), what this probe's own bookkeeping costs a search.
  const bound = penaltyBound(going.q, keptTraits(unit.unitId), going.kind === 'cap' ? 'mask' : going.kind);
  offer.call(this, base - (going.kind === 'cap' ? Math.max(bound, MAX_TOTAL_PENALTY) : bound));
};
const topBar = TopBases.prototype.bar;
TopBases.prototype.bar = function (this: TopBases) {
  if (!going) return topBar.call(this);
  return this.bases.length === LIMIT ? (this.bases[0] as number) : -Infinity;
};

// ---- the service, its searches recorded and their floors raised ----

interface Search { seeker: TmSeeker; part: number; text: string; floor: number }
const made: Search[] = [];
let raise = -Infinity;
const search = TmSeeker.prototype.fuzzy;
TmSeeker.prototype.fuzzy = function (this: TmSeeker, part, text, floor, limit, stats, options) {
  made.push({ seeker: this, part, text, floor });
  return search.call(this, part, text, Math.max(floor, raise), limit, stats, options);
};

/**
 * Sides: (a) the search as the service calls it; (e) from the start at the bar (a) ends at; (bit)
 * and (tiers) from the start at those bounds' bars; (bitGo) and (tiersGo) with those bounds' bars
 * as the search goes, from the service's floor; (f) from the start at the oracle's F. (e) against
 * (a) is what knowing the end bar from the start is worth: the oracle's and the static sides'
 * numbers include it, a search as it goes does not have it.
 */
const SIDES = ['a', 'e', 'capGo', 'bit', 'bitGo', 'tiers', 'tiersGo', 'mask', 'maskGo', 'f', 'a2'] as const;
type Side = (typeof SIDES)[number];
const SERVICE_SIDES = ['a', 'capGo', 'bitGo', 'tiersGo', 'maskGo', 'f', 'a2'] as const;
type ServiceSide = (typeof SERVICE_SIDES)[number];
interface Work { ms: number; distances: number; swept: number }
interface Plan { bar: number; going?: { q: Traits; kind: BoundKind | 'cap' } }

async function lookup(source: string, plan: Plan): Promise<{ body: string; scores: number[] }> {
  raise = plan.bar;
  going = plan.going;
  try {
    const r = await runtime.services.lookup.lookup({ source, sourceLang: 'zh-CN', targetLang: 'en', threshold, limit: LIMIT }, by);
    return { body: JSON.stringify({ matches: r.matches.map(presentMatch), terms: r.terms }), scores: r.matches.map((m) => m.score) };
  } finally {
    raise = -Infinity;
    going = undefined;
  }
}

/** The searches' CPU and work by `plan` (its bar over their own floors). */
function timeSearches(searches: readonly Search[], plan: Plan): Work {
  const stats: SearchStats = { verified: 0, signed: 0, distances: 0, swept: 0 };
  going = plan.going;
  const start = process.cpuUsage();
  for (const x of searches) search.call(x.seeker, x.part, x.text, Math.max(x.floor, plan.bar), LIMIT, stats);
  const ms = cpuSince(start);
  going = undefined;
  return { ms, distances: stats.distances, swept: stats.swept ?? 0 };
}

interface Row {
  i: number;
  kind: string;
  length: number;
  queryPlain: boolean;
  queryCanonical: boolean;
  /** Bars: (a) where the search ends today, with each bound from the start, and the oracle's (f). */
  bars: { a: number; count: number; bit: number; tiers: number; mask: number; f: number };
  candidates: number;
  plainPairs: number;
  search: Record<Side, Work>;
  service: Record<ServiceSide, number>;
}

const asItGoes = (q: Traits, kind: BoundKind | 'cap'): Plan => ({ bar: -Infinity, going: { q, kind } });
for (const q of queries.slice(0, WARM_UP)) {
  const qt = traitsOf(q.source, 0);
  for (const plan of [{ bar: -Infinity }, asItGoes(qt, 'cap'), asItGoes(qt, 'bit'), asItGoes(qt, 'tiers'), asItGoes(qt, 'mask')]) await lookup(q.source, plan);
}
process.stdout.write(`[${units}] threshold ${threshold}, limit ${LIMIT}, ${queries.length} lookups, fastest of ${repeat}; load ${loadNow()}\n`);
const loadStart = loadNow();
const rows: Row[] = [];
const tally = { candidates: 0, penalised: 0, baseMismatch: 0, traitMismatch: 0, overOracle: 0, boundHistogram: new Map<string, number>() };
const violations: Record<BoundKind, number> = { count: 0, bit: 0, tiers: 0, mask: 0 };
const digests = new Map<string, { digest: number; differ: number }>();
const digest = (name: string, body: string, same: boolean) => {
  const d = digests.get(name) ?? { digest: 2166136261, differ: 0 };
  digests.set(name, { digest: fnv1a(d.digest, `${body}\u0000`), differ: d.differ + (same ? 0 : 1) });
};
for (const [i, q] of queries.entries()) {
  made.length = 0;
  const a = await lookup(q.source, { bar: -Infinity });
  const searches = made.splice(0);
  const floor = Math.min(...searches.map((x) => x.floor));
  const nth = a.scores.length === LIMIT ? (a.scores[LIMIT - 1] as number) : NaN;
  const oracle = Number.isNaN(nth) ? floor : Math.max(floor, Math.min(nth, EXACT_SCORE));

  // Every unit the searches find at their own floors, with its row, its bounds and its true penalty.
  const pq = prepareQuery({ source: q.source, sourceLang: zh, targetLang: en });
  const qt = traitsOf(q.source, 0);
  const found: FuzzyCandidate[] = searches.flatMap((x) => search.call(x.seeker, x.part, x.text, x.floor, LIMIT));
  const rowsById = new Map((await runtime.stores.tm.getUnits(found.map((c) => c.unitId))).map((u): [number, UnitRecord] => [u.id, u]));
  const low = { a: [] as number[], count: [] as number[], bit: [] as number[], tiers: [] as number[], mask: [] as number[] };
  let plainPairs = 0;
  for (const c of found) {
    const unit = rowsById.get(c.unitId) as UnitRecord;
    const ut = traitsOf(unit.source, unit.sourceCodes?.length ?? 0);
    const kept = keptTraits(c.unitId);
    if (packTraits(kept) !== packTraits(ut) || kept.numbers.join('|') !== ut.numbers.join('|')) tally.traitMismatch++;
    if (isPlain(qt) && isPlain(ut)) plainPairs++;
    const m = scoreUnit(pq, unit, -Infinity);
    if (!m || m.base !== c.base) tally.baseMismatch++;
    const penalty = m ? totalPenalty(m.penalties) : MAX_TOTAL_PENALTY;
    if (penalty > 0) tally.penalised++;
    low.a.push(lowestFinalScore(c.base));
    for (const kind of ['count', 'bit', 'tiers', 'mask'] as const) {
      const bound = penaltyBound(qt, ut, kind);
      if (penalty > bound || (m && m.score < c.base - bound)) violations[kind]++;
      low[kind].push(c.base - bound);
      const h = `${kind}:${bound}`;
      tally.boundHistogram.set(h, (tally.boundHistogram.get(h) ?? 0) + 1);
    }
  }
  tally.candidates += found.length;
  const barOf = (xs: number[]) => {
    const k = nthLargest(xs);
    return Number.isNaN(k) ? floor : Math.max(floor, Math.min(k, EXACT_SCORE));
  };
  const bars = { a: barOf(low.a), count: barOf(low.count), bit: barOf(low.bit), tiers: barOf(low.tiers), mask: barOf(low.mask), f: oracle };
  if (Math.max(bars.count, bars.bit, bars.tiers, bars.mask) > bars.f) tally.overOracle++;

  const plans: Record<Side, Plan> = {
    a: { bar: -Infinity }, e: { bar: bars.a }, capGo: asItGoes(qt, 'cap'), bit: { bar: bars.bit }, bitGo: asItGoes(qt, 'bit'), tiers: { bar: bars.tiers }, tiersGo: asItGoes(qt, 'tiers'),
    mask: { bar: bars.mask }, maskGo: asItGoes(qt, 'mask'), f: { bar: bars.f }, a2: { bar: -Infinity },
  };
  digest('a', a.body, true);
  for (const side of ['bit', 'bitGo', 'tiers', 'tiersGo', 'mask', 'maskGo'] as const) {
    const other = await lookup(q.source, plans[side]);
    digest(side, other.body, other.body === a.body);
  }

  const none = (): Work => ({ ms: Infinity, distances: 0, swept: 0 });
  const row: Row = {
    i, kind: q.kind, length: [...q.source].length, queryPlain: isPlain(qt), queryCanonical: qt.canonical, bars, candidates: found.length, plainPairs,
    search: { a: none(), e: none(), capGo: none(), bit: none(), bitGo: none(), tiers: none(), tiersGo: none(), mask: none(), maskGo: none(), f: none(), a2: none() },
    service: { a: Infinity, capGo: Infinity, bitGo: Infinity, tiersGo: Infinity, maskGo: Infinity, f: Infinity, a2: Infinity },
  };
  for (let r = 0; r < repeat; r++) {
    for (const side of SIDES) {
      // (a) runs first and last in each round (a2), its fastest of both kept: the sides run later were 3-4% faster with no less work.
      const w = timeSearches(searches, plans[side]);
      const at = side === 'a2' ? 'a' : side;
      if (w.ms < row.search[at].ms) row.search[at] = w;
    }
    for (const side of SERVICE_SIDES) {
      const start = process.cpuUsage();
      await lookup(q.source, plans[side]);
      const at = side === 'a2' ? 'a' : side;
      row.service[at] = Math.min(row.service[at], cpuSince(start));
    }
  }
  rows.push(row);
}
process.stdout.write(`answers (digest, differing of ${rows.length}): ${[...digests].map(([name, d]) => `${name} ${d.digest.toString(16)} ${d.differ}`).join(', ')}; load ${loadStart}-${loadNow()}\n`);
process.stdout.write(`candidates ${tally.candidates} (penalised ${tally.penalised}); violations ${Object.entries(violations).map(([k, n]) => `${k} ${n}`).join(', ')}; ` +
  `base mismatches ${tally.baseMismatch}, kept traits unlike the row's ${tally.traitMismatch}, bars above the oracle's ${tally.overOracle}; bounds ` +
  `${[...tally.boundHistogram].sort().map(([b, n]) => `${b} ${n}`).join(', ')}\n`);
const pairs = rows.reduce((s, r) => s + r.plainPairs, 0);
process.stdout.write(`plain queries ${rows.filter((r) => r.queryPlain).length} of ${rows.length} (pieces plain ${rows.filter((r) => r.queryCanonical).length}); ` +
  `plain query/candidate pairs ${pairs} of ${tally.candidates} (${pctOf(pairs, tally.candidates)})\n`);

const total = (xs: readonly Row[], f: (r: Row) => number) => xs.reduce((s, r) => s + f(r), 0);
function report(name: string, xs: readonly Row[]): void {
  if (xs.length === 0) return;
  const a = total(xs, (r) => r.search.a.ms);
  const less = (ms: number, of: number) => `${ms.toFixed(1)} (${(100 * (1 - ms / of)).toFixed(1)}%)`;
  const searchLine = SIDES.slice(1, -1).map((side) => `${side} ${less(total(xs, (r) => r.search[side].ms), a)}`).join(', ');
  const sa = total(xs, (r) => r.service.a);
  const serviceLine = SERVICE_SIDES.slice(1, -1).map((side) => `${side} ${less(total(xs, (r) => r.service[side]), sa)}`).join(', ');
  const bar = (side: keyof Row['bars']) => `${side} ${(total(xs, (r) => r.bars[side]) / xs.length).toFixed(2)}`;
  const dist = SIDES.slice(0, -1).map((side) => Math.round(total(xs, (r) => r.search[side].distances) / xs.length)).join(' / ');
  const swept = SIDES.slice(0, -1).map((side) => Math.round(total(xs, (r) => r.search[side].swept) / xs.length)).join(' / ');
  process.stdout.write(`${name} (${xs.length}): search a ${a.toFixed(1)} ms -> ${searchLine}\n  service a ${sa.toFixed(1)} -> ${serviceLine}; ` +
    `mean bar ${(['a', 'count', 'bit', 'tiers', 'mask', 'f'] as const).map(bar).join(', ')}; a search: distances ${dist}, swept ${swept}\n`);
}
report('all', rows);
for (const kind of ['edited', 'exact', 'unrelated']) report(kind, rows.filter((r) => r.kind === kind));
report('plain queries', rows.filter((r) => r.queryPlain));
report('queries not plain', rows.filter((r) => !r.queryPlain));
report(`slowest ${slowest} of (a)`, [...rows].sort((x, y) => y.search.a.ms - x.search.a.ms).slice(0, slowest));
if (process.env.PROBE_EACH) appendFileSync(process.env.PROBE_EACH, `${rows.map((r) => JSON.stringify({ units, threshold, ...r })).join('\n')}\n`);
await runtime.close();
