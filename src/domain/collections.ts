/**
 * Collections: translation memories and glossaries, the unit of ownership (issue 10). Every unit
 * belongs to one memory, every term entry to one glossary; keys are scoped to collections.
 *
 * Ids are slugs people type in URLs, query strings and CAT-tool settings: lower-case letters,
 * digits and `-`, 1 to 64 characters. In a query string a list of memories is `a,b:5` (order is
 * priority; `:N` a penalty of N points, 0-100) and a list of glossaries `x,y`.
 */
import { ValidationError } from './errors.js';

/** What a collection id looks like. */
export const COLLECTION_ID_PATTERN = /^[a-z0-9-]{1,64}$/;

/** The memory and glossary that writes without a named target go to (and where an upgraded data directory's content lands). */
export const DEFAULT_COLLECTION = 'default';

/** The memory and glossary the seed data (the China–Central Asia summit speeches) are loaded into. */
export const SEED_COLLECTION = 'china-central-asia-summits';

/** Largest memory penalty, in score points. */
export const MAX_MEMORY_PENALTY = 100;

/** A memory to read, in priority order, with a penalty taken off its matches. */
export interface MemoryRef {
  id: string;
  penalty?: number;
}

/** True when `id` is a well-formed collection id. */
export function isCollectionId(id: string): boolean {
  return COLLECTION_ID_PATTERN.test(id);
}

/** `id` when well formed; otherwise a ValidationError at `path`. */
export function requireCollectionId(id: string, path: string): string {
  if (!isCollectionId(id)) {
    throw new ValidationError(`${path.replace(/^\//, '')}: "${id}" is not a collection id (lower-case letters, digits and -, 1 to 64 characters)`,
      [{ path, message: 'must be lower-case letters, digits and -, 1 to 64 characters' }]);
  }
  return id;
}

/** Parses `a,b:5` (a query string's list of memories) into memory references; `path` names the parameter in errors. */
export function parseMemoryList(value: string, path = '/query/memories'): MemoryRef[] {
  return value.split(',').map((part) => part.trim()).filter(Boolean).map((part) => {
    const colon = part.lastIndexOf(':');
    const id = requireCollectionId(colon < 0 ? part : part.slice(0, colon), path);
    if (colon < 0) return { id };
    const raw = part.slice(colon + 1);
    const penalty = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || penalty > MAX_MEMORY_PENALTY) {
      throw new ValidationError(`${path.replace(/^\//, '')}: the penalty "${raw}" of ${id} is not a number from 0 to ${MAX_MEMORY_PENALTY}`,
        [{ path, message: `penalty must be a number from 0 to ${MAX_MEMORY_PENALTY}` }]);
    }
    return { id, penalty };
  });
}

/** Parses `x,y` (a query string's list of glossaries). */
export function parseGlossaryList(value: string, path = '/query/glossaries'): string[] {
  return value.split(',').map((part) => part.trim()).filter(Boolean).map((id) => requireCollectionId(id, path));
}

/** A memory or glossary as stored: what people name and label it, and who changed it when. */
export interface CollectionRecord {
  id: string;
  name: string;
  description: string;
  /** Free labels: client, subject field, project. */
  tags: string[];
  /** Writes to a read-only collection are refused (403). */
  readOnly: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

/** A collection to create. */
export interface NewCollection {
  id: string;
  name: string;
  description?: string;
  tags?: string[];
  readOnly?: boolean;
}

/** The fields of a collection a PATCH may change. */
export type CollectionChanges = Partial<Pick<CollectionRecord, 'name' | 'description' | 'tags' | 'readOnly'>>;
