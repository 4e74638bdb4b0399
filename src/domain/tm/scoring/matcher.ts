/**
 * Scores translation units against a segment (domain notes, "Fuzzy matching"): the base score on
 * matching keys, named penalties read off the raw texts, numbers substituted into the target, and
 * the match type (101 in context, 100 exact, fuzzy otherwise).
 *
 * Ranking is a total order, so that the index and a brute-force scan over every unit return the
 * same list: score descending, then the memory that comes first in the lookup's priority order,
 * then the most recently updated unit, then the highest id.
 *
 * Memories (issue 10): a lookup reads memories in priority order, each with a penalty in points.
 * A memory penalty is subtracted after the text penalties and is not capped; a penalised match
 * is never `exact` or `context`: its score is at most 100 minus the penalty (an in-context match
 * from a less trusted memory is still one a translator must check).
 * The TM service feeds the index's candidates to a `MatchCollector`; `rankUnits` runs the same
 * collector over any units. Both skip units whose upper bound cannot rank (assessment.ts), so the
 * reference the tests compare them with is `scoreUnit` over every unit.
 *
 * In context (101): the match is exact and the query sent a context whose previous and next
 * segments equal the unit's, compared on their folded keys with numbers kept; a side that is
 * absent counts as the empty string, so a unit stored without a previous segment matches a
 * query that has none (the first segment of a document).
 */
import type { InlineCode } from '../../inline.js';
import { type LanguageTag, isCharacterScored } from '../../text/language-tag.js';
import { assessSource, bestFinal, type Bounded, BoundQueue, codePointsOf, detailOf, type SourceAssessment, upperBound } from './assessment.js';
import { type DiffOp, diffTexts } from './diff.js';
import { MyersPattern } from './levenshtein.js';
import { type KeyMode, type MatchKey, matchKey } from '../match-key.js';
import { NumberFloor } from './number-floor.js';
import { shiftOffset, substituteNumbers, type TextNumber } from './numbers.js';
import { type KeyedText, NUMBER_PENALTY, type Penalty, penaltyList, totalPenalty, UNMAPPED_NUMBER_PENALTY } from './penalties.js';
import { CONTEXT_SCORE, EXACT_SCORE, type MatchType, withMemoryPenalty } from './score.js';
import type { UnitContext, UnitRecord } from '../unit.js';
import { Vocabulary } from '../vocabulary.js';

/** A segment to look up. */
export interface LookupQuery {
  source: string;
  sourceLang: LanguageTag;
  targetLang: LanguageTag;
  /** Neighbouring source segments, for 101 in-context matches. */
  context?: UnitContext;
  /** The segment's inline codes, compared with the unit's source codes. */
  codes?: InlineCode[];
}

/** A query folded once and scored against many units. */
export interface PreparedQuery {
  query: LookupQuery;
  mode: KeyMode;
  targetMode: KeyMode;
  vocabulary: Vocabulary;
  text: KeyedText;
  pattern: MyersPattern;
  /** The fewest points a unit's numbers cost before it is aligned (number-floor.ts). */
  numberFloor: NumberFloor;
  /** The query's numbers, found on first use. */
  numbers?: TextNumber[];
}

/** Where a unit's memory stands in a lookup: its place in the priority order (0 first) and its penalty. */
export interface MemoryStanding {
  rank: number;
  penalty: number;
}

/** A memory read first and without penalty: the standing when a lookup names no memories. */
export const FIRST_MEMORY: MemoryStanding = { rank: 0, penalty: 0 };

/** A scored unit. */
export interface TmMatch {
  unit: UnitRecord;
  /** The standing of the unit's memory in this lookup. */
  standing: MemoryStanding;
  score: number;
  matchType: MatchType;
  /** Score before penalties. */
  base: number;
  penalties: Penalty[];
  diff: DiffOp[];
  /** The unit's target with changed numbers substituted. */
  target: string;
  /** The stored target, when `target` differs from it. */
  targetOriginal?: string;
  /** The unit's target codes, moved with the substituted numbers. */
  targetCodes?: InlineCode[];
}

/** Per character for languages written without spaces, per word otherwise. */
export function keyModeOf(tag: LanguageTag): KeyMode {
  return isCharacterScored(tag) ? 'char' : 'word';
}

/** Folds the query once; pass a vocabulary to reuse unit keys built with it across queries. */
export function prepareQuery(query: LookupQuery, vocabulary = new Vocabulary()): PreparedQuery {
  const mode = keyModeOf(query.sourceLang);
  const key = matchKey(query.source, { mode, vocabulary });
  return {
    query, mode, targetMode: keyModeOf(query.targetLang), vocabulary, text: { text: query.source, key }, pattern: new MyersPattern(key.symbols),
    numberFloor: new NumberFloor(key),
  };
}

function contextKey(pq: PreparedQuery, text: string | undefined): Int32Array {
  return matchKey(text ?? '', { mode: pq.mode, vocabulary: pq.vocabulary, keepNumbers: true, spans: false }).symbols;
}

function sameSymbols(a: Int32Array, b: Int32Array): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function inContext(pq: PreparedQuery, unit: UnitRecord): boolean {
  const c = pq.query.context;
  if (!c) return false;
  return sameSymbols(contextKey(pq, c.previous), contextKey(pq, unit.context.previous)) && sameSymbols(contextKey(pq, c.next), contextKey(pq, unit.context.next));
}

/** The key `scoreUnit` compares a unit by (cacheable across queries that share a vocabulary). */
export function unitKey(pq: PreparedQuery, unit: UnitRecord): MatchKey {
  return matchKey(unit.source, { mode: pq.mode, vocabulary: pq.vocabulary });
}

/**
 * Scores a unit whose source was assessed; the diff is left empty until the match is shown.
 * `enters` is asked first with the score the unit would get if every changed number could be
 * substituted into its target (the substitution can only add points, so that is the most it can
 * score): when it says no, the target is never read (issue 12: the substitution, which folds the
 * target, was a third of the scoring at 1M units, where hundreds of candidates differ in numbers).
 */
function scoreAssessed(pq: PreparedQuery, unit: UnitRecord, a: SourceAssessment, threshold: number, standing: MemoryStanding, codePoints: number,
  enters: (best: number) => boolean = () => true): TmMatch | undefined {
  const { differences, numbers } = detailOf(pq, a);
  const changes = differences.numberChanges;
  const numberPoints = (changes.length + differences.reformattedNumbers) * NUMBER_PENALTY;
  const best = a.base - totalPenalty(penaltyList(differences.codes, numberPoints, codePoints));
  if (!enters(withMemoryPenalty(best, standing.penalty))) return undefined;
  const sub = changes.length > 0 ? substituteNumbers(unit.target, pq.targetMode, numbers, changes) : { target: unit.target, unmapped: [], edits: [] };
  const penalties = penaltyList(differences.codes, numberPoints + sub.unmapped.length * UNMAPPED_NUMBER_PENALTY, codePoints);
  let score = a.base - totalPenalty(penalties);
  let matchType: MatchType = 'fuzzy';
  if (a.d === 0 && penalties.length === 0 && standing.penalty === 0) {
    matchType = inContext(pq, unit) ? 'context' : 'exact';
    score = matchType === 'context' ? CONTEXT_SCORE : EXACT_SCORE;
  }
  if (standing.penalty > 0) penalties.push({ code: 'memory', points: standing.penalty });
  score = withMemoryPenalty(score, standing.penalty);
  if (score < threshold) return undefined;
  const match: TmMatch = { unit, standing, score, matchType, base: a.base, penalties, diff: [], target: sub.target };
  if (sub.target !== unit.target) match.targetOriginal = unit.target;
  if (unit.targetCodes?.length) match.targetCodes = unit.targetCodes.map((c) => ({ ...c, offset: shiftOffset(c.offset, sub.edits) }));
  return match;
}

/** Scores `unit` against the query; undefined when its score is below `threshold`. */
export function scoreUnit(pq: PreparedQuery, unit: UnitRecord, threshold: number, key?: MatchKey, standing = FIRST_MEMORY): TmMatch | undefined {
  const a = assessSource(pq, unit.source, threshold + standing.penalty, key);
  const m = a && scoreAssessed(pq, unit, a, threshold, standing, codePointsOf(pq, unit));
  if (a && m) m.diff = diffOf(pq, a);
  return m;
}

function diffOf(pq: PreparedQuery, a: SourceAssessment): DiffOp[] {
  const { text, steps } = detailOf(pq, a);
  return diffTexts(pq.text, text, steps);
}

/** What the ranking reads of a match. */
export type Ranked = Pick<TmMatch, 'score' | 'standing'> & { unit: Pick<UnitRecord, 'updatedAt' | 'id'> };

/** A unit the index found, as the collector ranks it before its row is read. */
export interface IndexedCandidate {
  unitId: number;
  /** The base score the index computed. */
  base: number;
  /** The index's copy of the unit's updatedAt in ms (NaN: unknown, the row decides). */
  updatedAt: number;
}

/**
 * The order a lookup reads candidates in: base descending, then as the ranking breaks ties
 * (most recently updated, highest id), unknown updatedAt first. Once one candidate in this order
 * cannot enter the result, none after it can ({@link MatchCollector.take}).
 */
export function compareCandidates(a: IndexedCandidate, b: IndexedCandidate): number {
  if (a.base !== b.base) return b.base - a.base;
  const au = Number.isNaN(a.updatedAt) ? Infinity : a.updatedAt;
  const bu = Number.isNaN(b.updatedAt) ? Infinity : b.updatedAt;
  if (au !== bu) return au < bu ? 1 : -1;
  return b.unitId - a.unitId;
}

/** The ranking order: score descending, then the earlier memory, then most recently updated, then highest id. */
export function compareMatches(a: Ranked, b: Ranked): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.standing.rank !== b.standing.rank) return a.standing.rank - b.standing.rank;
  if (a.unit.updatedAt !== b.unit.updatedAt) return a.unit.updatedAt < b.unit.updatedAt ? 1 : -1;
  return b.unit.id - a.unit.id;
}

/** What a collector's stage one did: units aligned, and per part of the bound the units it alone kept from being aligned. */
export interface CollectorStats {
  aligned: number;
  prunedBy: { numbers: number; codes: number; memory: number };
}

/**
 * Collects the best `limit` matches from units fed in chunks, in descending order of base score
 * (as the index returns them), and says when no later unit can change the result: a unit's final
 * score is at most its base (or 101 for a base of 100 when the query has a context), so once that
 * bound is below the `limit`-th final score the rest can be skipped. This is what lets the service
 * fetch a few units from the store even when hundreds of near-duplicates are within the penalty cap.
 * Units with the same source are compared once, and only the matches returned get their diff.
 *
 * Given the base the index found for a unit, a unit that cannot rank before the `limit`-th match
 * even at that bound is not scored at all: at an equal score the ranking's tie-breaks (memory,
 * updated, id) are all in the row. Measured (issue 12, bench/lookup-probe.ts, 1M units, threshold
 * 70): the slowest 5% of lookups were hundreds of candidates whose bound equals the `limit`-th
 * score (a sentence in 300-600 units of base 97 or 72, variants of other families), every one
 * aligned and its differences found, 15-80 ms a lookup; the tie-break drops them unscored.
 *
 * Scoring in two stages (issue 12, the round after; assessment.ts): what stayed slow were lookups
 * with 120-337 candidates whose base was above the `limit`-th score, variants of the query's
 * sentence that differ from it in a number, which the base does not see: each was aligned and
 * compared in full (6-16 ms of scoring a lookup, the 9 slowest of the 500 by their fastest run).
 * Stage one bounds each unit's final score without aligning it (the numbers' floor,
 * number-floor.ts, its inline codes and its memory); a chunk's units are then scored best bound
 * first, and the first whose bound cannot rank before the `limit`-th match ends the chunk.
 * The 500 lookups at 1M in process (`PROBE_REPEAT=3 lookup-probe.js 1000000`, old and new
 * alternating, load 5.3-6.6; the same matches, digest 73871c8f): scoring of those lookups in their
 * fastest run 22.8 -> 4.8 ms (71 characters, 248 units read), 18.3 -> 3.4 (58, 337), 13.8 -> 3.9
 * (114, 120), 10.8 -> 2.8 (63, 283), 8.6 -> 2.5 (54, 248); each query's fastest of three, p95
 * 7.7 / 10.1 -> 4.4 / 4.2 ms; CPU p95 of the second and third runs 5.4 / 5.2 -> 4.7 / 4.7 ms.
 * The rows are still read (stage one needs the source): 5,770 for the 500.
 *
 * Measured and left (issue 12, eleventh round): a unit with the index's base entering the bound
 * queue unassessed, at that base's bound, its source assessed only at the head (as the floor is).
 * Exact (the differential tests, the same digests), but it spared almost nothing: a row is read
 * only while its base's bound can still enter, so the head stops only at a bound its numbers'
 * floor lowered, and the floor needs the key and distance. Six big families of the 1M mix (and 50
 * warm-ups) read 2,029 units and still assessed 1,950. service-probe, old and new alternating,
 * digests the same (100k 70 f8403f23, 50 c1a8c525; 1M 70 8fc78ac5, 50 556a9709): CPU a lookup at
 * 1M, threshold 70, runs 2-3 of four processes a side (load 1.3-3.5) 1.28-1.45 -> 1.35-1.47 ms,
 * threshold 50 2.53-2.84 -> 2.59-2.92; each query's fastest, the scoring and the rest 0.192 ->
 * 0.200 ms, the 25 slowest 5.78 -> 6.09 ms; 100k threshold 70 (two a side, load 3.2-4.1)
 * 0.43-0.48 -> 0.43-0.56 ms. The key is what costs (the floor and the alignment need it); only
 * the distance's recount could go, by taking the index's, which trusts its base as exact.
 */
export class MatchCollector {
  private readonly assessed = new Map<string, SourceAssessment>();
  private readonly found: { match: TmMatch; a: SourceAssessment }[] = [];
  /** Whether `found` is in ranking order (and holds at most `limit`) since the last match added. */
  private ranked = true;

  /** `stats`, when given, counts what the bound does (tests and probes). */
  constructor(private readonly pq: PreparedQuery, private readonly threshold: number, private readonly limit: number, private readonly stats?: CollectorStats) {}

  /**
   * Scores units of one memory (any order within a chunk). `bases` holds the index's base score
   * for units by id: a unit that cannot enter the result even at that bound is skipped unscored.
   */
  add(units: Iterable<UnitRecord>, standing: MemoryStanding = FIRST_MEMORY, bases?: ReadonlyMap<number, number>): void {
    const bounded: Bounded[] = [];
    for (const unit of units) {
      const base = bases?.get(unit.id);
      if (base !== undefined && this.outranked(unit, base, standing)) continue;
      // Assessed at the lookup's threshold, so that units with the same source in other memories
      // share it. Only sources that reach it are kept: a lookup that scores every unit of a
      // partition (tm-search.ts, a query in the other key mode) would otherwise hold them all.
      let a = this.assessed.get(unit.source);
      if (a === undefined) {
        a = assessSource(this.pq, unit.source, this.threshold);
        if (a === undefined) continue;
        this.assessed.set(unit.source, a);
      }
      const codePoints = codePointsOf(this.pq, unit);
      const score = upperBound(this.pq, a.base, codePoints, standing);
      if (score >= this.threshold) bounded.push({ unit, a, codePoints, score, floored: false });
    }
    // Best bound first, in the ranking's order: the limit-th score rises before the weaker ones are
    // aligned, and once one cannot rank before it at its bound, none after it can.
    const queue = new BoundQueue(this.pq, this.threshold, standing, bounded,
      (x, y) => compareMatches({ score: x.score, standing, unit: x.unit }, { score: y.score, standing, unit: y.unit }));
    const stops = (y: Bounded) => this.ranksAfterNth(y.unit, y.score, standing);
    for (let x = queue.take(stops); x; x = queue.take(stops)) {
      const { unit, a, codePoints } = x;
      if (this.stats) this.stats.aligned++;
      // Below 100 that bound is the final score's; at 100 an exact or in-context match only rises.
      const match = scoreAssessed(this.pq, unit, a, this.threshold, standing, codePoints, (best) => best >= EXACT_SCORE || !this.ranksAfterNth(unit, best, standing));
      if (match) {
        this.found.push({ match, a });
        this.ranked = false;
      }
    }
    if (this.stats) this.countPruned(queue.rest(), standing);
    if (this.found.length > 4 * this.limit) this.nth();
  }

  /** For each part of the bound, the units left unaligned that its bound without that part would have let through. */
  private countPruned(rest: readonly Bounded[], standing: MemoryStanding): void {
    const stats = this.stats as CollectorStats;
    for (const { unit, a, codePoints, floored } of rest) {
      const numbers = floored ? a.numberFloor ?? 0 : 0;
      const through = (score: number) => score >= this.threshold && !this.ranksAfterNth(unit, score, standing);
      if (through(upperBound(this.pq, a.base, codePoints, standing))) stats.prunedBy.numbers++;
      if (through(upperBound(this.pq, a.base, numbers, standing))) stats.prunedBy.codes++;
      if (through(upperBound(this.pq, a.base, numbers + codePoints, { rank: standing.rank, penalty: 0 }))) stats.prunedBy.memory++;
    }
  }

  /** The `limit`-th best match so far, or undefined while fewer are in hand; drops the ones below it (they can never rise). */
  private nth(): TmMatch | undefined {
    if (this.found.length < this.limit) return undefined;
    if (!this.ranked) {
      this.found.sort((x, y) => compareMatches(x.match, y.match)).splice(this.limit);
      this.ranked = true;
    }
    return (this.found[this.limit - 1] as { match: TmMatch }).match;
  }

  /** True when `unit`, at the best score its base allows, would still rank after the `limit`-th match. */
  private outranked(unit: UnitRecord, base: number, standing: MemoryStanding): boolean {
    return this.ranksAfterNth(unit, bestFinal(this.pq, base, standing), standing);
  }

  /** True when `unit` scoring `score` would rank after the `limit`-th match. */
  private ranksAfterNth(unit: UnitRecord, score: number, standing: MemoryStanding): boolean {
    const nth = this.nth();
    return nth !== undefined && compareMatches({ score, standing, unit }, nth) > 0;
  }

  /**
   * The next candidates worth reading, from `from` on in {@link compareCandidates} order: at most
   * `size`, stopping at the first that cannot enter the result even at the best score its base
   * allows and with the tie-break the index knows (then `done`: nothing after it can either, since
   * a lower base allows a lower score and an equal one ranks after it). `next` is where to go on.
   */
  take<C extends IndexedCandidate>(candidates: readonly C[], from: number, size: number, standing: MemoryStanding = FIRST_MEMORY): { chunk: C[]; next: number; done: boolean } {
    const chunk: C[] = [];
    let i = from;
    for (; i < candidates.length && chunk.length < size; i++) {
      const c = candidates[i] as C;
      if (this.cannotEnter(c, standing)) return { chunk, next: i, done: true };
      chunk.push(c);
    }
    return { chunk, next: i, done: i >= candidates.length };
  }

  /** True when candidate `c` ranks after the `limit`-th match even at its best score (ties by the index's updatedAt and the id). */
  private cannotEnter(c: IndexedCandidate, standing: MemoryStanding): boolean {
    const nth = this.nth();
    if (nth === undefined) return false;
    const best = bestFinal(this.pq, c.base, standing);
    if (best !== nth.score || Number.isNaN(c.updatedAt)) return best < nth.score;
    // Canonical instants only (see IndexedCandidate), so the text compares as the row's would.
    return compareMatches({ score: best, standing, unit: { updatedAt: new Date(c.updatedAt).toISOString(), id: c.unitId } }, nth) > 0;
  }

  /**
   * The lowest base score that can still enter the result from a memory searched after every
   * memory already added (a later memory loses ties, so it must beat the `limit`-th score);
   * above 100 nothing can. The index searches that memory with this as its floor.
   */
  floorFor(standing: MemoryStanding): number {
    const nth = this.nth()?.score;
    if (nth === undefined) return -Infinity;
    if (standing.penalty === 0 && nth === EXACT_SCORE) return EXACT_SCORE; // an in-context 101 still beats a 100
    // The least whole base b whose best final, b - penalty as the collector computes it, is above
    // nth. A penalty may have decimals (`m:0.75`), and then so may nth: nth + 1 + penalty (the
    // floor before) skipped a base of 75 against nth 74.25 (issue 12's review of the seventh round).
    const p = standing.penalty;
    let b = Math.floor(nth + p) + 1;
    while (b - 1 - p > nth) b--;
    while (!(b - p > nth)) b++;
    return b;
  }

  /** The matches, best first, with their diffs. */
  results(): TmMatch[] {
    return this.found.sort((x, y) => compareMatches(x.match, y.match)).slice(0, this.limit).map(({ match, a }) => {
      match.diff = diffOf(this.pq, a);
      return match;
    });
  }
}

/**
 * The best `limit` matches among `units` scoring at least `threshold`, best first (the collector
 * over every unit given). `standingOf` places each unit's memory (default: all first, no penalty).
 */
export function rankUnits(pq: PreparedQuery, units: Iterable<UnitRecord>, threshold: number, limit: number,
  standingOf: (unit: UnitRecord) => MemoryStanding | undefined = () => FIRST_MEMORY): TmMatch[] {
  const collector = new MatchCollector(pq, threshold, limit);
  for (const unit of units) {
    const standing = standingOf(unit);
    if (standing) collector.add([unit], standing);
  }
  return collector.results();
}
