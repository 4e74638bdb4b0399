/**
 * Documents: plain text in, segmented and stored with its sections (the articles of a newspaper
 * page); listed, read page by page, deleted.
 */
import type { Principal } from '../domain/auth/roles.js';
import type { DocumentMeta, DocumentRecord, SectionRecord, SegmentRecord } from '../domain/document/document.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
import { sectionsOf } from '../domain/text/sections.js';
import { segmentText } from '../domain/text/segment.js';
import type { DocumentReader, DocumentWriter } from '../store/types.js';
import { requirePair } from './languages.js';

/** Longest document name. */
const MAX_NAME_LENGTH = 200;

/** A text document to create. */
export interface TextDocumentInput {
  name: string;
  sourceLang: string;
  targetLang: string;
  text: string;
  meta?: DocumentMeta;
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

/** Creates and reads documents. */
export class DocumentService {
  constructor(private readonly store: DocumentReader & DocumentWriter) {}

  /** Segments `input.text` in its source language and stores it; segments start as `new`. */
  async createFromText(input: TextDocumentInput, by: Principal): Promise<DocumentRecord> {
    const name = input.name.trim();
    if (!name || name.length > MAX_NAME_LENGTH) {
      throw new ValidationError(`name must be 1 to ${MAX_NAME_LENGTH} characters`, [{ path: '/name', message: `must be 1 to ${MAX_NAME_LENGTH} characters` }]);
    }
    const { source, target } = requirePair(input.sourceLang, input.targetLang);
    if (input.text.trim() === '') throw new ValidationError('text is empty', [{ path: '/text', message: 'must contain text' }]);
    const segments = segmentText(input.text, source);
    if (segments.length === 0) throw new ValidationError('text has no segment to translate', [{ path: '/text', message: 'has no segment' }]);
    const sections = sectionsOf(segments).map(({ index, title }) => ({ index, title }));
    return this.store.createDocument(
      { name, sourceLang: source.tag, targetLang: target.tag, meta: { origin: 'text', ...input.meta }, sections },
      segments.map((s) => (s.section === undefined ? { source: s.text, target: null, state: 'new' } : { source: s.text, target: null, state: 'new', section: s.section })),
      by.name,
    );
  }

  list(): Promise<DocumentRecord[]> {
    return this.store.listDocuments();
  }

  async get(id: number): Promise<DocumentRecord> {
    const doc = await this.store.getDocument(id);
    if (!doc) throw new NotFoundError('document', id);
    return doc;
  }

  /** A page of segments of document `id`. */
  async page(id: number, offset: number, limit: number): Promise<SegmentPage> {
    const document = await this.get(id);
    return { document, sections: await this.store.listSections(id), segments: await this.store.listSegments(id, offset, limit), offset, limit };
  }

  async delete(id: number): Promise<void> {
    if (!(await this.store.deleteDocument(id))) throw new NotFoundError('document', id);
  }
}
