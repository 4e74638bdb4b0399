/**
 * The per-code-point fold under matching keys (see match-key.ts): NFKC width folding (keeping
 * `…`), Traditional to Simplified, lower case, and one symbol for curly, straight and CJK corner
 * quotes. Each raw code point folds to one code point or a few, all mapped back to its offset.
 *
 * The fold is the same as `foldWithMap` (NFKC per grapheme cluster) except where a cluster
 * composes across code points; texts with any code point that can join a cluster (normalize.ts's
 * CLUSTER_JOINERS: combining marks, jamo, half-width voiced marks...) take that exact (about ten
 * times slower) path. Everything else goes through a per-code-point cache into reused typed
 * buffers, and ASCII text through the native `toLowerCase`: building the index over a million
 * units is dominated by this fold, so it must not allocate per character. The index's keys
 * need no offsets (`foldText(text, false)`): then none are written, and a cached fold is read
 * straight from the BMP table (issue 12, seventh round; measured with match-key.ts's paths), which
 * also marks the code points that join clusters, so such a text is found as it is folded rather
 * than by a test of the whole text first ({@link foldPlain}, eighth round).
 *
 * Memory fixed by Unicode (ninth round): the folds of code points outside the BMP, and whether
 * they join clusters, were two Maps by code point that any text could grow (200,000 unassigned
 * code points of planes 4-5 left 14.8 MB on the heap, for the life of the process). Every code
 * point's fold or mark is now one {@link CodePointTable} (the BMP flat as before, the rest in 4 KB
 * pages: those 200,000 leave 0.9 MB, and all of Unicode at most 4.25 MB); the one Map left holds
 * only the folds to several code points, 1,223 code points in Node 20's Unicode (74 outside the
 * BMP), whatever the input. fold-probe at 20k under callgrind, old and new side by side, four
 * pairs (load 8-12): 7,093, 7,273, 7,293, 7,294 -> 7,312, 7,216, 7,236, 7,229 M instructions in all
 * (V8's compile threads make the same tree vary by 2.5%), the main thread alone in the last two
 * 5,290, 5,254 -> 5,326, 5,277 M (+0.5%); at 100k in process (rounds 2-3 of 3, three runs a side
 * alternating, load 7.8-8.6) the fold 779-833 -> 796-890 ms of CPU; the digests unchanged. On
 * texts with 10% of code points outside the BMP (a scratch probe, 20k texts, load 8.5) the index's
 * fold 7 -> 5 ms and Russian word keys 51-53 -> 47-49 ms (fastest rounds): no cost worth a name.
 */
import { CodePointTable } from '../text/code-point-table.js';
import { CLUSTER_JOINERS, foldWithMap } from '../text/normalize.js';
import { toSimplified } from '../text/script.js';

/** Curly, straight and CJK corner quotes are one symbol each for double and single quotes. */
const QUOTES: ReadonlyMap<number, number> = new Map([
  ...[...'“”„‟〝〞「」'].map((c) => [c.codePointAt(0) as number, 0x22] as const),
  ...[...'‘’‚‛『』'].map((c) => [c.codePointAt(0) as number, 0x27] as const),
]);
/** NFKC would turn `…` into `...` and make every `……` cost six characters. */
const ELLIPSIS = 0x2026;
const ASCII = /^[\x00-\x7f]*$/;

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

/** {@link folds}'s mark of a code point not folded yet. */
const UNSEEN = -1;
/** {@link folds}'s mark of a code point that folds to several code points (in {@link severalFolds}). */
const SEVERAL = -2;
/** {@link folds}'s mark of a code point that can join a cluster (CLUSTER_JOINERS): such a text takes the exact path. */
const JOINER = -3;
/**
 * Folds of every code point: the folded code point, or {@link UNSEEN}, {@link SEVERAL} or
 * {@link JOINER}: one read per code point tells the index's fold both what it folds to and
 * whether the text needs the exact path ({@link foldPlain}).
 */
const folds = new CodePointTable(UNSEEN, Int32Array);
const bmpFold = folds.bmp;
/**
 * The folds of code points that fold to several (NFKC's compatibility expansions such as `㎏` or
 * `ﬁ`, lower cases such as `İ`): a set fixed by Unicode, however many texts are folded.
 */
const severalFolds = new Map<number, number[]>();

/** Folds `cp` into {@link folds} (and {@link severalFolds}); returns its mark or folded code point. */
function learn(cp: number): number {
  const ch = String.fromCodePoint(cp);
  let f: number;
  if (CLUSTER_JOINERS.test(ch)) f = JOINER;
  else {
    const out = cp === ELLIPSIS ? [cp] : [...ch.normalize('NFKC')].flatMap(foldChain);
    if (out.length === 1) f = out[0] as number;
    else {
      severalFolds.set(cp, out);
      f = SEVERAL;
    }
  }
  folds.set(cp, f);
  return f;
}

/** The fold or mark of `cp` ({@link folds}), learnt on first sight; a BMP code point is one read of the flat table. */
function foldOf(cp: number): number {
  const f = cp > 0xffff ? folds.get(cp) : (bmpFold[cp] as number);
  return f === UNSEEN ? learn(cp) : f;
}

/** A folded text in reused buffers: `cps[i]` came from raw code points `[starts[i], ends[i])`. Valid until the next fold. */
export interface FoldBuffers {
  length: number;
  cps: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** The folded text when it is ASCII (then offsets are string indices), for cheap token strings. */
  ascii: string | undefined;
}

const buffers: FoldBuffers = { length: 0, cps: new Int32Array(1024), starts: new Int32Array(1024), ends: new Int32Array(1024), ascii: undefined };

function reserve(n: number): void {
  if (buffers.cps.length >= n) return;
  const size = Math.max(n, buffers.cps.length * 2);
  buffers.cps = new Int32Array(size);
  buffers.starts = new Int32Array(size);
  buffers.ends = new Int32Array(size);
}

/** {@link put} without the offsets (a fold for the index, which keeps no spans). */
function putCp(cp: number): void {
  const i = buffers.length++;
  if (i >= buffers.cps.length) {
    const c = buffers.cps;
    reserve(i * 2);
    buffers.cps.set(c);
  }
  buffers.cps[i] = cp;
}

function put(cp: number, start: number, end: number): void {
  const i = buffers.length++;
  if (i >= buffers.cps.length) {
    const [c, s, e] = [buffers.cps, buffers.starts, buffers.ends];
    reserve(i * 2);
    buffers.cps.set(c);
    buffers.starts.set(s);
    buffers.ends.set(e);
  }
  buffers.cps[i] = cp;
  buffers.starts[i] = start;
  buffers.ends[i] = end;
}

/** True when `text` is ASCII only: its fold is then its lower case ({@link foldText}). */
export function isAscii(text: string): boolean {
  return ASCII.test(text);
}

/**
 * Folds `text` into the shared buffers; with `spans` false, `starts` and `ends` are left as they
 * were (the index keeps no spans: writing them was a third of the fold's stores, issue 12).
 */
export function foldText(text: string, spans = true): FoldBuffers {
  buffers.length = 0;
  buffers.ascii = undefined;
  reserve(text.length + 8);
  if (!spans && ASCII.test(text)) {
    const lower = text.toLowerCase();
    buffers.ascii = lower;
    const cps = buffers.cps;
    for (let i = 0; i < lower.length; i++) cps[i] = lower.charCodeAt(i);
    buffers.length = lower.length;
    return buffers;
  }
  if (!spans) {
    if (foldPlain(text)) return buffers;
    buffers.length = 0;
  }
  if (ASCII.test(text)) {
    const lower = text.toLowerCase();
    buffers.ascii = lower;
    for (let i = 0; i < lower.length; i++) put(lower.charCodeAt(i), i, i + 1);
    return buffers;
  }
  if (CLUSTER_JOINERS.test(text)) {
    const { text: folded, map } = foldWithMap(text, { width: true, script: toSimplified, lowercase: true });
    let i = 0;
    for (const c of folded) {
      const start = map[i] as number;
      let j = i + 1;
      while (map[j] === start) j++; // the last entry is the raw length, past every start
      const cp = c.codePointAt(0) as number;
      put(QUOTES.get(cp) ?? cp, start, map[j] as number);
      i++;
    }
    return buffers;
  }
  // No joiner in the text (tested above): every code point folds on its own, to one or several.
  let offset = 0;
  for (let u = 0; u < text.length; u++) {
    const cp = text.codePointAt(u) as number;
    if (cp > 0xffff) u++;
    const f = foldOf(cp);
    if (f >= 0) put(f, offset, offset + 1);
    else for (const c of severalFolds.get(cp) as number[]) put(c, offset, offset + 1);
    offset++;
  }
  return buffers;
}

/**
 * Folds `text` one code point at a time without offsets, into the shared buffers; false at its
 * first code point that can join a cluster (the text then takes the exact path).
 *
 * Eighth round (issue 12): the text used to be tested for joiners first, with the CLUSTER_JOINERS
 * expression over the whole text, and then folded. That test ran at some 21 ns a character (a
 * Unicode property class in a `u` expression): 88 ms for the bench corpus's 100k Chinese sources
 * (4.1 M characters, load 6), some 0.9 s of the main thread's CPU in a 1M-unit import and as much
 * in a restart. The fold's own table now says whether a code point joins (one read a code point).
 */
function foldPlain(text: string): boolean {
  for (let u = 0; u < text.length; u++) {
    const cp = text.codePointAt(u) as number;
    if (cp > 0xffff) u++;
    const f = foldOf(cp);
    if (f >= 0) putCp(f);
    else if (f === JOINER) return false;
    else for (const c of severalFolds.get(cp) as number[]) putCp(c);
  }
  return true;
}

/** The string of some code points; in chunks, since a spread of tens of thousands of arguments overflows the stack. */
export function fromCodePoints(cps: ArrayLike<number>): string {
  if (cps.length <= 16) {
    let s = '';
    for (let i = 0; i < cps.length; i++) s += String.fromCodePoint(cps[i] as number);
    return s;
  }
  const parts: string[] = [];
  for (let i = 0; i < cps.length; i += 8192) parts.push(String.fromCodePoint(...Array.prototype.slice.call(cps, i, i + 8192) as number[]));
  return parts.join('');
}
