/**
 * Which glossaries a caller reaches, and in what order (issue 10, "Scoped keys").
 *
 * A glossary outside the key's scope does not exist for that key: naming it is a 404, as for an
 * unknown id, and it never contributes to lists, stats, searches, exports, recognition or QA. A
 * malformed id is a 400 naming it. Without a list, a caller gets every glossary its scope
 * reaches, in id order (a stable order that does not change with writes; a client that wants
 * priorities names them). Legacy single-entry routes (`/glossary/entries/{id}`) look an id up in
 * `default` first, then in that order.
 */
import { type Principal, inScope } from '../../domain/auth/roles.js';
import { DEFAULT_COLLECTION, requireCollectionId } from '../../domain/collections.js';
import { NotFoundError, ReadOnlyError } from '../../domain/errors.js';
import type { GlossaryRecord } from '../../store/types.js';
import type { TermbaseView } from './termbase-view.js';

/** The glossary `id` if the caller may read it: 400 for a malformed id, 404 for an unknown or out-of-scope one. */
export function readableGlossary(view: TermbaseView, principal: Principal, id: string, path = '/params/id'): GlossaryRecord {
  requireCollectionId(id, path);
  const g = view.glossary(id);
  if (!g || !inScope(principal.scope, 'glossaries', id)) throw new NotFoundError('glossary', id);
  return g;
}

/** The glossary `id` if the caller may write its entries: as readable, and 403 when it is read-only. */
export function writableGlossary(view: TermbaseView, principal: Principal, id: string, path = '/params/id'): GlossaryRecord {
  const g = readableGlossary(view, principal, id, path);
  if (g.readOnly) throw new ReadOnlyError('glossary', id);
  return g;
}

/** The glossaries to use, in priority order: the requested ones (each checked, repeats dropped) or all in scope. */
export function resolveGlossaries(view: TermbaseView, principal: Principal, requested?: readonly string[], path = '/glossaries'): string[] {
  if (requested === undefined) return view.glossaryIds().filter((id) => inScope(principal.scope, 'glossaries', id));
  const out: string[] = [];
  for (const id of requested) {
    readableGlossary(view, principal, id, path);
    if (!out.includes(id)) out.push(id);
  }
  return out;
}

/** Where a legacy single-entry route looks for an id: `default` first, then the rest of `glossaries`. */
export function legacyLookupOrder(glossaries: readonly string[]): string[] {
  return glossaries.includes(DEFAULT_COLLECTION) ? [DEFAULT_COLLECTION, ...glossaries.filter((g) => g !== DEFAULT_COLLECTION)] : [...glossaries];
}
