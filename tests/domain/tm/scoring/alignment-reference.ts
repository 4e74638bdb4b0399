/**
 * The alignment as it was before issue 12's eighth round paired the common suffix outside the
 * table: the whole banded table, filled and traced back with the same tie order (a diagonal
 * first, then an insertion, then a deletion, each only when strictly cheaper). Kept as the
 * reference the faster `align` must equal script for script; the fallback for bands over the
 * cell limit is left out (the tests stay far below it).
 */
import type { AlignStep } from '../../../../src/domain/tm/scoring/alignment.js';

const DIAG = 1;
const UP = 2;
const LEFT = 3;

export function referenceAlign(q: ArrayLike<number>, u: ArrayLike<number>, d: number): AlignStep[] {
  const n = q.length;
  const m = u.length;
  const band = Math.max(d, Math.abs(n - m));
  const width = 2 * band + 1;
  const INF = 1 << 29;
  let prev = new Int32Array(width).fill(INF);
  let cur = new Int32Array(width).fill(INF);
  const from = new Uint8Array((n + 1) * width);
  for (let j = 0; j <= Math.min(m, band); j++) {
    prev[j + band] = j;
    from[j + band] = LEFT;
  }
  for (let i = 1; i <= n; i++) {
    cur.fill(INF);
    for (let k = Math.max(0, band - i); k < width; k++) {
      const j = i - band + k;
      if (j > m) break;
      let best: number;
      let dir: number;
      if (j === 0) {
        best = i;
        dir = UP;
      } else {
        best = (prev[k] as number) + (q[i - 1] === u[j - 1] ? 0 : 1);
        dir = DIAG;
        if (k + 1 < width && (prev[k + 1] as number) + 1 < best) {
          best = (prev[k + 1] as number) + 1;
          dir = UP;
        }
        if (k > 0 && (cur[k - 1] as number) + 1 < best) {
          best = (cur[k - 1] as number) + 1;
          dir = LEFT;
        }
      }
      cur[k] = best;
      from[i * width + k] = dir;
    }
    [prev, cur] = [cur, prev];
  }
  const steps: AlignStep[] = [];
  for (let i = n, j = m; i > 0 || j > 0;) {
    const dir = from[i * width + (j - i + band)];
    if (dir === DIAG) steps.push({ op: q[i - 1] === u[j - 1] ? 'equal' : 'substitute', q: --i, u: --j });
    else if (dir === UP) steps.push({ op: 'insert', q: --i });
    else steps.push({ op: 'delete', u: --j });
  }
  return steps.reverse();
}
