/**
 * Levenshtein distance over symbol arrays with Myers' bit-parallel algorithm (Myers 1999,
 * "A fast bit-vector algorithm for approximate string matching based on dynamic programming"),
 * in the block-based form of Hyyrö (2003) as edlib implements it: the pattern is cut into 32-bit
 * blocks, each block takes the horizontal delta of the block above it in the same column, and the
 * top boundary adds +1 per column because this is global (not substring) distance.
 *
 * Symbols are not UTF-16 units (they are code points, token ids or the number symbol), so the
 * match masks (`Peq`) live in a Map per pattern, or, for the index, in a dense table indexed by
 * its small symbol ids. `distance` takes a bound and exits early: after column j the final
 * distance is at least D[m][j] - (n - j), so once that exceeds the bound the answer is "more".
 *
 * Issue 12: at 1M units the slowest threshold-70 searches are long segments (80-170 characters)
 * that verify 2,000-4,000 units each with patterns of three to six blocks. Reading the dense mask
 * table in place for those took the 51 searches of 80+ characters among the 500 lookups from 4.19
 * to 3.69-3.73 ms of CPU on average. The next profile (the 25 slowest of the 500 searches at 1M,
 * run 20 times, load 5.8) still gave Levenshtein 37% of their CPU, the planes' sweep 30% and the
 * bag filter 24%, and every block of every column was computed however small the bound. Three
 * blocks or more now go through the banded kernel (banded-myers.ts: only the blocks of each
 * column within Ukkonen's band of the bound, edlib's approach). The kernel alone, 4,000 near
 * copies in an arena, CPU per text column, before -> after (load 3-5): 81 symbols at a bound of 6,
 * 14.5 -> 9.5 ns; 96 at 28, 15.2 -> 12; 169 at 13, 24.5 -> 10.5; 169 at 50, 27 -> 14. One and two
 * blocks stay unbanded (a band of two blocks saves little). The search's figures are in
 * ngram-search.ts.
 *
 * Common prefix and suffix (issue 12, eighth round). A dense pattern (the index's) skips the
 * symbols it shares with the text at both ends before any block is computed: the distance of two
 * strings is that of their middles, the prefix is entered as the column where D(i, p) = |i - p|
 * (rows 1..p fell by one a row, the rest rise by one), and the suffix by computing only the
 * pattern's first m - s rows against the text's first n - s columns (rows below the last one
 * never reach the rows above, so the masks need no shift). Measured on the 500 threshold-70
 * lookups at 1M (throwaway trace of every distance the search computes): 2.13M of 13.5M text
 * columns are a common prefix or suffix (15.8%); for queries of 80+ characters 5.9 and 4.8
 * symbols of 93 a unit. A pattern whose middle fits one or two blocks takes the unbanded kernels.
 * The 500 searches at 1M, old and new alternating in one process, each search's fastest of three
 * (CPU, load 8.3-9.3, the same candidates, digest 64450338): with the sweep's change of the same
 * round (plane-sweep.ts) all 500 645 -> 619 ms, queries of 80-119 characters 4.27 -> 3.87 ms
 * a search, 120+ 3.01 -> 2.70. The two changes together against the sweep's alone gave 728 ->
 * 704 ms and 4.53 -> 4.19 ms at 80-119 characters, so this one is about 1% of all 500 and 2% of
 * the long ones: within that load's noise, though it never computes more.
 *
 * Masks that cannot overflow (issue 12, eighth round, the search's code after an import). The
 * skipped prefix's mask was `(1 << skip) - 1`: at a prefix of 31 symbols that is -2^31 - 1, out
 * of int32, so the first unit met with such a prefix deoptimised the kernels (`singleDense`,
 * `doubleDense`, `distance`, `bandedDistance`: "overflow", seen in a server's `--trace-deopt`
 * after a 100k import) and left that subtraction on doubles, with code that then depended on
 * whether such a unit came before or after V8 optimised them. `~(-1 << skip)` is the same 32
 * bits and stays int32. A throwaway in-process test (2M distances of 20-90 symbols at a bound of
 * 12, a prefix of 31 met before or after the warm-up, fastest of five, load 6.9-7.5): the
 * deoptimisations gone; 181-182 -> 169-172 ms.
 */

import { type BandScratch, bandedDistance } from './banded-myers.js';

/** Above this many table entries a pattern keeps its masks in a Map instead of a dense table. */
const MAX_DENSE_ENTRIES = 1 << 20;

/** A pattern prepared for repeated distance computations against many texts. */
export class MyersPattern {
  /** Pattern length in symbols. */
  readonly length: number;
  private readonly blocks: number;
  private readonly lastBit: number;
  private readonly dense: Int32Array | undefined;
  /** The pattern's symbols (dense patterns: their common prefix and suffix with a text are skipped). */
  private readonly symbols: Int32Array;
  private readonly sparse: Map<number, Int32Array> | undefined;
  private readonly pv: Int32Array;
  private readonly mv: Int32Array;
  /** The vertical deltas and each block's bottom score, for the banded kernel. */
  private readonly band: BandScratch;

  /**
   * @param pattern the symbols
   * @param denseSymbols when > 0, every symbol (pattern and texts) is below this bound and masks go in a table
   */
  constructor(pattern: ArrayLike<number>, denseSymbols = 0) {
    const m = pattern.length;
    this.length = m;
    this.blocks = Math.max(1, Math.ceil(m / 32));
    this.lastBit = 1 << ((m - 1) % 32);
    this.pv = new Int32Array(this.blocks);
    this.mv = new Int32Array(this.blocks);
    this.band = { pv: this.pv, mv: this.mv, score: new Int32Array(this.blocks) };
    if (denseSymbols > 0 && denseSymbols * this.blocks <= MAX_DENSE_ENTRIES) {
      this.dense = new Int32Array(denseSymbols * this.blocks);
      this.symbols = Int32Array.from(pattern);
      for (let i = 0; i < m; i++) this.dense[(pattern[i] as number) * this.blocks + (i >> 5)]! |= 1 << (i & 31);
    } else {
      this.symbols = new Int32Array(0);
      this.sparse = new Map();
      for (let i = 0; i < m; i++) {
        const s = pattern[i] as number;
        let masks = this.sparse.get(s);
        if (!masks) this.sparse.set(s, (masks = new Int32Array(this.blocks)));
        masks[i >> 5]! |= 1 << (i & 31);
      }
    }
  }

  private eq(symbol: number, block: number): number {
    if (this.dense) return this.dense[symbol * this.blocks + block] ?? 0;
    return this.sparse?.get(symbol)?.[block] ?? 0;
  }

  /**
   * Edit distance between the pattern and `text[from, to)`; any value above `max` means "more than max".
   */
  distance(text: ArrayLike<number>, from = 0, to = text.length, max = Infinity): number {
    const m = this.length;
    const n = to - from;
    if (m === 0) return n;
    if (n === 0) return m;
    if (Math.abs(m - n) > max) return max + 1;
    const dense = this.dense;
    if (dense) {
      // The common prefix and suffix (see the module header): rows m' = m - suffix, columns from `prefix` on.
      const q = this.symbols;
      const most = Math.min(m, n);
      let prefix = 0;
      while (prefix < most && q[prefix] === text[from + prefix]) prefix++;
      let suffix = 0;
      while (suffix < most - prefix && q[m - 1 - suffix] === text[to - 1 - suffix]) suffix++;
      const rows = m - suffix;
      const end = to - suffix;
      if (rows === prefix) return n - suffix - prefix;
      if (end - from === prefix) return rows - prefix;
      if (rows <= 32) return this.singleDense(dense, rows, text, from, end, max, prefix);
      if (rows <= 64) return this.doubleDense(dense, rows, text, from, end, max, prefix);
      return bandedDistance(dense, this.blocks, rows, this.band, text, from, end, max, prefix);
    }
    return this.blocks === 1 ? this.single(text, from, to, max) : this.multi(text, from, to, max);
  }

  /**
   * The first `rows` (1-32) symbols of the pattern against `text[from, to)`, whose first `skip`
   * symbols are the pattern's (the column where this starts), masks in the dense table: the
   * common case for a sentence of up to 32 symbols.
   */
  private singleDense(peq: Int32Array, rows: number, text: ArrayLike<number>, from: number, to: number, max: number, skip: number): number {
    const last = 1 << (rows - 1);
    const stride = this.blocks;
    // D(i, skip) = |i - skip|: rows 1..skip fall by one, the rest rise by one.
    let mv = ~(-1 << skip);
    let pv = ~mv;
    let score = rows - skip;
    for (let j = from + skip; j < to; j++) {
      const eq = peq[(text[j] as number) * stride] as number;
      const xv = eq | mv;
      const xh = (((eq & pv) + pv) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (ph & last) score++;
      else if (mh & last) score--;
      if (score - (to - j - 1) > max) return max + 1;
      ph = (ph << 1) | 1;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }
    return score;
  }

  /**
   * {@link singleDense} for 33 to 64 rows, two blocks unrolled; the inner block passes its
   * horizontal delta down.
   */
  private doubleDense(peq: Int32Array, rows: number, text: ArrayLike<number>, from: number, to: number, max: number, skip: number): number {
    const last = 1 << ((rows - 1) % 32);
    const stride = this.blocks;
    let mv0 = skip >= 32 ? -1 : ~(-1 << skip);
    let pv0 = ~mv0;
    let mv1 = skip > 32 ? ~(-1 << (skip - 32)) : 0;
    let pv1 = ~mv1;
    let score = rows - skip;
    for (let j = from + skip; j < to; j++) {
      const sym = (text[j] as number) * stride;
      // Block 0: the top boundary adds +1 per column.
      const eq0 = peq[sym] as number;
      const xv0 = eq0 | mv0;
      const xh0 = (((eq0 & pv0) + pv0) ^ pv0) | eq0;
      let ph0 = mv0 | ~(xh0 | pv0);
      let mh0 = pv0 & xh0;
      const hp = ph0 >>> 31;
      const hm = mh0 >>> 31;
      ph0 = (ph0 << 1) | 1;
      mh0 <<= 1;
      pv0 = mh0 | ~(xv0 | ph0);
      mv0 = ph0 & xv0;
      // Block 1: takes block 0's delta at its last row.
      let eq1 = peq[sym + 1] as number;
      const xv1 = eq1 | mv1;
      eq1 |= hm;
      const xh1 = (((eq1 & pv1) + pv1) ^ pv1) | eq1;
      let ph1 = mv1 | ~(xh1 | pv1);
      let mh1 = pv1 & xh1;
      if (ph1 & last) score++;
      else if (mh1 & last) score--;
      if (score - (to - j - 1) > max) return max + 1;
      ph1 = (ph1 << 1) | hp;
      mh1 = (mh1 << 1) | hm;
      pv1 = mh1 | ~(xv1 | ph1);
      mv1 = ph1 & xv1;
    }
    return score;
  }

  private single(text: ArrayLike<number>, from: number, to: number, max: number): number {
    const last = this.lastBit;
    let pv = -1;
    let mv = 0;
    let score = this.length;
    for (let j = from; j < to; j++) {
      const eq = this.eq(text[j] as number, 0);
      const xv = eq | mv;
      const xh = (((eq & pv) + pv) ^ pv) | eq;
      let ph = mv | ~(xh | pv);
      let mh = pv & xh;
      if (ph & last) score++;
      else if (mh & last) score--;
      if (score - (to - j - 1) > max) return max + 1;
      ph = (ph << 1) | 1;
      mh <<= 1;
      pv = mh | ~(xv | ph);
      mv = ph & xv;
    }
    return score;
  }

  private multi(text: ArrayLike<number>, from: number, to: number, max: number): number {
    const { pv, mv, blocks, lastBit } = this;
    pv.fill(-1);
    mv.fill(0);
    let score = this.length;
    for (let j = from; j < to; j++) {
      // Sparse patterns only (dense ones of 3+ blocks are banded): the masks once per column, not once
      // per block, since the Map lookups were most of this kernel (issue 12, the matcher's patterns).
      const masks = this.sparse?.get(text[j] as number);
      let hin = 1;
      for (let b = 0; b < blocks; b++) {
        let eq = masks === undefined ? 0 : (masks[b] as number);
        const p = pv[b] as number;
        const mm = mv[b] as number;
        const hinNeg = hin < 0 ? 1 : 0;
        const xv = eq | mm;
        eq |= hinNeg;
        const xh = (((eq & p) + p) ^ p) | eq;
        let ph = mm | ~(xh | p);
        let mh = p & xh;
        if (b === blocks - 1) {
          if (ph & lastBit) score++;
          else if (mh & lastBit) score--;
        }
        const hout = (ph >>> 31) - (mh >>> 31);
        ph = (ph << 1) | (hin > 0 ? 1 : 0);
        mh = (mh << 1) | hinNeg;
        pv[b] = mh | ~(xv | ph);
        mv[b] = ph & xv;
        hin = hout;
      }
      if (score - (to - j - 1) > max) return max + 1;
    }
    return score;
  }
}

/** Levenshtein distance between two symbol arrays; above `max` the result is only "more than max". */
export function levenshtein(a: ArrayLike<number>, b: ArrayLike<number>, max = Infinity): number {
  return new MyersPattern(a).distance(b, 0, b.length, max);
}
