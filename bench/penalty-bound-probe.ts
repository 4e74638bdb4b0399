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
 * The bound, and why it is exact (penalties.ts, matcher.ts `scoreAssessed`; char-mode keys):
 * - A text is plain when its matching key tiles it: the symbols' raw spans are contiguous from
 *   the first code point to the last (no whitespace, no code point dropped or shared), each
 *   number's raw span is its folded text (ASCII digits and separators), and every other symbol's
 *   span is the one code point {@link canonicalRaw} gives for it: the symbol itself, except ASCII
 *   punctuation, whose plain form is its full-width twin (`，` for `,`: Chinese is typed so; a
 *   half-width `,` outside a number is then not plain, nor are curly quotes, whose two sides fold
 *   to one symbol, a Traditional character, upper case, or a full-width letter or digit).
 * - Two plain texts then have empty leads and gaps (no `whitespace`), and any two symbols the
 *   alignment pairs as equal own the same raw code point, so `textDifferences` adds no script,
 *   width, case or punctuation code. A pair of numbers owns the same raw text exactly when the
 *   folded texts are equal; otherwise it is not `width` (the texts differ) but one reformatted
 *   number (1 point) or one changed number (1, and 1 more when it cannot be substituted into the
 *   target): at most 2 points a pair of numbers with different texts.
 * - Such pairs form a matching between the query's numbers and the unit's that joins only numbers
 *   of different texts; by Hall's theorem the largest has min(nq, nu, nq + nu - max over texts t
 *   of (nq(t) + nu(t))) pairs ({@link mismatchedNumbers}; nq(t): the query's numbers of text t).
 *   Counts alone give min(nq, nu) (bound "count" below; "texts" uses the texts the index keeps).
 * - Inline codes cost their edit distance, at most max(cq, cu) (the codes of each side).
 * - So the text penalty is at most B = min(5, 2 M + max(cq, cu)) when both are plain, and 5 (the
 *   cap) otherwise; a memory's penalty is known per memory and left aside (the bench reads memories
 *   without one). An exact or in-context match only rises above base - B.
 * For every candidate the search returns, the probe reads its row, computes B as the index would
 * (plainness, numbers, code count) and scores the unit in full: `violations` counts candidates
 * whose true penalty exceeds B, and bars above the oracle's (both must be 0).
 *
 * For each lookup of the HTTP mix: the service's answer and its `limit`-th final F (as
 * bar-probe.ts); every search it made run again at its floor, the bars each bound allows from the
 * units found; the service run with its searches' floors raised to the "texts" bar, its answer
 * compared byte for byte (digests); then the searches alone (CPU, each query's fastest of
 * `PROBE_REPEAT`, the sides alternating) at the service's floor (a), at the "count" bar (c), at the
 * "texts" bar (t) and at F (f), and the whole service at (a), (t) and (f). With PROBE_ALL=1 every
 * unit's source is read once more (scanUnitTexts) to count the plain ones, the raw code points
 * that most often make a unit not plain, and the units on which a walk over the index's own key
 * (no spans: what a stage or rebuild could do, {@link plainByWalk}) disagrees with the spans.
 *
 * Run: `node --expose-gc dist/bench/penalty-bound-probe.js <units> <dataDir> [threshold]` (after
 * `npm run build`, on a data directory `run-lookups.js` made; no server may hold it).
 */
import { appendFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { benchQueries, fnv1a, openLookupService } from './lookup-service.js';
import { presentMatch } from '../src/http/tm-presenters.js';
import type { FuzzyCandidate, SearchStats } from '../src/domain/tm/index/ngram-search.js';
import { TmSeeker } from '../src/domain/tm/index/seeker.js';
import { SweepState, TopBases } from '../src/domain/tm/index/sweep-state.js';
import { type MatchKey, matchKey } from '../src/domain/tm/match-key.js';
import { prepareQuery, scoreUnit } from '../src/domain/tm/scoring/matcher.js';
import { classifyDifference, INLINE_CODE_PENALTY, MAX_TOTAL_PENALTY, NUMBER_PENALTY, type PenaltyCode, penaltyList, totalPenalty, UNMAPPED_NUMBER_PENALTY, WHITESPACE_PENALTY } from '../src/domain/tm/scoring/penalties.js';
import { EXACT_SCORE, lowestFinalScore } from '../src/domain/tm/scoring/score.js';
import type { UnitRecord } from '../src/domain/tm/unit.js';
import { NUMBER_SYMBOL } from '../src/domain/tm/vocabulary.js';
import { canonicalizeLanguageTag } from '../src/domain/text/language-tag.js';
import { CLUSTER_JOINERS } from '../src/domain/text/normalize.js';

const LIMIT = 5;
const WARM_UP = 50;
/** Points a pair of numbers with different texts can cost: changed (1) and not substituted (1). */
const PER_NUMBER_PAIR = NUMBER_PENALTY + UNMAPPED_NUMBER_PENALTY;

const units = Number(process.argv[2] ?? 100_000);
const dir = process.argv[3];
if (!dir) throw new Error('usage: penalty-bound-probe.js <units> <dataDir> [threshold]');
const threshold = Number(process.argv[4] ?? 70);
const repeat = Number(process.env.PROBE_REPEAT ?? 3);
const slowest = Number(process.env.PROBE_SLOWEST ?? 25);
const loadNow = () => (loadavg()[0] ?? 0).toFixed(2);
const cpuSince = (start: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(start);
  return (c.user + c.system) / 1000;
};

// ---- plainness and the bound ----

const isAsciiAlnum = (s: number) => (s >= 0x30 && s <= 0x39) || (s >= 0x41 && s <= 0x5a) || (s >= 0x61 && s <= 0x7a);

/** The one raw code point a plain text writes for a (non-number) char-mode symbol. */
function canonicalRaw(symbol: number): number {
  return symbol >= 0x21 && symbol <= 0x7e && !isAsciiAlnum(symbol) ? symbol + 0xfee0 : symbol;
}

/**
 * A text's pieces against their plain forms, as the index would keep them for a unit (a byte,
 * beside the numbers it keeps already) and a lookup would work out once for its query.
 */
interface Traits {
  /** Every symbol's raw piece is its plain form (a number's: its folded text), in order, none shared. */
  canonical: boolean;
  /** Some raw text lies outside the pieces (whitespace: a char-mode key drops it). */
  spaced: boolean;
  /** Points of the flat codes its pieces not in their plain form make against that form (the cap when pieces overlap). */
  deviation: number;
  /** Those codes, as bits of {@link FLAT_CODES}; all of them for a piece of several code points or shared ones. */
  mask: number;
  numbers: readonly string[];
  codes: number;
}

/** Plain: its pieces in their plain forms and nothing between them (the one bit a unit of the brief). */
const isPlain = (t: Traits) => t.canonical && !t.spaced;

/** The traits of `text` from its char-mode key with spans (what penalties.ts cuts its pieces from). */
function traitsOf(text: string, codes: number): Traits {
  const cps = Array.from(text, (c) => c.codePointAt(0) as number);
  const key = matchKey(text, { mode: 'char' });
  const found = new Set<PenaltyCode>();
  let canonical = true;
  let spaced = false;
  let overlap = false;
  let several = false;
  let at = 0;
  let k = 0;
  for (let i = 0; i < key.symbols.length; i++) {
    const s = key.symbols[i] as number;
    const start = key.starts[i] as number;
    const end = key.ends[i] as number;
    if (start < at) overlap = true;
    if (start > at) spaced = true;
    const piece = String.fromCodePoint(...cps.slice(start, end));
    if (s === NUMBER_SYMBOL) {
      // Against a number in its plain form: the same folded text is a width difference; another
      // text costs number points, which the pairs bound counts (`mismatchedNumbers`).
      if (piece !== key.numbers[k]) {
        canonical = false;
        found.add('width');
      }
      k++;
    } else if (end !== start + 1 || cps[start] !== canonicalRaw(s)) {
      canonical = false;
      if (end !== start + 1) several = true;
      for (const c of classifyDifference(String.fromCodePoint(canonicalRaw(s)), piece)) found.add(c);
    }
    at = Math.max(at, end);
  }
  if (at < cps.length) spaced = true;
  const deviation = overlap ? MAX_TOTAL_PENALTY : penaltyList(found, 0, 0).reduce((sum, p) => sum + p.points, 0);
  const mask = overlap || several || CLUSTER_JOINERS.test(text) || cps.some((c) => wild.has(c)) ? ALL_FLAT : FLAT_CODES.reduce((m, c, b) => (found.has(c) ? m | (1 << b) : m), 0);
  return { canonical: canonical && !overlap, spaced, deviation, mask, numbers: key.numbers, codes };
}

/**
 * Plain by a walk over the index's own key (no spans), as a stage or rebuild could test it: the
 * raw code points are each symbol's plain form (a number's folded text) and nothing else.
 */
function plainByWalk(cps: readonly number[], key: MatchKey): boolean {
  let at = 0;
  let k = 0;
  for (const s of key.symbols) {
    if (s === NUMBER_SYMBOL) {
      const text = key.numbers[k++] as string;
      for (let j = 0; j < text.length; j++) if (cps[at++] !== text.charCodeAt(j)) return false;
    } else if (cps[at++] !== canonicalRaw(s)) {
      return false;
    }
  }
  return at === cps.length;
}

/** The flat codes a raw piece can differ in (whitespace aside: it is in the gaps, not the pieces). */
const FLAT_CODES = ['script', 'width', 'punctuation', 'case'] as const satisfies readonly PenaltyCode[];
const ALL_FLAT = (1 << FLAT_CODES.length) - 1;
const maskPoints = (mask: number) => penaltyList(new Set(FLAT_CODES.filter((_, b) => (mask & (1 << b)) !== 0)), 0, 0).reduce((sum, p) => sum + p.points, 0);

/** Code points of pairs that break the mask's step ({@link checkMaskStep}): a text holding one gets every code in its mask. */
const wild = new Set<number>();

/**
 * The `mask` bound's step, checked over every code point: two different single code points `x`,
 * `y` that key to the same symbol s differ in no code that neither differs in from s's plain
 * form (classifyDifference(x, y) within classifyDifference(x, R) and (y, R), R = the plain form
 * of s; a piece of several code points puts every code in its text's mask). Returns the pairs
 * that break it and the pairs checked.
 */
function checkMaskStep(): { broken: string[]; pairs: number } {
  wild.clear();
  const bySymbol = new Map<number, number[]>();
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const key = matchKey(String.fromCodePoint(cp), { mode: 'char' });
    if (key.symbols.length !== 1 || key.symbols[0] === NUMBER_SYMBOL || key.starts[0] !== 0 || key.ends[0] !== 1) continue;
    const s = key.symbols[0] as number;
    const group = bySymbol.get(s);
    if (group) group.push(cp);
    else bySymbol.set(s, [cp]);
  }
  const codes = (x: number, y: number) => (x === y ? [] : classifyDifference(String.fromCodePoint(x), String.fromCodePoint(y)));
  const broken: string[] = [];
  let pairs = 0;
  for (const [s, group] of bySymbol) {
    const plain = canonicalRaw(s);
    for (const x of group) {
      for (const y of group) {
        if (x >= y) continue;
        pairs++;
        const allowed = new Set([...codes(x, plain), ...codes(y, plain)]);
        if (!codes(x, y).some((c) => !allowed.has(c))) continue;
        broken.push(`${String.fromCodePoint(x)}/${String.fromCodePoint(y)}`);
        wild.add(x).add(y);
      }
    }
  }
  return { broken, pairs };
}

/** The most pairs of numbers with different texts any alignment can make (module header). */
function mismatchedNumbers(q: readonly string[], u: readonly string[]): number {
  if (q.length === 0 || u.length === 0) return 0;
  // The most numbers of one text on both sides (no allocation: it runs for every unit a search accepts).
  let top = 0;
  for (const list of [q, u]) {
    for (const t of list) {
      let n = 0;
      for (const x of q) if (x === t) n++;
      for (const x of u) if (x === t) n++;
      if (n > top) top = n;
    }
  }
  return Math.min(q.length, u.length, q.length + u.length - top);
}

/**
 * Bounds on the text penalty (module header): `count` and `bit` (one plain bit a text; the
 * numbers by their count, or by their texts), `tiers` (pieces and whitespace apart, and the
 * deviation of the one side whose pieces are not all plain), `mask` (the codes of both sides'
 * pieces not in their plain form, and whitespace).
 */
type BoundKind = 'count' | 'bit' | 'tiers' | 'mask';
function penaltyBound(q: Traits, u: Traits, kind: BoundKind): number {
  let flat: number;
  const spaced = q.spaced || u.spaced ? WHITESPACE_PENALTY : 0;
  if (kind === 'count' || kind === 'bit') flat = isPlain(q) && isPlain(u) ? 0 : MAX_TOTAL_PENALTY;
  else if (kind === 'mask') flat = maskPoints(q.mask | u.mask) + spaced;
  else if (q.canonical || u.canonical) flat = (q.canonical ? u.deviation : q.deviation) + spaced;
  else flat = MAX_TOTAL_PENALTY;
  if (flat >= MAX_TOTAL_PENALTY) return MAX_TOTAL_PENALTY;
  const pairs = kind === 'count' ? Math.min(q.numbers.length, u.numbers.length) : mismatchedNumbers(q.numbers, u.numbers);
  return Math.min(MAX_TOTAL_PENALTY, flat + PER_NUMBER_PAIR * pairs + Math.max(q.codes, u.codes) * INLINE_CODE_PENALTY);
}

/** The `limit`-th largest of `xs`, NaN when fewer. */
function nthLargest(xs: number[]): number {
  const s = [...xs].sort((x, y) => y - x);
  return s.length >= LIMIT ? (s[LIMIT - 1] as number) : NaN;
}

// ---- every unit's traits, as the index would keep them (a byte a unit, and the numbers it keeps already) ----

const step = checkMaskStep();
process.stdout.write(`mask step: ${step.pairs} pairs of code points with one symbol checked, ${step.broken.length} break it${step.broken.length ? `: ${step.broken.slice(0, 20).join(' ')}` : ''}\n`);

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
