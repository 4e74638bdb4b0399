/**
 * Scoring a lookup's candidates in two stages (issue 12), for the matcher (matcher.ts). Stage one
 * costs a key and two bit-parallel distances per source: the base score and the fewest points
 * the numbers must cost (number-floor.ts), which with the inline codes and the memory give an
 * exact upper bound on the unit's final score ({@link upperBound}). Stage two, the alignment and
 * the penalties read off it, is done only for the units whose bound can still rank among the
 * best `limit` (MatchCollector), and once per source however many units share it. The numbers'
 * floor is counted only for a unit whose bound without it can still rank ({@link BoundQueue}).
 *
 * Measured (bench/lookup-probe.ts, 1M units, threshold 70, the 500 lookups of the HTTP mix):
 * see matcher.ts's MatchCollector.
 */
import { align, type AlignStep } from './alignment.js';
import { type MatchKey, matchKey } from '../match-key.js';
import type { MemoryStanding, PreparedQuery } from './matcher.js';
import { numbersOfKey, type TextNumber } from './numbers.js';
import { codeDifferences, INLINE_CODE_PENALTY, type KeyedText, MAX_TOTAL_PENALTY, type TextDifferences, textDifferences } from './penalties.js';
import { baseScore, CONTEXT_SCORE, EXACT_SCORE, maxEdits, withMemoryPenalty } from './score.js';
import type { UnitRecord } from '../unit.js';

/**
 * What a unit's source alone decides, shared by every unit with that source (same sentence, other
 * targets): first its distance, base score and number floor (stage one, no alignment), then,
 * only for a unit that may still enter the result, the alignment and the differences it finds.
 */
export interface SourceAssessment {
  source: string;
  key: MatchKey;
  d: number;
  base: number;
  /** The fewest points its numbers cost (number-floor.ts), counted on first use ({@link numberFloorOf}). */
  numberFloor?: number;
  /** Stage two, filled on first use ({@link detailOf}). */
  detail?: SourceDetail;
}

/** The alignment of a source with the query and the penalties read off it. */
export interface SourceDetail {
  text: KeyedText;
  steps: AlignStep[];
  differences: TextDifferences;
  numbers: TextNumber[];
}

/** Stage one for a source: its distance and base score; undefined when it cannot reach `threshold`. */
export function assessSource(pq: PreparedQuery, source: string, threshold: number, key?: MatchKey): SourceAssessment | undefined {
  const uKey: MatchKey = key ?? matchKey(source, { mode: pq.mode, vocabulary: pq.vocabulary });
  const qKey = pq.text.key;
  const bound = maxEdits(Math.max(qKey.symbols.length, uKey.symbols.length), threshold);
  if (bound < 0) return undefined;
  const d = pq.pattern.distance(uKey.symbols, 0, uKey.symbols.length, bound);
  if (d > bound) return undefined;
  return { source, key: uKey, d, base: baseScore(d, qKey.symbols.length, uKey.symbols.length) };
}

/** The rest of stage one, counted when a bound still matters: the fewest points the source's numbers cost. */
export function numberFloorOf(pq: PreparedQuery, a: SourceAssessment): number {
  a.numberFloor ??= pq.numberFloor.points(a.key, a.d);
  return a.numberFloor;
}

/** Stage two for a source: its alignment and the differences read off it (computed once). */
export function detailOf(pq: PreparedQuery, a: SourceAssessment): SourceDetail {
  if (a.detail) return a.detail;
  const qKey = pq.text.key;
  const text: KeyedText = { text: a.source, key: a.key };
  const steps = align(qKey.symbols, a.key.symbols, a.d);
  pq.numbers ??= numbersOfKey(qKey);
  const numbers = numbersOfKey(a.key);
  return (a.detail = { text, steps, numbers, differences: textDifferences(pq.text, text, steps, pq.numbers, numbers) });
}

/** Points for the inline codes of the query and the unit's source (none when neither has codes). */
export function codePointsOf(pq: PreparedQuery, unit: UnitRecord): number {
  const q = pq.query.codes ?? [];
  const u = unit.sourceCodes ?? [];
  return q.length === 0 && u.length === 0 ? 0 : codeDifferences(q, u) * INLINE_CODE_PENALTY;
}

/** The highest final score a unit of this base and standing can get. */
export function bestFinal(pq: PreparedQuery, base: number, standing: MemoryStanding): number {
  return upperBound(pq, base, 0, standing);
}

/**
 * Stage one's bound: the most a unit of base `base` can score when penalties known without
 * aligning it cost `points` (its numbers' floor and its inline codes), in its memory's standing.
 * Any penalty makes the match fuzzy, so with one the score is at most the base minus it (capped as
 * penalties are); without, an exact base may still be 100, or 101 in context.
 */
export function upperBound(pq: PreparedQuery, base: number, points: number, standing: MemoryStanding): number {
  const capped = Math.min(MAX_TOTAL_PENALTY, points);
  const top = capped > 0 ? base - capped : base >= EXACT_SCORE && pq.query.context ? CONTEXT_SCORE : base;
  return withMemoryPenalty(top, standing.penalty);
}

/** A unit of a chunk with its stage-one bound (`score`), the numbers' floor counted in it once `floored`. */
export interface Bounded {
  unit: UnitRecord;
  a: SourceAssessment;
  codePoints: number;
  score: number;
  floored: boolean;
}

/**
 * The units of a chunk in the ranking's order of their bounds, best first, for stage two. A unit's
 * bound first counts its base, inline codes and memory; its numbers' floor (a second distance,
 * number-floor.ts) is counted only when the unit comes to the head and can still rank, and a unit
 * whose bound it lowers waits among the others at its new bound. So the order is the one the full
 * bounds give, and the units left when the walk stops never have their floor counted.
 */
export class BoundQueue {
  private next = 0;
  /** Units whose bound the floor lowered, best first, from `lowHead` on (taken ones stay before it). */
  private readonly lowered: Bounded[] = [];
  private lowHead = 0;
  /** Units the floor took below the threshold. */
  private readonly dropped: Bounded[] = [];

  /** `order` is the ranking's order of two units at their bounds; `units` are sorted by it in place. */
  constructor(private readonly pq: PreparedQuery, private readonly threshold: number, private readonly standing: MemoryStanding,
    private readonly units: Bounded[], private readonly order: (x: Bounded, y: Bounded) => number) {
    units.sort(order);
  }

  /**
   * The unit with the best bound, its floor counted; undefined when none is left or when the best
   * bound `stops` (then no unit left can rank either: each one's bound is at most the head's).
   */
  take(stops: (x: Bounded) => boolean): Bounded | undefined {
    for (;;) {
      const held = this.lowered[this.lowHead];
      const fresh = this.units[this.next];
      const fromHeld = held !== undefined && (fresh === undefined || this.order(held, fresh) <= 0);
      const x = fromHeld ? held : fresh;
      if (x === undefined || stops(x)) return undefined;
      if (fromHeld) this.lowHead++;
      else this.next++;
      if (x.floored) return x;
      x.floored = true;
      const numbers = numberFloorOf(this.pq, x.a);
      const score = numbers === 0 ? x.score : upperBound(this.pq, x.a.base, numbers + x.codePoints, this.standing);
      if (score === x.score) return x;
      x.score = score;
      if (score < this.threshold) {
        this.dropped.push(x);
        continue;
      }
      // After every waiting unit that ranks before or with it (a binary search: a chunk of units
      // differing only in a number lowers them all, and a walk from the front grew with its square).
      let lo = this.lowHead;
      let hi = this.lowered.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.order(this.lowered[mid] as Bounded, x) <= 0) lo = mid + 1;
        else hi = mid;
      }
      this.lowered.splice(lo, 0, x);
    }
  }

  /** The units not taken. */
  rest(): Bounded[] {
    return [...this.units.slice(this.next), ...this.lowered.slice(this.lowHead), ...this.dropped];
  }
}
