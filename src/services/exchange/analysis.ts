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
 */
import { type AnalysedSegment, type AnalysisResult, type Band, analyse } from '../../domain/analysis/bands.js';
import type { Principal } from '../../domain/auth/roles.js';
import type { MemoryRef } from '../../domain/collections.js';
import type { DocumentRecord, SectionRecord, SegmentRecord } from '../../domain/document/document.js';
import { canonicalizeLanguageTag, isCharacterScored } from '../../domain/text/language-tag.js';
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
    const analysed: AnalysedSegment[] = [];
    for (let start = 0; start < wanted.length; start += PAGE) {
      const page = wanted.slice(start, start + PAGE);
      const queries = page.map((s) => ({ source: s.source, previous: at(s.index - 1)?.source ?? '', next: at(s.index + 1)?.source ?? '' }));
      const proposals = await this.matches.proposals(queries, document.sourceLang, document.targetLang, 1, memories);
      page.forEach((s, i) => {
        analysed.push({ key: repetitionKey(s.source, characterScored), source: s.source, best: proposals[i]?.[0]?.score });
      });
      progress?.(Math.min(start + PAGE, wanted.length), wanted.length);
    }
    const out: DocumentAnalysis = { document, result: analyse(analysed, characterScored, opts.weights) };
    if (section) out.section = section;
    return out;
  }
}
