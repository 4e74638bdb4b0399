/**
 * What a replacement changed in a target, as ranges to mark on the text before (removed) and
 * after (inserted), in code points as the other marked texts are (ranges.ts). The preview of
 * `POST /api/v1/tm/units/replace` gives each change's whole target before and after; the
 * difference is computed here with jsdiff's character diff (Myers' O(ND) algorithm over code
 * points), not by running the pattern again in the browser, so the marks show what the server
 * will write, whatever the pattern and the replacement template did.
 *
 * A character diff keeps every character the two texts share, so replacing "Belt and Road
 * Initiative" by "BRI" would mark the text around a kept B, R and I as three changes. Runs of
 * unchanged text shorter than {@link MIN_KEPT_RUN} between two changes are folded into the
 * change (as diff-match-patch's semantic clean-up does), so a reviewer reads one change where
 * one replacement happened.
 */
import { diffChars } from 'diff';
import type { MarkedRange } from './ranges.js';

/** Shortest unchanged run (code points) shown as unchanged between two changes: one or two stray shared letters read as noise. */
export const MIN_KEPT_RUN = 3;
/** Longest edit script the diff looks for; beyond it (a target rewritten whole) the whole texts are marked. */
export const MAX_EDIT_LENGTH = 5000;

/** The ranges to mark: what the old text loses and what the new text gains. */
export interface TextChanges {
  before: MarkedRange<'removed'>[];
  after: MarkedRange<'inserted'>[];
}

interface Run {
  kind: 'same' | 'removed' | 'inserted';
  text: string;
}

function length(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The diff's runs, with short unchanged runs between changes folded into both sides of the change. */
function runs(before: string, after: string): Run[] {
  const parts = diffChars(before, after, { maxEditLength: MAX_EDIT_LENGTH });
  if (!parts) return [{ kind: 'removed', text: before }, { kind: 'inserted', text: after }];
  const raw: Run[] = parts.map((p) => ({ kind: p.added ? 'inserted' : p.removed ? 'removed' : 'same', text: p.value }));
  const out: Run[] = [];
  raw.forEach((r, i) => {
    const between = i > 0 && i < raw.length - 1;
    if (r.kind === 'same' && between && length(r.text) < MIN_KEPT_RUN) {
      out.push({ kind: 'removed', text: r.text }, { kind: 'inserted', text: r.text });
    } else out.push(r);
  });
  return out;
}

/** Appends `[start, end)` to `ranges`, joining it to the last range when they touch. */
function add<T>(ranges: MarkedRange<T>[], start: number, end: number, mark: T): void {
  const last = ranges[ranges.length - 1];
  if (last && last.end === start) last.end = end;
  else ranges.push({ start, end, mark });
}

/** The ranges of `before` that a change removed and of `after` that it inserted. */
export function textChanges(before: string, after: string): TextChanges {
  const out: TextChanges = { before: [], after: [] };
  let b = 0;
  let a = 0;
  for (const r of runs(before, after)) {
    const n = length(r.text);
    if (r.kind === 'same') { b += n; a += n; continue; }
    if (n === 0) continue;
    if (r.kind === 'removed') { add(out.before, b, b + n, 'removed'); b += n; }
    else { add(out.after, a, a + n, 'inserted'); a += n; }
  }
  return out;
}
