/**
 * What a translator gets back for a segment: the TM matches and the term-base terms found in
 * it (with their translations), so a CAT plug-in needs one call, not two. The TM and the term
 * base stay independent; this only puts their answers side by side.
 */
import { SYSTEM_PRINCIPAL } from '../../domain/auth/roles.js';
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
    return { matches, terms: this.glossary.recognize(req.source, req.sourceLang, this.glossaries()) };
  }

  /** Matches and terms for each segment, in order. */
  async lookupBatch(req: BatchLookupRequest): Promise<LookupResult[]> {
    const results = await this.tm.lookupBatch(req);
    const glossaries = this.glossaries();
    return results.map((matches, i) => ({ matches, terms: this.glossary.recognize(req.segments[i]?.source ?? '', req.sourceLang, glossaries) }));
  }

  /** Every glossary, in id order, until lookups take the caller's `glossaries` and scope. */
  private glossaries(): string[] {
    return this.glossary.resolveGlossaries(SYSTEM_PRINCIPAL);
  }
}
