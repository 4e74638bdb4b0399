/**
 * Concordance (issue 3, "Concordance"): every unit whose folded source or target contains the
 * query, served from the n-gram index, with highlights on the raw stored text.
 *
 * "Contains" is decided on the folded symbols with numbers written out (see match-key.ts): per
 * character for Chinese and other unspaced languages (so `中国 同` finds `中國同`), per token
 * for spaced languages, where the query's first token may end a longer word and its last token
 * may begin one (`ilk Roa` finds "Silk Road"; a one-token query may sit inside a word).
 *
 * This module says what matches and where (highlights); concordance-search.ts finds the units
 * in the index.
 */
import { type KeyMode, matchKey } from './match-key.js';
import { Vocabulary } from './vocabulary.js';

/** Which text of a unit to search. */
export type ConcordanceSide = 'source' | 'target';

/** A highlighted range in a raw text, in code points. */
export interface Highlight {
  start: number;
  end: number;
}

/** The query's folded texts (numbers written out), one per character or token. */
function queryTexts(q: string, mode: KeyMode): string[] {
  const v = new Vocabulary();
  return [...matchKey(q, { mode, vocabulary: v, keepNumbers: true, spans: false }).symbols].map((s) => v.text(s) ?? '');
}

/** A text's folded texts with numbers written out: what concordance compares. */
export function concordanceTexts(text: string, mode: KeyMode): string[] {
  return queryTexts(text, mode);
}

/** True when folded `texts` contain the folded query texts `qt` (see the module header). */
export function containsTexts(texts: readonly string[], qt: readonly string[], mode: KeyMode): boolean {
  if (qt.length === 0) return false;
  for (let p = 0; p + qt.length <= texts.length; p++) if (occursAt(texts, qt, p, mode)) return true;
  return false;
}

/** True when `texts` (a unit's folded texts) hold the query texts `qt` at position `p`. */
function occursAt(texts: readonly string[], qt: readonly string[], p: number, mode: KeyMode): boolean {
  const n = qt.length;
  for (let j = 0; j < n; j++) {
    const ut = texts[p + j];
    const want = qt[j] as string;
    if (ut === undefined) return false;
    if (mode === 'char' || (j > 0 && j < n - 1)) {
      if (ut !== want) return false;
    } else if (n === 1 ? !ut.includes(want) : j === 0 ? !ut.endsWith(want) : !ut.startsWith(want)) {
      return false;
    }
  }
  return true;
}

/** Where the query occurs in a raw text (non-overlapping, left to right), in raw code points. */
export function concordanceHighlights(text: string, q: string, mode: KeyMode): Highlight[] {
  const v = new Vocabulary();
  const key = matchKey(text, { mode, vocabulary: v, keepNumbers: true });
  const texts = [...key.symbols].map((s) => v.text(s) ?? '');
  const qt = queryTexts(q, mode);
  const out: Highlight[] = [];
  if (qt.length === 0) return out;
  for (let p = 0; p + qt.length <= texts.length; p++) {
    if (!occursAt(texts, qt, p, mode)) continue;
    const last = p + qt.length - 1;
    let start = key.starts[p] as number;
    let end = key.ends[last] as number;
    if (mode === 'word') {
      const first = texts[p] as string;
      const lastText = texts[last] as string;
      const exactWidth = (i: number, t: string) => (key.ends[i] as number) - (key.starts[i] as number) === [...t].length;
      if (qt.length === 1 && exactWidth(p, first)) {
        start += [...first.slice(0, first.indexOf(qt[0] as string))].length;
        end = start + [...(qt[0] as string)].length;
      } else if (qt.length > 1) {
        if (exactWidth(p, first)) start = (key.ends[p] as number) - [...(qt[0] as string)].length;
        if (exactWidth(last, lastText)) end = (key.starts[last] as number) + [...(qt[qt.length - 1] as string)].length;
      }
    }
    out.push({ start, end });
    p = last;
  }
  return out;
}
