/**
 * Choosing collections: which memories (or glossaries) a lookup, an export or a document reads,
 * in priority order, each memory with an optional penalty (issue 10: `memories: [{id, penalty}]`
 * in JSON, `a,b:5` in a query string). Pure, so the picker's rules are tested without a browser.
 *
 * Nothing chosen means "every collection the key reaches" and sends nothing, as the API's
 * default is exactly that; a choice is sent explicitly, in the order shown.
 */

/** One collection in a picker: its id, whether it is used, and its penalty as typed (memories only). */
export interface CollectionChoice {
  id: string;
  use: boolean;
  penalty: string;
}

/** A memory to read, as the API takes it. */
export interface MemoryRef {
  id: string;
  penalty?: number;
}

/** A scope as the API stores it: `["*"]` or a list of ids. */
export type ScopeList = readonly string[];

/** The choices for `ids`, none used, in the order given. */
export function initialChoices(ids: readonly string[]): CollectionChoice[] {
  return ids.map((id) => ({ id, use: false, penalty: '' }));
}

/** Keeps the user's choices for ids still listed (in the user's order), and appends new ids unused. */
export function syncChoices(current: readonly CollectionChoice[], ids: readonly string[]): CollectionChoice[] {
  const known = new Set(ids);
  const kept = current.filter((c) => known.has(c.id));
  const have = new Set(kept.map((c) => c.id));
  return [...kept, ...initialChoices(ids.filter((id) => !have.has(id)))];
}

/** The list with the choice at `index` moved `delta` places (clamped to the list). */
export function moveChoice(list: readonly CollectionChoice[], index: number, delta: number): CollectionChoice[] {
  const to = Math.max(0, Math.min(list.length - 1, index + delta));
  const out = [...list];
  const [item] = out.splice(index, 1);
  if (item) out.splice(to, 0, item);
  return out;
}

/** The memories to send, in priority order, with their penalties; undefined when none is chosen. */
export function chosenMemories(list: readonly CollectionChoice[]): MemoryRef[] | undefined {
  const used = list.filter((c) => c.use).map((c) => (c.penalty.trim() === '' || Number(c.penalty) === 0 ? { id: c.id } : { id: c.id, penalty: Number(c.penalty) }));
  return used.length ? used : undefined;
}

/** The glossaries (or memories, without penalties) to send, in order; undefined when none is chosen. */
export function chosenIds(list: readonly CollectionChoice[]): string[] | undefined {
  const used = list.filter((c) => c.use).map((c) => c.id);
  return used.length ? used : undefined;
}

/** Memories as a query string value: `a,b:5`; undefined for none. */
export function memoriesParam(refs: readonly MemoryRef[] | undefined): string | undefined {
  if (!refs?.length) return undefined;
  return refs.map((r) => (r.penalty ? `${r.id}:${r.penalty}` : r.id)).join(',');
}

/** True when a scope reaches collection `id`. */
export function inScope(scope: ScopeList, id: string): boolean {
  return scope.includes('*') || scope.includes(id);
}

/** A scope to send: `["*"]` for every collection, else the chosen ids (possibly none). */
export function scopeOf(all: boolean, list: readonly CollectionChoice[]): string[] {
  return all ? ['*'] : list.filter((c) => c.use).map((c) => c.id);
}
