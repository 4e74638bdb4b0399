/**
 * The one write path of term entries in PostgreSQL (API writes, imports, restores): an entry, its
 * term index, its Chinese keys, its search tokens and its history change together, inside the
 * caller's transaction, with a handful of set-based statements per batch of writes (arrays sent
 * once and unnested), never a round trip per entry.
 *
 * Preconditions hold across nodes: the entries a batch touches are read `FOR UPDATE`, so two
 * writes of one entry on two nodes queue on its row, and the second, once the first committed,
 * reads the new version (READ COMMITTED re-reads a row locked meanwhile) and fails its
 * precondition (412). Entries are therefore updated in place, never deleted and inserted again:
 * a waiting `FOR UPDATE` would find its row gone and answer 404. Two creates of one new id meet on
 * the unique (glossary, id) index or on the history's (glossary, id, version): the second is a 409.
 *
 * Every entry write takes its glossary's row first (it records the glossary's last write there),
 * so the entry writes of one glossary queue on it and cannot deadlock on each other's entries (an
 * import applies its batches under that one lock); a deletion of the glossary waits for them.
 * Term writes are a person's pace, or one import: the queue costs nothing measurable there.
 */
import { ConflictError, NotFoundError, PreconditionFailedError } from '../../domain/errors.js';
import type { EntryChange, HistoryRecord, TermEntry } from '../../domain/termbase/entry.js';
import { primaryLanguage } from '../../domain/termbase/recognizer.js';
import { entryTokens } from '../../domain/termbase/search-tokens.js';
import type { EntryWrite } from '../types.js';
import { chineseKeysOf, termsOf } from '../sqlite/sqlite-termbase-rows.js';
import type { Tx } from './pg-db.js';

/**
 * Takes glossary `id`'s row until the transaction ends, recording `at` as its last write when
 * given; NotFoundError when it does not exist (see the module header for why first).
 */
export async function lockGlossary(tx: Tx, id: string, at?: string): Promise<void> {
  const rows = at === undefined ? await tx`SELECT 1 FROM glossaries WHERE id = ${id} FOR NO KEY UPDATE`
    : await tx`UPDATE glossaries SET last_write_at = ${at} WHERE id = ${id} RETURNING 1`;
  if (rows.length === 0) throw new NotFoundError('glossary', id);
}

/** Unique-index violations (PostgreSQL 23505) of the term base as the conflicts they are. */
export function termConflict(err: unknown): never {
  const e = err as { code?: unknown; constraint_name?: unknown; detail?: unknown };
  if (e.code === '23505') {
    const id = /\(glossary, (?:entry_)?id(?:, version)?\)=\([^,]*, ([^,)]*)/.exec(String(e.detail ?? ''))?.[1] ?? '';
    throw new ConflictError(String(e.constraint_name).startsWith('term_history') ? `entry "${id}" already had this version` : `entry "${id}" already exists`, { entryId: id });
  }
  throw err;
}

/** Space-joined tokens (search tokens hold no spaces), each once: an array column, sent as one text per row. */
function tokenText(tokens: readonly string[]): string {
  return [...new Set(tokens)].join(' ');
}

/** Appends history records as given. */
export async function insertHistory(tx: Tx, glossary: string, records: readonly HistoryRecord[]): Promise<void> {
  if (records.length === 0) return;
  await tx`INSERT INTO term_history (glossary, entry_id, version, action, by_name, at, changes)
    SELECT ${glossary}, * FROM unnest(${records.map((h) => h.entryId)}::text[], ${records.map((h) => h.version)}::int[],
      ${records.map((h) => h.action)}::text[], ${records.map((h) => h.by)}::text[], ${records.map((h) => h.at)}::text[],
      ${records.map((h) => JSON.stringify(h.changes))}::text[])`.catch(termConflict);
}

/** The column arrays of entries, as the INSERT and UPDATE below unnest them. */
function columns(tx: Tx, entries: readonly TermEntry[]) {
  const col = (f: (e: TermEntry) => string | null) => entries.map(f) as string[];
  const tokens = entries.map((e) => entryTokens(e));
  return {
    version: entries.map((e) => e.version), subjectField: col((e) => e.subjectField ?? null), definition: col((e) => e.definition ?? null),
    note: col((e) => e.note ?? null), source: col((e) => e.source ?? null), languages: col((e) => JSON.stringify(e.languages)), chineseKeys: col((e) => chineseKeysOf(e)),
    createdAt: col((e) => e.createdAt), createdBy: col((e) => e.createdBy), updatedAt: col((e) => e.updatedAt), updatedBy: col((e) => e.updatedBy),
    tokens: tokens.map((t) => tokenText(Object.values(t).flat())), termTokens: tokens.map((t) => tokenText(t.term)),
  };
}

/** Writes the index rows (terms, Chinese keys) of entries stored at `rids`; ConflictError when a Chinese key is another entry's. */
async function indexEntries(tx: Tx, glossary: string, entries: readonly TermEntry[], rids: readonly number[]): Promise<void> {
  const terms = entries.flatMap((e, i) => termsOf(e).map((t) => ({ ...t, rid: rids[i] as number })));
  if (terms.length === 0) return;
  await tx`INSERT INTO term_index (rid, lang, status, key) SELECT * FROM unnest(${terms.map((t) => t.rid)}::bigint[],
    ${terms.map((t) => t.lang)}::text[], ${terms.map((t) => t.status)}::text[], ${terms.map((t) => t.key)}::text[])`;
  const zh = terms.filter((t) => primaryLanguage(t.lang) === 'zh');
  if (zh.length === 0) return;
  const inserted = await tx<{ key: string; rid: number }[]>`INSERT INTO term_zh_keys (glossary, key, rid)
    SELECT ${glossary}, * FROM unnest(${zh.map((t) => t.key)}::text[], ${zh.map((t) => t.rid)}::bigint[])
    ON CONFLICT DO NOTHING RETURNING key, rid`;
  const got = new Set(inserted.map((r) => `${r.rid} ${r.key}`));
  const missed = zh.filter((t) => !got.has(`${t.rid} ${t.key}`));
  if (missed.length === 0) return;
  const owners = await tx<{ key: string; rid: number; id: string }[]>`SELECT k.key, k.rid, e.id FROM term_zh_keys k JOIN term_entries e ON e.rid = k.rid
    WHERE k.glossary = ${glossary} AND k.key = ANY(${missed.map((t) => t.key)}::text[])`;
  const owner = new Map(owners.map((o) => [o.key, o]));
  for (const t of missed) {
    const o = owner.get(t.key);
    if (o && o.rid !== t.rid) throw new ConflictError(`the Chinese term "${t.term}" already stands in entry "${o.id}"`, { entryId: o.id, term: t.term });
  }
}

/** Inserts new entries of `glossary` with their index rows; returns their row ids in order. */
export async function insertEntries(tx: Tx, glossary: string, entries: readonly TermEntry[]): Promise<number[]> {
  if (entries.length === 0) return [];
  const c = columns(tx, entries);
  const rows = await tx<{ rid: number; id: string }[]>`INSERT INTO term_entries (glossary, id, version, subject_field, definition, note, source,
      languages, chinese_keys, created_at, created_by, updated_at, updated_by, tokens, term_tokens)
    SELECT ${glossary}, u.id, u.version, u.subject_field, u.definition, u.note, u.source, u.languages, u.chinese_keys, u.created_at, u.created_by,
      u.updated_at, u.updated_by, string_to_array(u.tokens, ' '), string_to_array(u.term_tokens, ' ')
    FROM unnest(${entries.map((e) => e.id)}::text[], ${c.version}::int[], ${c.subjectField}::text[], ${c.definition}::text[], ${c.note}::text[],
      ${c.source}::text[], ${c.languages}::text[], ${c.chineseKeys}::text[], ${c.createdAt}::text[], ${c.createdBy}::text[], ${c.updatedAt}::text[],
      ${c.updatedBy}::text[], ${c.tokens}::text[], ${c.termTokens}::text[])
      AS u(id, version, subject_field, definition, note, source, languages, chinese_keys, created_at, created_by, updated_at, updated_by, tokens, term_tokens)
    RETURNING rid, id`.catch(termConflict);
  const byId = new Map(rows.map((r) => [r.id, r.rid]));
  const rids = entries.map((e) => byId.get(e.id) as number);
  await indexEntries(tx, glossary, entries, rids);
  return rids;
}

/** Replaces stored entries (rows `rids`) in place with their index rows. */
async function updateEntries(tx: Tx, glossary: string, entries: readonly TermEntry[], rids: readonly number[]): Promise<void> {
  if (entries.length === 0) return;
  const list = [...rids];
  const c = columns(tx, entries);
  await tx`DELETE FROM term_index WHERE rid = ANY(${list}::bigint[])`;
  await tx`DELETE FROM term_zh_keys WHERE rid = ANY(${list}::bigint[])`;
  await tx`UPDATE term_entries e SET version = u.version, subject_field = u.subject_field, definition = u.definition, note = u.note, source = u.source,
      languages = u.languages, chinese_keys = u.chinese_keys, created_at = u.created_at, created_by = u.created_by, updated_at = u.updated_at,
      updated_by = u.updated_by, tokens = string_to_array(u.tokens, ' '), term_tokens = string_to_array(u.term_tokens, ' ')
    FROM unnest(${list}::bigint[], ${c.version}::int[], ${c.subjectField}::text[], ${c.definition}::text[], ${c.note}::text[],
      ${c.source}::text[], ${c.languages}::text[], ${c.chineseKeys}::text[], ${c.createdAt}::text[], ${c.createdBy}::text[], ${c.updatedAt}::text[],
      ${c.updatedBy}::text[], ${c.tokens}::text[], ${c.termTokens}::text[])
      AS u(rid, version, subject_field, definition, note, source, languages, chinese_keys, created_at, created_by, updated_at, updated_by, tokens, term_tokens)
    WHERE e.rid = u.rid`;
  await indexEntries(tx, glossary, entries, rids);
}

/** What to throw when a write's precondition fails; by default the API's errors (409, 404, 412). */
export type StaleWrite = (id: string, current: number | null) => Error | undefined;

/** Checks one write against the stored version `current` (null: no entry); the error, if it fails. */
function precondition(w: EntryWrite, current: number | null): Error | undefined {
  const id = w.op === 'put' ? w.entry.id : w.id;
  if (w.expectedVersion === null) return current === null ? undefined : new ConflictError(`entry "${id}" already exists`, { entryId: id });
  if (current === null) return new NotFoundError('entry', id);
  if (current !== w.expectedVersion) return new PreconditionFailedError(`entry "${id}" is at version ${current}, not ${w.expectedVersion}`, current);
  return undefined;
}

/** Applies writes whose ids are distinct, inside the caller's transaction (the glossary locked). */
async function applyBatch(tx: Tx, glossary: string, writes: readonly EntryWrite[], stale?: StaleWrite): Promise<EntryChange[]> {
  const ids = writes.map((w) => (w.op === 'put' ? w.entry.id : w.id));
  const rows = await tx<{ rid: number; id: string; version: number }[]>`SELECT rid, id, version FROM term_entries
    WHERE glossary = ${glossary} AND id = ANY(${ids}::text[]) ORDER BY rid FOR UPDATE`;
  const stored = new Map(rows.map((r) => [r.id, r]));
  for (const w of writes) {
    const current = stored.get(w.op === 'put' ? w.entry.id : w.id)?.version ?? null;
    const failed = precondition(w, current);
    if (failed) throw (stale?.(w.op === 'put' ? w.entry.id : w.id, current) ?? failed);
  }
  await insertHistory(tx, glossary, writes.map((w) => w.history));
  const puts = writes.flatMap((w) => (w.op === 'put' ? [{ ...w.entry, glossary }] : []));
  const updated = puts.filter((e) => stored.has(e.id));
  await updateEntries(tx, glossary, updated, updated.map((e) => (stored.get(e.id) as { rid: number }).rid));
  await insertEntries(tx, glossary, puts.filter((e) => !stored.has(e.id)));
  const deleted = writes.flatMap((w) => (w.op === 'delete' ? [(stored.get(w.id) as { rid: number }).rid] : []));
  if (deleted.length) await tx`DELETE FROM term_entries WHERE rid = ANY(${deleted}::bigint[])`;
  return writes.map((w): EntryChange => (w.op === 'put' ? { kind: 'put', entry: { glossary, id: w.entry.id, languages: w.entry.languages } } : { kind: 'delete', glossary, id: w.id }));
}

/**
 * Applies `writes` to `glossary` in order, each with its precondition (see EntryWrite), inside the
 * caller's transaction; `stale` may replace a failed precondition's error (an import's). Records
 * the last write's time as the glossary's.
 */
export async function applyWrites(tx: Tx, glossary: string, writes: readonly EntryWrite[], stale?: StaleWrite): Promise<EntryChange[]> {
  await lockGlossary(tx, glossary, writes[writes.length - 1]?.history.at);
  const out: EntryChange[] = [];
  // Batches of distinct ids: a later write of an id sees what the earlier one left.
  let batch: EntryWrite[] = [];
  let ids = new Set<string>();
  for (const w of [...writes, undefined]) {
    const id = w && (w.op === 'put' ? w.entry.id : w.id);
    if (w === undefined || ids.has(id as string)) {
      if (batch.length) out.push(...await applyBatch(tx, glossary, batch, stale));
      batch = [];
      ids = new Set();
    }
    if (w) {
      batch.push(w);
      ids.add(id as string);
    }
  }
  return out;
}
