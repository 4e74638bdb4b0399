/** Documents and segments in SQLite. */
import type { CollectionKind } from '../../domain/auth/roles.js';
import type { DocumentRecord, NewDocument, ProjectSettings, SectionRecord, SegmentRecord } from '../../domain/document/document.js';
import { type DocumentRow, LEGACY_SETTINGS, type SectionRow, type SegmentRow, toDocument, toSection, toSegment, uses, without } from '../rows.js';
import type { DocumentReader, DocumentWriter, SegmentUpdate } from '../types.js';
import type { SqliteDb } from './database.js';
import { gateOf } from './write-gate.js';

/** SQLite adapter for {@link DocumentReader} and {@link DocumentWriter}. */
export class SqliteDocuments implements DocumentReader, DocumentWriter {
  private readonly stmts;

  /** Main-connection writes wait here while a worker commits (write-gate.ts). */
  private readonly gate: ReturnType<typeof gateOf>;

  constructor(private readonly db: SqliteDb) {
    this.gate = gateOf(db);
    this.stmts = {
      list: db.prepare<[], DocumentRow>('SELECT * FROM documents ORDER BY id'),
      get: db.prepare<[number], DocumentRow>('SELECT * FROM documents WHERE id = ?'),
      count: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM documents'),
      segments: db.prepare<[number, number, number], SegmentRow>(
        'SELECT idx, source, target, state, data, section FROM segments WHERE document_id = ? ORDER BY idx LIMIT ? OFFSET ?'),
      sections: db.prepare<[number], SectionRow>(
        `SELECT s.idx, s.title, min(g.idx) AS start_idx, max(g.idx) AS end_idx FROM document_sections s
         JOIN segments g ON g.document_id = s.document_id AND g.section = s.idx
         WHERE s.document_id = ? GROUP BY s.idx ORDER BY s.idx`),
      insertDoc: db.prepare(
        `INSERT INTO documents (name, source_lang, target_lang, created_at, created_by, segment_count, meta, settings)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      setSettings: db.prepare('UPDATE documents SET settings = ? WHERE id = ?'),
      insertSeg: db.prepare('INSERT INTO segments (document_id, idx, source, target, state, data, section) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      insertSection: db.prepare('INSERT INTO document_sections (document_id, idx, title) VALUES (?, ?, ?)'),
      updateSeg: db.prepare('UPDATE segments SET target = ?, state = ?, data = coalesce(?, data) WHERE document_id = ? AND idx = ?'),
      delete: db.prepare('DELETE FROM documents WHERE id = ?'),
    };
  }

  async listDocuments(): Promise<DocumentRecord[]> {
    return this.stmts.list.all().map(toDocument);
  }

  async getDocument(id: number): Promise<DocumentRecord | undefined> {
    const row = this.stmts.get.get(id);
    return row ? toDocument(row) : undefined;
  }

  async listSegments(documentId: number, offset: number, limit: number): Promise<SegmentRecord[]> {
    return this.stmts.segments.all(documentId, limit, offset).map(toSegment);
  }

  async listSections(documentId: number): Promise<SectionRecord[]> {
    return this.stmts.sections.all(documentId).map(toSection);
  }

  async countDocuments(): Promise<number> {
    return this.stmts.count.get()?.n ?? 0;
  }

  async createDocument(doc: NewDocument, segments: Omit<SegmentRecord, 'index'>[], createdBy: string): Promise<DocumentRecord> {
    const createdAt = new Date().toISOString();
    const id = await this.gate.write(this.db.transaction(() => {
      const info = this.stmts.insertDoc.run(doc.name, doc.sourceLang, doc.targetLang, createdAt, createdBy,
        segments.length, JSON.stringify(doc.meta ?? {}), JSON.stringify(doc.settings ?? LEGACY_SETTINGS));
      const docId = Number(info.lastInsertRowid);
      segments.forEach((s, i) => {
        this.stmts.insertSeg.run(docId, i, s.source, s.target, s.state, s.data ? JSON.stringify(s.data) : null, s.section ?? null);
      });
      for (const section of doc.sections ?? []) this.stmts.insertSection.run(docId, section.index, section.title);
      return docId;
    }));
    return (await this.getDocument(id)) as DocumentRecord;
  }

  async updateSegments(documentId: number, updates: SegmentUpdate[]): Promise<number> {
    return this.gate.write(this.db.transaction(() => {
      let changed = 0;
      for (const u of updates) {
        changed += this.stmts.updateSeg.run(u.target, u.state, u.data ? JSON.stringify(u.data) : null, documentId, u.index).changes;
      }
      return changed;
    }));
  }

  async deleteDocument(id: number): Promise<boolean> {
    return this.gate.write(() => this.stmts.delete.run(id).changes > 0);
  }

  async updateSettings(id: number, settings: ProjectSettings): Promise<boolean> {
    return this.gate.write(() => this.stmts.setSettings.run(JSON.stringify(settings), id).changes > 0);
  }

  async documentsUsing(kind: CollectionKind, id: string): Promise<{ id: number; name: string }[]> {
    return this.stmts.list.all().map(toDocument).filter((d) => uses(d.settings, kind, id)).map((d) => ({ id: d.id, name: d.name }));
  }

  async forgetCollection(kind: CollectionKind, id: string, fallbackMemory: string): Promise<void> {
    await this.gate.write(this.db.transaction(() => {
      for (const d of this.stmts.list.all().map(toDocument)) {
        if (uses(d.settings, kind, id)) this.stmts.setSettings.run(JSON.stringify(without(d.settings, kind, id, fallbackMemory)), d.id);
      }
    }));
  }
}
