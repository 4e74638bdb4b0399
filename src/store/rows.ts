/**
 * Rows as the SQL stores (SQLite and PostgreSQL) hold them, and the records the store interfaces
 * return: one mapping for both adapters, so they cannot drift apart. Shared rules over stored
 * values (which settings name a collection) live here too.
 */
import type { CollectionKind, LinkSettings, Role, Scope } from '../domain/auth/roles.js';
import { type CollectionRecord, DEFAULT_COLLECTION } from '../domain/collections.js';
import type { DocumentMeta, DocumentRecord, ProjectSettings, SectionRecord, SegmentRecord } from '../domain/document/document.js';
import type { SegmentState } from '../domain/document/state.js';
import type { InlineCode } from '../domain/inline.js';
import type { NewUnit, UnitRecord } from '../domain/tm/unit.js';
import { type CollectionRow, collectionOf } from './sqlite/collection-rows.js';
import type { KeyRecord } from './types.js';

/** A row of `units` as both stores return it. */
export interface UnitRow {
  id: number;
  memory_id: string;
  source_lang: string;
  target_lang: string;
  source: string;
  target: string;
  context_previous: string | null;
  context_next: string | null;
  origin_document: string | null;
  origin_title: string | null;
  origin_date: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  usage_count: number;
  source_codes: string | null;
  target_codes: string | null;
}

/** A unit record from its row. */
export function toUnit(r: UnitRow): UnitRecord {
  const context: UnitRecord['context'] = {};
  if (r.context_previous !== null) context.previous = r.context_previous;
  if (r.context_next !== null) context.next = r.context_next;
  const origin: UnitRecord['origin'] = {};
  if (r.origin_document !== null) origin.document = r.origin_document;
  if (r.origin_title !== null) origin.title = r.origin_title;
  if (r.origin_date !== null) origin.date = r.origin_date;
  const unit: UnitRecord = {
    id: r.id, memory: r.memory_id, sourceLang: r.source_lang, targetLang: r.target_lang, source: r.source, target: r.target,
    context, origin, note: r.note, createdBy: r.created_by, createdAt: r.created_at,
    updatedBy: r.updated_by, updatedAt: r.updated_at, usageCount: r.usage_count,
  };
  if (r.source_codes !== null) unit.sourceCodes = JSON.parse(r.source_codes) as InlineCode[];
  if (r.target_codes !== null) unit.targetCodes = JSON.parse(r.target_codes) as InlineCode[];
  return unit;
}

/** Codes as a JSON column value; no codes is NULL. */
export function codesColumn(codes: InlineCode[] | undefined): string | null {
  return codes && codes.length > 0 ? JSON.stringify(codes) : null;
}

/** Column values of a unit's optional fields, in statement order. */
export function optional(u: NewUnit): (string | null)[] {
  return [u.context?.previous ?? null, u.context?.next ?? null, u.origin?.document ?? null,
    u.origin?.title ?? null, u.origin?.date ?? null, u.note ?? null, codesColumn(u.sourceCodes), codesColumn(u.targetCodes)];
}


/** A row of `documents`. */
export interface DocumentRow {
  id: number;
  name: string;
  source_lang: string;
  target_lang: string;
  created_at: string;
  created_by: string;
  segment_count: number;
  meta: string;
  settings: string | null;
}

/** Settings of a document stored before documents had any (data directories of 0.1): read every memory, write to the default one. */
export const LEGACY_SETTINGS: ProjectSettings = { writeMemory: DEFAULT_COLLECTION };

/** True when settings `s` name collection `id` of `kind`. */
export function uses(s: ProjectSettings, kind: CollectionKind, id: string): boolean {
  return kind === 'memories' ? s.writeMemory === id || (s.memories ?? []).some((m) => m.id === id) : (s.glossaries ?? []).includes(id);
}

/** Settings `s` without collection `id` (a write memory falls back to `fallbackMemory`). */
export function without(s: ProjectSettings, kind: CollectionKind, id: string, fallbackMemory: string): ProjectSettings {
  if (kind === 'glossaries') return { ...s, ...(s.glossaries ? { glossaries: s.glossaries.filter((g) => g !== id) } : {}) };
  const out: ProjectSettings = { ...s, writeMemory: s.writeMemory === id ? fallbackMemory : s.writeMemory };
  if (s.memories) out.memories = s.memories.filter((m) => m.id !== id);
  return out;
}

/** A row of `segments`. */
export interface SegmentRow {
  idx: number;
  source: string;
  target: string | null;
  state: string;
  data: string | null;
  section: number | null;
}

/** A section of a document with the range of its segments, as both stores' queries return it. */
export interface SectionRow {
  idx: number;
  title: string | null;
  start_idx: number;
  end_idx: number;
}

/** A document record from its row. */
export function toDocument(r: DocumentRow): DocumentRecord {
  return {
    id: r.id,
    name: r.name,
    sourceLang: r.source_lang,
    targetLang: r.target_lang,
    createdAt: r.created_at,
    createdBy: r.created_by,
    segmentCount: r.segment_count,
    meta: JSON.parse(r.meta) as DocumentMeta,
    settings: r.settings === null ? LEGACY_SETTINGS : JSON.parse(r.settings) as ProjectSettings,
  };
}

/** A segment record from its row. */
export function toSegment(r: SegmentRow): SegmentRecord {
  const s: SegmentRecord = { index: r.idx, source: r.source, target: r.target, state: r.state as SegmentState };
  if (r.section !== null) s.section = r.section;
  if (r.data !== null) s.data = JSON.parse(r.data) as Record<string, unknown>;
  return s;
}

/** A section record from its row. */
export function toSection(r: SectionRow): SectionRecord {
  return { index: r.idx, title: r.title, start: r.start_idx, end: r.end_idx };
}

/** A row of `api_keys` (`link` is a link key's settings as JSON, issue 15). */
export interface KeyRow {
  id: number;
  name: string;
  role: string;
  scope: string;
  link: string | null;
  prefix: string;
  hash: Buffer;
  created_at: string;
  created_by: string;
}

/** A key record (without secrets) from its row. */
export function toKey(r: KeyRow): KeyRecord {
  const key: KeyRecord = { id: r.id, name: r.name, role: r.role as Role, scope: JSON.parse(r.scope) as Scope, createdAt: r.created_at, createdBy: r.created_by };
  if (r.link !== null) key.link = JSON.parse(r.link) as LinkSettings;
  return key;
}

/** A link key's settings without memory `id` (read list and write memory). */
export function withoutMemory(link: LinkSettings, id: string): LinkSettings {
  const out: LinkSettings = {};
  if (link.memories) out.memories = link.memories.filter((m) => m.id !== id);
  if (link.writeMemory !== undefined && link.writeMemory !== id) out.writeMemory = link.writeMemory;
  return out;
}

/** A row of `memories`. */
export interface MemoryRow extends CollectionRow {
  last_write: string | null;
}

/** A memory record from its row. */
export const toMemory = (r: MemoryRow): CollectionRecord => collectionOf(r);

/**
 * Pages of rows in id order, each read by `page(afterId)` after the last id of the one before, until
 * an empty page. The next page is requested before this one is handed over, so a networked store
 * reads while the caller folds and indexes (the index build at start).
 */
export async function* keysetPages<T extends { id: number }>(page: (afterId: number) => Promise<readonly T[]> | readonly T[], afterId = 0): AsyncIterable<T[]> {
  let next = Promise.resolve(page(afterId));
  for (;;) {
    const rows = await next;
    if (rows.length === 0) return;
    next = Promise.resolve(page((rows[rows.length - 1] as T).id));
    next.catch(() => undefined); // surfaced when awaited; not an unhandled rejection if the caller stops first
    yield [...rows];
  }
}
