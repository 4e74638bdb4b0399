import { describe, expect, it } from 'vitest';
import { TOKEN_HASH_BASIS, TOKEN_HASH_PRIME, Vocabulary } from '../../../src/domain/tm/vocabulary.js';

/** The lower-case FNV-1a hash `symbolOfAsciiLower` expects. */
function lowerHash(s: string): number {
  let h = TOKEN_HASH_BASIS;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.toLowerCase().charCodeAt(i), TOKEN_HASH_PRIME);
  return h >>> 0;
}

describe('Vocabulary', () => {
  it('numbers tokens once and finds each again after its table has grown many times', () => {
    const v = new Vocabulary();
    const tokens = Array.from({ length: 5_000 }, (_, i) => `w${i.toString(36)}`);
    const symbols = tokens.map((t) => v.symbol(t));
    expect(new Set(symbols).size).toBe(tokens.length);
    tokens.forEach((t, i) => {
      expect(v.symbol(t)).toBe(symbols[i]);
      expect(v.find(t)).toBe(symbols[i]);
      expect(v.text(symbols[i] as number)).toBe(t);
      // A token cut from a longer text is the same token.
      expect(v.symbolOf(`..${t}..`, 2, 2 + t.length)).toBe(symbols[i]);
    });
    expect(v.find('unseen')).toBeUndefined();
  });

  it('finds nothing before its first token, and numbers a first token however it comes (issue 12, ninth round: the table is allocated with the first token)', () => {
    expect(new Vocabulary().find('w')).toBeUndefined();
    expect([...new Vocabulary().entries()]).toEqual([]);
    const cut = new Vocabulary();
    const first = cut.symbolOfAsciiLower('Belt', 0, 4, lowerHash('Belt'));
    expect(cut.find('belt')).toBe(first);
    const plain = new Vocabulary();
    expect(plain.symbol('belt')).toBe(first);
    expect(plain.find('belt')).toBe(first);
  });

  it('gives an ASCII token the symbol of its lower case across growth', () => {
    const v = new Vocabulary();
    const words = Array.from({ length: 300 }, (_, i) => `Word${i}`);
    const upper = words.map((w) => v.symbolOfAsciiLower(w, 0, w.length, lowerHash(w)));
    words.forEach((w, i) => expect(v.symbol(w.toLowerCase())).toBe(upper[i]));
    expect([...v.entries()].map(([t]) => t)).toEqual(words.map((w) => w.toLowerCase()));
  });
});
