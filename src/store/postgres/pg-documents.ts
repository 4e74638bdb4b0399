/** Documents and segments in PostgreSQL (the same rows as sqlite-documents.ts). */
import type { CollectionKind } from '../../domain/auth/roles.js';
import type { DocumentRecord, NewDocument, ProjectSettings, SectionRecord, SegmentRecord } from '../../domain/document/document.js';
import { type DocumentRow, LEGACY_SETTINGS, type SectionRow, type SegmentRow, toDocument, toSection, toSegment, uses, without } from '../rows.js';
import type { DocumentReader, DocumentWriter, SegmentUpdate } from '../types.js';
import type { PgDb } from './pg-db.js';

/** Segments inserted per statement (PostgreSQL binds at most 65,535 parameters; seven per row). */
const SEGMENTS_PER_INSERT = 5_000;

/** PostgreSQL adapter for {@link DocumentReader} and {@link DocumentWriter}. */
export class PgDocuments implements DocumentReader, DocumentWriter {
  constructor(private readonly db: PgDb) {}

  async listDocuments(): Promise<DocumentRecord[]> {
    return (await this.db.sql<DocumentRow[]>`SELECT * FROM documents ORDER BY id`).map(toDocument);
  }

  async getDocument(id: number): Promise<DocumentRecord | undefined> {
    const [row] = await this.db.sql<DocumentRow[]>`SELECT * FROM documents WHERE id = ${id}`;
    return row ? toDocument(row) : undefined;
  }

  async listSegments(documentId: number, offset: number, limit: number): Promise<SegmentRecord[]> {
    return (await this.db.sql<SegmentRow[]>`SELECT idx, source, target, state, data, section FROM segments WHERE document_id = ${documentId}
      ORDER BY idx LIMIT ${limit} OFFSET ${offset}`).map(toSegment);
  }

  async listSections(documentId: number): Promise<SectionRecord[]> {
    return (await this.db.sql<SectionRow[]>`SELECT s.idx, s.title, min(g.idx) AS start_idx, max(g.idx) AS end_idx FROM document_sections s
      JOIN segments g ON g.document_id = s.document_id AND g.section = s.idx
      WHERE s.document_id = ${documentId} GROUP BY s.idx, s.title ORDER BY s.idx`).map(toSection);
  }

  async countDocuments(): Promise<number> {
    const [row] = await this.db.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM documents`;
    return row?.n ?? 0;
  }

  async createDocument(doc: NewDocument, segments: Omit<SegmentRecord, 'index'>[], createdBy: string): Promise<DocumentRecord> {
    return this.db.write(async (tx) => {
      const [row] = await tx<DocumentRow[]>`INSERT INTO documents (name, source_lang, target_lang, created_at, created_by, segment_count, meta, settings)
        VALUES (${doc.name}, ${doc.sourceLang}, ${doc.targetLang}, ${new Date().toISOString()}, ${createdBy}, ${segments.length},
          ${JSON.stringify(doc.meta ?? {})}, ${JSON.stringify(doc.settings ?? LEGACY_SETTINGS)}) RETURNING *`;
      const id = (row as DocumentRow).id;
      for (let i = 0; i < segments.length; i += SEGMENTS_PER_INSERT) {
        const rows = segments.slice(i, i + SEGMENTS_PER_INSERT).map((s, j) => ({
          document_id: id, idx: i + j, source: s.source, target: s.target, state: s.state, data: s.data ? JSON.stringify(s.data) : null,
          section: s.section ?? null,
        }));
        await tx`INSERT INTO segments ${tx(rows, 'document_id', 'idx', 'source', 'target', 'state', 'data', 'section')}`;
      }
      const sections = (doc.sections ?? []).map((x) => ({ document_id: id, idx: x.index, title: x.title }));
      if (sections.length) await tx`INSERT INTO document_sections ${tx(sections, 'document_id', 'idx', 'title')}`;
      return { result: toDocument(row as DocumentRow), change: { kind: 'documents' } };
    });
  }

  async updateSegments(documentId: number, updates: SegmentUpdate[]): Promise<number> {
    return this.db.write(async (tx) => {
      let changed = 0;
      for (const u of updates) {
        changed += (await tx`UPDATE segments SET target = ${u.target}, state = ${u.state}, data = coalesce(${u.data ? JSON.stringify(u.data) : null}, data)
          WHERE document_id = ${documentId} AND idx = ${u.index}`).count;
      }
      return { result: changed, change: changed ? { kind: 'documents' } : undefined };
    });
  }

  async deleteDocument(id: number): Promise<boolean> {
    return this.db.write(async (tx) => {
      const gone = (await tx`DELETE FROM documents WHERE id = ${id}`).count > 0;
      return { result: gone, change: gone ? { kind: 'documents' } : undefined };
    });
  }

  async updateSettings(id: number, settings: ProjectSettings): Promise<boolean> {
    return this.db.write(async (tx) => {
      const done = (await tx`UPDATE documents SET settings = ${JSON.stringify(settings)} WHERE id = ${id}`).count > 0;
      return { result: done, change: done ? { kind: 'documents' } : undefined };
    });
  }

  async documentsUsing(kind: CollectionKind, id: string): Promise<{ id: number; name: string }[]> {
    return (await this.listDocuments()).filter((d) => uses(d.settings, kind, id)).map((d) => ({ id: d.id, name: d.name }));
  }

  async forgetCollection(kind: CollectionKind, id: string, fallbackMemory: string): Promise<void> {
    await this.db.write(async (tx) => {
      let changed = false;
      for (const d of (await tx<DocumentRow[]>`SELECT * FROM documents ORDER BY id FOR UPDATE`).map(toDocument)) {
        if (!uses(d.settings, kind, id)) continue;
        await tx`UPDATE documents SET settings = ${JSON.stringify(without(d.settings, kind, id, fallbackMemory))} WHERE id = ${d.id}`;
        changed = true;
      }
      return { result: undefined, change: changed ? { kind: 'documents' } : undefined };
    });
  }
}
