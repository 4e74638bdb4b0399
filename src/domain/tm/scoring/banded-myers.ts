/**
 * Myers' bit-parallel Levenshtein over three or more 32-bit blocks, computing only the blocks of
 * each column that can lie on an alignment within the bound (Ukkonen's band, as edlib applies it
 * to Hyyrö's blocks; written for our symbol tables, see levenshtein.ts for the unbanded kernels).
 *
 * Why a band holds (global distance, pattern of m symbols down the rows, text of n along the
 * columns, bound k, D the edit-distance table): along an optimal alignment path D never
 * decreases, and a path through cell (i, j) costs at least D(i, j) + |(m - i) - (n - j)|, with
 * D(i, j) >= |i - j|. So every cell of a path of cost <= k lies on a diagonal d = i - j with
 * |d| + |d + n - m| <= k (the static band, some k + 1 rows a column), and once a block's cells
 * all cost more than k, or cannot finish within k, none of them is on such a path and no later
 * cell of its rows or the rows above is either (a path never climbs back). Cells outside the
 * computed blocks are treated as larger than they are: a block below the first computed one
 * takes the top boundary's +1 as its horizontal input, and a block entering the band at the
 * bottom starts from its upper neighbour's bottom value plus one per row. Every computed value
 * is then at least the true one, and the cells of any path of cost <= k are exact, so a result
 * <= k is the distance and a result > k means "more than k", as the unbanded kernels answer.
 *
 * The first block advances when it leaves the static band, when its bottom score s (each
 * block's bottom row is tracked) makes every cell of the block exceed k (s - 31 > k: adjacent
 * rows differ by at most one), or when no cell of it can still finish within k
 * (s + (m - r) - (n - j) > k for its bottom row r). The search ends early when the band is
 * empty, or when the last row's score less the columns left exceeds k.
 *
 * The computation may start at a column `skip` whose text so far is the pattern's first `skip`
 * symbols (a common prefix, levenshtein.ts): there D(i, skip) = |i - skip| exactly, and the band's
 * blocks at that column start from it; the rows below the pattern's `m` (a common suffix cut off)
 * only ever sit above the last row's bit and never reach it.
 *
 * Issue 12: at 1M units the slowest threshold-70 lookups are segments of 80-170 characters
 * verifying 2,000-4,000 units each with patterns of three to six blocks; the figures before
 * and after are in levenshtein.ts's header.
 */

/** Rows per block. */
const WORD = 32;

/** Scratch of one pattern: its vertical deltas per block and each block's bottom score. */
export interface BandScratch {
  pv: Int32Array;
  mv: Int32Array;
  score: Int32Array;
}

/**
 * Distance between the first `m` symbols of a pattern (masks in `peq`, `stride` per symbol) and
 * `text[from, to)`; above `max` the value only means "more than max". Callers have checked that
 * both sides are non-empty and |m - n| <= max. The first `skip` symbols of the text are the
 * pattern's first `skip` (a common prefix, see levenshtein.ts): the computation starts at that
 * column, where D(i, skip) = |i - skip|.
 */
export function bandedDistance(peq: Int32Array, stride: number, m: number, s: BandScratch,
  text: ArrayLike<number>, from: number, to: number, max: number, skip = 0): number {
  const { pv, mv, score } = s;
  const n = to - from;
  const lastBlock = (m - 1) >> 5;
  const lastShift = (m - 1) % WORD;
  // Diagonals d = i - j of the cells a path of cost <= max can cross: |d| + |d + n - m| <= max.
  const below = Math.floor((max - n + m) / 2);
  const above = Math.floor((max + n - m) / 2);
  // The blocks of the band's rows at column `skip`; rows 1..skip fell by one a row to 0 there, the rest rise by one.
  let first = (Math.max(1, skip - above) - 1) >> 5;
  let last = (Math.max(1, Math.min(m, skip + below)) - 1) >> 5;
  for (let b = first; b <= last; b++) {
    const fell = Math.min(WORD, Math.max(0, skip - b * WORD));
    mv[b] = fell === WORD ? -1 : ~(-1 << fell);
    pv[b] = ~mv[b]!;
    score[b] = Math.abs((b === lastBlock ? m : (b + 1) * WORD) - skip);
  }
  // Bottom rows of the first and last computed blocks, and the columns at which the band's edges pass them.
  let firstBottom = first === lastBlock ? m : (first + 1) * WORD;
  let lastBottom = last === lastBlock ? m : (last + 1) * WORD;
  let leaveAt = firstBottom + above + 1;
  let enterAt = lastBottom - below + 1;
  for (let j = skip + 1; j <= n; j++) {
    // The band's bottom moves down a row a column: at most one block enters it.
    if (j >= enterAt && last < lastBlock) {
      const b = ++last;
      const bottom = b === lastBlock ? m : (b + 1) * WORD;
      pv[b] = -1;
      mv[b] = 0;
      score[b] = (score[b - 1] as number) + bottom - lastBottom;
      lastBottom = bottom;
      enterAt = bottom - below + 1;
    }
    const row = (text[from + j - 1] as number) * stride;
    let hp = 1;
    let hm = 0;
    for (let b = first; b <= last; b++) {
      let eq = peq[row + b] as number;
      const p = pv[b] as number;
      const mm = mv[b] as number;
      const xv = eq | mm;
      eq |= hm;
      const xh = (((eq & p) + p) ^ p) | eq;
      let ph = mm | ~(xh | p);
      let mh = p & xh;
      // A block's score is its bottom row's: bit 31, or the last row's bit in the last block.
      const bit = b === lastBlock ? lastShift : WORD - 1;
      score[b] = (score[b] as number) + ((ph >>> bit) & 1) - ((mh >>> bit) & 1);
      const outP = ph >>> 31;
      const outM = mh >>> 31;
      ph = (ph << 1) | hp;
      mh = (mh << 1) | hm;
      pv[b] = mh | ~(xv | ph);
      mv[b] = ph & xv;
      hp = outP;
      hm = outM;
    }
    if (last === lastBlock && (score[last] as number) - (n - j) > max) return max + 1;
    // The first block leaves once none of its cells can be on a path of cost <= max.
    for (;;) {
      const sc = score[first] as number;
      if (j < leaveAt && sc - (WORD - 1) <= max && sc + (m - firstBottom) - (n - j) <= max) break;
      if (++first > last) return max + 1;
      firstBottom = first === lastBlock ? m : (first + 1) * WORD;
      leaveAt = firstBottom + above + 1;
    }
  }
  return score[lastBlock] as number;
}
