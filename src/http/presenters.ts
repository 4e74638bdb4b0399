/** Turns stored records into API response bodies (the shapes in openapi.yaml). */
import type { Principal } from '../domain/auth/roles.js';
import type { DocumentRecord, SectionRecord, SegmentRecord } from '../domain/document/document.js';
import { scopeToApi } from '../services/keys.js';
import type { KeyRecord } from '../store/types.js';

/** `DocumentSummary`: a document with its segment count. */
export function presentDocument(d: DocumentRecord): Record<string, unknown> {
  return { id: d.id, name: d.name, sourceLang: d.sourceLang, targetLang: d.targetLang, segments: d.segmentCount,
    createdAt: d.createdAt, createdBy: d.createdBy, meta: presentMeta(d), settings: d.settings };
}

function presentMeta(d: DocumentRecord): Record<string, unknown> {
  const { format: _format, ...visible } = d.meta;
  return visible;
}

/** `Segment`. */
export function presentSegment(s: SegmentRecord): Record<string, unknown> {
  return { index: s.index, source: s.source, target: s.target, state: s.state, section: s.section ?? null };
}

/** `Section`: a section with its heading and segment range. */
export function presentSection(s: SectionRecord): Record<string, unknown> {
  return { index: s.index, title: s.title, start: s.start, end: s.end, segments: s.end - s.start + 1 };
}

/** `DocumentDetail`: a document, its sections and one page of segments. */
export function presentDocumentPage(d: DocumentRecord, sections: SectionRecord[], segments: SegmentRecord[], offset: number, limit: number): Record<string, unknown> {
  return { id: d.id, name: d.name, sourceLang: d.sourceLang, targetLang: d.targetLang, createdAt: d.createdAt,
    createdBy: d.createdBy, meta: presentMeta(d), settings: d.settings, segmentCount: d.segmentCount, sections: sections.map(presentSection),
    offset, limit, segments: segments.map(presentSegment) };
}

/** `Key` (never the secret): `link` says whether it is a link key, which also shows its read list and write memory. */
export function presentKey(k: KeyRecord): Record<string, unknown> {
  return { id: k.id, name: k.name, role: k.role, scope: scopeToApi(k.scope), link: k.link !== undefined,
    ...(k.link?.memories ? { memories: k.link.memories } : {}), ...(k.link?.writeMemory ? { writeMemory: k.link.writeMemory } : {}),
    createdAt: k.createdAt, createdBy: k.createdBy };
}

/** `CurrentKey`: the caller's key; a scope of every collection is `["*"]`. */
export function presentPrincipal(p: Principal): Record<string, unknown> {
  return { id: p.keyId, name: p.name, role: p.role, scope: scopeToApi(p.scope) };
}
