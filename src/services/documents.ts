/** Documents: plain text in, segmented and stored; listed, read page by page, deleted. */
import type { Principal } from '../domain/auth/roles.js';
import type { DocumentMeta, DocumentRecord, SegmentRecord } from '../domain/document/document.js';
import { NotFoundError, ValidationError } from '../domain/errors.js';
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

/** One page of a document's segments. */
export interface SegmentPage {
  document: DocumentRecord;
  segments: SegmentRecord[];
  offset: number;
  limit: number;
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
    return this.store.createDocument(
      { name, sourceLang: source.tag, targetLang: target.tag, meta: { origin: 'text', ...input.meta } },
      segments.map((s) => ({ source: s.text, target: null, state: 'new' })),
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
    return { document, segments: await this.store.listSegments(id, offset, limit), offset, limit };
  }

  async delete(id: number): Promise<void> {
    if (!(await this.store.deleteDocument(id))) throw new NotFoundError('document', id);
  }
}
