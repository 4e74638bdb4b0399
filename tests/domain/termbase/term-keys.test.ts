/**
 * Word tokenisation finds word runs with one regular expression and counts code points only when
 * the text has astral characters; this pins it against the plain reading, one code point at a
 * time, on random texts of letters, marks, digits, dashes, quotes, spaces and astral characters.
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../../../bench/synthetic.js';
import { type FoldedChinese, type WordSequence, foldChinese, foldSeparator, foldWord, isDecorativeQuote, tokenizeWords } from '../../../src/domain/termbase/term-keys.js';
import { foldWithMap } from '../../../src/domain/text/normalize.js';
import { simplifyCodePoint } from '../../../src/domain/text/script.js';

/** The reference: every code point tested on its own. */
function byCodePoint(text: string): WordSequence {
  const out: WordSequence = { words: [], seps: [] };
  let run = '';
  let sep = '';
  let start = 0;
  let i = 0;
  const flush = () => {
    if (out.words.length > 0) out.seps.push(foldSeparator(sep));
    out.words.push({ key: foldWord(run), start, end: i });
    run = '';
    sep = '';
  };
  for (const cp of text) {
    if (/^[\p{L}\p{M}\p{N}]$/u.test(cp)) {
      if (run === '') start = i;
      run += cp;
    } else {
      if (run !== '') flush();
      sep += cp;
    }
    i++;
  }
  if (run !== '') flush();
  return out;
}

const ALPHABET = ['a', 'B', 'ё', 'Ж', '7', '٣', 'é', 'e\u0301', ' ', '  ', '-', '–', '—', '“', '”', '«', '»', "'", '’', ',', '.', '𠀀', '𝐀', '中', '\n', '\u3000', 'Ｄ'];

describe('tokenizeWords', () => {
  it('gives the same words, keys, code-point offsets and separators as reading one code point at a time', () => {
    const rnd = prng(7);
    for (let n = 0; n < 3000; n++) {
      const text = Array.from({ length: Math.floor(rnd() * 25) }, () => ALPHABET[Math.floor(rnd() * ALPHABET.length)]).join('');
      expect(tokenizeWords(text)).toEqual(byCodePoint(text));
    }
  });
});

/** foldChinese as it was written before the per-code-point fast path: one foldWithMap over the text. */
function foldChineseReference(text: string): FoldedChinese {
  const out: FoldedChinese = { chars: [], starts: [], ends: [] };
  const { text: folded, map } = foldWithMap(text, { width: true, lowercase: true, script: simplifyCodePoint });
  const cps = Array.from(folded);
  const chunkEnd = new Array<number>(cps.length + 1);
  chunkEnd[cps.length] = map[cps.length] as number;
  for (let k = cps.length - 1; k >= 0; k--) chunkEnd[k] = map[k + 1] !== map[k] ? (map[k + 1] as number) : (chunkEnd[k + 1] as number);
  cps.forEach((cp, k) => {
    if (/^\s$/u.test(cp) || isDecorativeQuote(cp)) return;
    out.chars.push(cp);
    out.starts.push(map[k] as number);
    out.ends.push(chunkEnd[k] as number);
  });
  return out;
}

describe('foldChinese', () => {
  it('folds code point by code point as one foldWithMap over the text does: expansions (㍿), width, script, case, spaces, quotes, astral, joiners', () => {
    const pieces = ['中', '國', '鲁', '魯', '㍿', '㈱', 'Ａ', 'b', 'Ｄ', ' ', '\u3000', '“', '”', '「', '」', '，', '。', '…', '𠀀', '𠮷', 'ﾊﾞ', 'e\u0301', '７', 'İ', 'ß'];
    const rnd = prng(31);
    for (let round = 0; round < 2000; round++) {
      const text = Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => pieces[Math.floor(rnd() * pieces.length)] as string).join('');
      expect(foldChinese(text), text).toEqual(foldChineseReference(text));
    }
    expect(foldChinese('㍿ 魯班“工坊”')).toEqual({ chars: ['株', '式', '会', '社', '鲁', '班', '工', '坊'], starts: [0, 0, 0, 0, 2, 3, 5, 6], ends: [1, 1, 1, 1, 3, 4, 6, 7] });
  });
});
