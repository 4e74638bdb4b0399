/**
 * Terminology QA of one translation: the concepts recognised in the source must be rendered with
 * one of their allowed target terms, and no deprecated or forbidden term may appear in the target.
 *
 * Rules (glossary/README.md, "Status policy"):
 * - missing-term (warning): a concept recognised in the source (leftmost-longest, as the
 *   recognizer reports it) has preferred or admitted terms in the target language, and the target
 *   contains none of them. `expected` lists them, preferred first. A concept is reported once,
 *   however often it occurs in the source. Concepts without a term in the target language are not
 *   checked.
 * - deprecated-term (warning) / forbidden-term (error): a deprecated or forbidden term of any
 *   concept occurs in the target - of a concept of the source or not - with its span in the
 *   target. When that concept is also in the source, no missing-term is reported for it as well:
 *   the deprecated-term issue already says what to write instead.
 *
 * Matching in the target tolerates inflection where we can: English and Russian words are
 * compared on their Snowball/Porter stems (lunr's stemmers), so `communities with a shared future`
 * satisfies `community with a shared future` and `сообществу единой судьбы` satisfies
 * `сообщество единой судьбы`. Limits: a stem is not a lemma (irregular plurals such as
 * `people`/`persons` differ; Porter also conflates some derivations, `communal` ~ `community`),
 * word order and separators must match (`Belt-and-Road` is not `Belt and Road`), and other
 * languages are compared as written. Chinese targets are matched per character, like recognition.
 * For allowed terms any occurrence counts, even inside a longer term of another concept; for
 * deprecated and forbidden ones only the occurrences that survive leftmost-longest resolution
 * count, so a deprecated phrase inside a longer allowed term is not flagged.
 */
import type { LanguageTag } from '../text/language-tag.js';
import { type Term, type TermEntry, isAllowedStatus, statusRank } from './entry.js';
import { type RecognizedTerm, type TermMatch, type TermRecognizer, primaryLanguage, resolveOverlaps } from './recognizer.js';

/** What a QA issue is about. */
export type QaCode = 'missing-term' | 'deprecated-term' | 'forbidden-term';

/** One terminology problem in a translation. */
export interface QaIssue {
  code: QaCode;
  /** `error` for forbidden terms, `warning` otherwise. */
  severity: 'warning' | 'error';
  entryId: string;
  /** The source term of the concept as it stands in the source, or null when the source lacks it. */
  sourceTerm: string | null;
  sourceStart: number | null;
  sourceEnd: number | null;
  /** Allowed target terms of the concept, preferred first. */
  expected: string[];
  /** The deprecated or forbidden term as it stands in the target (null for missing-term). */
  found: string | null;
  /** Span of `found` in the target, in code points (null for missing-term). */
  start: number | null;
  end: number | null;
  message: string;
}

/** A translation to check. */
export interface QaInput {
  source: string;
  target: string;
  sourceLang: LanguageTag;
  targetLang: LanguageTag;
}

function targetTerms(entry: TermEntry, language: string): Term[] {
  return Object.entries(entry.languages).filter(([tag]) => primaryLanguage(tag) === language).flatMap(([, terms]) => terms);
}

function expectedTerms(entry: TermEntry, language: string): string[] {
  const allowed = targetTerms(entry, language).filter((t) => isAllowedStatus(t.status));
  return [...new Set(allowed.sort((a, b) => statusRank(a.status) - statusRank(b.status)).map((t) => t.term))];
}

function quote(s: string): string {
  return `“${s}”`;
}

function useInstead(expected: string[]): string {
  if (expected.length === 0) return 'This concept has no allowed term in the target language.';
  const [first, ...rest] = expected;
  return `Use ${quote(first as string)}${rest.length ? ` (or ${rest.map(quote).join(', ')})` : ''}.`;
}

function missingIssue(hit: RecognizedTerm, expected: string[]): QaIssue {
  return {
    code: 'missing-term', severity: 'warning', entryId: hit.entryId, sourceTerm: hit.text, sourceStart: hit.start, sourceEnd: hit.end,
    expected, found: null, start: null, end: null,
    message: `The source has ${quote(hit.text)} (${hit.entryId}), but the translation has none of its terms. ${useInstead(expected)}`,
  };
}

function usedIssue(m: TermMatch, found: string, hit: RecognizedTerm | undefined, expected: string[]): QaIssue {
  const forbidden = m.term.status === 'forbidden';
  const why = m.term.note ? ` ${m.term.note.replace(/\.?$/, '.')}` : '';
  return {
    code: forbidden ? 'forbidden-term' : 'deprecated-term', severity: forbidden ? 'error' : 'warning', entryId: m.entry.id,
    sourceTerm: hit?.text ?? null, sourceStart: hit?.start ?? null, sourceEnd: hit?.end ?? null,
    expected, found, start: m.start, end: m.end,
    message: `${quote(found)} is ${forbidden ? 'forbidden and must not be used' : 'deprecated'} (${m.entry.id}).${why} ${useInstead(expected)}`,
  };
}

/** Checks one translation against the term base; issues in the order of the texts. */
export function checkTranslation(recognizer: TermRecognizer, input: QaInput): QaIssue[] {
  const language = input.targetLang.language;
  const sourceHits = recognizer.recognize(input.source, input.sourceLang);
  const firstHit = new Map<string, RecognizedTerm>();
  for (const h of sourceHits) if (!firstHit.has(h.entryId)) firstHit.set(h.entryId, h);

  const candidates = recognizer.matches(input.target, input.targetLang, 'stem');
  const rendered = new Set(candidates.filter((m) => isAllowedStatus(m.term.status)).map((m) => m.entry.id));
  const targetCps = Array.from(input.target);
  const used = resolveOverlaps(candidates).filter((m) => !isAllowedStatus(m.term.status));
  const flagged = new Set(used.map((m) => m.entry.id));

  const issues: QaIssue[] = [];
  for (const [entryId, hit] of firstHit) {
    if (rendered.has(entryId) || flagged.has(entryId)) continue;
    const entry = recognizer.entry(entryId);
    const expected = entry ? expectedTerms(entry, language) : [];
    if (expected.length > 0) issues.push(missingIssue(hit, expected));
  }
  for (const m of used) {
    issues.push(usedIssue(m, targetCps.slice(m.start, m.end).join(''), firstHit.get(m.entry.id), expectedTerms(m.entry, language)));
  }
  return issues;
}
