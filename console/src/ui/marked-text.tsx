/** Text with code-point ranges marked (`<mark>`), rendered as text nodes only. */
import type { ComponentChildren } from 'preact';
import { type MarkedRange, splitByRanges } from '../lib/ranges.js';

/** Renders `text` with `ranges` marked; `render` may wrap a marked piece (a title, a class). */
export function MarkedText<T>({ text, ranges, lang, render }: {
  text: string;
  ranges: readonly MarkedRange<T>[];
  lang?: string;
  render?: (piece: string, mark: T, index: number) => ComponentChildren;
}) {
  return (
    <span lang={lang}>
      {splitByRanges(text, ranges).map((p, i) => (p.mark === undefined ? p.text : render ? render(p.text, p.mark, i) : <mark key={i}>{p.text}</mark>))}
    </span>
  );
}
