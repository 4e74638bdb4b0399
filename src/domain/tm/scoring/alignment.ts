/**
 * An optimal edit script between two keys, for the few matches that are shown: penalties are
 * read off the symbols it pairs as equal, and the diff is drawn from it.
 *
 * Dynamic programming restricted to the diagonals a path of cost d can cross, where d is the
 * distance already known from the bit-parallel pass: reaching (i, j) costs at least |j - i| and
 * going on to the end at least |(m - n) - (j - i)|, so only the d + 1 (or so) diagonals where
 * their sum is at most d are filled (Ukkonen's cut-off), O(n * d) instead of O(n * m). On ties
 * the traceback prefers a match, then a substitution, so equal symbols are paired whenever an
 * optimal script allows it. When the wider band of {@link alignsExactly} (2 max(d, |m - n|) + 1
 * diagonals, kept so that the number floor's test stays as it was) would exceed
 * {@link MAX_BAND_CELLS} (two segments of thousands of characters that share little), the script
 * falls back to the common prefix and suffix plus one substitution block: still a valid script,
 * no longer a minimal one.
 *
 * A common suffix is paired before the table is filled (issue 12, eighth round): the table's rows
 * do not depend on the rows after them, and where the last symbols are equal the traceback always
 * takes the diagonal (a banded cost D(i-1, j-1) is never more than D(i-1, j) + 1 or D(i, j-1) + 1:
 * a banded path to (i-1, j) enters column j at some row r and goes down it; the same path into
 * column j-1 and down that column stays in the band and costs at most one more), so the script is
 * the one the whole table gives. A common prefix cannot be cut so: the traceback, which runs from
 * the end, may pair a repeated symbol of the prefix otherwise (`aab` against `ab`). The 1,683
 * matches the 500 lookups of the HTTP mix answer at 100k (threshold 70), aligned again ten times,
 * old and new alternating (load 6-7): 7.0-9.4 -> 6.4-8.1 µs of CPU an alignment, every script the same.
 *
 * The band was |j - i| <= max(d, |m - n|), 2d + 1 diagonals; issue 12's ninth round fills only
 * those where |j - i| + |m - n - (j - i)| <= d, about half. The script is the same: the traceback
 * from (n, m) only visits cells of optimal paths, which all lie on those diagonals, and there the
 * table's costs are exact; a cell left out only ever costs more than its neighbours' optimal
 * moves, so no tie is decided otherwise (the tests compare with the whole table, no band). The
 * rows are no longer cleared (a row reads only cells the row before wrote, or the two cells
 * outside the band that stay INF). 2,000 synthetic pairs of 20-80 code points with up to 20%
 * edits, five passes after warming: 4.8-5.5 -> 2.9 µs of CPU an alignment (load 8-9), the same
 * scripts, and 2.2-2.4 µs with the traceback's table kept between calls ({@link moves}). In the
 * lookup service (bench/service-probe.ts, 100k units, threshold 70, the 500 lookups of the HTTP
 * mix, runs 2-5 of five, old and new alternating, load 9-12): `align` 0.033-0.045 -> 0.016 ms a
 * lookup in the CPU profile, the same answers (digest 48c3cce7).
 */

/** One step of the script, from the unit's source (`u`) to the query (`q`). */
export type AlignStep =
  | { op: 'equal' | 'substitute'; q: number; u: number }
  | { op: 'insert'; q: number }
  | { op: 'delete'; u: number };

/** Largest band (cells) aligned exactly; 4M one-byte cells, a few milliseconds. */
const MAX_BAND_CELLS = 4_000_000;

const DIAG = 1;
const UP = 2; // consume a query symbol: insert
const LEFT = 3; // consume a unit symbol: delete

/**
 * The traceback's moves, one byte a cell, kept between alignments (up to 64 KB): a fresh
 * array of a few hundred bytes a call is allocated outside V8's heap (typed arrays over 64 bytes),
 * dearer than filling it. Every cell the traceback reads is written by the same call.
 */
let scratch = new Uint8Array(4096);
/** Largest table kept between calls (64 KB); a larger one, from segments of thousands of characters, is not kept. */
const MAX_KEPT_CELLS = 65_536;

function moves(cells: number): Uint8Array {
  if (cells > MAX_KEPT_CELLS) return new Uint8Array(cells);
  if (scratch.length < cells) scratch = new Uint8Array(MAX_KEPT_CELLS);
  return scratch;
}

/**
 * The width of the band {@link alignsExactly} measures: the band filled before the ninth round,
 * wider than the diagonals filled now, kept so that which alignments fall back stays as it was.
 */
function exactLimitWidth(n: number, m: number, d: number): number {
  return 2 * Math.max(d, Math.abs(n - m)) + 1;
}

/** True when {@link align} returns a minimal script (cost exactly `d`) for keys of these lengths, not the fallback. */
export function alignsExactly(n: number, m: number, d: number): boolean {
  return (n + 1) * exactLimitWidth(n, m, d) <= MAX_BAND_CELLS;
}

/** An edit script turning `u` into `q` whose cost is `d` (the known distance) or, in the fallback, close to it. */
export function align(q: ArrayLike<number>, u: ArrayLike<number>, d: number): AlignStep[] {
  if (!alignsExactly(q.length, u.length, d)) return fallback(q, u);
  // The common suffix is left out of the table and paired at the end: the traceback pairs it as
  // the table would (see the module header), so the script is the same.
  let suffix = 0;
  while (suffix < q.length && suffix < u.length && q[q.length - 1 - suffix] === u[u.length - 1 - suffix]) suffix++;
  const n = q.length - suffix;
  const m = u.length - suffix;
  // The diagonals t = j - i a path of cost d can cross: reaching (i, j) costs at least |t| and
  // going on from it at least |(m - n) - t|, so |t| + |m - n - t| <= d (Ukkonen's cut-off).
  const delta = m - n;
  const slack = Math.max(0, Math.floor((Math.max(d, Math.abs(delta)) - Math.abs(delta)) / 2));
  const band = slack - Math.min(0, delta); // the lowest diagonal is -band
  const width = Math.abs(delta) + 2 * slack + 1;
  const INF = 1 << 29;
  // Row i holds columns j = i - band .. i - band + width - 1 at k = j - i + band, stored at k + 1: the cells
  // before and after the band (0 and width + 1) are never written and stay INF, so the cell's
  // three moves need no bounds tests. A row's cells outside its columns 0..m are never read by
  // the next row (its range is the same shifted by one), so the rows are not cleared between uses.
  let prev = new Int32Array(width + 2).fill(INF);
  let cur = new Int32Array(width + 2).fill(INF);
  const from = moves((n + 1) * width);
  for (let j = 0; j <= Math.min(m, width - 1 - band); j++) {
    prev[j + band + 1] = j;
    from[j + band] = LEFT;
  }
  for (let i = 1; i <= n; i++) {
    const qi = q[i - 1];
    const row = i * width;
    // The row's columns: from max(0, i - band) to min(m, i - band + width - 1).
    let k = Math.max(0, band - i);
    const last = Math.min(width - 1, m - i + band);
    if (k === band - i) {
      // Column 0: i insertions.
      cur[k + 1] = i;
      from[row + k] = UP;
      k++;
    }
    // Plain assignments: destructuring ([best, dir] = [...]) allocated in the innermost loop and made
    // alignment a third of scoring a long segment's 200 near-identical candidates (issue 12).
    for (let j = i - band + k; k <= last; k++, j++) {
      let best = (prev[k + 1] as number) + (qi === u[j - 1] ? 0 : 1);
      let dir = DIAG;
      const up = (prev[k + 2] as number) + 1;
      if (up < best) {
        best = up;
        dir = UP;
      }
      const left = (cur[k] as number) + 1;
      if (left < best) {
        best = left;
        dir = LEFT;
      }
      cur[k + 1] = best;
      from[row + k] = dir;
    }
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  const steps: AlignStep[] = [];
  for (let k = suffix - 1; k >= 0; k--) steps.push({ op: 'equal', q: n + k, u: m + k });
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    const dir = from[i * width + (j - i + band)];
    if (dir === DIAG) {
      steps.push({ op: q[i - 1] === u[j - 1] ? 'equal' : 'substitute', q: i - 1, u: j - 1 });
      i--;
      j--;
    } else if (dir === UP) {
      steps.push({ op: 'insert', q: i - 1 });
      i--;
    } else if (dir === LEFT) {
      steps.push({ op: 'delete', u: j - 1 });
      j--;
    } else {
      // Every cell the traceback reads was written by this call; anything else is a fault here.
      throw new Error(`alignment: no move recorded at (${i}, ${j})`);
    }
  }
  return steps.reverse();
}

function fallback(q: ArrayLike<number>, u: ArrayLike<number>): AlignStep[] {
  let pre = 0;
  while (pre < q.length && pre < u.length && q[pre] === u[pre]) pre++;
  let suf = 0;
  while (suf < q.length - pre && suf < u.length - pre && q[q.length - 1 - suf] === u[u.length - 1 - suf]) suf++;
  const steps: AlignStep[] = [];
  for (let k = 0; k < pre; k++) steps.push({ op: 'equal', q: k, u: k });
  const qm = q.length - suf;
  const um = u.length - suf;
  let i = pre;
  let j = pre;
  for (; i < qm && j < um; i++, j++) steps.push({ op: 'substitute', q: i, u: j });
  for (; j < um; j++) steps.push({ op: 'delete', u: j });
  for (; i < qm; i++) steps.push({ op: 'insert', q: i });
  for (let k = 0; k < suf; k++) steps.push({ op: 'equal', q: qm + k, u: um + k });
  return steps;
}

/** The cost of a script (substitutions, insertions and deletions). */
export function scriptCost(steps: readonly AlignStep[]): number {
  return steps.filter((s) => s.op !== 'equal').length;
}
