/**
 * What a translator gets back for a segment: the TM matches from the memories the caller reads
 * (or the ones the request names, in that order, with their penalties) and the term-base terms
 * found in it (with their translations) in the glossaries the caller reads (or the ones the
 * request names, in priority order), so a CAT plug-in needs one call, not two. The TM and
 * the term base stay independent; this only resolves the caller's memories and puts the two
 * answers side by side. `terms: false` skips recognition for callers that do not show terms.
 */
import type { Principal } from '../../domain/auth/roles.js';
import type { MemoryRef } from '../../domain/collections.js';
import type { RecognizedTerm } from '../../domain/termbase/recognizer.js';
import type { TmMatch } from '../../domain/tm/scoring/matcher.js';
import type { GlossaryService } from '../glossary/glossary.js';
import type { MemoryService } from './memories.js';
import type { TmService } from './tm.js';
import type { LookupSegment } from './tm-search.js';

/** What a caller asks: the pair, optionally the memories (priority order, penalties), threshold, limit, and whether to add terms. */
export interface LookupOptions {
  sourceLang: string;
  targetLang: string;
  memories?: MemoryRef[];
  glossaries?: string[];
  threshold?: number;
  limit?: number;
  terms?: boolean;
}

/** Matches and terms for one segment. */
export interface LookupResult {
  matches: TmMatch[];
  terms: RecognizedTerm[];
}

/** TM lookups with term recognition, for a caller. */
export class LookupService {
  constructor(private readonly tm: TmService, private readonly memories: MemoryService, private readonly glossary: GlossaryService) {}

  /** Matches and terms for one segment. */
  async lookup(req: LookupOptions & LookupSegment, by: Principal): Promise<LookupResult> {
    const [result] = await this.run(req, [req], by, '');
    return result as LookupResult;
  }

  /** Matches and terms for each segment, in order. */
  lookupBatch(req: LookupOptions & { segments: LookupSegment[] }, by: Principal): Promise<LookupResult[]> {
    return this.run(req, req.segments, by, '/segments');
  }

  private async run(opts: LookupOptions, segments: LookupSegment[], by: Principal, prefix: string): Promise<LookupResult[]> {
    const memories = await this.memories.readable(by, opts.memories);
    const glossaries = opts.terms === false ? [] : this.glossary.resolveGlossaries(by, opts.glossaries);
    const results = await this.tm.lookupBatch({ sourceLang: opts.sourceLang, targetLang: opts.targetLang, threshold: opts.threshold, limit: opts.limit, memories, segments }, prefix);
    return results.map((matches, i) => ({
      matches,
      terms: opts.terms === false ? [] : this.glossary.recognize(segments[i]?.source ?? '', opts.sourceLang, glossaries),
    }));
  }
}
