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

/** A raw text with its matching key and code points, as the penalty and diff code read it. */
export interface KeyedText {
  cps: string[];
  key: MatchKey;
}

/** Raw pieces of a keyed text: `core[i]` owned by symbol i, `gap[i]` the whitespace after it, `lead` before the first. */
export interface Pieces {
  lead: string;
  core: string[];
  gap: string[];
}

/** Cuts a raw text into the pieces its symbols own (symbols that share a code point own it once). */
export function piecesOf(t: KeyedText): Pieces {
  const { starts, ends } = t.key;
  const n = t.key.symbols.length;
  const own: [number, number][] = [];
  let prevEnd = 0;
  for (let i = 0; i < n; i++) {
    const s = Math.max(starts[i] as number, prevEnd);
    const e = Math.max(ends[i] as number, s);
    own.push([s, e]);
    prevEnd = e;
  }
  const slice = (a: number, b: number) => t.cps.slice(a, Math.max(a, b)).join('');
  return {
    lead: slice(0, own[0]?.[0] ?? t.cps.length),
    core: own.map(([s, e]) => slice(s, e)),
    gap: own.map(([, e], i) => slice(e, own[i + 1]?.[0] ?? t.cps.length)),
  };
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

/** Pieces of texts compared with many others (a lookup's query), cut once. */
const cutOnce = new WeakMap<KeyedText, Pieces>();

function queryPieces(t: KeyedText): Pieces {
  let pieces = cutOnce.get(t);
  if (pieces === undefined) cutOnce.set(t, (pieces = piecesOf(t)));
  return pieces;
}

/** For each symbol of a key, the index of its number among the key's numbers (-1: not a number). */
function numberIndex(key: MatchKey): Int32Array {
  const idx = new Int32Array(key.symbols.length).fill(-1);
  let n = 0;
  key.symbols.forEach((s, i) => { if (s === NUMBER_SYMBOL) idx[i] = n++; });
  return idx;
}

/**
 * Compares the raw texts over the symbols `steps` pairs as equal. `q` is the query, compared
 * with every candidate of a lookup: its pieces are cut once (a long segment's 200 candidates cut
 * it 200 times, issue 12).
 */
export function textDifferences(q: KeyedText, u: KeyedText, steps: readonly AlignStep[], qNumbers: TextNumber[], uNumbers: TextNumber[]): TextDifferences {
  const out: TextDifferences = { codes: new Set(), numberChanges: [], reformattedNumbers: 0 };
  const qp = queryPieces(q);
  const up = piecesOf(u);
  const qn = numberIndex(q.key);
  const un = numberIndex(u.key);
  const first = steps[0];
  if (first?.op === 'equal' && qp.lead !== up.lead) out.codes.add('whitespace');
  steps.forEach((step, k) => {
    if (step.op !== 'equal') return;
    const next = steps[k + 1];
    const bothEnd = next === undefined;
    if ((bothEnd || next.op === 'equal') && qp.gap[step.q] !== up.gap[step.u]) out.codes.add('whitespace');
    const a = qp.core[step.q] as string;
    const b = up.core[step.u] as string;
    if (a === b) return;
    if (q.key.symbols[step.q] !== NUMBER_SYMBOL) {
      for (const c of classifyDifference(a, b)) out.codes.add(c);
      return;
    }
    const qNum = qNumbers[qn[step.q] as number] as TextNumber;
    const uNum = uNumbers[un[step.u] as number] as TextNumber;
    if (qNum.text === uNum.text) out.codes.add('width');
    else if (parseNumber(qNum.text).value === parseNumber(uNum.text).value) out.reformattedNumbers++;
    else out.numberChanges.push({ unit: uNum, query: qNum });
  });
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
