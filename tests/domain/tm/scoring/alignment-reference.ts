/**
 * The reference the alignment must equal script for script: the whole edit-distance table of the
 * two keys, with no band and nothing left out of it, traced back from the end with the tie order
 * `align` documents (at each cell a diagonal step unless an insertion is strictly cheaper, then
 * a deletion unless strictly cheaper still). Written from the definition for the tests: slow and
 * plain, far from the band and the common suffix `align` uses for speed.
 */
import type { AlignStep } from '../../../../src/domain/tm/scoring/alignment.js';

export function referenceAlign(q: ArrayLike<number>, u: ArrayLike<number>): AlignStep[] {
  const cost: number[][] = Array.from({ length: q.length + 1 }, (_, i) => Array.from({ length: u.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const step: string[][] = Array.from({ length: q.length + 1 }, (_, i) => Array.from({ length: u.length + 1 }, (_, j) => (i === 0 ? 'delete' : j === 0 ? 'insert' : '')));
  for (let i = 1; i <= q.length; i++) {
    for (let j = 1; j <= u.length; j++) {
      const options: [string, number][] = [
        ['diagonal', (cost[i - 1]?.[j - 1] ?? 0) + (q[i - 1] === u[j - 1] ? 0 : 1)],
        ['insert', (cost[i - 1]?.[j] ?? 0) + 1],
        ['delete', (cost[i]?.[j - 1] ?? 0) + 1],
      ];
      let [best, least] = options[0] as [string, number];
      for (const [name, value] of options.slice(1)) if (value < least) [best, least] = [name, value];
      (cost[i] as number[])[j] = least;
      (step[i] as string[])[j] = best;
    }
  }
  const steps: AlignStep[] = [];
  for (let i = q.length, j = u.length; i > 0 || j > 0;) {
    const s = step[i]?.[j];
    if (s === 'diagonal') steps.push({ op: q[i - 1] === u[j - 1] ? 'equal' : 'substitute', q: --i, u: --j });
    else if (s === 'insert') steps.push({ op: 'insert', q: --i });
    else steps.push({ op: 'delete', u: --j });
  }
  return steps.reverse();
}
