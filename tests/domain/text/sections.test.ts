import { describe, expect, it } from 'vitest';
import type { Segment } from '../../../src/domain/text/segment.js';
import { sectionsOf } from '../../../src/domain/text/sections.js';
import { quoteDepth, quotationEnd, unmatchedClosers } from '../../../src/domain/text/zh-quotes.js';

const seg = (text: string, kind: Segment['kind'], section?: number): Segment => (section === undefined ? { text, kind, paragraph: 0 } : { text, kind, paragraph: 0, section });

describe('sectionsOf', () => {
  it('gives each section its range and the first heading of its leading run that is more than a rubric', () => {
    expect(sectionsOf([
      seg('政务要闻', 'heading', 0), seg('市领导检查防汛备汛并开展巡河工作', 'heading', 0), seg('一。', 'sentence', 0), seg('小标题的长文字啊', 'heading', 0),
      seg('续。', 'sentence', 1), seg('后来的标题不是本节标题', 'heading', 1),
      seg('要闻', 'heading', 2),
    ])).toEqual([
      { index: 0, title: '市领导检查防汛备汛并开展巡河工作', start: 0, end: 3 },
      { index: 1, title: null, start: 4, end: 5 },
      { index: 2, title: '要闻', start: 6, end: 6 },
    ]);
  });

  it('is empty for segments without sections (space-separated text, XLIFF imports)', () => {
    expect(sectionsOf([seg('Title', 'heading'), seg('One.', 'sentence')])).toEqual([]);
  });
});

describe('quotation marks', () => {
  it('counts depth, unmatched closers and the end of a quotation', () => {
    expect(quoteDepth('他说，“我们')).toBe(1);
    expect(quoteDepth('合作。”他说。', 1)).toBe(0);
    expect(quoteDepth('”多余的')).toBe(0);
    expect(unmatchedClosers('织与开展。”')).toBe(1);
    expect(unmatchedClosers('“甲”乙”')).toBe(1);
    expect(quotationEnd('“甲“乙”丙”丁', 0)).toBe(7);
    expect(quotationEnd('“未完', 0)).toBe(-1);
  });
});
