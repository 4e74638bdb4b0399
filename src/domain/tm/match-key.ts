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
 * The fold itself is in key-fold.ts; this module turns folded code points into symbols, writing
 * into reused buffers, because the index builds a million keys at start.
 *
 * Seventh round (issue 12): the main thread's fold of a bulk import was the largest part of a 1M
 * import's CPU (main thread 20.2 of 47.9 s at load 10-13; its profile: the fold 42%, of it match
 * keys 80%, the English targets' word keys a third). The index's keys (no spans) now take paths
 * of their own: ASCII word-mode text is cut from the text as it is, each token's hash worked out
 * as it is cut (no lower-cased copy, no second pass per token, vocabulary.ts
 * `symbolOfAsciiLower`); the fold writes no offsets (key-fold.ts); a char-mode key is written
 * without a closure per symbol, and whitespace of BMP characters is looked up in a table, not a
 * Map. `bench/fold-probe.ts` (100k units staged into an empty index, CPU of the stage loop,
 * rounds 2-3 of 3, alternating, load 8.6-9.1): 1,282-1,427 -> 893-1,015 ms, the index's digest
 * unchanged. The test pins the index's keys to the keys with spans, and ASCII word keys to the
 * general path.
 *
 * Eighth round (issue 12): the bench corpus's English targets are long (185 characters on
 * average), and `asciiWordKey` was still the hottest function of the import's fold and of a
 * restart's build (profile of a 1M import, load 7: 5.0 s of the main thread's 46.6 s of samples).
 * It read two characters for each one it cut (the one after, for an apostrophe or a decimal
 * separator); it now reads the second only after an apostrophe, `.` or `,`. With key-fold.ts's
 * joiner test folded into its table: fold-probe at 20k units under callgrind, whole process
 * 7,694 -> 7,167 million instructions (the fold's CPU under callgrind 22.6 -> 19.3 s), the
 * index's digest unchanged at 20k and 100k.
 *
 * Tenth round (issue 12): the word test's three states are kept in bytes (code-point-table.ts
 * with a Uint8Array: 64 KB for the BMP at start instead of 256 KB, pages of 1 KB instead of 4 KB;
 * 200,000 new code points past the BMP leave 230-237 KB instead of 761-765 KB, key-fold.test.ts).
 * fold-probe, old and new side by side, the same digest: at 20k under callgrind, whole process
 * 7,195, 7,354, 7,293 -> 7,407, 7,308, 7,300 M instructions (V8's threads make one tree vary by
 * 2%), the main thread alone in the last pair 5,348 -> 5,363 M (+0.3%); at 100k in process
 * (rounds 2-3 of 3, three runs a side alternating, load 3.8-4.3) the fold 856-1,048 -> 838-1,074
 * ms of CPU. No change to measure.
 */
import { CodePointTable } from '../text/code-point-table.js';
import { type FoldBuffers, foldText, fromCodePoints, isAscii } from './key-fold.js';
import { asciiLower, NUMBER_SYMBOL, TOKEN_HASH_BASIS, TOKEN_HASH_PRIME, Vocabulary } from './vocabulary.js';

/** How a language is compared: per character or per word. */
export type KeyMode = 'char' | 'word';


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
  /**
   * Return `symbols` as a view of a buffer the next call overwrites, instead of a copy: the index
   * copies keys into its arena anyway, and at a million units the copies are most of its garbage.
   */
  view?: boolean;
}

const NO_SPANS = new Int32Array(0);

/** The key's arrays: copies, or views of the scratch buffers when asked. */
function result(k: number, spans: boolean, opts: KeyOptions, numbers: string[]): MatchKey {
  const take = (a: Int32Array) => (opts.view ? a.subarray(0, k) : a.slice(0, k));
  return { mode: opts.mode, symbols: take(outSymbols), starts: spans ? take(outStarts) : NO_SPANS, ends: spans ? take(outEnds) : NO_SPANS, numbers };
}

/** What a `.` outside a number is in a char-mode key (word-bound.ts reads char keys back the same way). */
export const IDEOGRAPHIC_FULL_STOP = 0x3002;
const WHITESPACE = /^\s$/u;
const WORD_CHAR = /^[\p{L}\p{M}\p{N}]$/u;
/** isWordChar of code points past ASCII: 0 not asked yet, 1 no, 2 yes (a table fixed by Unicode, not a Map a text can grow). */
const wordChars = new CodePointTable(0, Uint8Array);
/** isSpace of BMP code points: 0 not asked yet, 1 no, 2 yes (a Map lookup per Chinese character was most of a key's symbol loop). */
const bmpSpace = new Uint8Array(0x10000);

function isSpace(cp: number): boolean {
  if (cp < 0x80) return cp === 0x20 || (cp >= 0x09 && cp <= 0x0d);
  if (cp < 0x10000) {
    const known = bmpSpace[cp] as number;
    if (known !== 0) return known === 2;
    const v = WHITESPACE.test(String.fromCodePoint(cp));
    bmpSpace[cp] = v ? 2 : 1;
    return v;
  }
  // `\s` (WhiteSpace and LineTerminator) has no code point outside the BMP.
  return false;
}

/** An ASCII digit (folded text): where a number starts, in both modes (word-bound.ts counts numbers the same way). */
export function isDigit(cp: number): boolean {
  return cp >= 0x30 && cp <= 0x39;
}

/** True when `cp` (folded) is a word character: a letter, mark or number (`\p{L}\p{M}\p{N}`), as word-mode keys cut words. */
export function isWordChar(cp: number): boolean {
  if (cp < 0x80) return isDigit(cp) || (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x41 && cp <= 0x5a);
  const known = wordChars.get(cp);
  if (known !== 0) return known === 2;
  const v = WORD_CHAR.test(String.fromCodePoint(cp));
  wordChars.set(cp, v ? 2 : 1);
  return v;
}

/** Length of the number starting at `i` (digits with `.`/`,` between digits), 0 if none. */
function numberLength(cps: Int32Array, n: number, i: number): number {
  if (!isDigit(cps[i] as number)) return 0;
  let j = i + 1;
  for (;;) {
    const c = j < n ? (cps[j] as number) : -1;
    if (isDigit(c)) j++;
    else if ((c === 0x2e || c === 0x2c) && j + 1 < n && isDigit(cps[j + 1] as number)) j += 2;
    else return j - i;
  }
}

/** Length of the word starting at `i`: word characters with inner apostrophes, 0 if none. */
function wordLength(cps: Int32Array, n: number, i: number): number {
  if (!isWordChar(cps[i] as number)) return 0;
  let j = i + 1;
  for (;;) {
    const c = j < n ? (cps[j] as number) : -1;
    const next = j + 1 < n ? (cps[j + 1] as number) : -1;
    if (isWordChar(c)) j++;
    else if (c === 0x27 && isWordChar(next)) j += 2;
    else if ((c === 0x2e || c === 0x2c) && isDigit(cps[j - 1] as number) && isDigit(next)) j += 2;
    else return j - i;
  }
}

function isAsciiWord(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/** Grows the shared output buffers to hold `n` symbols. */
function reserve(n: number): void {
  if (outSymbols.length >= n) return;
  outSymbols = new Int32Array(n * 2);
  outStarts = new Int32Array(n * 2);
  outEnds = new Int32Array(n * 2);
}

/**
 * Word-mode key of ASCII text (the common English target), cut exactly as `wordLength` cuts its
 * lower case, with tokens looked up by character range and a hash worked out as they are cut (no
 * string per known token, no lower-cased copy of the text: issue 12, the import's fold).
 */
function asciiWordKey(text: string, opts: KeyOptions, spans: boolean): MatchKey {
  const vocabulary = opts.vocabulary;
  if (!vocabulary) throw new Error('word-mode keys need a vocabulary');
  const n = text.length;
  reserve(n);
  const numbers: string[] = [];
  let k = 0;
  for (let i = 0; i < n;) {
    const c = asciiLower(text.charCodeAt(i));
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) {
      i++;
      continue;
    }
    let j = i + 1;
    let numeric = isDigit(c);
    let h = Math.imul(TOKEN_HASH_BASIS ^ c, TOKEN_HASH_PRIME);
    if (isAsciiWord(c)) {
      for (;;) {
        const d = j < n ? asciiLower(text.charCodeAt(j)) : -1;
        if (isAsciiWord(d)) {
          numeric &&= isDigit(d);
          h = Math.imul(h ^ d, TOKEN_HASH_PRIME);
          j++;
          continue;
        }
        // The character after `d` is read only when `d` may join two word characters: reading
        // it for every character was a second `charCodeAt` per character (eighth round).
        if (d !== 0x27 && d !== 0x2e && d !== 0x2c) break;
        const e = j + 1 < n ? asciiLower(text.charCodeAt(j + 1)) : -1;
        if (d === 0x27 ? isAsciiWord(e) : isDigit(text.charCodeAt(j - 1)) && isDigit(e)) {
          if (d === 0x27) numeric = false;
          h = Math.imul(Math.imul(h ^ d, TOKEN_HASH_PRIME) ^ e, TOKEN_HASH_PRIME);
          j += 2;
        } else break;
      }
    }
    if (numeric && !opts.keepNumbers) {
      numbers.push(text.slice(i, j));
      outSymbols[k] = NUMBER_SYMBOL;
    } else {
      outSymbols[k] = vocabulary.symbolOfAsciiLower(text, i, j, h >>> 0);
    }
    if (spans) {
      outStarts[k] = i;
      outEnds[k] = j;
    }
    k++;
    i = j;
  }
  return result(k, spans, opts, numbers);
}

let outSymbols = new Int32Array(1024);
let outStarts = new Int32Array(1024);
let outEnds = new Int32Array(1024);

/**
 * A char-mode key without spans (the index's), as {@link matchKey} builds it, written straight
 * into the output buffer: the index folds every unit of an import on the main thread.
 */
function charKey(f: FoldBuffers, opts: KeyOptions): MatchKey {
  const { cps, length: n } = f;
  reserve(n);
  const out = outSymbols;
  const numbers: string[] = [];
  let k = 0;
  for (let i = 0; i < n;) {
    const cp = cps[i] as number;
    if (isSpace(cp)) {
      i++;
      continue;
    }
    const len = isDigit(cp) ? numberLength(cps, n, i) : 0;
    if (len === 0) {
      out[k++] = cp === 0x2e ? IDEOGRAPHIC_FULL_STOP : cp;
      i++;
    } else if (opts.keepNumbers) {
      for (const end = i + len; i < end; i++) out[k++] = cps[i] as number;
    } else {
      numbers.push(f.ascii !== undefined ? f.ascii.slice(i, i + len) : fromCodePoints(cps.subarray(i, i + len)));
      out[k++] = NUMBER_SYMBOL;
      i += len;
    }
  }
  return result(k, false, opts, numbers);
}

/** Builds the matching key of `text`. */
export function matchKey(text: string, opts: KeyOptions): MatchKey {
  const spans = opts.spans ?? true;
  // ASCII text in word mode: its fold is its lower case, which is all the tokens are cut from.
  if (opts.mode === 'word' && isAscii(text)) return asciiWordKey(text, opts, spans);
  const f = foldText(text, spans);
  if (!spans && opts.mode === 'char') return charKey(f, opts);
  const { cps, length: n } = f;
  reserve(n);
  const numbers: string[] = [];
  let k = 0;
  const emit = (symbol: number, from: number, to: number): void => {
    outSymbols[k] = symbol;
    if (spans) {
      outStarts[k] = f.starts[from] as number;
      outEnds[k] = f.ends[to - 1] as number;
    }
    k++;
  };
  const textOf = (from: number, to: number) => (f.ascii !== undefined ? f.ascii.slice(from, to) : fromCodePoints(cps.subarray(from, to)));
  for (let i = 0; i < n;) {
    const cp = cps[i] as number;
    if (isSpace(cp)) {
      i++;
    } else if (opts.mode === 'word') {
      const len = wordLength(cps, n, i) || 1;
      const token = textOf(i, i + len);
      if (!opts.keepNumbers && numberLength(cps, n, i) === len) {
        numbers.push(token);
        emit(NUMBER_SYMBOL, i, i + len);
      } else {
        if (!opts.vocabulary) throw new Error('word-mode keys need a vocabulary');
        emit(opts.vocabulary.symbol(token), i, i + len);
      }
      i += len;
    } else {
      const len = numberLength(cps, n, i);
      if (len > 0 && opts.keepNumbers) {
        for (let j = i; j < i + len; j++) emit(cps[j] as number, j, j + 1);
      } else if (len > 0) {
        numbers.push(textOf(i, i + len));
        emit(NUMBER_SYMBOL, i, i + len);
      } else {
        emit(cp === 0x2e ? IDEOGRAPHIC_FULL_STOP : cp, i, i + 1);
      }
      i += Math.max(1, len);
    }
  }
  return result(k, spans, opts, numbers);
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
      if (key.mode === 'char') for (const d of num) out.push(d);
      else out.push(num);
    } else {
      out.push(vocabulary.text(s) ?? '');
    }
  }
  return out;
}
