/**
 * Analysis of a document against the TM, as an agency quotes it: each segment's best match
 * (with its neighbours, so 101 context matches count), repetitions inside the document, and
 * the totals per band (see domain/analysis/bands.ts). The memories read are the document's
 * (its project settings) unless the request names others.
 */
import { type AnalysedSegment, type AnalysisResult, type Band, analyse } from '../../domain/analysis/bands.js';
import type { Principal } from '../../domain/auth/roles.js';
import type { MemoryRef } from '../../domain/collections.js';
import type { DocumentRecord, SegmentRecord } from '../../domain/document/document.js';
import { canonicalizeLanguageTag, isCharacterScored } from '../../domain/text/language-tag.js';
import { foldWithMap } from '../../domain/text/normalize.js';
import { simplifyCodePoint } from '../../domain/text/script.js';
import type { DocumentReader } from '../../store/types.js';
import type { DocumentService } from '../documents.js';
import type { MatchProvider } from './exchange-ports.js';

/** Segments read per page, and asked for matches at once. */
const PAGE = 500;

/** An analysed document. */
export interface DocumentAnalysis {
  document: DocumentRecord;
  result: AnalysisResult;
}

/** The repetition key of a segment: width, script, case and whitespace do not make it new. */
function repetitionKey(source: string, characterScored: boolean): string {
  return foldWithMap(source, { width: true, lowercase: true, script: simplifyCodePoint, whitespace: characterScored ? 'remove' : 'collapse' }).text;
}

/** Runs analyses over stored documents. */
export class AnalysisService {
  constructor(private readonly documents: DocumentReader, private readonly projects: DocumentService, private readonly matches: MatchProvider) {}

  /** Bands document `id` against the TM, with optional per-band weights and memories other than the document's. */
  async analyse(id: number, by: Principal, opts: { weights?: Partial<Record<Band, number>>; memories?: MemoryRef[] } = {},
    progress?: (done: number, total: number) => void): Promise<DocumentAnalysis> {
    const document = await this.projects.get(id, by);
    const memories = await this.projects.readMemories(document, by, opts.memories);
    const segments: SegmentRecord[] = [];
    for (let offset = 0; offset < document.segmentCount; offset += PAGE) {
      segments.push(...(await this.documents.listSegments(id, offset, PAGE)));
    }
    const characterScored = isCharacterScored(canonicalizeLanguageTag(document.sourceLang));
    const analysed: AnalysedSegment[] = [];
    for (let start = 0; start < segments.length; start += PAGE) {
      const page = segments.slice(start, start + PAGE);
      const queries = page.map((s) => ({ source: s.source, previous: segments[s.index - 1]?.source ?? '', next: segments[s.index + 1]?.source ?? '' }));
      const proposals = await this.matches.proposals(queries, document.sourceLang, document.targetLang, 1, memories);
      page.forEach((s, i) => {
        analysed.push({ key: repetitionKey(s.source, characterScored), source: s.source, best: proposals[i]?.[0]?.score });
      });
      progress?.(Math.min(start + PAGE, segments.length), segments.length);
    }
    return { document, result: analyse(analysed, characterScored, opts.weights) };
  }
}
