/** TM response bodies (the `Unit`, `Match` and `ConcordanceResult` shapes in openapi.yaml). */
import type { InlineCode } from '../domain/inline.js';
import type { TmMatch } from '../domain/tm/scoring/matcher.js';
import type { UnitRecord } from '../domain/tm/unit.js';
import type { ConcordanceResult } from '../services/tm/tm-search.js';

function withCodes(body: Record<string, unknown>, sourceCodes: InlineCode[] | undefined, targetCodes: InlineCode[] | undefined): Record<string, unknown> {
  if (sourceCodes?.length) body.sourceCodes = sourceCodes;
  if (targetCodes?.length) body.targetCodes = targetCodes;
  return body;
}

/** `Unit`. */
export function presentUnit(u: UnitRecord): Record<string, unknown> {
  return withCodes({
    id: u.id, memory: u.memory, sourceLang: u.sourceLang, targetLang: u.targetLang, source: u.source, target: u.target, context: u.context,
    origin: u.origin, note: u.note, createdBy: u.createdBy, createdAt: u.createdAt, updatedBy: u.updatedBy, updatedAt: u.updatedAt,
    usageCount: u.usageCount,
  }, u.sourceCodes, u.targetCodes);
}

/** `Match`: the unit as proposed for the segment (target with numbers substituted). */
export function presentMatch(m: TmMatch): Record<string, unknown> {
  const body: Record<string, unknown> = {
    unitId: m.unit.id, memory: m.unit.memory, score: m.score, matchType: m.matchType, source: m.unit.source, target: m.target,
  };
  if (m.targetOriginal !== undefined) body.targetOriginal = m.targetOriginal;
  Object.assign(body, { sourceLang: m.unit.sourceLang, targetLang: m.unit.targetLang, penalties: m.penalties, diff: m.diff,
    origin: m.unit.origin, updatedAt: m.unit.updatedAt });
  return withCodes(body, m.unit.sourceCodes, m.targetCodes);
}

/** `ConcordanceResult`. */
export function presentConcordance(r: ConcordanceResult): Record<string, unknown> {
  return { total: r.total, hits: r.hits.map((h) => ({ unitId: h.unit.id, memory: h.unit.memory, source: h.unit.source, target: h.unit.target, highlights: h.highlights })) };
}
