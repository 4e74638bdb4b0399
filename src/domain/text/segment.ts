/**
 * Segmentation entry point: picks the segmenter by source language.
 *
 * Languages scored per character (written without spaces between words: Chinese, Japanese, Thai,
 * Lao, Khmer, Burmese - see `isCharacterScored`) go to the Chinese segmenter, whose rules (no space
 * when joining wrapped lines, breaks after `。！？!?…` without a following space) are the CJK rules of
 * Okapi's default SRX. Thai, Lao, Khmer and Burmese have their own sentence marks (or none), so for
 * them it yields paragraphs and headings rather than sentences. Everything else goes to the
 * sentence splitter for space-separated languages.
 */
import { isCharacterScored } from './language-tag.js';
import type { LanguageTag } from './language-tag.js';
import { segmentChinese } from './segment-zh.js';
import { segmentSentences } from './sentences.js';

/** One segment of a document: a heading or a sentence, never containing a line break. */
export interface Segment {
  /** The segment text, trimmed, with markup and page markers removed. */
  text: string;
  /** `heading` for titles, bylines and datelines; `sentence` for running text. */
  kind: 'heading' | 'sentence';
  /** Zero-based index of the block (heading or paragraph) the segment came from. */
  paragraph: number;
  /** Zero-based section (an article of a newspaper page) when the segmenter finds sections. */
  section?: number;
}

/** Splits `text` written in `tag`'s language into headings and sentences. */
export function segmentText(text: string, tag: LanguageTag): Segment[] {
  return isCharacterScored(tag) ? segmentChinese(text) : segmentSentences(text);
}
