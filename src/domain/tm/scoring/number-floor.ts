/**
 * The fewest points a match's changed numbers must cost, known before the alignment: the first
 * stage of scoring a lookup's candidates (issue 12). A number costs {@link NUMBER_PENALTY} when the
 * alignment pairs it with a number written differently (another value, or the same value
 * regrouped; penalties.ts), and the base score does not see it, since every number folds to one
 * symbol. So a unit whose base ties the `limit`-th match can only be ruled out by reading its
 * numbers off the alignment, and at 1M units some lookups had hundreds of such candidates
 * (family variants that differ from the query in a number, each aligned and compared in full).
 *
 * The bound, exact: spell each number out as a symbol of its folded text, so that numbers of the
 * same text are equal symbols and others are not, and let d' be the distance of the spelled keys
 * and d that of the matching keys. Any script A between the matching keys is a script between
 * the spelled keys once each pair of numbers with different texts it calls equal becomes a
 * substitution, so d' <= cost(A) + p(A), p(A) being those pairs. The matcher's script is minimal
 * (cost d, unless the band is too large: {@link alignsExactly}), hence it pairs at least d' - d
 * numbers of different texts, each one penalty point (the total is capped by the caller).
 *
 * That holds when a pair of different texts is seen as different raw pieces, which is so when
 * every number owns its raw span (no code point shared with the symbol before it, as `⑴` folds to
 * `(1)`): otherwise the bound is 0. Computing d' costs one bit-parallel pass beside the one for d.
 *
 * It was computed for every assessed source; since issue 12's sixth round only for a unit that
 * reaches the head of the bound order while its bound without it can still rank (assessment.ts,
 * `BoundQueue`): the 500 lookups of the HTTP mix (bench/lookup-probe.ts) count 2,874 -> 2,249
 * floors at 100k units and 5,764 -> 4,968 at 1M, with the same matches.
 */
import { alignsExactly } from './alignment.js';
import { MyersPattern } from './levenshtein.js';
import { MAX_TOTAL_PENALTY, NUMBER_PENALTY } from './penalties.js';
import type { MatchKey } from '../match-key.js';
import { NUMBER_SYMBOL } from '../vocabulary.js';

/** Numbers past the penalty cap never change a score: the spelled distance is bounded there. */
const MAX_COUNTED_NUMBERS = Math.ceil(MAX_TOTAL_PENALTY / NUMBER_PENALTY);

/** True when every number of `key` owns its raw span (the pieces penalties.ts cuts start where the number does). */
export function ownsNumbers(key: MatchKey): boolean {
  const { symbols, starts, ends } = key;
  if (starts.length !== symbols.length) return false;
  let prevEnd = 0;
  for (let i = 0; i < symbols.length; i++) {
    const s = starts[i] as number;
    const e = ends[i] as number;
    if (symbols[i] === NUMBER_SYMBOL && (s < prevEnd || e <= s)) return false;
    prevEnd = Math.max(prevEnd, e);
  }
  return true;
}

/** The number floor of one query against many units. */
export class NumberFloor {
  /** Each folded number text met in this lookup, as a negative symbol (no code point or token is negative). */
  private readonly texts = new Map<string, number>();
  /** The spelled query's pattern, built on first use; null when its numbers do not own their spans. */
  private pattern: MyersPattern | undefined | null;

  constructor(private readonly query: MatchKey) {}

  /**
   * The fewest number points the matcher's script between the query and `unit` can cost, given
   * their distance `d` (see the module header); 0 when nothing can be said.
   */
  points(unit: MatchKey, d: number): number {
    if (unit.numbers.length === 0 || this.query.numbers.length === 0) return 0;
    if (!alignsExactly(this.query.symbols.length, unit.symbols.length, d) || !ownsNumbers(unit)) return 0;
    if (this.pattern === undefined) this.pattern = ownsNumbers(this.query) ? new MyersPattern(this.spell(this.query)) : null;
    if (this.pattern === null) return 0;
    const spelled = this.spell(unit);
    const most = d + MAX_COUNTED_NUMBERS;
    const spelledDistance = Math.min(this.pattern.distance(spelled, 0, spelled.length, most), most);
    return Math.max(0, spelledDistance - d) * NUMBER_PENALTY;
  }

  /** The key with each number replaced by its text's symbol. */
  private spell(key: MatchKey): Int32Array {
    const out = Int32Array.from(key.symbols);
    let k = 0;
    for (let i = 0; i < out.length; i++) {
      if (out[i] !== NUMBER_SYMBOL) continue;
      const text = key.numbers[k++] as string;
      let symbol = this.texts.get(text);
      if (symbol === undefined) this.texts.set(text, (symbol = -1 - this.texts.size));
      out[i] = symbol;
    }
    return out;
  }
}
