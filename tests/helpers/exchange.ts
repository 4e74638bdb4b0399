/**
 * Test doubles for the exchange ports (a TM that returns fixed proposals, a term base of a few
 * entries). In supertest, `.buffer(true)` gives an XML download as `res.text`.
 */
import type { RichText } from '../../src/domain/inline.js';
import type { QaIssue } from '../../src/domain/termbase/qa.js';
import type { MatchProvider, MatchQuery, Proposal, ProposalOptions, RecognizedTerm, TermProvider } from '../../src/services/exchange/exchange-ports.js';

/** A MatchProvider answering from a table: source text -> proposals (down to the threshold asked). Records what it was asked, and the options. */
export function fakeMatches(table: Record<string, Proposal[]>): MatchProvider & { asked: MatchQuery[]; askedWith: (ProposalOptions | undefined)[] } {
  const asked: MatchQuery[] = [];
  const askedWith: (ProposalOptions | undefined)[] = [];
  return {
    asked,
    askedWith,
    async proposals(segments, _sourceLang, _targetLang, limit, _memories, options) {
      asked.push(...segments);
      askedWith.push(...segments.map(() => options));
      return segments.map((s) => (table[s.source] ?? []).filter((p) => p.score >= (options?.threshold ?? 0)).slice(0, limit));
    },
  };
}

/** A proposal without codes. */
export function proposal(score: number, source: string, target: string, origin = 'seed-tm'): Proposal {
  const matchType = score >= 101 ? 'in-context' : score >= 100 ? 'exact' : 'fuzzy';
  return { score, matchType, source: { text: source, codes: [] }, target: { text: target, codes: [] }, origin };
}

/** A TermProvider over a few entries: source term -> English translations (first preferred). */
export function fakeTerms(entries: Record<string, { preferred: string; others?: string[]; deprecated?: string[] }>): TermProvider {
  return {
    async recognize(text) {
      const found: RecognizedTerm[] = [];
      for (const [term, e] of Object.entries(entries)) {
        for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) {
          const start = [...text.slice(0, at)].length;
          found.push({ text: term, start, end: start + [...term].length, term, translations: { en: [
            ...(e.deprecated ?? []).map((t) => ({ term: t, status: 'deprecatedTerm' })),
            ...(e.others ?? []).map((t) => ({ term: t, status: 'admittedTerm' })),
            { term: e.preferred, status: 'preferredTerm' },
          ] } });
        }
      }
      return found.sort((a, b) => a.start - b.start);
    },
    async check(source, target) {
      const issues: QaIssue[] = [];
      for (const [term, e] of Object.entries(entries)) {
        const at = source.indexOf(term);
        if (at >= 0 && !target.includes(e.preferred)) {
          issues.push({ code: 'missing-term', severity: 'warning', glossary: 'stub', entryId: term, sourceTerm: term, sourceStart: at, sourceEnd: at + term.length,
            expected: [e.preferred], found: null, start: null, end: null, message: `"${term}" should be translated as "${e.preferred}"` });
        }
      }
      return issues;
    },
  };
}

/** Plain rich text. */
export function rt(text: string): RichText {
  return { text, codes: [] };
}
