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
 *
 * Glossaries (issue 10): the check names the glossaries to use in priority order. Each glossary
 * is checked as a term base of its own, and every issue carries its `glossary`; where they
 * disagree the higher glossary decides: a lower glossary's missing-term is dropped when a higher
 * glossary has a concept at an overlapping source span with allowed target terms (the higher
 * concept is the one to render, and its own check reports it if it is missing), and a lower
 * glossary's deprecated-term or forbidden-term is dropped when the flagged span overlaps a term
 * a higher glossary allows (a client glossary may allow what a general one deprecates).
 * Issues are ordered: missing terms by source position, then used terms by target position;
 * at one position the higher glossary first.
 */
import type { LanguageTag } from '../text/language-tag.js';
import { type EntryTerms, type Term, isAllowedStatus, statusRank } from './entry.js';
import { type GlossaryRanks, type TermMatch, type TermRecognizer, glossaryRanks, primaryLanguage, resolveOverlaps } from './recognizer.js';

/** What a QA issue is about. */
export type QaCode = 'missing-term' | 'deprecated-term' | 'forbidden-term';

/** One terminology problem in a translation. */
export interface QaIssue {
  code: QaCode;
  /** The glossary of the concept. */
  glossary: string;
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

function targetTerms(entry: EntryTerms, language: string): Term[] {
  return Object.entries(entry.languages).filter(([tag]) => primaryLanguage(tag) === language).flatMap(([, terms]) => terms);
}

function expectedTerms(entry: EntryTerms, language: string): string[] {
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

/** A source span with its text, where a concept was recognised. */
interface SourceHit {
  text: string;
  start: number;
  end: number;
}

function missingIssue(m: TermMatch, hit: SourceHit, expected: string[]): QaIssue {
  return {
    code: 'missing-term', severity: 'warning', glossary: m.entry.glossary, entryId: m.entry.id, sourceTerm: hit.text, sourceStart: hit.start, sourceEnd: hit.end,
    expected, found: null, start: null, end: null,
    message: `The source has ${quote(hit.text)} (${m.entry.id}), but the translation has none of its terms. ${useInstead(expected)}`,
  };
}

function usedIssue(m: TermMatch, found: string, hit: SourceHit | undefined, expected: string[]): QaIssue {
  const forbidden = m.term.status === 'forbidden';
  const why = m.term.note ? ` ${m.term.note.replace(/\.?$/, '.')}` : '';
  return {
    code: forbidden ? 'forbidden-term' : 'deprecated-term', severity: forbidden ? 'error' : 'warning', glossary: m.entry.glossary, entryId: m.entry.id,
    sourceTerm: hit?.text ?? null, sourceStart: hit?.start ?? null, sourceEnd: hit?.end ?? null,
    expected, found, start: m.start, end: m.end,
    message: `${quote(found)} is ${forbidden ? 'forbidden and must not be used' : 'deprecated'} (${m.entry.id}).${why} ${useInstead(expected)}`,
  };
}

function byGlossary(matches: TermMatch[]): Map<string, TermMatch[]> {
  const out = new Map<string, TermMatch[]>();
  for (const m of matches) {
    const list = out.get(m.entry.glossary);
    if (list) list.push(m);
    else out.set(m.entry.glossary, [m]);
  }
  return out;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/** The issues of one glossary, and the spans it claims for the glossaries after it. */
function checkGlossary(source: TermMatch[], target: TermMatch[], sourceCps: string[], targetCps: string[], language: string) {
  const firstHit = new Map<string, TermMatch>();
  for (const h of resolveOverlaps(source)) if (!firstHit.has(h.entry.id)) firstHit.set(h.entry.id, h);
  const span = (m: TermMatch): SourceHit => ({ text: sourceCps.slice(m.start, m.end).join(''), start: m.start, end: m.end });
  const allowed = target.filter((m) => isAllowedStatus(m.term.status));
  const rendered = new Set(allowed.map((m) => m.entry.id));
  const used = resolveOverlaps(target).filter((m) => !isAllowedStatus(m.term.status));
  const flagged = new Set(used.map((m) => m.entry.id));
  const missing: QaIssue[] = [];
  const covered: TermMatch[] = [];
  for (const [entryId, hit] of firstHit) {
    const expected = expectedTerms(hit.entry, language);
    if (expected.length > 0) covered.push(hit);
    if (rendered.has(entryId) || flagged.has(entryId)) continue;
    if (expected.length > 0) missing.push(missingIssue(hit, span(hit), expected));
  }
  const usedIssues = used.map((m) => {
    const hit = firstHit.get(m.entry.id);
    return usedIssue(m, targetCps.slice(m.start, m.end).join(''), hit && span(hit), expectedTerms(m.entry, language));
  });
  return { missing, used: usedIssues, covered, allowed };
}

/** Checks one translation against `glossaries` (priority order); see the module header. */
export function checkTranslation(recognizer: TermRecognizer, input: QaInput, glossaries: readonly string[]): QaIssue[] {
  const ranks: GlossaryRanks = glossaryRanks(glossaries);
  const sources = byGlossary(recognizer.matches(input.source, input.sourceLang, 'exact', ranks));
  const targets = byGlossary(recognizer.matches(input.target, input.targetLang, 'stem', ranks));
  const sourceCps = Array.from(input.source);
  const targetCps = Array.from(input.target);
  const covered: TermMatch[] = [];
  const allowed: TermMatch[] = [];
  const missing: QaIssue[] = [];
  const used: QaIssue[] = [];
  for (const g of ranks.keys()) {
    const r = checkGlossary(sources.get(g) ?? [], targets.get(g) ?? [], sourceCps, targetCps, input.targetLang.language);
    missing.push(...r.missing.filter((i) => !covered.some((c) => overlaps(c, { start: i.sourceStart as number, end: i.sourceEnd as number }))));
    used.push(...r.used.filter((i) => !allowed.some((a) => overlaps(a, { start: i.start as number, end: i.end as number }))));
    covered.push(...r.covered);
    allowed.push(...r.allowed);
  }
  const rank = (i: QaIssue) => ranks.get(i.glossary) ?? 0;
  missing.sort((a, b) => (a.sourceStart as number) - (b.sourceStart as number) || rank(a) - rank(b));
  used.sort((a, b) => (a.start as number) - (b.start as number) || rank(a) - rank(b));
  return [...missing, ...used];
}
