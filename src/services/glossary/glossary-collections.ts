/**
 * Glossaries as collections (issue 10): create, read with stats, change settings, delete.
 *
 * A glossary has an `id` (a collection slug), a `name`, a `description`, free `tags`, `readOnly`
 * and bookkeeping; read, it also has `stats` (entries, terms per language, last write), with the
 * same field names a memory uses (units per language pair instead of terms per language).
 * Admins manage glossaries (the routes' role); scope applies here as everywhere.
 *
 * Deleting: `default` cannot be deleted (writes without a named glossary go there); a read-only
 * glossary must be made writable first (403); a glossary a document uses is a 409 naming the
 * documents unless `force` (documents belong to the document service, which passes `usedBy`).
 */
import type { Principal } from '../../domain/auth/roles.js';
import { DEFAULT_COLLECTION, requireCollectionId } from '../../domain/collections.js';
import { ConflictError, ReadOnlyError, ValidationError, type FieldError } from '../../domain/errors.js';
import type { GlossaryRecord, TermbaseReader, TermbaseWriter } from '../../store/types.js';
import { type GlossaryStats, TermbaseView } from './termbase-view.js';
import { readableGlossary, resolveGlossaries } from './glossary-scope.js';

/** Longest glossary name. */
export const MAX_GLOSSARY_NAME = 200;
/** Longest description: a paragraph. */
export const MAX_GLOSSARY_DESCRIPTION = 4000;
/** Most tags on a glossary, and the longest tag: labels, not documents. */
export const MAX_GLOSSARY_TAGS = 50;
export const MAX_TAG_LENGTH = 64;

/** A glossary as the API shows it. */
export interface GlossaryInfo extends Omit<GlossaryRecord, 'lastWriteAt'> {
  stats: GlossaryStats;
}

/** A new glossary's settings. */
export interface GlossaryInput {
  id: string;
  name: string;
  description?: string;
  tags?: string[];
  readOnly?: boolean;
}

/** Changed settings. */
export type GlossaryChanges = Partial<Omit<GlossaryInput, 'id'>>;

/** Documents that use a glossary (their project settings name it). */
export type GlossaryUsers = (glossaryId: string) => Promise<{ id: number; name: string }[]>;

/** Called after a glossary is deleted (to take it out of documents' settings and keys' scopes). */
export type GlossaryDeleted = (glossaryId: string) => Promise<void>;

function oneLine(value: string | undefined, path: string, max: number, errors: FieldError[], required: boolean): string | undefined {
  if (value === undefined) {
    if (required) errors.push({ path, message: 'is required' });
    return undefined;
  }
  const t = value.trim();
  if (required && t === '') errors.push({ path, message: 'must not be blank' });
  else if ([...t].length > max) errors.push({ path, message: `must be at most ${max} characters` });
  return t;
}

function checkChanges(c: GlossaryChanges, errors: FieldError[], creating: boolean): GlossaryChanges {
  const out: GlossaryChanges = {};
  const name = oneLine(c.name, '/name', MAX_GLOSSARY_NAME, errors, creating || c.name !== undefined);
  if (name !== undefined) out.name = name;
  const description = c.description === undefined ? undefined : c.description.trim();
  if (description !== undefined && [...description].length > MAX_GLOSSARY_DESCRIPTION) errors.push({ path: '/description', message: `must be at most ${MAX_GLOSSARY_DESCRIPTION} characters` });
  if (description !== undefined) out.description = description;
  if (c.tags !== undefined) {
    const tags = [...new Set(c.tags.map((t) => t.trim()))];
    if (tags.length > MAX_GLOSSARY_TAGS) errors.push({ path: '/tags', message: `must have at most ${MAX_GLOSSARY_TAGS} tags` });
    tags.forEach((t, i) => {
      if (t === '' || [...t].length > MAX_TAG_LENGTH || /[\r\n\t]/.test(t)) errors.push({ path: `/tags/${i}`, message: `must be one line of 1 to ${MAX_TAG_LENGTH} characters` });
    });
    out.tags = tags;
  }
  if (c.readOnly !== undefined) out.readOnly = c.readOnly;
  return out;
}

function throwIf(errors: FieldError[]): void {
  const [first] = errors;
  if (first) throw new ValidationError(`the glossary is invalid: ${first.path}: ${first.message}`, errors);
}

/** Create, read, change and delete glossaries. */
export class GlossaryCollections {
  constructor(
    private readonly store: TermbaseReader & TermbaseWriter,
    private readonly view: TermbaseView,
    private readonly usedBy: GlossaryUsers,
    private readonly now: () => Date,
    private readonly onDeleted: GlossaryDeleted = async () => undefined,
  ) {}

  private info(g: GlossaryRecord): GlossaryInfo {
    const { lastWriteAt: _last, ...settings } = g;
    return { ...settings, stats: this.view.stats(g.id) };
  }

  /** Every glossary in the caller's scope, in id order. */
  list(principal: Principal): GlossaryInfo[] {
    return resolveGlossaries(this.view, principal).map((id) => this.info(this.view.glossary(id) as GlossaryRecord));
  }

  /** One glossary with its stats. */
  get(principal: Principal, id: string): GlossaryInfo {
    return this.info(readableGlossary(this.view, principal, id));
  }

  /** Creates a glossary (409 when the id is taken). */
  async create(principal: Principal, input: GlossaryInput): Promise<GlossaryInfo> {
    const errors: FieldError[] = [];
    try {
      requireCollectionId(input.id, '/id');
    } catch (err) {
      errors.push(...(err as ValidationError).errors);
    }
    const c = checkChanges(input, errors, true);
    throwIf(errors);
    const at = this.now().toISOString();
    const record: GlossaryRecord = {
      id: input.id, name: c.name as string, description: c.description ?? '', tags: c.tags ?? [], readOnly: c.readOnly ?? false,
      createdAt: at, createdBy: principal.name, updatedAt: at, updatedBy: principal.name, lastWriteAt: null,
    };
    await this.store.createGlossary(record);
    this.view.setGlossary(record);
    return this.info(record);
  }

  /** Changes settings of a glossary. */
  async update(principal: Principal, id: string, changes: GlossaryChanges): Promise<GlossaryInfo> {
    readableGlossary(this.view, principal, id);
    const errors: FieldError[] = [];
    const c = checkChanges(changes, errors, false);
    throwIf(errors);
    const updated = await this.store.updateGlossary(id, { ...c, updatedAt: this.now().toISOString(), updatedBy: principal.name });
    if (!updated) throw new ConflictError(`glossary "${id}" was deleted meanwhile`, { glossary: id });
    this.view.setGlossary(updated);
    return this.info(updated);
  }

  /** Deletes a glossary with its entries (see the module header for what refuses). */
  async delete(principal: Principal, id: string, force: boolean): Promise<void> {
    const g = readableGlossary(this.view, principal, id);
    if (id === DEFAULT_COLLECTION) throw new ConflictError('the glossary "default" receives the writes that name no glossary; it cannot be deleted', { glossary: id });
    if (g.readOnly) throw new ReadOnlyError('glossary', id);
    const documents = await this.usedBy(id);
    if (documents.length > 0 && !force) {
      throw new ConflictError(`glossary "${id}" is used by ${documents.length === 1 ? 'document' : 'documents'} ${documents.map((d) => `${d.id} "${d.name}"`).join(', ')}; `
        + 'change their settings, or delete with force=true', { glossary: id, documents });
    }
    this.view.dropGlossary(id);
    await this.store.deleteGlossary(id);
    await this.onDeleted(id);
  }
}
