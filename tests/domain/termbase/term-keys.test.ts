/**
 * Word tokenisation finds word runs with one regular expression and counts code points only when
 * the text has astral characters; this pins it against the plain reading, one code point at a
 * time, on random texts of letters, marks, digits, dashes, quotes, spaces and astral characters.
 */
import { describe, expect, it } from 'vitest';
import { prng } from '../../../bench/synthetic.js';
import { type WordSequence, foldSeparator, foldWord, tokenizeWords } from '../../../src/domain/termbase/term-keys.js';

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
