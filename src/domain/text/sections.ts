/**
 * The sections of a segmented document (the articles of a newspaper page, see zh-blocks.ts): each
 * with its title and the range of segments it holds.
 *
 * A section's title is its heading: the first heading segment before its first sentence that is
 * more than a short label (a page rubric such as `政务要闻` stands before the headline
 * `市领导检查防汛备汛并开展巡河工作`), else the first heading, else none (a piece continued from
 * another page starts with running text).
 */
import { codePointLength } from './normalize.js';
import type { Segment } from './segment.js';

/** Rubrics and part labels are this short (要闻 2, 政务要闻 4, 信任的故事 5); headlines are longer. */
const LABEL_MAX = 5;

/** One section of a document. */
export interface SectionInfo {
  index: number;
  /** The section's heading, or null when it starts with running text. */
  title: string | null;
  /** Index of its first segment. */
  start: number;
  /** Index of its last segment (inclusive). */
  end: number;
}

/** The sections of `segments` (which must be grouped by section, as the segmenter returns them). */
export function sectionsOf(segments: readonly Segment[]): SectionInfo[] {
  const out: SectionInfo[] = [];
  let headings: string[] = [];
  let leading = false;
  const close = (): void => {
    const last = out.at(-1);
    if (last) last.title = headings.find((h) => codePointLength(h) > LABEL_MAX) ?? headings[0] ?? null;
  };
  segments.forEach((s, i) => {
    if (s.section === undefined) return;
    const last = out.at(-1);
    if (last?.index === s.section) last.end = i;
    else {
      close();
      out.push({ index: s.section, title: null, start: i, end: i });
      headings = [];
      leading = true;
    }
    if (leading && s.kind === 'heading') headings.push(s.text);
    else leading = false;
  });
  close();
  return out;
}
