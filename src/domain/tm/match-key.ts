/**
 * Matching keys: the symbol sequences that the TM indexes and scores (domain notes, "Fuzzy
 * matching": fold both sides before indexing and scoring; never change stored text).
 *
 * A text is folded one code point at a time: NFKC width folding (keeping `…`), Traditional to
 * Simplified (`toSimplified`, context-free so that a character always gets the same key and a
 * substring of a text folds to a substring of its key), lower case, and a small punctuation
 * equivalence (curly, straight and CJK corner quotes). Then, per scoring mode:
 *
 * - `char` (Chinese, Japanese, Thai...: written without spaces, scored per character): whitespace
 *   is removed (`30 年` = `30年`), a `.` outside a number is the ideographic full stop `。`
 *   (`．` and `.` end Chinese sentences typed on a half-width keyboard), and every symbol is a code
 *   point.
 * - `word` (space-delimited languages, scored per word): symbols are tokens (a word, with inner
 *   apostrophes; or one punctuation character) numbered by a {@link Vocabulary}.
 *
 * Each maximal number (ASCII or full-width digits, with `.`/`,` between digits) becomes ONE
 * {@link NUMBER_SYMBOL}, so a changed number costs no edit distance; the matcher reports it as a
 * `number` penalty instead. Every symbol keeps the code-point span of the raw text it came from,
 * which is how penalties, diffs and highlights are reported on the text the user stored.
 *
 * Folding per code point is the same as `foldWithMap` (NFKC per grapheme cluster) except where a
 * cluster composes across code points; texts with combining marks or Hangul jamo take that exact
 * (about ten times slower) path. Everything else goes through a per-code-point cache, which is
 * what makes building the index over a million units take seconds instead of minutes.
 */
import { foldWithMap } from '../text/normalize.js';
import { toSimplified } from '../text/script.js';

/** How a language is compared: per character or per word. */
export type KeyMode = 'char' | 'word';

/** The symbol standing for any number; above the Unicode range, so no character collides with it. */
export const NUMBER_SYMBOL = 0x110000;
/** Reserved for the index's padding symbol (`^`/`$` of padded n-grams). */
export const PAD_SYMBOL = 0x110001;
/** The first symbol given to a word token. */
const FIRST_TOKEN_SYMBOL = 0x110002;

/** Numbers tokens of word-mode keys; one vocabulary must serve both texts that are compared. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly texts: string[] = [];

  /** The symbol of `token`, numbering it on first sight. */
  symbol(token: string): number {
    let id = this.ids.get(token);
    if (id === undefined) {
      id = FIRST_TOKEN_SYMBOL + this.texts.length;
      this.ids.set(token, id);
      this.texts.push(token);
    }
    return id;
  }

  /** The symbol of `token` if it was numbered, without numbering it. */
  find(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** The text of a symbol: a token, a character, or undefined for the number and padding symbols. */
  text(symbol: number): string | undefined {
    return symbol >= FIRST_TOKEN_SYMBOL ? this.texts[symbol - FIRST_TOKEN_SYMBOL] : symbol < NUMBER_SYMBOL ? String.fromCodePoint(symbol) : undefined;
  }

  /** Every token with its symbol, in numbering order. */
  *entries(): IterableIterator<[string, number]> {
    yield* this.ids.entries();
  }
}

/** A folded text: its symbols, their raw code-point spans, and the folded numbers. */
export interface MatchKey {
  mode: KeyMode;
  symbols: Int32Array;
  /** Raw code-point offset where symbol `i` starts (empty when spans were not asked for). */
  starts: Int32Array;
  /** Raw code-point offset just after symbol `i`. */
  ends: Int32Array;
  /** Folded text of each {@link NUMBER_SYMBOL}, in order (`２１００` -> `2100`). */
  numbers: string[];
}

/** What to build. */
export interface KeyOptions {
  mode: KeyMode;
  /** Required in word mode: numbers the tokens. */
  vocabulary?: Vocabulary;
  /** Keep numbers as ordinary characters / tokens (concordance) instead of {@link NUMBER_SYMBOL}. */
  keepNumbers?: boolean;
  /** Compute `starts`/`ends` (default true; the index does not need them). */
  spans?: boolean;
}

/** Curly, straight and CJK corner quotes are one symbol each for double and single quotes. */
const QUOTES: ReadonlyMap<number, number> = new Map([
  ...[...'“”„‟〝〞「」'].map((c) => [c.codePointAt(0) as number, 0x22] as const),
  ...[...'‘’‚‛『』'].map((c) => [c.codePointAt(0) as number, 0x27] as const),
]);
/** NFKC would turn `…` into `...` and make every `……` cost six characters. */
const ELLIPSIS = 0x2026;
const IDEOGRAPHIC_FULL_STOP = 0x3002;
/** Characters that compose with what precedes them under NFKC: combining marks and Hangul jamo. */
const COMPOSING = /[\p{M}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff]/u;
const WHITESPACE = /^\s$/u;
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;

const foldCache = new Map<number, number | number[]>();
const wordCharCache = new Map<number, boolean>();
const spaceCache = new Map<number, boolean>();

function foldChain(ch: string): number[] {
  const out: number[] = [];
  for (const c of toSimplified(ch)) {
    for (const l of c.toLowerCase()) {
      const cp = l.codePointAt(0) as number;
      out.push(QUOTES.get(cp) ?? cp);
    }
  }
  return out;
}

/** The folded code point(s) of one raw code point (cached). */
function foldCodePoint(cp: number): number | number[] {
  let folded = foldCache.get(cp);
  if (folded === undefined) {
    const ch = String.fromCodePoint(cp);
    const out = cp === ELLIPSIS ? [cp] : [...ch.normalize('NFKC')].flatMap(foldChain);
    folded = out.length === 1 ? (out[0] as number) : out;
    foldCache.set(cp, folded);
  }
  return folded;
}

function isSpace(cp: number): boolean {
  if (cp < 0x80) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  let v = spaceCache.get(cp);
  if (v === undefined) spaceCache.set(cp, (v = WHITESPACE.test(String.fromCodePoint(cp))));
  return v;
}

function isDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39;
}

function isWordChar(cp: number): boolean {
  if (cp < 0x80) return isDigit(cp) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a);
  let v = wordCharCache.get(cp);
  if (v === undefined) wordCharCache.set(cp, (v = WORD_CHAR.test(String.fromCodePoint(cp))));
  return v;
}

/** Folded code points with the raw span of each. */
interface Folded {
  cps: number[];
  starts: number[];
  ends: number[];
}

function foldText(text: string): Folded {
  const out: Folded = { cps: [], starts: [], ends: [] };
  if (COMPOSING.test(text)) {
    const { text: folded, map } = foldWithMap(text, { width: true, script: toSimplified, lowercase: true });
    const origins = Array.from(map);
    let i = 0;
    for (const c of folded) {
      const start = origins[i] as number;
      let j = i + 1;
      while (origins[j] === start) j++; // the last entry is the raw length, past every start
      const cp = c.codePointAt(0) as number;
      out.cps.push(QUOTES.get(cp) ?? cp);
      out.starts.push(start);
      out.ends.push(origins[j] as number);
      i++;
    }
    return out;
  }
  let offset = 0;
  for (let u = 0; u < text.length; u++) {
    const cp = text.codePointAt(u) as number;
    if (cp > 0xffff) u++;
    const folded = foldCodePoint(cp);
    for (const f of typeof folded === 'number' ? [folded] : folded) {
      out.cps.push(f);
      out.starts.push(offset);
      out.ends.push(offset + 1);
    }
    offset++;
  }
  return out;
}

/** Length of the number starting at `i` (digits with `.`/`,` between digits), 0 if none. */
function numberLength(cps: readonly number[], i: number): number {
  if (!isDigit(cps[i] ?? -1)) return 0;
  let j = i + 1;
  for (;;) {
    const c = cps[j] ?? -1;
    if (isDigit(c)) j++;
    else if ((c === 0x2e || c === 0x2c) && isDigit(cps[j + 1] ?? -1)) j += 2;
    else return j - i;
  }
}

/** Length of the word starting at `i`: word characters with inner apostrophes, 0 if none. */
function wordLength(cps: readonly number[], i: number): number {
  if (!isWordChar(cps[i] ?? -1)) return 0;
  let j = i + 1;
  for (;;) {
    const c = cps[j] ?? -1;
    if (isWordChar(c)) j++;
    else if (c === 0x27 && isWordChar(cps[j + 1] ?? -1)) j += 2;
    else if ((c === 0x2e || c === 0x2c) && isDigit(cps[j - 1] ?? -1) && isDigit(cps[j + 1] ?? -1)) j += 2;
    else return j - i;
  }
}

/** Builds the matching key of `text`. */
export function matchKey(text: string, opts: KeyOptions): MatchKey {
  const f = foldText(text);
  const spans = opts.spans ?? true;
  const symbols: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const numbers: string[] = [];
  const emit = (symbol: number, from: number, to: number) => {
    symbols.push(symbol);
    if (spans) {
      starts.push(f.starts[from] as number);
      ends.push(f.ends[to - 1] as number);
    }
  };
  const { cps } = f;
  for (let i = 0; i < cps.length;) {
    const cp = cps[i] as number;
    if (isSpace(cp)) {
      i++;
      continue;
    }
    if (opts.mode === 'word') {
      const n = wordLength(cps, i) || 1;
      const token = String.fromCodePoint(...cps.slice(i, i + n));
      if (!opts.keepNumbers && numberLength(cps, i) === n) {
        numbers.push(token);
        emit(NUMBER_SYMBOL, i, i + n);
      } else {
        if (!opts.vocabulary) throw new Error('word-mode keys need a vocabulary');
        emit(opts.vocabulary.symbol(token), i, i + n);
      }
      i += n;
      continue;
    }
    const n = numberLength(cps, i);
    if (n > 0 && opts.keepNumbers) {
      for (let j = i; j < i + n; j++) emit(cps[j] as number, j, j + 1);
      i += n;
    } else if (n > 0) {
      numbers.push(String.fromCodePoint(...cps.slice(i, i + n)));
      emit(NUMBER_SYMBOL, i, i + n);
      i += n;
    } else {
      emit(cp === 0x2e ? IDEOGRAPHIC_FULL_STOP : cp, i, i + 1);
      i++;
    }
  }
  return { mode: opts.mode, symbols: Int32Array.from(symbols), starts: Int32Array.from(starts), ends: Int32Array.from(ends), numbers };
}

/**
 * The key's symbols as texts, with each number written out: one string per character (char mode,
 * a number becomes its characters) or per token (word mode). Concordance compares these.
 */
export function keyTexts(key: Pick<MatchKey, 'mode' | 'symbols' | 'numbers'>, vocabulary: Vocabulary): string[] {
  const out: string[] = [];
  let n = 0;
  for (const s of key.symbols) {
    if (s === NUMBER_SYMBOL) {
      const num = key.numbers[n++] ?? '';
      if (key.mode === 'char') out.push(...num);
      else out.push(num);
    } else {
      out.push(vocabulary.text(s) ?? '');
    }
  }
  return out;
}
