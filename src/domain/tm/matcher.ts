/**
 * Scores translation units against a segment (domain notes, "Fuzzy matching"): the base score on
 * matching keys, named penalties read off the raw texts, numbers substituted into the target, and
 * the match type (101 in context, 100 exact, fuzzy otherwise).
 *
 * Ranking is a total order, so that the index and a brute-force scan over every unit return the
 * same list: score descending, then the most recently updated unit, then the highest id.
 * `rankUnits` over all units IS the brute-force reference; the TM service runs it over the
 * candidates the index returns.
 *
 * In context (101): the match is exact and the query sent a context whose previous and next
 * segments equal the unit's, compared on their folded keys with numbers kept; a side that is
 * absent counts as the empty string, so a unit stored without a previous segment matches a
 * query that has none (the first segment of a document).
 */
import type { InlineCode } from '../inline.js';
import { type LanguageTag, isCharacterScored } from '../text/language-tag.js';
import { align } from './alignment.js';
import { type DiffOp, diffTexts } from './diff.js';
import { MyersPattern } from './levenshtein.js';
import { type KeyMode, type MatchKey, matchKey, Vocabulary } from './match-key.js';
import { findNumbers, substituteNumbers } from './numbers.js';
import {
  codeDifferences, INLINE_CODE_PENALTY, type KeyedText, NUMBER_PENALTY, type Penalty, penaltyList, textDifferences, totalPenalty,
  UNMAPPED_NUMBER_PENALTY,
} from './penalties.js';
import { baseScore, CONTEXT_SCORE, EXACT_SCORE, type MatchType, maxEdits } from './score.js';
import type { UnitContext, UnitRecord } from './unit.js';

/** A segment to look up. */
export interface LookupQuery {
  source: string;
  sourceLang: LanguageTag;
  targetLang: LanguageTag;
  /** Neighbouring source segments, for 101 in-context matches. */
  context?: UnitContext;
  /** The segment's inline codes, compared with the unit's source codes. */
  codes?: InlineCode[];
}

/** A query folded once and scored against many units. */
export interface PreparedQuery {
  query: LookupQuery;
  mode: KeyMode;
  targetMode: KeyMode;
  vocabulary: Vocabulary;
  text: KeyedText;
  pattern: MyersPattern;
}

/** A scored unit. */
export interface TmMatch {
  unit: UnitRecord;
  score: number;
  matchType: MatchType;
  /** Score before penalties. */
  base: number;
  penalties: Penalty[];
  diff: DiffOp[];
  /** The unit's target with changed numbers substituted. */
  target: string;
  /** The stored target, when `target` differs from it. */
  targetOriginal?: string;
}

/** Per character for languages written without spaces, per word otherwise. */
export function keyModeOf(tag: LanguageTag): KeyMode {
  return isCharacterScored(tag) ? 'char' : 'word';
}

/** Folds the query once; pass a vocabulary to reuse unit keys built with it across queries. */
export function prepareQuery(query: LookupQuery, vocabulary = new Vocabulary()): PreparedQuery {
  const mode = keyModeOf(query.sourceLang);
  const key = matchKey(query.source, { mode, vocabulary });
  return { query, mode, targetMode: keyModeOf(query.targetLang), vocabulary, text: { cps: Array.from(query.source), key }, pattern: new MyersPattern(key.symbols) };
}

function contextKey(pq: PreparedQuery, text: string | undefined): Int32Array {
  return matchKey(text ?? '', { mode: pq.mode, vocabulary: pq.vocabulary, keepNumbers: true, spans: false }).symbols;
}

function sameSymbols(a: Int32Array, b: Int32Array): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function inContext(pq: PreparedQuery, unit: UnitRecord): boolean {
  const c = pq.query.context;
  if (!c) return false;
  return sameSymbols(contextKey(pq, c.previous), contextKey(pq, unit.context.previous)) && sameSymbols(contextKey(pq, c.next), contextKey(pq, unit.context.next));
}

/** The key `scoreUnit` compares a unit by (cacheable across queries that share a vocabulary). */
export function unitKey(pq: PreparedQuery, unit: UnitRecord): MatchKey {
  return matchKey(unit.source, { mode: pq.mode, vocabulary: pq.vocabulary });
}

/** Scores `unit` against the query; undefined when its score is below `threshold`. */
export function scoreUnit(pq: PreparedQuery, unit: UnitRecord, threshold: number, key?: MatchKey): TmMatch | undefined {
  const uKey: MatchKey = key ?? unitKey(pq, unit);
  const qKey = pq.text.key;
  const longest = Math.max(qKey.symbols.length, uKey.symbols.length);
  const bound = maxEdits(longest, threshold);
  if (bound < 0) return undefined;
  const d = pq.pattern.distance(uKey.symbols, 0, uKey.symbols.length, bound);
  if (d > bound) return undefined;
  const base = baseScore(d, qKey.symbols.length, uKey.symbols.length);
  const u: KeyedText = { cps: Array.from(unit.source), key: uKey };
  const steps = align(qKey.symbols, uKey.symbols, d);
  const qNumbers = findNumbers(pq.query.source, pq.mode);
  const uNumbers = findNumbers(unit.source, pq.mode);
  const diffs = textDifferences(pq.text, u, steps, qNumbers, uNumbers);
  const sub = substituteNumbers(unit.target, pq.targetMode, uNumbers, diffs.numberChanges);
  const numberPoints = (diffs.numberChanges.length + diffs.reformattedNumbers) * NUMBER_PENALTY + sub.unmapped.length * UNMAPPED_NUMBER_PENALTY;
  const codePoints = codeDifferences(pq.query.codes ?? [], unit.sourceCodes ?? []) * INLINE_CODE_PENALTY;
  const penalties = penaltyList(diffs.codes, numberPoints, codePoints);
  let score = base - totalPenalty(penalties);
  let matchType: MatchType = 'fuzzy';
  if (d === 0 && penalties.length === 0) {
    matchType = inContext(pq, unit) ? 'context' : 'exact';
    score = matchType === 'context' ? CONTEXT_SCORE : EXACT_SCORE;
  }
  if (score < threshold) return undefined;
  const match: TmMatch = { unit, score, matchType, base, penalties, diff: diffTexts(pq.text, u, steps), target: sub.target };
  if (sub.target !== unit.target) match.targetOriginal = unit.target;
  return match;
}

/** The ranking order: score descending, then most recently updated, then highest id. */
export function compareMatches(a: TmMatch, b: TmMatch): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.unit.updatedAt !== b.unit.updatedAt) return a.unit.updatedAt < b.unit.updatedAt ? 1 : -1;
  return b.unit.id - a.unit.id;
}

/** The best `limit` matches among `units` scoring at least `threshold`, best first. */
export function rankUnits(pq: PreparedQuery, units: Iterable<UnitRecord>, threshold: number, limit: number): TmMatch[] {
  const out: TmMatch[] = [];
  for (const unit of units) {
    const m = scoreUnit(pq, unit, threshold);
    if (m) out.push(m);
  }
  return out.sort(compareMatches).slice(0, limit);
}
