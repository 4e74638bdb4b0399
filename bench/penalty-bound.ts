/**
 * Bounds on a lookup's text penalties that an index could keep without the unit's row (issue
 * 12, eleventh round; measured by penalty-bound-probe.ts, nothing in the server uses them yet):
 * each unit gets a bound B(q, u) such that its final score is at least its base minus B.
 *
 * The bounds, and why they are exact (penalties.ts `textDifferences`, matcher.ts `scoreAssessed`;
 * char-mode keys; a memory's penalty is per memory and left aside: the bench's have none):
 * - A piece (the raw span of a symbol, as penalties.ts cuts it) is in its plain form when it is
 *   one code point, {@link canonicalRaw} of its symbol: the symbol itself, except ASCII
 *   punctuation, whose plain form is its full-width twin (`，` for `,`); a number's, when it is its
 *   folded text. A text is spaced when some raw text lies outside its pieces (whitespace).
 * - Whitespace: leads and gaps are the text outside the pieces, so two texts that are not spaced
 *   (and whose pieces do not overlap) never get the `whitespace` code.
 * - Script, width, case, punctuation come from pairs of equal symbols whose pieces differ
 *   (`classifyDifference`). Two pieces in plain form never differ. A text's mask is the codes each
 *   of its pieces not in plain form makes against the plain form; for a pair of differing pieces x,
 *   y of one symbol, classifyDifference(x, y) lies within the masks of x and y: checked at start
 *   over every pair of code points that key alone to one symbol ({@link checkMaskStep}: 29,913
 *   pairs, 299 break it, such as `「`/`﹁`, `.`/`．`, `K`/the Kelvin sign, compatibility
 *   ideographs; their code points make a text's mask every code). A text holding a piece of
 *   several code points, pieces that overlap, or a code point that joins clusters gets every code.
 *   Two numbers with the same folded text and different raw text are `width`, in the mask of the
 *   side that does not write its number as folded.
 * - Numbers with different texts cost at most 2 points a pair (changed 1, not substituted 1; or
 *   regrouped 1). Such pairs are a matching between the query's numbers and the unit's joining
 *   only different texts; by Hall's theorem the largest has min(nq, nu, nq + nu - max over texts
 *   of nq(t) + nu(t)) pairs ({@link mismatchedNumbers}); counts alone give min(nq, nu).
 * - Inline codes cost their edit distance, at most max(cq, cu).
 * So B = min(5, flat + 2 pairs + max(cq, cu)), with flat, by bound: `bit` (the brief's one plain
 * bit: neither spaced and every piece plain on both sides: 0, else the cap), `count` (bit with
 * the numbers' counts), `tiers` (pieces plain on one side: the other's mask's points, plus 1 when
 * either is spaced), `mask` (the points of both masks' union, plus 1 when either is spaced). An
 * exact or in-context match only rises above base - B. The probe reads each candidate's row,
 * computes B and scores the unit in full: `violations` (penalty above B, or final below base - B)
 * and bars above the oracle's must be 0, and are, for every bound at 100k and 1M.
 *
 */
import { type MatchKey, matchKey } from '../src/domain/tm/match-key.js';
import { classifyDifference, INLINE_CODE_PENALTY, MAX_TOTAL_PENALTY, NUMBER_PENALTY, type PenaltyCode, penaltyList, UNMAPPED_NUMBER_PENALTY, WHITESPACE_PENALTY } from '../src/domain/tm/scoring/penalties.js';
import { NUMBER_SYMBOL } from '../src/domain/tm/vocabulary.js';
import { CLUSTER_JOINERS } from '../src/domain/text/normalize.js';

/** Points a pair of numbers with different texts can cost: changed (1) and not substituted (1). */
export const PER_NUMBER_PAIR = NUMBER_PENALTY + UNMAPPED_NUMBER_PENALTY;

const isAsciiAlnum = (s: number) => (s >= 0x30 && s <= 0x39) || (s >= 0x41 && s <= 0x5a) || (s >= 0x61 && s <= 0x7a);

/** The one raw code point a plain text writes for a (non-number) char-mode symbol. */
export function canonicalRaw(symbol: number): number {
  return symbol >= 0x21 && symbol <= 0x7e && !isAsciiAlnum(symbol) ? symbol + 0xfee0 : symbol;
}

/**
 * A text's pieces against their plain forms, as the index would keep them for a unit (a byte,
 * beside the numbers it keeps already) and a lookup would work out once for its query.
 */
export interface Traits {
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
export const isPlain = (t: Traits) => t.canonical && !t.spaced;

/** The traits of `text` from its char-mode key with spans (what penalties.ts cuts its pieces from). */
export function traitsOf(text: string, codes: number): Traits {
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
export function plainByWalk(cps: readonly number[], key: MatchKey): boolean {
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
export const ALL_FLAT = (1 << FLAT_CODES.length) - 1;
/** Points of each mask, worked out once (a search asks for one per unit it accepts). */
const MASK_POINTS = Array.from({ length: ALL_FLAT + 1 }, (_, mask) =>
  penaltyList(new Set(FLAT_CODES.filter((_, b) => (mask & (1 << b)) !== 0)), 0, 0).reduce((sum, p) => sum + p.points, 0));
export const maskPoints = (mask: number) => MASK_POINTS[mask] as number;

/** Code points of pairs that break the mask's step ({@link checkMaskStep}): a text holding one gets every code in its mask. */
const wild = new Set<number>();

/**
 * The `mask` bound's step, checked over every code point: two different single code points `x`,
 * `y` that key to the same symbol s differ in no code that neither differs in from s's plain
 * form (classifyDifference(x, y) within classifyDifference(x, R) and (y, R), R = the plain form
 * of s; a piece of several code points puts every code in its text's mask). Returns the pairs
 * that break it and the pairs checked.
 */
export function checkMaskStep(): { broken: string[]; pairs: number } {
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
export function mismatchedNumbers(q: readonly string[], u: readonly string[]): number {
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
export type BoundKind = 'count' | 'bit' | 'tiers' | 'mask';
export function penaltyBound(q: Traits, u: Traits, kind: BoundKind): number {
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
