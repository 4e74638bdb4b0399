/**
 * Analysis of a document against the TM, as an agency quotes it: each segment's best match
 * (with its neighbours, so 101 context matches count), repetitions inside the document, and
 * the totals per band (see domain/analysis/bands.ts). The memories read are the document's
 * (its project settings) unless the request names others.
 *
 * One section (an article of a newspaper page) can be analysed alone, as an agency quotes the
 * article it is asked to translate: its segments are banded with their real neighbours (the
 * segment before its first one and after its last one still count for 101 context matches),
 * and repetitions are counted within the section, since that is the work quoted.
 *
 * What the TM is asked (issue 12, seventh round): the analysis quotes each segment's band, not
 * its score, so it asks for the band of the best match only (tm-ports.ts; the index stops
 * looking below the next band edge once the band is settled); a segment whose repetition key
 * came earlier is a repetition unless its best is a 101, which only an exact unit can give, so
 * it is looked up at 100 only (29 of the benchmark document's 2,000 segments). The bands and
 * counts stay the same: the HTTP benchmark's document at 100k and 1M units gives the same
 * digests before and after (`bench/http/run-analysis.ts`). Server CPU at 1M, a server before
 * and after alternating on one data directory, second rounds (the first builds the planes):
 * 8.96, 10.38, 10.76 -> 7.15, 6.16, 6.37 s (load 14-17, 14-17, 7-8); the export's proposals,
 * which only sweep the shorter lengths first, 14.36, 15.09, 14.95 -> 16.91, 13.84, 11.51 s.
 */
import { type AnalysedSegment, type AnalysisResult, type Band, analyse, BAND_EDGES } from '../../domain/analysis/bands.js';
import type { Principal } from '../../domain/auth/roles.js';
import type { MemoryRef } from '../../domain/collections.js';
import type { DocumentRecord, SectionRecord, SegmentRecord } from '../../domain/document/document.js';
import { canonicalizeLanguageTag, isCharacterScored } from '../../domain/text/language-tag.js';
import { EXACT_SCORE } from '../../domain/tm/scoring/score.js';
import { foldWithMap } from '../../domain/text/normalize.js';
import { simplifyCodePoint } from '../../domain/text/script.js';
import type { DocumentReader } from '../../store/types.js';
import { type DocumentService, findSection } from '../documents.js';
import type { MatchProvider } from './exchange-ports.js';

/** Segments read per page, and asked for matches at once. */
const PAGE = 500;

/** An analysed document (or one section of it). */
export interface DocumentAnalysis {
  document: DocumentRecord;
  /** The section analysed, when the analysis was limited to one. */
  section?: SectionRecord;
  result: AnalysisResult;
}

/** What to analyse and how. */
export interface AnalysisOptions {
  /** Per-band weights for a weighted total. */
  weights?: Partial<Record<Band, number>>;
  /** Memories to read instead of the document's. */
  memories?: MemoryRef[];
  /** Limits the analysis to this section; 404 when the document has no such section. */
  section?: number;
}

/** The repetition key of a segment: width, script, case and whitespace do not make it new. */
function repetitionKey(source: string, characterScored: boolean): string {
  return foldWithMap(source, { width: true, lowercase: true, script: simplifyCodePoint, whitespace: characterScored ? 'remove' : 'collapse' }).text;
}

/** Runs analyses over stored documents. */
export class AnalysisService {
  constructor(private readonly documents: DocumentReader, private readonly projects: DocumentService, private readonly matches: MatchProvider) {}

  /** Bands document `id` (or one of its sections) against the TM, with optional per-band weights and memories other than the document's. */
  async analyse(id: number, by: Principal, opts: AnalysisOptions = {}, progress?: (done: number, total: number) => void): Promise<DocumentAnalysis> {
    const document = await this.projects.get(id, by);
    const section = opts.section === undefined ? undefined : await findSection(this.documents, id, opts.section);
    const memories = await this.projects.readMemories(document, by, opts.memories);
    // The range analysed, and one segment on each side of it for context.
    const first = section?.start ?? 0;
    const last = section?.end ?? document.segmentCount - 1;
    const from = Math.max(0, first - 1);
    const until = Math.min(document.segmentCount - 1, last + 1);
    const segments: SegmentRecord[] = [];
    for (let offset = from; offset <= until; offset += PAGE) {
      segments.push(...(await this.documents.listSegments(id, offset, Math.min(PAGE, until - offset + 1))));
    }
    const at = (index: number): SegmentRecord | undefined => segments[index - from];
    const wanted = segments.filter((s) => s.index >= first && s.index <= last);
    const characterScored = isCharacterScored(canonicalizeLanguageTag(document.sourceLang));
    const analysed: AnalysedSegment[] = wanted.map((s) => ({ key: repetitionKey(s.source, characterScored), source: s.source, best: undefined }));
    const seen = new Set<string>();
    const repeated = analysed.map((a) => seen.has(a.key) || !seen.add(a.key));
    for (let start = 0; start < wanted.length; start += PAGE) {
      const page = wanted.slice(start, start + PAGE).map((s, i) => ({ s, at: start + i }));
      // Only each best match's band is quoted; a repetition is quoted as one unless it is in context (see the module header).
      const asks = [
        { part: page.filter((x) => !repeated[x.at]), options: { bands: BAND_EDGES } },
        { part: page.filter((x) => repeated[x.at]), options: { threshold: EXACT_SCORE } },
      ];
      for (const { part, options } of asks) {
        if (part.length === 0) continue;
        const queries = part.map(({ s }) => ({ source: s.source, previous: at(s.index - 1)?.source ?? '', next: at(s.index + 1)?.source ?? '' }));
        const proposals = await this.matches.proposals(queries, document.sourceLang, document.targetLang, 1, memories, options);
        part.forEach((x, i) => {
          (analysed[x.at] as AnalysedSegment).best = proposals[i]?.[0]?.score;
        });
      }
      progress?.(Math.min(start + PAGE, wanted.length), wanted.length);
    }
    const out: DocumentAnalysis = { document, result: analyse(analysed, characterScored, opts.weights) };
    if (section) out.section = section;
    return out;
  }
}
