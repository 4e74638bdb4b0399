/**
 * Store interfaces. Reading and writing are separate interfaces (as Okapi separates
 * `ITmSeeker` from `ITmWriter`), so a service asks only for what it uses. Every method is
 * async so that a networked adapter (PostgreSQL) can implement the same contract as the
 * embedded SQLite one; `tests/store/contract.ts` is the suite every adapter must pass.
 */
import type { CollectionKind, LinkSettings, Role, Scope } from '../domain/auth/roles.js';
import type { CollectionChanges, CollectionRecord, NewCollection } from '../domain/collections.js';
import type { DocumentRecord, NewDocument, ProjectSettings, SectionRecord, SegmentRecord } from '../domain/document/document.js';
import type { SegmentState } from '../domain/document/state.js';
import type { InlineCode } from '../domain/inline.js';
import type { EntryChange, EntryTerms, HistoryRecord, TermEntry, TermStatus } from '../domain/termbase/entry.js';
import type { NewUnit, UnitRecord } from '../domain/tm/unit.js';
import type { TmBulkWriter } from './bulk-types.js';
import type { ChangeFeed } from './change-types.js';

/** Reads documents and their segments. */
export interface DocumentReader {
  listDocuments(): Promise<DocumentRecord[]>;
  getDocument(id: number): Promise<DocumentRecord | undefined>;
  /** Segments in index order, from `offset`, at most `limit`. */
  listSegments(documentId: number, offset: number, limit: number): Promise<SegmentRecord[]>;
  /** The document's sections in index order, each with its segment range; empty when it has none. */
  listSections(documentId: number): Promise<SectionRecord[]>;
  countDocuments(): Promise<number>;
  /** Documents whose settings name the collection (to read, or to write to). */
  documentsUsing(kind: CollectionKind, id: string): Promise<{ id: number; name: string }[]>;
}

/** A change to one segment's translation. */
export interface SegmentUpdate {
  index: number;
  target: string | null;
  state: SegmentState;
  data?: Record<string, unknown>;
}

/** Writes documents; each call is one transaction. */
export interface DocumentWriter {
  createDocument(doc: NewDocument, segments: Omit<SegmentRecord, 'index'>[], createdBy: string): Promise<DocumentRecord>;
  updateSegments(documentId: number, updates: SegmentUpdate[]): Promise<number>;
  deleteDocument(id: number): Promise<boolean>;
  updateSettings(id: number, settings: ProjectSettings): Promise<boolean>;
  /**
   * Removes a deleted collection from every document's settings: from the lists read, and as
   * the write memory (which falls back to `fallbackMemory`).
   */
  forgetCollection(kind: CollectionKind, id: string, fallbackMemory: string): Promise<void>;
}

/** A stored API key, without its secret. */
export interface KeyRecord {
  id: number;
  name: string;
  role: Role;
  scope: Scope;
  /** Present for a link key (valid only on the protocol routes), absent for an ordinary key. */
  link?: LinkSettings;
  createdAt: string;
  createdBy: string;
}

/** A key to store: its record's fields, its lookup prefix and the hash of its secret. */
export interface NewKey {
  name: string;
  role: Role;
  scope: Scope;
  link?: LinkSettings;
  prefix: string;
  hash: Buffer;
  createdBy: string;
}

/** A stored key with its lookup prefix and secret hash, for authentication only. */
export interface KeyCredential extends KeyRecord {
  prefix: string;
  hash: Buffer;
}

/** API keys, stored hashed. */
export interface KeyStore {
  createKey(input: NewKey): Promise<KeyRecord>;
  findByPrefix(prefix: string): Promise<KeyCredential[]>;
  listKeys(): Promise<KeyRecord[]>;
  deleteKey(id: number): Promise<boolean>;
  countKeys(): Promise<number>;
  /**
   * Takes a deleted collection out of every key's scope (and a deleted memory out of link keys'
   * read lists and write memory), so a new one with the same id is not reachable by old keys.
   */
  forgetCollection(kind: CollectionKind, id: string): Promise<void>;
  /**
   * A count that moves whenever a key row may have changed: on every write through this store
   * and, on a shared store, when the change log reports a key written on another node
   * ({@link KeyStore.changedElsewhere}). What a cache of keys is checked against (KeyService).
   */
  version(): number;
  /** The change log reported keys written on another node (change-follower.ts). */
  changedElsewhere(): void;
}

/** Small named values: seed markers, schema facts. */
export interface MetaStore {
  getMeta(key: string): Promise<string | undefined>;
  setMeta(key: string, value: string): Promise<void>;
}

/** Filter for listing units (every field optional: absent means any). */
export interface UnitQuery {
  /** Only units of these memories (absent: every memory). */
  memories?: readonly string[];
  sourceLang?: string;
  targetLang?: string;
  /** Only these ids (ascending), e.g. the units the index found containing a text. */
  ids?: readonly number[];
  /** The unit's origin document is exactly this. */
  originDocument?: string;
  /** Created or last updated by this name. */
  author?: string;
  /** Inclusive ranges of ISO 8601 timestamps. */
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  minUsage?: number;
  maxUsage?: number;
  /** Return units with id greater than this (keyset pagination). */
  afterId?: number;
  limit: number;
}

/** Units per memory and language pair. */
export interface PairCount {
  memory: string;
  sourceLang: string;
  targetLang: string;
  units: number;
}

/** Reads translation units. */
export interface TmReader {
  getUnit(id: number): Promise<UnitRecord | undefined>;
  getUnits(ids: number[]): Promise<UnitRecord[]>;
  /** The id of the unit of `memory` with this identity (pair, source, target), if any. */
  findIdentical(memory: string, unit: Pick<NewUnit, 'sourceLang' | 'targetLang' | 'source' | 'target'>): Promise<number | undefined>;
  listUnits(query: UnitQuery): Promise<UnitRecord[]>;
  countUnits(): Promise<number>;
  /** Units per memory and pair, of the given memories (absent: all). */
  pairCounts(memories?: readonly string[]): Promise<PairCount[]>;
  /** Every unit in id order, in batches (exports). */
  scanUnits(batchSize: number): AsyncIterable<UnitRecord[]>;
  /**
   * Every unit's id, languages and texts in id order (from the first id above `afterId`), in
   * batches: what the TM index is built from at start, and learns a bulk import from (measured
   * at 1M units: 2 s, against 6 s for whole records).
   */
  scanUnitTexts(batchSize: number, afterId?: number): AsyncIterable<UnitTexts[]>;
}

/** The part of a unit the TM index is built from. */
export interface UnitTexts {
  id: number;
  memory: string;
  sourceLang: string;
  targetLang: string;
  source: string;
  target: string;
  /** The ranking's tie-break, which the index keeps so that tied candidates' rows are not read. */
  updatedAt: string;
}

/** The result of writing units: ids in input order and which were new. */
export interface UpsertResult {
  ids: number[];
  created: number;
  updated: number;
  units: UnitRecord[];
}

/** Writes translation units; each call is one transaction. */
export interface TmWriter {
  /**
   * Inserts units; a unit with the same pair, source and target updates the stored one (its
   * context, origin and note) and counts one more use of it (`usageCount`).
   */
  upsertUnits(memory: string, units: NewUnit[], actor: string): Promise<UpsertResult>;
  /** Replaces a unit's fields; undefined when it does not exist. */
  replaceUnit(id: number, unit: NewUnit, actor: string): Promise<UnitRecord | undefined>;
  deleteUnit(id: number): Promise<boolean>;
  /**
   * Copies or moves units into memory `to` in one transaction. A unit whose identity (pair,
   * source, target) the target memory already has is merged into that one: a move adds its
   * usage count there and removes it; a copy leaves both as they are.
   */
  transferUnits(ids: readonly number[], to: string, mode: 'copy' | 'move', actor: string): Promise<TransferResult>;
  /** Deletes units in one transaction; the number deleted. */
  deleteUnits(ids: readonly number[]): Promise<number>;
  /** Replaces the targets (and target codes) of units in one transaction, recording who and when. */
  updateTargets(changes: readonly TargetChange[], actor: string): Promise<number>;
  /** Merges each group into its `keep` unit (which gets `usageCount`) and deletes the others, in one transaction. */
  mergeUnits(groups: readonly MergeGroup[], actor: string): Promise<number>;
}

/** A unit's new target. */
export interface TargetChange {
  id: number;
  target: string;
  targetCodes?: InlineCode[];
}

/** Duplicates to merge into one unit. */
export interface MergeGroup {
  keep: number;
  remove: number[];
  usageCount: number;
}

/** What a copy or move did. */
export interface TransferResult {
  /** Units now in the target memory that the index must (re)learn: copies' new ids, moved units' ids. */
  written: number[];
  /** Units the target already had (merged; for a move, the source unit was removed). */
  merged: number;
  /** Source units removed by a move that merged them. */
  removed: number[];
}

/** Memories: the collections units belong to. */
export interface MemoryStore {
  listMemories(): Promise<CollectionRecord[]>;
  getMemory(id: string): Promise<CollectionRecord | undefined>;
  /** Creates a memory; a ConflictError when the id is taken. */
  createMemory(memory: NewCollection, actor: string): Promise<CollectionRecord>;
  updateMemory(id: string, changes: CollectionChanges, actor: string): Promise<CollectionRecord | undefined>;
  /** Deletes a memory and every unit in it, in one transaction. */
  deleteMemory(id: string): Promise<boolean>;
  /** When a unit of each memory was last written (absent: never). */
  lastWrites(): Promise<Map<string, string>>;
  /**
   * What identifies the state of a memory's units: `revision` grows with every write to them
   * (in the write's transaction), `createdAt` tells a re-created memory from the deleted one.
   */
  contentVersion(id: string): Promise<MemoryContentVersion | undefined>;
  /**
   * A count that moves whenever a memory may have been created, changed or deleted: on every such
   * write through this store (once it has run, failed or not) and, on a shared store, when the
   * change log reports one from another node ({@link MemoryStore.changedElsewhere}). Unit writes
   * do not move it. What the memory list a lookup reads is kept against (memories.ts).
   */
  version(): number;
  /** The change log reported a memory created, changed or deleted on another node (change-follower.ts). */
  changedElsewhere(): void;
}

/** The state of a memory's units, for entity tags (see {@link MemoryStore.contentVersion}). */
export interface MemoryContentVersion {
  revision: number;
  createdAt: string;
  /** When a unit was last written; null when never. */
  lastWrite: string | null;
}

// The bulk write's interfaces (a TMX import staged and committed at once) are in bulk-types.ts.
export type { BulkUnitWrite, BulkWriteCounts, StagedRepeat, StagedTexts, StagePortAnswer, StagePortRequest, StageReader, TmBulkWriter } from './bulk-types.js';

// The change log's interfaces (the PostgreSQL cluster's) are in change-types.ts.
export type { ChangeFeed, ChangeRecord, LogPosition } from './change-types.js';

/** A glossary: a collection of term entries with its own settings (issue 10). */
export interface GlossaryRecord extends CollectionRecord {
  /** When an entry of the glossary was last written; null when never. */
  lastWriteAt: string | null;
}

/** The settings of a glossary that can change, and who changes them when. */
export interface GlossaryPatch {
  name?: string;
  description?: string;
  tags?: string[];
  readOnly?: boolean;
  updatedAt: string;
  updatedBy: string;
}

/**
 * A write of one entry with the version it expects, checked atomically with the write: a put
 * with `expectedVersion: null` creates (the id must be free), otherwise the stored entry must be
 * at `expectedVersion` (else PreconditionFailedError). A put whose Chinese term stands in another
 * entry of the glossary is a ConflictError. Each write appends its history record.
 */
export type EntryWrite =
  | { op: 'put'; entry: TermEntry; expectedVersion: number | null; history: HistoryRecord }
  | { op: 'delete'; id: string; expectedVersion: number; history: HistoryRecord };

/** Where an entry stands in a listing: search tier, id, glossary priority (keyset paging). */
export interface EntryKeyset {
  /** With a query: 0 a term equals it, 1 every token is in a term, 2 elsewhere; without one: 0. */
  tier: number;
  id: string;
  /** Position of the entry's glossary in the query's list. */
  rank: number;
}

/** Entries to list, by full-text query and filters, a page at a time. */
export interface EntryListQuery {
  /** Glossaries to list from, in priority order. */
  glossaries: readonly string[];
  /** Full-text query (search-tokens.ts); every token must match. */
  q?: string;
  /** A canonical language tag; an entry needs a term in it (RFC 4647 basic filtering: `zh` matches `zh-CN`). */
  lang?: string;
  /** An entry needs a term of this status (in `lang` when both are given). */
  status?: TermStatus;
  /** The entry's subject field, compared without regard to case. */
  subjectField?: string;
  /** Entries after this one. */
  after?: EntryKeyset;
  limit: number;
}

/** One page of a listing: in tier, id, glossary-priority order. */
export interface EntryListPage {
  entries: TermEntry[];
  /** Entries matching the query and filters, on all pages. */
  total: number;
  /** Where the next page starts; null on the last page. */
  next: EntryKeyset | null;
}

/** Reads glossaries, entries and their history. */
export interface TermbaseReader {
  /** Every glossary, in id order. */
  listGlossaries(): Promise<GlossaryRecord[]>;
  getGlossary(id: string): Promise<GlossaryRecord | undefined>;
  getEntry(glossary: string, id: string): Promise<TermEntry | undefined>;
  listEntries(query: EntryListQuery): Promise<EntryListPage>;
  countEntries(glossary: string): Promise<number>;
  /** Every version of an entry, oldest first (also after a delete). */
  history(glossary: string, id: string): Promise<HistoryRecord[]>;
  /** The last version an id had in the glossary, deleted or not; 0 when never used. */
  lastVersion(glossary: string, id: string): Promise<number>;
  /** Ids in use (by an entry or in the history): `base` and `base-<n>`, or every id without `base`. */
  idsInUse(glossary: string, base?: string): Promise<Set<string>>;
  /** Which entries of the glossary hold these Chinese keys (term-keys.ts `chineseKey`): key -> entry id. */
  chineseOwners(glossary: string, keys: readonly string[]): Promise<Map<string, string>>;
  /** Every entry of a glossary in id order, in batches (exports). */
  scanEntries(glossary: string, batchSize: number): AsyncIterable<TermEntry[]>;
  /** The terms of those of entries `ids` of `glossary` that exist: what a node following the change log re-reads. */
  entryTerms(glossary: string, ids: readonly string[]): Promise<EntryTerms[]>;
  /** Every entry's terms, all glossaries, in batches: what the recognizer is built from at start. */
  scanTerms(batchSize: number): AsyncIterable<EntryTerms[]>;
}

/**
 * An import staged in batches and applied as one (all or nothing): `stage` keeps the writes
 * outside the glossary, `commit` applies them (an adapter may apply them in several
 * transactions, but then it must finish the commit after a crash), `abort` forgets them.
 */
export interface BulkEntryWrite {
  stage(writes: EntryWrite[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** Writes glossaries and entries. */
export interface TermbaseWriter {
  /** Creates a glossary; ConflictError when the id exists. */
  createGlossary(glossary: GlossaryRecord): Promise<void>;
  updateGlossary(id: string, patch: GlossaryPatch): Promise<GlossaryRecord | undefined>;
  /** Deletes a glossary with its entries and history; false when there was none. */
  deleteGlossary(id: string): Promise<boolean>;
  /** Applies the writes in one transaction, all or none; returns the changes for the recognizer. */
  writeEntries(glossary: string, writes: EntryWrite[]): Promise<EntryChange[]>;
  /** Loads entries and history verbatim into an empty glossary (upgrades, seeding). */
  restoreGlossary(glossary: string, entries: TermEntry[], history: HistoryRecord[]): Promise<void>;
  beginEntryImport(glossary: string): Promise<BulkEntryWrite>;
}

/** Everything stored in the embedded database. */
export interface Stores {
  documents: DocumentReader & DocumentWriter;
  keys: KeyStore;
  meta: MetaStore;
  memories: MemoryStore;
  tm: TmReader & TmWriter;
  /** Staged all-or-nothing writes of many units (TMX import). */
  tmBulk: TmBulkWriter;
  /** The change log, when the store is shared by several nodes (PostgreSQL); absent for the embedded store. */
  changes?: ChangeFeed;
  /** Glossaries and their entries (the term base). */
  termbase: TermbaseReader & TermbaseWriter;
  /** The directory the stores keep their files in (undefined in memory), for free-space reports. */
  dataDir?: string;
  close(): Promise<void>;
}
