import { describe, expect, it } from 'vitest';
import { foldText, fromCodePoints } from '../../../src/domain/tm/key-fold.js';
import { keyTexts, matchKey } from '../../../src/domain/tm/match-key.js';
import { NUMBER_SYMBOL, Vocabulary } from '../../../src/domain/tm/vocabulary.js';
import { foldWithMap } from '../../../src/domain/text/normalize.js';
import { toSimplified } from '../../../src/domain/text/script.js';

const v = new Vocabulary();
/** Symbols as readable strings: `#` for the number symbol. */
const show = (text: string, mode: 'char' | 'word', keepNumbers = false) =>
  [...matchKey(text, { mode, vocabulary: v, keepNumbers }).symbols].map((s) => (s === NUMBER_SYMBOL ? '#' : v.text(s))).join('|');

describe('matchKey, char mode', () => {
  it('folds Traditional to Simplified per character', () => {
    expect(show('中國漢代', 'char')).toBe('中|国|汉|代');
  });

  it('folds full-width punctuation and digits (NFKC) but keeps the ellipsis', () => {
    expect(show('年，Ａ……', 'char')).toBe('年|,|a|…|…');
  });

  it('composes a half-width voiced mark with its kana as NFKC does (ｶﾞｲﾄﾞ = ガイド)', () => {
    expect(show('ｶﾞｲﾄﾞ', 'char')).toBe('ガ|イ|ド');
  });

  it('removes whitespace: 30 年 and 30年, D 线 and D线 have one key', () => {
    expect(show('30 年', 'char')).toBe(show('30年', 'char'));
    expect(show('D 线', 'char')).toBe('d|线');
  });

  it('makes each maximal number one symbol, separators between digits included', () => {
    const k = matchKey('２１００多年前, 3.5亿, 2,100', { mode: 'char' });
    expect(k.numbers).toEqual(['2100', '3.5', '2,100']);
    expect(show('２１００多年前', 'char')).toBe('#|多|年|前');
  });

  it('treats curly, straight and corner quotes, and 。/．/. outside numbers, as one symbol each', () => {
    expect(show('“好”「好」', 'char')).toBe('"|好|"|"|好|"');
    expect(show('好．好.好。', 'char')).toBe('好|。|好|。|好|。');
  });

  it('keeps the raw code-point span of every symbol (an astral character counts once)', () => {
    const k = matchKey('𠀀 ２１００年', { mode: 'char' });
    expect([...k.starts]).toEqual([0, 2, 6]);
    expect([...k.ends]).toEqual([1, 6, 7]);
  });

  it('with keepNumbers, writes numbers out as characters, as keyTexts does for a number symbol', () => {
    expect(show('3.5亿。', 'char', true)).toBe('3|.|5|亿|。');
    expect(keyTexts(matchKey('3.5亿。', { mode: 'char' }), v)).toEqual(['3', '.', '5', '亿', '。']);
  });

  it('folds exactly like foldWithMap (per grapheme cluster) on texts with combining marks and on plain ones', () => {
    // The last text is outside the BMP: folds to one code point (𝐀, 𝟏, 𠀀, 😀) and to several (🄪 is 〔S〕, 🆐 is DJ).
    for (const text of ['Cafe\u0301 e\u0301 中國', '한국어 한', '欢迎大家来到西安，出席中国—中亚峰会。', 'ＡＢＣ１２３，！？', '𝐀𝐁𝐂 🄪🆐 𠀀😀 𝟏𝟐年']) {
      const reference = foldWithMap(text, { width: true, script: toSimplified, lowercase: true, whitespace: 'remove' }).text;
      expect(keyTexts(matchKey(text, { mode: 'char', keepNumbers: true }), v).join('')).toBe(reference);
    }
  });
});

describe('matchKey, word mode', () => {
  it('tokenises words with inner apostrophes, punctuation as tokens, case-folded', () => {
    expect(show('Zhang Qian’s mission. Don\'t', 'word')).toBe("zhang|qian's|mission|.|don't");
  });

  it('makes a number token one number symbol, but not a word with digits', () => {
    expect(show('More than 2,100 years, 3.5 km, G20', 'word')).toBe('more|than|#|years|,|#|km|,|g20');
  });

  it('spans cover whole tokens', () => {
    const k = matchKey('  Silk  Road.', { mode: 'word', vocabulary: v });
    expect([...k.starts]).toEqual([2, 8, 12]);
    expect([...k.ends]).toEqual([6, 12, 13]);
  });

  it('throws without a vocabulary, which numbers the tokens', () => {
    expect(() => matchKey('a b', { mode: 'word' })).toThrow(/vocabulary/);
  });
});

describe('matchKey on long input', () => {
  it('keys a 30,000-character word without overflowing the stack', () => {
    const v2 = new Vocabulary();
    const k = matchKey('é'.repeat(30_000), { mode: 'word', vocabulary: v2 });
    expect(k.symbols).toHaveLength(1);
    expect(v2.text(k.symbols[0] as number)).toHaveLength(30_000);
  });
});

describe('matchKey, the index\'s keys (no spans; issue 12, the import\'s fold)', () => {
  /** Texts over every path of the fold: ASCII in any case, apostrophes, numbers with separators, full width, Traditional, whitespace, astral characters, cluster joiners. */
  const texts = (() => {
    const parts = ['Hello', "DON'T", "it's", 'x', '3.5', '2,100', '1.2.3', 'A1', ' ', '\t', '\n', '.', ',', "'", '!', 'The', 'OK', '１２', '中國', '漢', '。', '．',
      '“', '”', '…', '𠀀', 'ｶﾞ', 'é', 'e\u0301', '\u3000', 'ß', 'İ', '—', '30', '年', '𝐀', '𝟏', '🄪', '🆐',
      // Astral cluster joiners, found as the index's fold reads them: regional indicators, a tag
      // character, and Kaithi's nukta, which composes with the letter before it (U+1109A).
      '\u{1F1E8}\u{1F1F3}', 'x\u{E0067}', '\u{11099}\u{110BA}',
      // Separators between a letter and a digit, and apostrophes after digits: one token or two,
      // a number or a word, decided by the character before the separator.
      "5'a", "1'000", 'x.5', 'v,2', "3.6's", 'el,3'];
    let seed = 7;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    return Array.from({ length: 3_000 }, () => Array.from({ length: 1 + (next() % 12) }, () => parts[next() % parts.length] as string).join(next() % 3 === 0 ? ' ' : ''));
  })();

  it('are the symbols and numbers of the keys with spans, in both modes, numbers kept or not', () => {
    for (const mode of ['char', 'word'] as const) {
      for (const keepNumbers of [false, true]) {
        const a = new Vocabulary();
        const b = new Vocabulary();
        for (const text of texts) {
          const fast = matchKey(text, { mode, vocabulary: a, keepNumbers, spans: false });
          const full = matchKey(text, { mode, vocabulary: b, keepNumbers });
          expect([[...fast.symbols], fast.numbers], text).toEqual([[...full.symbols], full.numbers]);
        }
        expect([...a.entries()]).toEqual([...b.entries()]);
        // The fast path's hash is the vocabulary's own: a query's lookup (find) reaches every token it numbered.
        for (const [token, symbol] of a.entries()) expect(a.find(token), token).toBe(symbol);
      }
    }
  });

  it('in one vocabulary, number each token once whichever path cut it first', () => {
    const v = new Vocabulary();
    for (const text of texts) {
      const fast = matchKey(text, { mode: 'word', vocabulary: v, keepNumbers: false, spans: false });
      const full = matchKey(text, { mode: 'word', vocabulary: v, keepNumbers: false });
      expect([...fast.symbols], text).toEqual([...full.symbols]);
    }
    const tokens = [...v.entries()].map(([token]) => token);
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('treat whitespace outside ASCII as a space, in both paths', () => {
    // U+3000 and U+00A0 fold to a space (NFKC); the others reach the keys' own whitespace test, twice each.
    for (const spans of [false, true, false]) {
      const plain = matchKey('30年', { mode: 'char', vocabulary: new Vocabulary(), keepNumbers: true, spans });
      for (const space of ['\u3000', '\u00a0', '\u1680', '\u2028', '\u2029', '\ufeff']) {
        const key = matchKey(`30${space}年`, { mode: 'char', vocabulary: new Vocabulary(), keepNumbers: true, spans });
        expect([[...key.symbols], key.numbers], JSON.stringify(space)).toEqual([[...plain.symbols], plain.numbers]);
      }
    }
  });

  it('of ASCII text in word mode are what the general path cuts (a non-ASCII token after it takes that path)', () => {
    const ascii = texts.filter((t) => /^[\x00-\x7f]*$/.test(t));
    expect(ascii.length).toBeGreaterThan(100);
    for (const keepNumbers of [false, true]) {
      const a = new Vocabulary();
      const b = new Vocabulary();
      for (const text of ascii) {
        const fast = matchKey(text, { mode: 'word', vocabulary: a, keepNumbers, spans: false });
        const general = matchKey(`${text} —`, { mode: 'word', vocabulary: b, keepNumbers, spans: false });
        expect([[...fast.symbols], fast.numbers], text).toEqual([[...general.symbols].slice(0, -1), general.numbers]);
        b.symbol('—');
        a.symbol('—');
      }
      expect([...a.entries()]).toEqual([...b.entries()]);
    }
  });
});

/**
 * Planes with assigned characters in Node 20's Unicode: 0-3 and 14 (4-13 are unassigned, 15-16
 * private use; key-fold.test.ts folds 400,000 of those). All of Unicode took 20 s under load 7.
 */
const ASSIGNED_PLANES = [0, 1, 2, 3, 14];

describe('matchKey, word mode, on every code point of the assigned planes', () => {
  it('cuts words where Unicode\'s letters, marks and numbers end (the word test\'s table against the property classes)', () => {
    const vocabulary = new Vocabulary();
    // A word: letters, marks and numbers, with an apostrophe before one of them or `.`/`,` between ASCII digits; else one character a token.
    const reference = /(?:[\p{L}\p{M}\p{N}])(?:[\p{L}\p{M}\p{N}]|'(?=[\p{L}\p{M}\p{N}])|(?<=[0-9])[.,](?=[0-9]))*|\S/gsu;
    const wrong: string[] = [];
    for (const first of ASSIGNED_PLANES.flatMap((plane) => Array.from({ length: 64 }, (_, page) => plane * 0x10000 + page * 1024))) {
      // Each code point between two letters (a word character joins them into one token, any other
      // stands apart), a space between code points: 1,024 in a text.
      const parts: string[] = [];
      for (let cp = first; cp < first + 1024; cp++) if (cp < 0xd800 || cp > 0xdfff) parts.push(`a${String.fromCodePoint(cp)}a`);
      const text = parts.join(' ');
      const folded = foldText(text, false);
      const want = fromCodePoints(folded.cps.subarray(0, folded.length)).match(reference) ?? [];
      const got = keyTexts(matchKey(text, { mode: 'word', vocabulary, keepNumbers: true, spans: false }), vocabulary);
      if (got.join('\u0000') !== want.join('\u0000')) wrong.push(first.toString(16));
    }
    expect(wrong).toEqual([]);
  });
});
