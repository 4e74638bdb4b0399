/**
 * Matching keys for terms and for the text they are looked for in. Terms and text are folded
 * the same way, and every folded unit remembers the span of the text as sent that it came
 * from, so a match on keys is reported in code points of the original.
 *
 * Chinese has no word boundaries, so it is matched per character: width (NFKC), case and script
 * (Traditional -> Simplified, one code point at a time so lengths line up) are folded, and
 * whitespace and decorative quotation marks are dropped: `魯班工坊` finds 鲁班工坊, `D 线` finds
 * D线, and `共建“一带一路”` and `共建一带一路` are one key (glossary/README.md, consistency rule 1).
 * A folded character's span ends where the next original character starts, so a match never
 * swallows the whitespace or closing quote after it.
 *
 * Languages written with spaces are matched on words: runs of letters, marks and digits
 * (`\p{L}\p{M}\p{N}`; never `\b`, which knows only ASCII word characters and breaks on Cyrillic).
 * Words are compared after NFKC and lower-casing, with ё folded to е (Russian writes both). The
 * separators between words are kept and folded: whitespace runs become one space; hyphen, en
 * dash, em dash and minus are one dash, and spaces around a dash are dropped (`Китай — Азия` =
 * `Китай-Азия`, `Nur–Sultan` = `Nur-Sultan`); double quotes (`«» “” „ "`) count as a space, as
 * decorative quotes do in Chinese (`дух «Китай — Центральная Азия»` = `дух Китай-Центральная
 * Азия`); all single quotes are one apostrophe (`Xi’an` = `Xi'an`). A space and a dash stay
 * different (`Nur Sultan` is not `Nur-Sultan`). Punctuation before the first or after the last word of a term is not part of its
 * key: `дух «Китай — Центральная Азия»` is matched up to `Азия`.
 */
import { CLUSTER_JOINERS, codePointLength, foldWithMap } from '../text/normalize.js';
import { simplifyCodePoint } from '../text/script.js';

/**
 * Version of the keys this module makes. Stores keep folded keys (the term base's term index,
 * Chinese keys and search tokens in SQLite): whenever a fold here, in normalize.ts or script.ts
 * changes what a key looks like, raise this number, and the stored keys are rebuilt on the next
 * start (sqlite-termbase.ts).
 */
export const TERM_KEYS_VERSION = 1;

/** Quotation marks that decorate Chinese terms (`共建“一带一路”`) and are ignored in keys. */
const ZH_IGNORED: ReadonlySet<string> = new Set(['"', "'", '“', '”', '‘', '’', '「', '」', '『', '』', '〝', '〞', '〟']);
const WHITESPACE = /^\s$/u;

/** True for the quotation marks Chinese keys ignore. */
export function isDecorativeQuote(cp: string | undefined): boolean {
  return cp !== undefined && ZH_IGNORED.has(cp);
}

/** Chinese text folded for matching: one entry per kept folded code point. */
export interface FoldedChinese {
  chars: string[];
  /** Code-point offset in the original where each folded character starts. */
  starts: number[];
  /** Code-point offset in the original where each folded character ends (exclusive). */
  ends: number[];
}

/** Each code point's folded code points (width, case and script fold one code point at a time when no cluster joins it). */
const foldedCodePoints = new Map<string, readonly string[]>();
/** Folded code points remembered; a text cannot grow the map without bound. */
const MAX_FOLDED_CODE_POINTS = 100_000;
/** Folded code points that a key drops (whitespace and decorative quotes). */
const dropped = new Map<string, boolean>();

function foldCodePoint(cp: string): readonly string[] {
  let folded = foldedCodePoints.get(cp);
  if (folded === undefined) {
    folded = Array.from(foldWithMap(cp, { width: true, lowercase: true, script: simplifyCodePoint }).text);
    if (foldedCodePoints.size < MAX_FOLDED_CODE_POINTS) foldedCodePoints.set(cp, folded);
  }
  return folded;
}

function isDropped(cp: string): boolean {
  let drop = dropped.get(cp);
  if (drop === undefined) {
    drop = WHITESPACE.test(cp) || ZH_IGNORED.has(cp);
    if (dropped.size < MAX_FOLDED_CODE_POINTS) dropped.set(cp, drop);
  }
  return drop;
}

/**
 * Folds Chinese text for per-character matching, keeping the offsets of the original. Without a
 * cluster joiner every code point folds on its own (as foldWithMap folds it), so each one's fold is
 * remembered: recognition runs on every lookup, and folding a 40-character segment through
 * foldWithMap (NFKC, script and case per code point, arrays of pieces) took 16 of its 30 µs
 * (issue 12, sixth round, the lookup mix against the seed glossary).
 */
export function foldChinese(text: string): FoldedChinese {
  let folded: string[];
  let map: ArrayLike<number>;
  if (CLUSTER_JOINERS.test(text)) {
    const f = foldWithMap(text, { width: true, lowercase: true, script: simplifyCodePoint });
    folded = Array.from(f.text);
    map = f.map;
  } else {
    folded = [];
    const origins: number[] = [];
    let origin = 0;
    for (const cp of text) {
      for (const f of foldCodePoint(cp)) {
        folded.push(f);
        origins.push(origin);
      }
      origin++;
    }
    origins.push(origin);
    map = origins;
  }
  const out: FoldedChinese = { chars: [], starts: [], ends: [] };
  // A folded character's span ends where the next original character's folds start.
  let end = map[folded.length] as number;
  const ends = new Array<number>(folded.length);
  for (let k = folded.length - 1; k >= 0; k--) {
    const after = map[k + 1] as number;
    if (after !== map[k]) end = after;
    ends[k] = end;
  }
  folded.forEach((cp, k) => {
    if (isDropped(cp)) return;
    out.chars.push(cp);
    out.starts.push(map[k] as number);
    out.ends.push(ends[k] as number);
  });
  return out;
}

/** Keys of recent terms: folding is not cheap, and imports and 409 checks ask for the same terms often. */
const keyCache = new Map<string, string>();
/** Most cached keys; the cache is cleared when it is full (terms are short, this is a few MB). */
const KEY_CACHE_SIZE = 50_000;

/** The matching key of a Chinese term: `“一带一路”` -> `一带一路`, `魯班工坊` -> `鲁班工坊`. */
export function chineseKey(term: string): string {
  let key = keyCache.get(term);
  if (key === undefined) {
    if (keyCache.size >= KEY_CACHE_SIZE) keyCache.clear();
    key = foldChinese(term).chars.join('');
    keyCache.set(term, key);
  }
  return key;
}

/** One word of a text, folded, with its span in code points. */
export interface Word {
  key: string;
  start: number;
  end: number;
}

/** A text as words and the folded separators between them (`seps[i]` follows `words[i]`). */
export interface WordSequence {
  words: Word[];
  seps: string[];
}

/** A run of word characters (letters, marks, digits), found in one regex pass rather than tested per code point. */
const WORD_RUN = /[\p{L}\p{M}\p{N}]+/gu;
const SURROGATE = /[\uD800-\uDFFF]/;
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D-]/gu;
const DOUBLE_QUOTES = /["«»“”„‟〝〞＂]/gu;
const SINGLE_QUOTES = /['‘’‚‛ʼ′＇]/gu;

/** Folded words and separators of recent calls: a term base or a text repeats a small vocabulary, and folding is not cheap. */
const wordCache = new Map<string, string>();
const sepCache = new Map<string, string>();

function cached(cache: Map<string, string>, raw: string, fold: (s: string) => string): string {
  let folded = cache.get(raw);
  if (folded === undefined) {
    if (cache.size >= KEY_CACHE_SIZE) cache.clear();
    folded = fold(raw);
    cache.set(raw, folded);
  }
  return folded;
}

/** Folds one word: NFKC, lower case, ё -> е. */
export function foldWord(word: string): string {
  return cached(wordCache, word, (w) => w.normalize('NFKC').toLowerCase().replace(/ё/g, 'е'));
}

/** Folds the text between two words (see the module header). */
export function foldSeparator(sep: string): string {
  return cached(sepCache, sep, (raw) => {
    const folded = raw.normalize('NFKC').replace(DASHES, '-').replace(DOUBLE_QUOTES, ' ').replace(SINGLE_QUOTES, "'")
      .replace(/\s+/gu, ' ').replace(/ ?- ?/g, '-');
    return folded === '' && raw !== '' ? ' ' : folded;
  });
}

/** Splits `text` into folded words and separators, with code-point offsets. */
export function tokenizeWords(text: string, wordKey: (folded: string) => string = (w) => w): WordSequence {
  const out: WordSequence = { words: [], seps: [] };
  // Without surrogates, UTF-16 offsets are code-point offsets; otherwise count the code points.
  const astral = SURROGATE.test(text);
  let lastEnd = 0;
  let lastEndCp = 0;
  for (const m of text.matchAll(WORD_RUN)) {
    const word = m[0];
    const start = m.index;
    const gap = text.slice(lastEnd, start);
    const startCp = astral ? lastEndCp + codePointLength(gap) : start;
    const endCp = astral ? startCp + codePointLength(word) : start + word.length;
    if (out.words.length > 0) out.seps.push(foldSeparator(gap));
    out.words.push({ key: wordKey(foldWord(word)), start: startCp, end: endCp });
    lastEnd = start + word.length;
    lastEndCp = endCp;
  }
  return out;
}
