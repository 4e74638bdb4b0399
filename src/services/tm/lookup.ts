/**
 * What a translator gets back for a segment: the TM matches and the term-base terms found in
 * it (with their translations), so a CAT plug-in needs one call, not two. The TM and the term
 * base stay independent; this only puts their answers side by side.
 */
import type { RecognizedTerm } from '../../domain/termbase/recognizer.js';
import type { TmMatch } from '../../domain/tm/scoring/matcher.js';
import type { GlossaryService } from '../glossary/glossary.js';
import type { BatchLookupRequest, LookupRequest, TmService } from './tm.js';

/** Matches and terms for one segment. */
export interface LookupResult {
  matches: TmMatch[];
  terms: RecognizedTerm[];
}

/** TM lookups with term recognition. */
export class LookupService {
  constructor(private readonly tm: TmService, private readonly glossary: GlossaryService) {}

  /** Matches and terms for one segment. */
  async lookup(req: LookupRequest): Promise<LookupResult> {
    const matches = await this.tm.lookup(req);
    return { matches, terms: this.glossary.recognize(req.source, req.sourceLang) };
  }

  /** Matches and terms for each segment, in order. */
  async lookupBatch(req: BatchLookupRequest): Promise<LookupResult[]> {
    const results = await this.tm.lookupBatch(req);
    return results.map((matches, i) => ({ matches, terms: this.glossary.recognize(req.segments[i]?.source ?? '', req.sourceLang) }));
  }
}
