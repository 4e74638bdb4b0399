/**
 * A word-mode query's bound over a partition keyed by character (issue 12, eleventh round): a
 * zh-Latn query (pinyin, scored by word) in a zh partition, whose index keys its sources by
 * character (partitions.ts). The index's bases bound nothing by word, so the lookup scored every
 * unit of the partition (tm-search.ts `lookupOne`, some 17 µs a unit read and keyed: 17 s of CPU
 * for one lookup in a 1M zh memory). This bound is counted from the character symbols the index
 * already holds for every slot, no row read, and keeps only the units that can reach the bar.
 *
 * The argument, for a query of `Lq` word tokens and a unit of `Lu` (score.ts): base
 * `floor(100 (1 - d / L))` with `L = max(Lq, Lu)`. With `S` the size of the multiset intersection
 * of the two word keys, an alignment matches at most `S` symbols and edits every other symbol of
 * the longer key, so `d >= L - S`, and the unit can reach base `b` only if
 * `S >= ceil(L b / 100) >= ceil(Lq b / 100)` (for `L = 0` the base is 100, and the bar is 0).
 * An upper bound of `S` from the unit's character key, token by token:
 * - Both keys of a unit come from one fold of its text (key-fold.ts `foldText`, the same code
 *   points with or without spans; the ASCII word path cuts the lower case that the character
 *   fold of ASCII text is). A word token (match-key.ts `wordLength`, or one code point that is
 *   neither a word character nor whitespace) is a run of those folded code points, and the unit's
 *   tokens are disjoint runs.
 * - The character key drops whitespace (a token holds none), writes a number (ASCII digits with
 *   `.`/`,` between digits, starting at a digit) as one NUMBER_SYMBOL, a `.` outside a number as
 *   `。`, and every other code point as itself. So a code point of a token that is not an ASCII
 *   digit, nor a `.`/`,` (inside a token of several code points these lie between digits, and a
 *   number takes them), is one symbol of the unit's character key, equal to itself. A token that
 *   is a lone `.` is `。` there: a `.` between two digits is never a token of its own, since the
 *   word before it takes it (the same test in both modes). A lone `,` is itself.
 * - A word token that is a number (NUMBER_SYMBOL in word mode: the whole token is a number) is a
 *   number of the character key that starts where the token does (a digit or `.`/`,` just before
 *   it would have joined it to the token before), so each is one NUMBER_SYMBOL there.
 * So a token `t` that occurs `u_t` times among the unit's word tokens needs, for each of its
 * required symbols `c` (those above) occurring `n_tc` times in `t`, `u_t n_tc` of the unit's `c`:
 * `u_t <= floor(count(c) / n_tc)`, and `min(q_t, u_t)` is at most `q_t` and that. Summed over
 * the query's distinct tokens, that bounds `S`; a token with no required symbol (digits and
 * separators only, not a number: none today) is bounded by `q_t` alone. Digits inside a word
 * (`a1`) and the apostrophes, marks and full-width letters are treated as above (the fold makes
 * full-width Latin ASCII first, in both keys). The symbols are the index's dense ids
 * (unit-keys.ts: code points and NUMBER_SYMBOL renumbered per side); a required code point that
 * has no dense id is in no unit, and its token supplies nothing.
 *
 * The unit's length by word, `Lu`, raises the bar when it is above `Lq` (`ceil(L b / 100)`): a
 * code point that is neither a word character nor whitespace nor `'` is a word token of its own
 * (`wordLength` is 0 there, and only `'` before a word character, and `.`/`,` between digits,
 * which the character key folds into a number, join a word), and the character key writes it
 * as one symbol (`.` as `。`). Between two such separators, the other symbols (word characters,
 * `'`, numbers) come from one word token at least, and tokens do not overlap; so the separators
 * plus the runs of other symbols between them are at most `Lu` (spaces the key dropped may cut
 * more tokens, never fewer). A Chinese sentence has some: a pinyin query of punctuation and
 * numbers, whose tokens its characters supply, no longer reads every unit of the memory.
 *
 * Measured (issue 12, eleventh round; bench/service-probe.ts PROBE_LATN on run-lookups data
 * directories, seven pinyin queries against the bench's zh memory, the fastest of three runs,
 * the old tree and this one alternating, load 2.2-2.7): a zh-Latn lookup read every unit,
 * 100,137 rows and 0.79-1.11 s of CPU at 100k, 1,000,137 rows and 10.5-13.2 s at 1M (two of the
 * queries, one run each). Now five of them at 70 and 50, and `D xian` at 70, are answered
 * before the pass, their words being in no unit's characters (`most` below the bar): 0.03-0.11
 * ms at 100k and 1M, no row. `D xian` at 50 (1.5% of the units hold a D) passes over every slot
 * and reads none: 17.7 ms at 100k, 183 ms at 1M. `2023 ， 。` (a number and two punctuation marks, which every Chinese unit's characters
 * supply) is the bound's weak case: at 100k 5,379 rows at 70 (78 ms) and 28,556 at 50 (299 ms),
 * at 1M 55,625 (805 ms) and 288,046 (3.4 s); without the unit's length by word it read 35,406
 * and 89,911 rows at 100k. Where a number stands next to Han characters (`2023年`) its word is
 * not a number at all, but the character key keeps no spaces, so the bound cannot tell. The
 * answers are the same (the probe's digests, e4e895d7 at 70 and b04c1b57 at 50 at 100k, and
 * b908045b at 1M for two of the queries). The pass runs in steps (`SLOT_STEP`): `D xian` at 1M
 * held the event loop for its whole pass, 238 ms of CPU (load 6.5); in steps the loop's longest
 * delay was 21 ms (load 2.5).
 *
 * The reverse (a character-mode query in a partition keyed by word) is not bounded here: the
 * unit's characters would have to be counted through its tokens' texts, and such a lookup would
 * score every unit of the partition (seeker.ts `otherModeIds`). No tag takes that path today: a
 * tag is scored by character only when its primary language is (language-tag.ts
 * `isCharacterScored`: a script can make zh or ja word-scored, never en character-scored; `en-Hans`
 * is scored by word), and a partition keys its text in its primary language's mode; the test of
 * this module pins that.
 */
import { IDEOGRAPHIC_FULL_STOP, isDigit, isWordChar, matchKey } from '../match-key.js';
import { NUMBER_SYMBOL, Vocabulary } from '../vocabulary.js';
import type { NgramIndex, Partition } from './ngram-index.js';
import type { DenseSymbols } from './postings.js';

const APOSTROPHE = 0x27;

/** Per dense symbols of an index's sources: which ids are separators, known up to `known`. */
const separatorTables = new WeakMap<DenseSymbols, { flags: Uint8Array; known: number }>();

/**
 * Which dense ids are separators (1): code points that are neither word characters nor `'`,
 * each of which is a word token of its own (see the module header). Kept per dense symbols and
 * extended as they grow (ids are only ever added).
 */
function separators(dense: DenseSymbols): Uint8Array {
  let table = separatorTables.get(dense);
  if (table === undefined) separatorTables.set(dense, (table = { flags: new Uint8Array(256), known: 0 }));
  if (table.known >= dense.size) return table.flags;
  if (table.flags.length < dense.size) {
    const grown = new Uint8Array(Math.max(dense.size, table.flags.length * 2));
    grown.set(table.flags);
    table.flags = grown;
  }
  for (let d = table.known; d < dense.size; d++) {
    const symbol = dense.symbols[d] as number;
    table.flags[d] = symbol < NUMBER_SYMBOL && symbol !== APOSTROPHE && !isWordChar(symbol) ? 1 : 0;
  }
  table.known = dense.size;
  return table.flags;
}

/**
 * The character-key symbols (code points, or NUMBER_SYMBOL) that each occurrence of a word
 * token must bring to a unit's character key, with how many of each (see the module header).
 */
export function requiredSymbols(token: string | undefined, symbol: number): Map<number, number> {
  const need = new Map<number, number>();
  if (symbol === NUMBER_SYMBOL) return need.set(NUMBER_SYMBOL, 1);
  const cps = [...(token ?? '')].map((c) => c.codePointAt(0) as number);
  if (cps.length === 1 && cps[0] === 0x2e) return need.set(IDEOGRAPHIC_FULL_STOP, 1);
  for (const cp of cps) {
    if (isDigit(cp) || (cps.length > 1 && (cp === 0x2e || cp === 0x2c))) continue;
    need.set(cp, (need.get(cp) ?? 0) + 1);
  }
  return need;
}

/** What a word-mode query asks of a unit's character symbols (dense ids of the index's sources). */
export class WordDemand {
  /** Word tokens in the query (`Lq`). */
  readonly length: number;
  /** The most tokens any unit can share: those whose required symbols some unit has. */
  readonly most: number;
  /** Shared tokens supplied whatever the unit (tokens with no required symbol). */
  private readonly free: number;
  /** Each bounded token's count in the query. */
  private readonly counts: Int32Array;
  /** Token `t`'s required symbols are `req*[reqStart[t], reqStart[t + 1])`. */
  private readonly reqStart: Int32Array;
  /** The required symbol's place in {@link tally}, and how many one occurrence needs. */
  private readonly reqTally: Int32Array;
  private readonly reqNeed: Int32Array;
  /** Dense id -> place in {@link tally} + 1 (0: not required); as long as the highest required id. */
  private readonly tallyOf: Int32Array;
  /** A unit's count of each required symbol; zero between units. */
  private readonly tally: Int32Array;
  /** Dense id -> 1 for a separator ({@link separators}). */
  private readonly separator: Uint8Array;

  /** `dense`: the index's dense ids of its sources' key symbols. */
  constructor(text: string, dense: DenseSymbols) {
    const denseOf = (symbol: number) => dense.get(symbol);
    this.separator = separators(dense);
    const vocabulary = new Vocabulary();
    const key = matchKey(text, { mode: 'word', vocabulary, spans: false }).symbols;
    this.length = key.length;
    const inQuery = new Map<number, number>();
    for (const s of key) inQuery.set(s, (inQuery.get(s) ?? 0) + 1);
    const counts: number[] = [];
    const reqStart = [0];
    const reqTally: number[] = [];
    const reqNeed: number[] = [];
    const places = new Map<number, number>();
    let free = 0;
    for (const [symbol, count] of inQuery) {
      const need = requiredSymbols(vocabulary.text(symbol), symbol);
      if (need.size === 0) {
        free += count;
        continue;
      }
      const dense = [...need.keys()].map(denseOf);
      // A required symbol no unit has: this token is in no unit's word key.
      if (dense.some((d) => d === undefined)) continue;
      [...need.values()].forEach((n, i) => {
        const d = dense[i] as number;
        let place = places.get(d);
        if (place === undefined) places.set(d, (place = places.size));
        reqTally.push(place);
        reqNeed.push(n);
      });
      counts.push(count);
      reqStart.push(reqTally.length);
    }
    this.free = free;
    this.most = counts.reduce((sum, c) => sum + c, free);
    this.counts = Int32Array.from(counts);
    this.reqStart = Int32Array.from(reqStart);
    this.reqTally = Int32Array.from(reqTally);
    this.reqNeed = Int32Array.from(reqNeed);
    this.tallyOf = new Int32Array(places.size === 0 ? 0 : Math.max(...places.keys()) + 1);
    for (const [d, place] of places) this.tallyOf[d] = place + 1;
    this.tally = new Int32Array(places.size);
  }

  /**
   * An upper bound of the tokens shared with a unit whose character key is
   * `symbols[start, start + length)` (dense ids); allocates nothing.
   */
  shared(symbols: Uint32Array, start: number, length: number): number {
    const { tallyOf, tally, counts, reqStart, reqTally, reqNeed } = this;
    const top = tallyOf.length;
    for (let i = start, end = start + length; i < end; i++) {
      const s = symbols[i] as number;
      if (s < top) {
        const place = tallyOf[s] as number;
        if (place !== 0) (tally[place - 1] as number)++;
      }
    }
    let shared = this.free;
    for (let t = 0; t < counts.length; t++) {
      let supply = counts[t] as number;
      for (let r = reqStart[t] as number, end = reqStart[t + 1] as number; r < end && supply > 0; r++) {
        supply = Math.min(supply, Math.floor((tally[reqTally[r] as number] as number) / (reqNeed[r] as number)));
      }
      shared += supply;
    }
    tally.fill(0);
    return shared;
  }

  /**
   * A lower bound of the word tokens (`Lu`) of a unit whose character key is
   * `symbols[start, start + length)`: its separators and the runs of other symbols between them
   * (see the module header).
   */
  unitTokens(symbols: Uint32Array, start: number, length: number): number {
    const separator = this.separator;
    let tokens = 0;
    let inRun = false;
    for (let i = start, end = start + length; i < end; i++) {
      if (separator[symbols[i] as number] === 1) {
        tokens++;
        inRun = false;
      } else if (!inRun) {
        tokens++;
        inRun = true;
      }
    }
    return tokens;
  }

  /**
   * True when the unit whose character key is `symbols[start, start + length)` may reach base
   * `bar`: its bound on shared tokens is at least `ceil(max(Lq, Lu) bar / 100)`, with `Lu` its
   * tokens' lower bound (see the module header). `Lu` is counted only for the units that pass
   * with `Lq`: `D xian` at 50 against the bench's 100k zh units (1.5% hold a D), fastest of
   * seven, two runs each alternating, load 3.2-3.6: 42.7 / 25.8 ms with both counted in one loop,
   * 19.4 / 21.3 ms so.
   */
  admits(symbols: Uint32Array, start: number, length: number, bar: number): boolean {
    const b = Math.max(0, Math.ceil(bar));
    const shared = this.shared(symbols, start, length) * 100;
    return shared >= this.length * b && shared >= this.unitTokens(symbols, start, length) * b;
  }
}

/**
 * Slots a lookup's pass over a partition reads between two turns of the event loop: at 1M units
 * the whole pass was 238 ms of CPU at once (load 6.5); in steps of 65,536 slots the event loop's
 * longest delay was 21 ms (load 2.5; bench/service-probe.ts PROBE_LATN).
 */
export const SLOT_STEP = 65_536;

/** Whether a slot's unit is to be read. */
export type SlotTest = (slot: number) => boolean;

/**
 * Pushes to `ids` the ids of the live units among the `[from, to)`-th slots of partition `p`
 * (its sorted slots `[sortedLo, sortedHi)`, then its tail) that `keep` admits and `seen` does not
 * hold. A plain function: V8 does not optimise a loop inside a generator.
 */
function collect(index: NgramIndex, p: Partition, sortedLo: number, sortedHi: number, from: number, to: number, keep: SlotTest | undefined,
  seen: ReadonlySet<number>, ids: number[]): void {
  const { alive, unitIds } = index;
  const sorted = sortedHi - sortedLo;
  const tail = p.tail.data;
  for (let k = from; k < to; k++) {
    const slot = k < sorted ? sortedLo + k : (tail[k - sorted] as number);
    if (!alive[slot] || (keep !== undefined && !keep(slot))) continue;
    const id = unitIds[slot] as number;
    if (!seen.has(id)) ids.push(id);
  }
}

/**
 * The ids of the live units of partition `part` that `keep` admits (all when undefined), in slot
 * order, `step` slots at a time: each step's ids are yielded as one array, and the caller may let
 * other work run before it asks for the next. Each step reads the tail as far as it reaches then,
 * and no id is yielded twice: a unit replaced between two steps (a new source, target or numbers)
 * leaves a dead slot behind and a live one at the tail's end, so reading the tail only as long as
 * it was at the start lost a unit replaced before the pass reached it, which no scan at any
 * moment would miss (the review of the eleventh round). If another layout is installed
 * meanwhile (a seal), the pass starts over on that layout, skipping the ids it yielded already.
 */
export function* liveUnitSteps(index: NgramIndex, part: number, keep?: SlotTest, step = SLOT_STEP): Generator<number[], void, void> {
  const seen = new Set<number>();
  for (;;) {
    const layout = index.layout;
    const p = index.partitions[part] as Partition;
    const sortedLo = p.lengthStart[0] as number;
    const sortedHi = p.lengthStart[p.lengthStart.length - 1] as number;
    for (let at = 0; ; at += step) {
      const total = sortedHi - sortedLo + p.tail.length;
      if (at >= total) return;
      const ids: number[] = [];
      collect(index, p, sortedLo, sortedHi, at, Math.min(total, at + step), keep, seen, ids);
      for (const id of ids) seen.add(id);
      yield ids;
      if (index.layout !== layout) break;
    }
  }
}

/**
 * The ids of the live units of partition `part` (keyed by character) whose bound on the tokens
 * they share with the word-mode query `text` lets them reach base `bar`, in slot order, in steps
 * as {@link liveUnitSteps}.
 */
export function* wordCandidateSteps(index: NgramIndex, part: number, text: string, bar: number, step = SLOT_STEP): Generator<number[], void, void> {
  if (bar > 100) return;
  if (bar <= 0) return yield* liveUnitSteps(index, part, undefined, step);
  const demand = new WordDemand(text, index.sourceSymbols);
  // No unit can share enough tokens (the query's words are in no unit's characters): none is read.
  if (demand.most * 100 < demand.length * Math.ceil(bar)) return;
  yield* liveUnitSteps(index, part, (slot) => demand.admits(index.arena.data, index.sourceStart[slot] as number, index.sourceLength[slot] as number, bar), step);
}
