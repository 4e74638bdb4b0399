/**
 * Rows of the term base in SQLite, and the one function every entry write goes through (API
 * writes, imports, restores), so that an entry, its term index, its Chinese keys, its search
 * tokens and its history always change together, inside the caller's transaction.
 *
 * Tables (migration 3 in database.ts):
 * - `term_entries`: one row per entry (`rid` is also its full-text row id); languages as JSON, and
 *   the folded keys of the terms of languages written without spaces (what recognition walks).
 * - `term_index`: one row per term (language tag, status, `chineseKey` of the term): filters by
 *   language and status, and "a term equals the query" in searches.
 * - `term_zh_keys`: the 409 rule as a primary key: a Chinese key stands in one entry of a glossary.
 * - `term_search`: FTS5, contentless, tokens from search-tokens.ts joined by spaces (the `ascii`
 *   tokenizer splits on them and leaves non-ASCII characters alone); its rowid is the entry's.
 * - `term_history`: every version; `seq` orders all writes (a change log).
 */
import { ConflictError, NotFoundError, PreconditionFailedError } from '../../domain/errors.js';
import { type EntryChange, type EntryTerms, type HistoryRecord, type TermEntry, contentOf } from '../../domain/termbase/entry.js';
import { primaryLanguage } from '../../domain/termbase/recognizer.js';
import { entryTokens } from '../../domain/termbase/search-tokens.js';
import { chineseKey } from '../../domain/termbase/term-keys.js';
import { characterScored } from '../../domain/termbase/entry-rules.js';
import type { EntryWrite } from '../types.js';
import type { SqliteDb } from './database.js';

/** A `term_entries` row. */
export interface EntryRow {
  rid: number;
  glossary: string;
  id: string;
  version: number;
  subject_field: string | null;
  definition: string | null;
  note: string | null;
  source: string | null;
  languages: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

/** A `term_history` row. */
export interface HistoryRow {
  entry_id: string;
  version: number;
  action: HistoryRecord['action'];
  by_name: string;
  at: string;
  changes: string;
}

/** The entry a row holds, fields in the documented order. */
export function entryOf(r: EntryRow): TermEntry {
  const content = contentOf({
    ...(r.subject_field === null ? {} : { subjectField: r.subject_field }),
    ...(r.definition === null ? {} : { definition: r.definition }),
    ...(r.note === null ? {} : { note: r.note }),
    ...(r.source === null ? {} : { source: r.source }),
    languages: JSON.parse(r.languages) as TermEntry['languages'],
  });
  return { id: r.id, glossary: r.glossary, ...content, createdAt: r.created_at, createdBy: r.created_by, updatedAt: r.updated_at, updatedBy: r.updated_by, version: r.version };
}

/** The history record a row holds. */
export function historyOf(r: HistoryRow): HistoryRecord {
  return { entryId: r.entry_id, version: r.version, action: r.action, by: r.by_name, at: r.at, changes: JSON.parse(r.changes) as HistoryRecord['changes'] };
}

/** What an entry's terms are indexed as. */
export function termsOf(entry: EntryTerms): { lang: string; status: string; term: string; key: string }[] {
  return Object.entries(entry.languages).flatMap(([lang, terms]) => terms.map((t) => ({ lang, status: t.status, term: t.term, key: chineseKey(t.term) })));
}

/** The keys recognition walks for the sections written without spaces (EntryTerms.chineseKeys), or null. */
export function chineseKeysOf(entry: EntryTerms): string | null {
  const out: Record<string, string[]> = {};
  for (const [lang, terms] of Object.entries(entry.languages)) {
    if (characterScored(lang)) out[lang] = terms.map((t) => chineseKey(t.term));
  }
  return Object.keys(out).length ? JSON.stringify(out) : null;
}

/** Prepared statements of the term-base writes, per connection. */
export class EntryRows {
  private readonly s;

  constructor(db: SqliteDb) {
    this.s = {
      current: db.prepare<[string, string], { rid: number; version: number }>('SELECT rid, version FROM term_entries WHERE glossary = ? AND id = ?'),
      insert: db.prepare(`INSERT INTO term_entries (glossary, id, version, subject_field, definition, note, source, languages, chinese_keys, created_at, created_by, updated_at, updated_by)
        VALUES (@glossary, @id, @version, @subjectField, @definition, @note, @source, @languages, @chineseKeys, @createdAt, @createdBy, @updatedAt, @updatedBy)`),
      update: db.prepare(`UPDATE term_entries SET version = @version, subject_field = @subjectField, definition = @definition, note = @note, source = @source,
        languages = @languages, chinese_keys = @chineseKeys, created_at = @createdAt, created_by = @createdBy, updated_at = @updatedAt, updated_by = @updatedBy WHERE rid = @rid`),
      deleteEntry: db.prepare('DELETE FROM term_entries WHERE rid = ?'),
      deleteTerms: db.prepare('DELETE FROM term_index WHERE rid = ?'),
      deleteZh: db.prepare('DELETE FROM term_zh_keys WHERE rid = ?'),
      deleteSearch: db.prepare('DELETE FROM term_search WHERE rowid = ?'),
      insertTerm: db.prepare('INSERT INTO term_index (rid, lang, status, key) VALUES (?, ?, ?, ?)'),
      insertZh: db.prepare('INSERT INTO term_zh_keys (glossary, key, rid) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      zhOwner: db.prepare<[string, string], { rid: number; id: string }>('SELECT k.rid, e.id FROM term_zh_keys k JOIN term_entries e ON e.rid = k.rid WHERE k.glossary = ? AND k.key = ?'),
      insertSearch: db.prepare('INSERT INTO term_search (rowid, term, definition, note, context) VALUES (?, ?, ?, ?, ?)'),
      insertHistory: db.prepare('INSERT INTO term_history (glossary, entry_id, version, action, by_name, at, changes) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      historyVersion: db.prepare<[string, string, number], { n: number }>('SELECT 1 AS n FROM term_history WHERE glossary = ? AND entry_id = ? AND version = ?'),
      touch: db.prepare('UPDATE glossaries SET last_write_at = ? WHERE id = ?'),
      glossary: db.prepare<[string], { n: number }>('SELECT 1 AS n FROM glossaries WHERE id = ? AND deleting = 0'),
    };
  }

  /** Throws NotFoundError unless the glossary exists (and is not being deleted). */
  requireGlossary(glossary: string): void {
    if (!this.s.glossary.get(glossary)) throw new NotFoundError('glossary', glossary);
  }

  /** Records that the glossary was written at `at`. */
  touch(glossary: string, at: string): void {
    this.s.touch.run(at, glossary);
  }

  /** Appends a history record as given. */
  insertHistory(glossary: string, h: HistoryRecord): void {
    if (this.s.historyVersion.get(glossary, h.entryId, h.version)) {
      throw new ConflictError(`entry "${h.entryId}" already had a version ${h.version}`, { entryId: h.entryId });
    }
    this.s.insertHistory.run(glossary, h.entryId, h.version, h.action, h.by, h.at, JSON.stringify(h.changes));
  }

  /** Writes `entry` (new, or over the row `rid`) with its index rows; ConflictError when a Chinese key is another entry's. */
  putEntry(entry: TermEntry, rid?: number): number {
    const row = {
      glossary: entry.glossary, id: entry.id, version: entry.version, subjectField: entry.subjectField ?? null, definition: entry.definition ?? null,
      note: entry.note ?? null, source: entry.source ?? null, languages: JSON.stringify(entry.languages), chineseKeys: chineseKeysOf(entry),
      createdAt: entry.createdAt, createdBy: entry.createdBy, updatedAt: entry.updatedAt, updatedBy: entry.updatedBy,
    };
    if (rid === undefined) rid = Number(this.s.insert.run(row).lastInsertRowid);
    else {
      this.s.update.run({ ...row, rid });
      this.clearIndex(rid);
    }
    for (const t of termsOf(entry)) {
      this.s.insertTerm.run(rid, t.lang, t.status, t.key);
      if (primaryLanguage(t.lang) !== 'zh') continue;
      if (this.s.insertZh.run(entry.glossary, t.key, rid).changes === 0) {
        const owner = this.s.zhOwner.get(entry.glossary, t.key);
        if (owner && owner.rid !== rid) throw new ConflictError(`the Chinese term "${t.term}" already stands in entry "${owner.id}"`, { entryId: owner.id, term: t.term });
      }
    }
    const tokens = entryTokens(entry);
    this.s.insertSearch.run(rid, tokens.term.join(' '), tokens.definition.join(' '), tokens.note.join(' '), tokens.context.join(' '));
    return rid;
  }

  private clearIndex(rid: number): void {
    this.s.deleteTerms.run(rid);
    this.s.deleteZh.run(rid);
    this.s.deleteSearch.run(rid);
  }

  /** Applies one write with its precondition (see EntryWrite) inside the caller's transaction. */
  apply(glossary: string, w: EntryWrite): EntryChange {
    const id = w.op === 'put' ? w.entry.id : w.id;
    const current = this.s.current.get(glossary, id);
    const expected = w.expectedVersion;
    if (expected === null) {
      if (current) throw new ConflictError(`entry "${id}" already exists`, { entryId: id });
    } else if (!current) {
      throw new NotFoundError('entry', id);
    } else if (current.version !== expected) {
      throw new PreconditionFailedError(`entry "${id}" is at version ${current.version}, not ${expected}`, current.version);
    }
    this.insertHistory(glossary, w.history);
    this.touch(glossary, w.history.at);
    if (w.op === 'put') {
      this.putEntry({ ...w.entry, glossary }, current?.rid);
      return { kind: 'put', entry: { glossary, id, languages: w.entry.languages } };
    }
    this.clearIndex((current as { rid: number }).rid);
    this.s.deleteEntry.run((current as { rid: number }).rid);
    return { kind: 'delete', glossary, id };
  }
}
