/**
 * Symbols of matching keys (match-key.ts): code points for characters, two reserved symbols above
 * the Unicode range, and numbered word tokens above those, so a key is an array of integers.
 *
 * The vocabulary is an open-addressing table keyed by a hash of the token's characters, so that a
 * token already numbered is found from a range of the text without building a string for it:
 * building the index at start looks up tens of millions of tokens.
 *
 * The table is allocated with the first token (issue 12, ninth round): every lookup prepares its
 * query with a vocabulary of its own (matcher.ts `prepareQuery`), which in character mode numbers
 * no token, and its table of 1,024 slots (4 KB, a typed array above V8's 64 bytes, so allocated
 * outside its heap) cost 0.005-0.009 ms of a lookup's 0.4-0.6 (the service's CPU profile, 100k
 * units, threshold 70, load 9-12), 0.0001-0.0002 ms when it started at 16 slots. Starting small
 * was not kept: a word-mode text (an English target whose numbers are substituted, numbers.ts)
 * then grew it three or four times through tables outside the heap, and the 1M lookups, paired
 * in one process with the old tree, came out 0.6-7.4% dearer (the same tree paired with itself:
 * within 0.4%).
 */

/** The symbol standing for any number; above the Unicode range, so no character collides with it. */
export const NUMBER_SYMBOL = 0x110000;
/** Reserved for the index's padding symbol (`^`/`$` of padded n-grams). */
export const PAD_SYMBOL = 0x110001;
/** The first symbol given to a word token. */
const FIRST_TOKEN_SYMBOL = 0x110002;

/** The FNV-1a offset basis and prime of the token hash ({@link Vocabulary.symbolOfAsciiLower}'s callers work it out). */
export const TOKEN_HASH_BASIS = 0x811c9dc5;
export const TOKEN_HASH_PRIME = 0x01000193;

/** The lower case of an ASCII code unit. */
export function asciiLower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c | 0x20 : c;
}

/** The table before the first token: a vocabulary that numbers none (a character-mode query's) allocates none. */
const NO_SLOTS = new Int32Array(0);
/** The table's first size (slots, a power of two). */
const FIRST_SLOTS = 1024;

/** Numbers tokens of word-mode keys; one vocabulary must serve both texts that are compared. */
export class Vocabulary {
  private readonly texts: string[] = [];
  /** Open addressing over token numbers (+1; 0 is empty), keyed by a hash of the characters; allocated with the first token. */
  private slots = NO_SLOTS;
  private hashes: number[] = [];

  private static hash(s: string, start: number, end: number): number {
    let h = TOKEN_HASH_BASIS;
    for (let i = start; i < end; i++) h = Math.imul(h ^ s.charCodeAt(i), TOKEN_HASH_PRIME);
    return h >>> 0;
  }

  /** The token number of `s[start, end)`, or -1; `at` receives the empty slot where it would go. */
  private lookup(s: string, start: number, end: number, h: number, at: { slot: number }): number {
    // No table yet (it comes with the first token): nothing to find, and a probe would never end.
    if (this.slots.length === 0) return -1;
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const t = (this.slots[i] as number) - 1;
      if (t < 0) {
        at.slot = i;
        return -1;
      }
      const text = this.texts[t] as string;
      if (this.hashes[t] !== h || text.length !== end - start) continue;
      let same = true;
      for (let j = 0; same && j < text.length; j++) same = text.charCodeAt(j) === s.charCodeAt(start + j);
      if (same) return t;
    }
  }

  /**
   * The symbol of the token `s[start, end)`, numbering it on first sight. A known token costs no
   * allocation: the index looks up tens of millions of them while it is built.
   */
  symbolOf(s: string, start: number, end: number): number {
    if (this.slots.length === 0) this.slots = new Int32Array(FIRST_SLOTS);
    const h = Vocabulary.hash(s, start, end);
    const at = { slot: 0 };
    let t = this.lookup(s, start, end, h, at);
    if (t < 0) {
      t = this.texts.length;
      this.texts.push(s.slice(start, end));
      this.hashes.push(h);
      this.slots[at.slot] = t + 1;
      if (this.texts.length * 2 > this.slots.length) this.rehash();
    }
    return FIRST_TOKEN_SYMBOL + t;
  }

  /**
   * {@link symbolOf} of the lower case of the ASCII token `s[start, end)`, given `h`, the hash of
   * its lower case (FNV-1a as {@link Vocabulary.hash}, which the caller works out as it cuts the
   * token): word keys of ASCII text are cut from the text as it is, without a lower-cased copy
   * and a second pass over each token for its hash (match-key.ts; issue 12, the import's fold).
   */
  symbolOfAsciiLower(s: string, start: number, end: number, h: number): number {
    if (this.slots.length === 0) this.slots = new Int32Array(FIRST_SLOTS);
    const mask = this.slots.length - 1;
    const len = end - start;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const t = (this.slots[i] as number) - 1;
      if (t < 0) {
        this.texts.push(s.slice(start, end).toLowerCase());
        this.hashes.push(h);
        this.slots[i] = this.texts.length;
        if (this.texts.length * 2 > this.slots.length) this.rehash();
        return FIRST_TOKEN_SYMBOL + this.texts.length - 1;
      }
      const text = this.texts[t] as string;
      if (this.hashes[t] !== h || text.length !== len) continue;
      let j = 0;
      while (j < len && text.charCodeAt(j) === asciiLower(s.charCodeAt(start + j))) j++;
      if (j === len) return FIRST_TOKEN_SYMBOL + t;
    }
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    this.hashes.forEach((h, t) => {
      let i = h & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
      this.slots[i] = t + 1;
    });
  }

  /** The symbol of `token`, numbering it on first sight. */
  symbol(token: string): number {
    return this.symbolOf(token, 0, token.length);
  }

  /** The symbol of `token` if it was numbered, without numbering it. */
  find(token: string): number | undefined {
    if (this.texts.length === 0) return undefined;
    const t = this.lookup(token, 0, token.length, Vocabulary.hash(token, 0, token.length), { slot: 0 });
    return t < 0 ? undefined : FIRST_TOKEN_SYMBOL + t;
  }

  /** The text of a symbol: a token, a character, or undefined for the number and padding symbols. */
  text(symbol: number): string | undefined {
    return symbol >= FIRST_TOKEN_SYMBOL ? this.texts[symbol - FIRST_TOKEN_SYMBOL] : symbol < NUMBER_SYMBOL ? String.fromCodePoint(symbol) : undefined;
  }

  /** Every token with its symbol, in numbering order. */
  *entries(): IterableIterator<[string, number]> {
    for (let t = 0; t < this.texts.length; t++) yield [this.texts[t] as string, FIRST_TOKEN_SYMBOL + t];
  }
}

