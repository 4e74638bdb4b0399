/**
 * Listing and full-text search of term entries in SQLite (FTS5 over the tokens of
 * search-tokens.ts), with filters and keyset paging.
 *
 * Order: without a query, by id, and among equal ids by glossary priority. With a query, every
 * token must match (in any field); entries come in three tiers: a term equal to the whole query
 * (folded: `魯班工坊` = `鲁班工坊`), then entries with every token in one of their terms, then
 * entries matching elsewhere (definitions, notes, contexts); within a tier by id, then glossary.
 *
 * Why tiers and not BM25: measured on 100,000 synthetic concepts (bench/synthetic-termbase.ts,
 * 300 queries: Chinese terms and parts of them, English words and terms), FTS5's bm25() ranking
 * every hit cost 40 ms at p95 (61 ms ranking them all, for the total), because it reads every
 * hit's statistics, while finding the hits cost 2.9 ms; the tiers need two such lookups and an
 * index probe. The old lunr index ranked by BM25 but had to be rebuilt after every write. A term
 * base lists hits by term and field as CAT tools do (memoQ and MultiTerm list them alphabetically).
 *
 * The search table holds every glossary; hits outside the glossaries asked for are dropped when
 * their ids are read. (Naming the glossary inside FTS5, as a token column, cost 2 ms more per
 * query at 100k entries in one glossary; a search of a small glossary beside a large one pays
 * instead for the large one's hits.)
 */
import type { TermEntry } from '../../domain/termbase/entry.js';
import { exactSearchKey, queryTokens } from '../../domain/termbase/search-tokens.js';
import type { EntryKeyset, EntryListPage, EntryListQuery } from '../types.js';
import type { SqliteDb } from './database.js';
import { type EntryRow, entryOf } from './sqlite-termbase-rows.js';

/** SQL for the filters of a query over `term_entries e`, with its parameters. */
function filters(q: EntryListQuery): { sql: string; params: unknown[] } {
  const parts = [`e.glossary IN (${q.glossaries.map(() => '?').join(', ')})`];
  const params: unknown[] = [...q.glossaries];
  if (q.subjectField !== undefined) {
    parts.push('lower(e.subject_field) = ?');
    params.push(q.subjectField.toLowerCase());
  }
  if (q.lang !== undefined || q.status !== undefined) {
    const term: string[] = [];
    if (q.lang !== undefined) {
      term.push("(t.lang = ? OR t.lang LIKE ? || '-%')");
      params.push(q.lang, q.lang);
    }
    if (q.status !== undefined) {
      term.push('t.status = ?');
      params.push(q.status);
    }
    parts.push(`EXISTS (SELECT 1 FROM term_index t WHERE t.rid = e.rid AND ${term.join(' AND ')})`);
  }
  return { sql: parts.join(' AND '), params };
}

function compareKeys(a: EntryKeyset, b: EntryKeyset): number {
  return a.tier - b.tier || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.rank - b.rank;
}

interface Hit extends EntryKeyset {
  rid: number;
}

/** Lists and searches entries (see the module header). */
export class EntryLister {
  constructor(private readonly db: SqliteDb) {}

  /** One page of `q`. */
  list(q: EntryListQuery): EntryListPage {
    if (q.glossaries.length === 0) return { entries: [], total: 0, next: null };
    const text = q.q?.trim();
    return text ? this.search(q, text) : this.browse(q);
  }

  private rankSql(q: EntryListQuery): string {
    return `CASE e.glossary ${q.glossaries.map((_, i) => `WHEN ? THEN ${i}`).join(' ')} END`;
  }

  private browse(q: EntryListQuery): EntryListPage {
    const f = filters(q);
    const total = (this.db.prepare(`SELECT count(*) AS n FROM term_entries e WHERE ${f.sql}`).get(...f.params) as { n: number }).n;
    const rank = this.rankSql(q);
    const after = q.after ? `AND (e.id > ? OR (e.id = ? AND ${rank} > ?))` : '';
    const afterParams = q.after ? [q.after.id, q.after.id, ...q.glossaries, q.after.rank] : [];
    const rows = this.db.prepare(`SELECT e.*, ${rank} AS rank FROM term_entries e WHERE ${f.sql} ${after} ORDER BY e.id, rank LIMIT ?`)
      .all(...q.glossaries, ...f.params, ...afterParams, q.limit + 1) as (EntryRow & { rank: number })[];
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { entries: page.map(entryOf), total, next: rows.length > q.limit && last ? { tier: 0, id: last.id, rank: last.rank } : null };
  }

  private search(q: EntryListQuery, text: string): EntryListPage {
    const tokens = queryTokens(text);
    if (tokens.length === 0) return { entries: [], total: 0, next: null };
    const all = tokens.map((t) => `"${t}"`).join(' AND ');
    const f = filters(q);
    const rank = this.rankSql(q);
    // The hits' ids from a narrow index on (rid, glossary, id), probed in rid order: reading the
    // entries' rows instead, or letting the planner scan the glossary, took 3 times as long.
    const found = this.db.prepare(`SELECT e.rid, e.id, ${rank} AS rank FROM term_entries e INDEXED BY term_entries_key
      WHERE e.rid IN (SELECT rowid FROM term_search WHERE term_search MATCH ?) AND ${f.sql}`)
      .all(...q.glossaries, all, ...f.params) as { rid: number; id: string; rank: number }[];
    const inTerm = new Set((this.db.prepare('SELECT rowid AS rid FROM term_search WHERE term_search MATCH ?')
      .all(`term : (${all})`) as { rid: number }[]).map((r) => r.rid));
    const exact = new Set((this.db.prepare('SELECT DISTINCT rid FROM term_index WHERE key = ?').all(exactSearchKey(text)) as { rid: number }[]).map((r) => r.rid));
    const hits: Hit[] = found.map((r) => ({ rid: r.rid, id: r.id, rank: r.rank, tier: exact.has(r.rid) ? 0 : inTerm.has(r.rid) ? 1 : 2 }));
    hits.sort(compareKeys);
    const after = q.after;
    const start = after ? hits.findIndex((h) => compareKeys(h, after) > 0) : 0;
    const page = start < 0 ? [] : hits.slice(start, start + q.limit);
    const rows = page.length ? this.db.prepare(`SELECT * FROM term_entries WHERE rid IN (${page.map(() => '?').join(', ')})`).all(...page.map((h) => h.rid)) as EntryRow[] : [];
    const byRid = new Map(rows.map((r) => [r.rid, entryOf(r)]));
    const last = page[page.length - 1];
    return {
      entries: page.map((h) => byRid.get(h.rid)).filter((e): e is TermEntry => e !== undefined),
      total: hits.length,
      next: start >= 0 && start + q.limit < hits.length && last ? { tier: last.tier, id: last.id, rank: last.rank } : null,
    };
  }
}
