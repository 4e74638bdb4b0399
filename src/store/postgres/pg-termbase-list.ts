/**
 * Listing and full-text search of term entries in PostgreSQL, with the order, tiers and keyset
 * paging of sqlite-termbase-list.ts (whose header says why tiers and not a relevance score).
 *
 * Search runs over our own tokens (search-tokens.ts: folded CJK unigrams and bigrams, stemmed
 * words), stored per entry as a `text[]` with a GIN index: "every query token in some field" is
 * `tokens @> query`, "every token in a term" is `term_tokens @> query`, and "a term equals the
 * query" is a probe of the term index by folded key. The same tokens as the embedded store give
 * the same hits by construction. pg_trgm was the alternative; it would not: trigrams know no
 * stemming (`workshops` vs `workshop`), and a one- or two-character Chinese query has no trigram
 * (Weblate's slow short queries, domain notes).
 *
 * Measured at 100,000 synthetic concepts (bench/pg-termbase.ts: 300 queries of the term-base
 * benchmark's mix, page of 50 with the total, durable private cluster, 2 cores shared with other
 * work, load average 8-10): these tokens with GIN p50 10.8 ms, p95 74.9 ms (1,174 hits per query
 * on average); pg_trgm (`LIKE '%q%'` over the terms and definition, trigram GIN) p50 38.2 ms, p95
 * 2,121 ms, with other hits (1,261 per query). Most of the tokens' time had been the GIN pending
 * list (p50 43-63 ms, p95 181-301 ms before it was kept short: see the 002 migration). Hits are
 * counted in full for `total`, which is what the common-word queries pay for.
 */
import type { TermEntry } from '../../domain/termbase/entry.js';
import { exactSearchKey, queryTokens } from '../../domain/termbase/search-tokens.js';
import type { EntryListPage, EntryListQuery } from '../types.js';
import { type EntryRow, entryOf } from '../sqlite/sqlite-termbase-rows.js';
import type { Sql } from './pg-db.js';

/** Positional parameters of a query being built. */
class Params {
  readonly values: unknown[] = [];

  /** The placeholder of `v`. */
  add(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** SQL for the filters of a query over `term_entries e`. */
function filters(q: EntryListQuery, p: Params): string {
  const parts = [`e.glossary = ANY(${p.add(q.glossaries)}::text[])`];
  if (q.subjectField !== undefined) parts.push(`lower(e.subject_field) = ${p.add(q.subjectField.toLowerCase())}`);
  if (q.lang !== undefined || q.status !== undefined) {
    const term: string[] = [];
    if (q.lang !== undefined) {
      const lang = p.add(q.lang);
      term.push(`(t.lang = ${lang} OR t.lang LIKE ${lang} || '-%')`);
    }
    if (q.status !== undefined) term.push(`t.status = ${p.add(q.status)}`);
    parts.push(`EXISTS (SELECT 1 FROM term_index t WHERE t.rid = e.rid AND ${term.join(' AND ')})`);
  }
  return parts.join(' AND ');
}

type PageRow = EntryRow & { tier: number; rank: number; total: number };

/** Lists and searches entries (see the module header). */
export class PgEntryLister {
  constructor(private readonly sql: Sql) {}

  /** One page of `q`. */
  async list(q: EntryListQuery): Promise<EntryListPage> {
    if (q.glossaries.length === 0) return { entries: [], total: 0, next: null };
    const text = q.q?.trim();
    const tokens = text ? queryTokens(text) : undefined;
    if (tokens && tokens.length === 0) return { entries: [], total: 0, next: null };
    const p = new Params();
    const rank = `array_position(${p.add(q.glossaries)}::text[], e.glossary) - 1`;
    const where = filters(q, p);
    // Tiers from two hashed sets (entries with a term equal to the query; entries with every token in
    // a term), not per hit: and the page is cut before its rows are read, not after.
    const hits = tokens && text
      ? `SELECT e.rid, e.id, ${rank} AS rank, CASE WHEN e.rid IN (SELECT t.rid FROM term_index t WHERE t.key = ${p.add(exactSearchKey(text))}) THEN 0
          WHEN e.rid IN (SELECT x.rid FROM term_entries x WHERE x.term_tokens @> ${p.add(tokens)}::text[]) THEN 1 ELSE 2 END AS tier
          FROM term_entries e WHERE e.tokens @> $${p.values.length}::text[] AND ${where}`
      : `SELECT e.rid, e.id, ${rank} AS rank, 0 AS tier FROM term_entries e WHERE ${where}`;
    const hitParams = p.values.slice();
    const after = q.after ? `WHERE (h.tier, h.id, h.rank) > (${p.add(q.after.tier)}::int, ${p.add(q.after.id)}::text COLLATE "C", ${p.add(q.after.rank)}::int)` : '';
    const rows = await this.sql.unsafe<PageRow[]>(`WITH hits AS MATERIALIZED (${hits}),
      page AS MATERIALIZED (SELECT h.*, (SELECT count(*) FROM hits) AS total FROM hits h ${after} ORDER BY h.tier, h.id, h.rank LIMIT ${p.add(q.limit + 1)})
      SELECT h.tier, h.rank, h.total, e.* FROM page h JOIN term_entries e ON e.rid = h.rid ORDER BY h.tier, h.id, h.rank`, p.values as never[]);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    const total = rows[0]?.total ?? await this.count(hits, hitParams);
    return {
      entries: page.map((r): TermEntry => entryOf(r)),
      total: Number(total),
      next: rows.length > q.limit && last ? { tier: last.tier, id: last.id, rank: last.rank } : null,
    };
  }

  /** The number of hits, when the page after the cursor is empty. */
  private async count(hits: string, params: unknown[]): Promise<number> {
    const [row] = await this.sql.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM (${hits}) h`, params as never[]);
    return row?.n ?? 0;
  }
}
