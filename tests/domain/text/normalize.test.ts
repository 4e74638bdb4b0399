import { describe, expect, it } from 'vitest';
import {
  codePointLength,
  codePoints,
  foldWhitespace,
  foldWidth,
  foldWithMap,
} from '../../../src/domain/text/normalize.js';
import { toSimplified, toTraditional } from '../../../src/domain/text/script.js';

const map = (text: string, opts: Parameters<typeof foldWithMap>[1]) => {
  const r = foldWithMap(text, opts);
  return { text: r.text, map: Array.from(r.map) };
};

describe('code points', () => {
  it('counts an astral character once (𠀀 is one code point, two UTF-16 units)', () => {
    expect(codePoints('a𠀀中')).toEqual(['a', '𠀀', '中']);
    expect(codePointLength('a𠀀中')).toBe(3);
    expect('a𠀀中'.length).toBe(4);
  });

  it('counts an emoji once', () => {
    expect(codePointLength('鲁班😀')).toBe(3);
  });
});

describe('foldWidth', () => {
  it('maps full-width letters, digits and clause punctuation to ASCII', () => {
    expect(foldWidth('ＡＢＣ１２３，！？：；（）')).toBe('ABC123,!?:;()');
  });

  it('keeps 。、“”《》 which NFKC does not touch, and keeps … (exempt)', () => {
    expect(foldWidth('。、“”《》……')).toBe('。、“”《》……');
  });

  it('turns the ideographic space into a space and half-width katakana into full-width', () => {
    expect(foldWidth('中　文ｶﾞ')).toBe('中 文ガ');
  });

  it('returns a new string and leaves the input alone', () => {
    const stored = '各位同事，';
    expect(foldWidth(stored)).toBe('各位同事,');
    expect(stored).toBe('各位同事，');
  });
});

describe('foldWhitespace', () => {
  it('remove drops all whitespace, including U+3000', () => {
    expect(foldWhitespace(' 30 年\u3000来 ', 'remove')).toBe('30年来');
  });

  it('collapse makes each run one space and trims the ends', () => {
    expect(foldWhitespace('  a \t b\n\nc  ', 'collapse')).toBe('a b c');
  });
});

describe('foldWithMap', () => {
  it('identity: the map is 0..n, with n at the end', () => {
    expect(map('中亚', {})).toEqual({ text: '中亚', map: [0, 1, 2] });
  });

  it('width: full-width comma and digits keep one-to-one offsets', () => {
    expect(map('第１，２', { width: true })).toEqual({ text: '第1,2', map: [0, 1, 2, 3, 4] });
  });

  it('width: an expanding compatibility character (㈠ -> (一)) maps every output to its source', () => {
    expect(map('㈠是', { width: true })).toEqual({ text: '(一)是', map: [0, 0, 0, 1, 2] });
  });

  it('width: a combining sequence composes and maps to the cluster start (e + U+0301 -> é)', () => {
    expect(map('e\u0301x', { width: true })).toEqual({ text: 'éx', map: [0, 2, 3] });
  });

  it('whitespace remove: offsets skip the removed spaces (seed 004 "30 年")', () => {
    expect(map('30 年来', { whitespace: 'remove' })).toEqual({ text: '30年来', map: [0, 1, 3, 4, 5] });
  });

  it('whitespace collapse: a run becomes one space at the run start; ends are trimmed', () => {
    expect(map('  a \t b ', { whitespace: 'collapse' })).toEqual({ text: 'a b', map: [2, 3, 6, 8] });
  });

  it('width then whitespace: the ideographic space is removed after NFKC', () => {
    expect(map('中　亚', { width: true, whitespace: 'remove' })).toEqual({ text: '中亚', map: [0, 2, 3] });
  });

  it('lowercase: İ lower-cases to two code points, both mapped to it', () => {
    expect(map('İA', { lowercase: true })).toEqual({ text: 'i\u0307a', map: [0, 0, 1, 2] });
  });

  it('script: Traditional folds to Simplified per code point (魯班工坊 -> 鲁班工坊)', () => {
    expect(map('魯班工坊', { script: toSimplified })).toEqual({ text: '鲁班工坊', map: [0, 1, 2, 3, 4] });
  });

  it('script: an Extension-A character that becomes astral keeps code-point offsets (㗲 -> 𠵾)', () => {
    const r = foldWithMap('说㗲了', { script: toSimplified });
    expect(r.text).toBe('说𠵾了');
    expect(r.text.length).toBe(4);
    expect(Array.from(r.map)).toEqual([0, 1, 2, 3]);
  });

  it('script: Simplified to Taiwan Traditional, astral output (㓆 -> 𠗣) after a BMP char', () => {
    const r = foldWithMap('㓆a', { script: (s) => toTraditional(s, 'tw') });
    expect(r.text).toBe('𠗣a');
    expect(Array.from(r.map)).toEqual([0, 1, 2]);
  });

  it('an astral input character counts as one original offset (𠀀 and an emoji)', () => {
    expect(map('𠀀 😀Ａ', { width: true, whitespace: 'remove' })).toEqual({ text: '𠀀😀A', map: [0, 2, 3, 4] });
  });

  it('all folds together: width, script, case, whitespace', () => {
    expect(map('魯班　工坊 ＡＢ', { width: true, whitespace: 'remove', lowercase: true, script: toSimplified })).toEqual({
      text: '鲁班工坊ab',
      map: [0, 1, 3, 4, 6, 7, 8],
    });
  });
});
