/**
 * Documents: plain text in, segmented and stored with its sections (the articles of a newspaper
 * page); listed, read page by page, deleted; and their
 * project settings (issue 10): the memories their lookups read (priority order, penalties), the
 * memory their confirmed translations go to, and their glossaries.
 *
 * A document is visible to the keys that can read its write memory. Settings name collections
 * that existed and were in the creator's scope; when a caller's scope reaches only some of the
 * memories a document reads, the others do not exist for that caller and are left out (an
 * explicit list in a request is strict instead: an unknown or out-of-scope id is a 404).
 */
import { inScope, type Principal } from '../domain/auth/roles.js';
import { DEFAULT_COLLECTION, type MemoryRef } from '../domain/collections.js';
import type { DocumentMeta, DocumentRecord, ProjectSettings, SectionRecord, SegmentRecord } from '../domain/document/document.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { sectionsOf } from '../domain/text/sections.js';
import { segmentText } from '../domain/text/segment.js';
import type { DocumentReader, DocumentWriter } from '../store/types.js';
import { requirePair } from './languages.js';
import type { GlossaryService } from './glossary/glossary.js';
import type { MemoryService, ReadMemory } from './tm/memories.js';

/** Longest document name. */
const MAX_NAME_LENGTH = 200;

/** A text document to create. */
export interface TextDocumentInput {
  name: string;
  sourceLang: string;
  targetLang: string;
  text: string;
  meta?: DocumentMeta;
  settings?: Partial<ProjectSettings>;
}

/** One page of a document's segments, with the document's sections. */
export interface SegmentPage {
  document: DocumentRecord;
  sections: SectionRecord[];
  segments: SegmentRecord[];
  offset: number;
  limit: number;
}

/** Section `section` of document `documentId`; 404 when the document has no such section. */
export async function findSection(store: DocumentReader, documentId: number, section: number): Promise<SectionRecord> {
  const found = (await store.listSections(documentId)).find((s) => s.index === section);
  if (!found) throw new NotFoundError(`document ${documentId} section`, section);
  return found;
}

/** Creates and reads documents, and resolves their project settings for a caller. */
export class DocumentService {
  /** `glossaries` resolves glossary lists for a caller; without it any well-formed id passes (seeding). */
  constructor(private readonly store: DocumentReader & DocumentWriter, private readonly memories: MemoryService,
    private readonly glossaryScope?: Pick<GlossaryService, 'resolveGlossaries'>) {}

  /**
   * Settings as given (each memory and glossary readable, the write memory writable by `by`),
   * filled with the defaults: every memory, `default` to write, every glossary.
   */
  async checkSettings(input: Partial<ProjectSettings> | undefined, by: Principal): Promise<ProjectSettings> {
    const out: ProjectSettings = { writeMemory: await this.memories.writable(by, input?.writeMemory ?? DEFAULT_COLLECTION) };
    if (input?.memories) out.memories = (await this.memories.readable(by, input.memories, '/settings/memories')).map(({ id, penalty }) => (penalty ? { id, penalty } : { id }));
    if (input?.glossaries) out.glossaries = this.glossaryScope ? this.glossaryScope.resolveGlossaries(by, input.glossaries, '/settings/glossaries') : [...input.glossaries];
    return out;
  }

  /** Segments `input.text` in its source language and stores it; segments start as `new`. */
  async createFromText(input: TextDocumentInput, by: Principal): Promise<DocumentRecord> {
    const name = input.name.trim();
    if (!name || name.length > MAX_NAME_LENGTH) {
      throw new ValidationError(`name must be 1 to ${MAX_NAME_LENGTH} characters`, [{ path: '/name', message: `must be 1 to ${MAX_NAME_LENGTH} characters` }]);
    }
    const { source, target } = requirePair(input.sourceLang, input.targetLang);
    if (input.text.trim() === '') throw new ValidationError('text is empty', [{ path: '/text', message: 'must contain text' }]);
    const settings = await this.checkSettings(input.settings, by);
    const segments = segmentText(input.text, source);
    if (segments.length === 0) throw new ValidationError('text has no segment to translate', [{ path: '/text', message: 'has no segment' }]);
    const sections = sectionsOf(segments).map(({ index, title }) => ({ index, title }));
    return this.store.createDocument(
      { name, sourceLang: source.tag, targetLang: target.tag, meta: { origin: 'text', ...input.meta }, settings, sections },
      segments.map((s) => (s.section === undefined ? { source: s.text, target: null, state: 'new' } : { source: s.text, target: null, state: 'new', section: s.section })),
      by.name,
    );
  }

  /** The documents the principal can see. */
  async list(principal: Principal): Promise<DocumentRecord[]> {
    return (await this.store.listDocuments()).filter((d) => inScope(principal.scope, 'memories', d.settings.writeMemory));
  }

  /** Document `id` if the principal can see it; else 404. */
  async get(id: number, principal: Principal): Promise<DocumentRecord> {
    const doc = await this.store.getDocument(id);
    if (!doc || !inScope(principal.scope, 'memories', doc.settings.writeMemory)) throw new NotFoundError('document', id);
    return doc;
  }

  /** A page of segments of document `id`. */
  async page(id: number, offset: number, limit: number, principal: Principal): Promise<SegmentPage> {
    const document = await this.get(id, principal);
    return { document, sections: await this.store.listSections(id), segments: await this.store.listSegments(id, offset, limit), offset, limit };
  }

  /** Replaces the project settings of document `id`. */
  async updateSettings(id: number, input: Partial<ProjectSettings>, principal: Principal): Promise<DocumentRecord> {
    await this.get(id, principal);
    await this.store.updateSettings(id, await this.checkSettings(input, principal));
    return this.get(id, principal);
  }

  async delete(id: number, principal: Principal): Promise<void> {
    await this.get(id, principal);
    if (!(await this.store.deleteDocument(id))) throw new NotFoundError('document', id);
  }

  /**
   * The memories a lookup for this document reads: `requested` when given (strict), else the
   * document's list (those the caller cannot see left out), else every memory the caller reads.
   */
  async readMemories(doc: DocumentRecord, principal: Principal, requested?: readonly MemoryRef[]): Promise<ReadMemory[]> {
    if (requested) return this.memories.readable(principal, requested, '/query/memories');
    const all = await this.memories.readable(principal);
    if (!doc.settings.memories) return all;
    const visible = new Set(all.map((m) => m.id));
    return doc.settings.memories.filter((m) => visible.has(m.id)).map((m) => ({ id: m.id, penalty: m.penalty ?? 0 }));
  }

  /** The memory a document's confirmed translations go to: `requested`, else its settings' write memory (writable by the caller). */
  writeMemory(doc: DocumentRecord, principal: Principal, requested?: string): Promise<string> {
    return this.memories.writable(principal, requested ?? doc.settings.writeMemory);
  }

  /**
   * The glossaries a document's terms and QA come from, in priority order: `requested` when
   * given (strict), else its settings' list (those the caller cannot see, or deleted since, left
   * out), else every glossary the caller reads; undefined only without a glossary resolver.
   */
  glossaries(doc: DocumentRecord, principal: Principal, requested?: readonly string[]): readonly string[] | undefined {
    if (!this.glossaryScope) return requested ?? doc.settings.glossaries;
    if (requested) return this.glossaryScope.resolveGlossaries(principal, requested, '/query/glossaries');
    const all = this.glossaryScope.resolveGlossaries(principal);
    if (!doc.settings.glossaries) return all;
    const visible = new Set(all);
    return doc.settings.glossaries.filter((g) => visible.has(g));
  }
}
