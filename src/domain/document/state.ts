/**
 * The one state scale every segment and format maps onto (as translate-toolkit's
 * `workflow.py` keeps one scale for all stores).
 *
 *   new         no translation yet (the target may hold a copy of the source for CAT tools)
 *   draft       a proposal nobody confirmed: pre-translated from the TM, or a fuzzy edit
 *   translated  a translator confirmed it
 *   reviewed    a reviewer confirmed it
 *   final       signed off; nothing more to do
 *
 * XLIFF 1.2 `state`, XLIFF 2 `segment/@state` and `approved` map onto these in formats/.
 */

/** Segment states in workflow order. */
export const SEGMENT_STATES = ['new', 'draft', 'translated', 'reviewed', 'final'] as const;
export type SegmentState = (typeof SEGMENT_STATES)[number];

/** True when the state means a person confirmed the target (it may go into the TM). */
export function isConfirmed(state: SegmentState): boolean {
  return state === 'translated' || state === 'reviewed' || state === 'final';
}
