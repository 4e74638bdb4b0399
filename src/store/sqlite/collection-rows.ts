/** The columns memories and glossaries share (issue 10), and the record they read into. */
import type { CollectionRecord } from '../../domain/collections.js';

/** A row of `memories` or `glossaries`, without the table's own columns (`read_only` is 0/1 in SQLite, a boolean in PostgreSQL). */
export interface CollectionRow {
  id: string;
  name: string;
  description: string;
  tags: string;
  read_only: number | boolean;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** The collection a row holds. */
export function collectionOf(r: CollectionRow): CollectionRecord {
  return {
    id: r.id, name: r.name, description: r.description, tags: JSON.parse(r.tags) as string[], readOnly: r.read_only === 1 || r.read_only === true,
    createdAt: r.created_at, createdBy: r.created_by, updatedAt: r.updated_at, updatedBy: r.updated_by,
  };
}
