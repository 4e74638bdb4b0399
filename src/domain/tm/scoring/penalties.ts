/**
 * Named penalties (domain notes, "Penalties are named and returned"): differences the matching
 * key folds away, read off the symbols an optimal alignment pairs as equal, and reported with the
 * points they cost. Okapi takes 2 points for whitespace or case at 100 and 0.5 per inline code;
 * we keep whole points so that scores stay whole percents.
 *
 * Each kind of difference costs its points once per match, however often it occurs (a whole
 * sentence in Traditional script is one script difference), except numbers and inline codes,
 * which cost per difference because each one is an edit the translator must check. The total is
 * capped at {@link MAX_TOTAL_PENALTY}, so a segment whose key equals the unit's lands in the
 * 95-99 band that CAT tools reserve for "same words, different numbers, punctuation, width,
 * spacing or tags", and a final score is never more than the cap below its base score.
 *
 * Pieces as offsets (issue 12, sixth round): the raw pieces each symbol owns were cut as strings,
 * one array of code points and two strings per symbol, for every aligned candidate and again for
 * the query and each match shown (its diff). In a CPU profile of the 500 lookups of the HTTP mix
 * at 100k units in process (bench/lookup-probe.ts, load 6.5) that cutting was 11% of the lookups'
 * CPU, scoring 36%, the index search 39%. Now a text's pieces are offsets cut once and compared in
 * place; strings are made only for a difference and for the diff. The same 500, base and new
 * alternating (load 4.7-5.5, last run of four each): scoring and the rest 0.191 / 0.332 -> 0.135 /
 * 0.224 ms a lookup, against a search of 0.174 / 0.317 -> 0.175 / 0.284 (the search unchanged);
 * the same full digest of every match shown.
 */
import type { InlineCode } from '../../inline.js';
import { toSimplified } from '../../text/script.js';
import type { AlignStep } from './alignment.js';
import { levenshtein } from './levenshtein.js';
import type { MatchKey } from '../match-key.js';
import { NUMBER_SYMBOL } from '../vocabulary.js';
import { type NumberChange, type TextNumber, parseNumber } from './numbers.js';

/** The kinds of difference a match can be penalised for, in the order they are reported. */
export const PENALTY_CODES = ['script', 'width', 'punctuation', 'whitespace', 'case', 'number', 'inline-code'] as const;
/**
 * One kind of difference, or `memory`: the penalty a lookup puts on a less trusted memory
 * (issue 10). It is not a difference between texts and is never capped.
 */
export type PenaltyCode = (typeof PENALTY_CODES)[number] | 'memory';

/** A penalty as returned with a match. */
export interface Penalty {
  code: PenaltyCode;
  points: number;
}

/** Traditional vs Simplified: same words, but the text came from another locale's conventions. */
export const SCRIPT_PENALTY = 2;
/** Full- vs half-width forms (`，`/`,`, `２`/`2`): a typesetting difference the reader does not see. */
export const WIDTH_PENALTY = 1;
/** Curly vs straight vs corner quotes, `。` vs `.`: punctuation the translator may want to restyle. */
export const PUNCTUATION_PENALTY = 1;
/** Spacing (`30 年` / `30年`): invisible in meaning, but not the same segment. */
export const WHITESPACE_PENALTY = 1;
/** Upper vs lower case (Latin inside Chinese, or word-scored languages). */
export const CASE_PENALTY = 1;
/** Per changed number: the target proposes the substituted number, which should be checked. */
export const NUMBER_PENALTY = 1;
/** Extra per changed number that could not be substituted into the target (no one-to-one mapping). */
export const UNMAPPED_NUMBER_PENALTY = 1;
/** Per inline code added, removed or changed (type and id), as Okapi penalises code differences. */
export const INLINE_CODE_PENALTY = 1;
/** Cap on the sum: a key-identical segment stays in the 95-99 band. */
export const MAX_TOTAL_PENALTY = 5;

const FLAT_POINTS: Partial<Record<PenaltyCode, number>> = {
  script: SCRIPT_PENALTY, width: WIDTH_PENALTY, punctuation: PUNCTUATION_PENALTY, whitespace: WHITESPACE_PENALTY, case: CASE_PENALTY,
};

/** A raw text with its matching key, as the penalty and diff code read it; its pieces are cut once, on first use. */
export interface KeyedText {
  text: string;
  key: MatchKey;
  pieces?: Pieces;
}

/**
 * Raw pieces of a keyed text, as UTF-16 offsets into it: symbol i owns [`core[2i]`, `core[2i+1]`),
 * the whitespace after it runs to the next symbol's piece (or the end), and the lead is what comes
 * before the first. Symbols that share a code point own it once. Kept as offsets so that comparing
 * two texts' pieces builds no strings (issue 12: cutting every aligned candidate into one string per
 * symbol, twice for the matches shown, was a third of scoring a lookup at 100k units).
 */
export interface Pieces {
  text: string;
  core: Int32Array;
  /** For each symbol, the index of its number among the key's numbers (-1: not a number). */
  numberAt: Int32Array;
}

/** UTF-16 offsets of the code-point offsets 0..n of `text` (undefined when it has no astral code point: they are equal). */
function utf16Offsets(text: string): Int32Array | undefined {
  let astral = false;
  for (let i = 0; i < text.length && !astral; i++) astral = (text.charCodeAt(i) & 0xfc00) === 0xd800;
  if (!astral) return undefined;
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    out.push(i);
    // A pair only when a low surrogate follows: a lone high surrogate is a code point of its own (as Array.from counts it).
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  out.push(text.length);
  return Int32Array.from(out);
}

/** The pieces of `t` (see {@link Pieces}), cut on first use. */
export function piecesOf(t: KeyedText): Pieces {
  if (t.pieces) return t.pieces;
  const { starts, ends, symbols } = t.key;
  const n = symbols.length;
  const at = utf16Offsets(t.text);
  const unit = (cp: number) => (at ? (at[Math.min(cp, at.length - 1)] as number) : Math.min(cp, t.text.length));
  const core = new Int32Array(2 * n);
  const numberAt = new Int32Array(n);
  let prevEnd = 0;
  let numbers = 0;
  for (let i = 0; i < n; i++) {
    const s = Math.max(starts[i] as number, prevEnd);
    const e = Math.max(ends[i] as number, s);
    core[2 * i] = unit(s);
    core[2 * i + 1] = unit(e);
    prevEnd = e;
    numberAt[i] = symbols[i] === NUMBER_SYMBOL ? numbers++ : -1;
  }
  return (t.pieces = { text: t.text, core, numberAt });
}

/** Where symbol `i`'s gap ends: at the next symbol's piece, or the end of the text. */
function gapEnd(p: Pieces, i: number): number {
  return 2 * i + 2 < p.core.length ? p.core[2 * i + 2] as number : p.text.length;
}

/** The text before the first symbol's piece. */
export function leadOf(p: Pieces): string {
  return p.text.slice(0, p.core.length > 0 ? p.core[0] : p.text.length);
}

/** The raw piece symbol `i` owns. */
export function coreOf(p: Pieces, i: number): string {
  return p.text.slice(p.core[2 * i], p.core[2 * i + 1]);
}

/** The whitespace after symbol `i` (up to the next symbol, or the end). */
export function gapOf(p: Pieces, i: number): string {
  return p.text.slice(p.core[2 * i + 1], gapEnd(p, i));
}

/** True when `a[as, ae)` and `b[bs, be)` hold the same code units. */
function sameRange(a: string, as: number, ae: number, b: string, bs: number, be: number): boolean {
  if (ae - as !== be - bs) return false;
  for (let k = 0; k < ae - as; k++) if (a.charCodeAt(as + k) !== b.charCodeAt(bs + k)) return false;
  return true;
}

/** True when symbol `i` of `a` and symbol `j` of `b` own the same raw piece. */
export function sameCore(a: Pieces, i: number, b: Pieces, j: number): boolean {
  return sameRange(a.text, a.core[2 * i] as number, a.core[2 * i + 1] as number, b.text, b.core[2 * j] as number, b.core[2 * j + 1] as number);
}

/** True when the whitespace after symbol `i` of `a` equals that after symbol `j` of `b`. */
export function sameGap(a: Pieces, i: number, b: Pieces, j: number): boolean {
  return sameRange(a.text, a.core[2 * i + 1] as number, gapEnd(a, i), b.text, b.core[2 * j + 1] as number, gapEnd(b, j));
}

/** True when the leads of `a` and `b` are equal. */
export function sameLead(a: Pieces, b: Pieces): boolean {
  return sameRange(a.text, 0, a.core.length > 0 ? a.core[0] as number : a.text.length, b.text, 0, b.core.length > 0 ? b.core[0] as number : b.text.length);
}

const nfkc = (s: string) => s.replace(/[^…]+/gu, (x) => x.normalize('NFKC'));
const fold = (s: string) => toSimplified(nfkc(s)).toLowerCase();
const PUNCTUATION = /^[\p{P}\p{S}]+$/u;

/** The penalty codes for two raw pieces that fold to the same symbol. */
export function classifyDifference(a: string, b: string): PenaltyCode[] {
  if (nfkc(a) === nfkc(b)) return ['width'];
  if (toSimplified(a) === toSimplified(b)) return ['script'];
  if (a.toLowerCase() === b.toLowerCase()) return ['case'];
  if (fold(a) === fold(b)) {
    const changed = (f: (s: string) => string) => f(a) !== a || f(b) !== b;
    return (['width', 'script', 'case'] as const).filter((c) => changed(c === 'width' ? nfkc : c === 'script' ? toSimplified : (s) => s.toLowerCase()));
  }
  return PUNCTUATION.test(nfkc(a)) && PUNCTUATION.test(nfkc(b)) ? ['punctuation'] : ['width'];
}

/** What the aligned equal symbols of two texts differ in. */
export interface TextDifferences {
  codes: Set<PenaltyCode>;
  /** Numbers whose value changed (to substitute), with the unit's and the query's number. */
  numberChanges: NumberChange[];
  /** Numbers written differently with the same value (`2,100` / `2100`). */
  reformattedNumbers: number;
}

/**
 * Compares the raw texts over the symbols `steps` pairs as equal. `q` is the query, compared
 * with every candidate of a lookup: its pieces are cut once (a long segment's 200 candidates cut
 * it 200 times, issue 12), and a candidate's are kept for its diff.
 */
export function textDifferences(q: KeyedText, u: KeyedText, steps: readonly AlignStep[], qNumbers: TextNumber[], uNumbers: TextNumber[]): TextDifferences {
  const out: TextDifferences = { codes: new Set(), numberChanges: [], reformattedNumbers: 0 };
  const qp = piecesOf(q);
  const up = piecesOf(u);
  const first = steps[0];
  if (first?.op === 'equal' && !sameLead(qp, up)) out.codes.add('whitespace');
  for (let k = 0; k < steps.length; k++) {
    const step = steps[k] as AlignStep;
    if (step.op !== 'equal') continue;
    const next = steps[k + 1];
    if ((next === undefined || next.op === 'equal') && !sameGap(qp, step.q, up, step.u)) out.codes.add('whitespace');
    if (sameCore(qp, step.q, up, step.u)) continue;
    if (q.key.symbols[step.q] !== NUMBER_SYMBOL) {
      for (const c of classifyDifference(coreOf(qp, step.q), coreOf(up, step.u))) out.codes.add(c);
      continue;
    }
    const qNum = qNumbers[qp.numberAt[step.q] as number] as TextNumber;
    const uNum = uNumbers[up.numberAt[step.u] as number] as TextNumber;
    if (qNum.text === uNum.text) out.codes.add('width');
    else if (parseNumber(qNum.text).value === parseNumber(uNum.text).value) out.reformattedNumbers++;
    else out.numberChanges.push({ unit: uNum, query: qNum });
  }
  return out;
}

/** Number of code differences (edit distance over type and id). */
export function codeDifferences(a: readonly InlineCode[], b: readonly InlineCode[]): number {
  const ids = new Map<string, number>();
  const sym = (c: InlineCode) => {
    const k = `${c.type}\u0000${c.id}`;
    if (!ids.has(k)) ids.set(k, ids.size);
    return ids.get(k) as number;
  };
  return levenshtein(a.map(sym), b.map(sym));
}

/** The penalty list for the flat codes plus per-difference points, in report order. */
export function penaltyList(codes: ReadonlySet<PenaltyCode>, numberPoints: number, codePoints: number): Penalty[] {
  const out: Penalty[] = [];
  for (const code of PENALTY_CODES) {
    const points = code === 'number' ? numberPoints : code === 'inline-code' ? codePoints : codes.has(code) ? (FLAT_POINTS[code] as number) : 0;
    if (points > 0) out.push({ code, points });
  }
  return out;
}

/** Points the text differences subtract from the base score (capped; a memory penalty is not counted here). */
export function totalPenalty(penalties: readonly Penalty[]): number {
  return Math.min(MAX_TOTAL_PENALTY, penalties.reduce((s, p) => s + (p.code === 'memory' ? 0 : p.points), 0));
}
