/**
 * Matching keys: width, whitespace, case and script folding, with an offset map back to the text the
 * user stored. Nothing here alters stored text - every function returns a new string - so a match
 * can be scored on folded keys and still be reported, and highlighted, on the original.
 *
 * Offsets count Unicode code points, never UTF-16 units: opencc maps 28 Extension-A characters to
 * astral ones (domain notes, "Offsets"), and an emoji or an Extension-B name must count as one
 * character in a per-character score.
 *
 * Width folding is NFKC (UAX #15) applied per grapheme cluster (UAX #29), so a base letter and its
 * combining marks compose exactly as whole-string NFKC would, while every folded code point still
 * maps to the cluster it came from. (A piece boundary after a newline is always a cluster boundary.) NFKC already leaves `。、“”《》` alone and turns full-width
 * `，！？：；（）` and digits into ASCII. One exception: the ellipsis `…` is kept, because NFKC
 * would make it `...` and every `……` in Chinese text would then cost six characters in a
 * per-character score for what is one punctuation mark.
 */

/** How whitespace is treated in a matching key. */
export type WhitespaceMode = 'remove' | 'collapse' | 'keep';

/** Options for `foldWithMap`; every fold is off unless asked for. */
export interface FoldOptions {
  /** NFKC per grapheme cluster (full-width -> half-width, compatibility forms -> canonical). */
  width?: boolean;
  /** `remove` drops whitespace, `collapse` makes each run one space and trims; default `keep`. */
  whitespace?: WhitespaceMode;
  /** Locale-independent lower-casing. */
  lowercase?: boolean;
  /** A script converter (e.g. `toSimplified`), applied to one code point at a time. */
  script?: (s: string) => string;
}

/** Folded text plus `map[i]` = code-point offset in the original of folded code point `i`. */
export interface FoldResult {
  text: string;
  /** Length is folded length + 1; the last entry is the original's code-point length. */
  map: Int32Array;
}

/** Kept as written by width folding; see the module header. */
const WIDTH_FOLD_EXEMPT: ReadonlySet<string> = new Set(['…']);

/** Unicode White_Space, including the ideographic space U+3000. */
const WHITESPACE = /^\s$/u;

/** Grapheme segmentation is locale-independent for our purpose; one instance is enough. */
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Code points that can make a grapheme cluster longer than one code point (UAX #29: Extend and
 * SpacingMark (all of \p{M}, plus the half-width voiced sound marks), ZWJ and ZWNJ, tag characters, regional indicators, conjoining Hangul jamo,
 * Prepend). Text without any of them - nearly all Chinese, English and Russian text - is one
 * cluster per code point, so the grapheme segmenter is skipped: V8's Intl.Segmenter slows down
 * more than linearly on long strings (measured: the five seed speeches in one call, 35,000
 * characters, about 520 ms against about 10 ms per code point).
 */
export const CLUSTER_JOINERS = /[\p{M}\u200C\u200D\uFF9E\uFF9F\u{E0020}-\u{E007F}\u{1F1E6}-\u{1F1FF}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\u0600-\u0605\u06DD\u070F\u0890\u0891\u08E2\u{110BD}\u{110CD}]/u;

/** Longest text handed to the segmenter at once when clusters do need it; pieces end after a newline. */
const SEGMENT_PIECE = 2048;

function* graphemeClusters(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + SEGMENT_PIECE);
    const newline = text.lastIndexOf('\n', end - 1);
    if (end < text.length && newline > start) end = newline + 1;
    for (const { segment } of graphemes.segment(text.slice(start, end))) yield segment;
    start = end;
  }
}

/** The code points of `s`, astral characters as one element each. */
export function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Number of code points in `s` (an astral character counts once). */
export function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** NFKC width folding for matching (`，` -> `,`, `１` -> `1`), keeping `。` and `…`. */
export function foldWidth(s: string): string {
  return foldWithMap(s, { width: true }).text;
}

/** Removes all whitespace, or collapses each run to one space and trims the ends. */
export function foldWhitespace(s: string, mode: 'remove' | 'collapse'): string {
  return foldWithMap(s, { whitespace: mode }).text;
}

function widthFoldChunk(chunk: string): string {
  return WIDTH_FOLD_EXEMPT.has(chunk) ? chunk : chunk.normalize('NFKC');
}

/** Splits `text` into units that fold independently, with their code-point offsets. */
function chunks(text: string, width: boolean): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let offset = 0;
  if (width && CLUSTER_JOINERS.test(text)) {
    for (const segment of graphemeClusters(text)) {
      out.push([segment, offset]);
      offset += codePointLength(segment);
    }
  } else {
    for (const cp of text) out.push([cp, offset++]);
  }
  return out;
}

/**
 * Folds `text` into a matching key and maps every folded code point back to the original.
 * Order: width, then script, then case (each per code point), then whitespace.
 */
export function foldWithMap(text: string, opts: FoldOptions = {}): FoldResult {
  const folded: string[] = [];
  const origins: number[] = [];
  for (const [chunk, origin] of chunks(text, opts.width === true)) {
    const wide = opts.width === true ? widthFoldChunk(chunk) : chunk;
    for (const cp of wide) {
      const scripted = opts.script === undefined ? cp : opts.script(cp);
      for (const sc of scripted) {
        const cased = opts.lowercase === true ? sc.toLowerCase() : sc;
        for (const out of cased) {
          folded.push(out);
          origins.push(origin);
        }
      }
    }
  }
  const mode = opts.whitespace ?? 'keep';
  const keptText: string[] = [];
  const keptOrigins: number[] = [];
  let pendingSpace: number | undefined;
  folded.forEach((cp, i) => {
    const origin = origins[i] ?? 0;
    if (mode !== 'keep' && WHITESPACE.test(cp)) {
      if (mode === 'collapse' && pendingSpace === undefined && keptText.length > 0) pendingSpace = origin;
      return;
    }
    if (pendingSpace !== undefined) {
      keptText.push(' ');
      keptOrigins.push(pendingSpace);
      pendingSpace = undefined;
    }
    keptText.push(cp);
    keptOrigins.push(origin);
  });
  const map = new Int32Array(keptOrigins.length + 1);
  map.set(keptOrigins);
  map[keptOrigins.length] = codePointLength(text);
  return { text: keptText.join(''), map };
}
