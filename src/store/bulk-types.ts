/**
 * The bulk write's interfaces (split from types.ts, which re-exports them): a large write, a TMX
 * import, staged in batches outside the TM and committed in one transaction, with what the index
 * folds of it read while the commit runs.
 */
import type { MessagePort } from 'node:worker_threads';
import type { NewUnit } from '../domain/tm/unit.js';
import type { PackedUnits } from './staged-texts.js';
import type { UnitTexts } from './types.js';

/** What a bulk write did (or, for a preview, would do). */
export interface BulkWriteCounts {
  created: number;
  updated: number;
  /** Ids of the created units, which are consecutive: `[from, to]`; undefined when none was created. */
  createdIds?: { from: number; to: number };
  /**
   * From a commit given a reader of the stage ({@link BulkUnitWrite.commit}): `createdOrder[k]` is
   * the staging position (the `id` the reader saw) of the unit that got id `createdIds.from + k`.
   */
  createdOrder?: Int32Array;
  /**
   * With `createdOrder`, when some staged units were stored already and only refreshed: the
   * staging position of each, in staging order, and `updatedIds[k]` the stored unit that
   * `updatedOrder[k]` refreshed (its updatedAt is the commit's). The index then adopts what it
   * folded of the import but those (bulk-fold.ts).
   */
  updatedOrder?: Int32Array;
  updatedIds?: Int32Array;
}

/** Reads a bulk write's staged units while its commit runs (see {@link BulkUnitWrite.commit}). */
export interface StageReader {
  /** Whether to read a stage of about `total` units (at most that many); the commit then also reports `createdOrder` (and `updatedOrder`). */
  wants(total: number): boolean;
  /** Reads the stage: `staged(batch)` gives the units in staging order, each with its staging position as `id`. */
  read(staged: (batch: number) => AsyncIterable<UnitTexts[]>): Promise<void>;
  /**
   * The updatedAt (ISO 8601) the commit is to give the units it writes, when the reader chose it
   * (units folded before the commit, as they were staged); absent, the commit's start.
   */
  readonly stamp?: string;
}

/**
 * Units a thread other than the main one staged (through {@link BulkUnitWrite.stagePort}), in the
 * compact form the index's fold takes them in: one message per batch rather than an object per
 * unit. Unit k of the page (k = 0, 1, ...) is the staged row at position `first + k`; its texts
 * are the k-th pieces of `sources` and `targets` split at U+0000 (a character XML cannot carry),
 * its pair `pairs[pairOf[k]]` as `source\u0000target` language tags.
 */
export interface StagedTexts {
  first: number;
  sources: string;
  targets: string;
  pairs: string[];
  pairOf: Uint16Array;
}

/** A batch sent through a stage port ({@link BulkUnitWrite.stagePort}), packed (staged-texts.ts); refs as for {@link BulkUnitWrite.stage}. */
export interface StagePortRequest {
  units: PackedUnits;
  refs: number[];
}

/** The answer to a {@link StagePortRequest}: its repeats and the staging position of its first new row, or the store's error. */
export type StagePortAnswer = { repeats: StagedRepeat[]; first: number } | { error: { message: string; code: string } };

/** A staged unit with the identity (pair, source, target) of one staged before it. */
export interface StagedRepeat {
  /** Position of the repeat in the list given to `stage`. */
  index: number;
  /** The ref of the first unit staged with that identity. */
  firstRef: number;
}

/**
 * A large write (a TMX import) staged in batches and applied all at once: `stage` keeps units
 * outside the TM (memory stays bounded), `commit` writes them in one transaction, `abort`
 * forgets them. A unit with the identity of one staged before it is not staged again: the
 * first stays, and `stage` reports the repeat with the first one's ref (by default refs count
 * staged units from 1; a TMX import passes the number of the `tu`).
 */
export interface BulkUnitWrite {
  stage(units: NewUnit[], refs?: readonly number[]): Promise<StagedRepeat[]>;
  /**
   * A port another thread can stage batches through ({@link StagePortRequest}, answered in order
   * by {@link StagePortAnswer}s), so that an import parsed off the main thread is staged without
   * passing through it; absent when the store stages only on the calling thread (in memory,
   * PostgreSQL). The other thread must have every answer before the write is committed or aborted.
   */
  stagePort?(): MessagePort;
  /** What commit would do now, without writing. */
  preview(): Promise<BulkWriteCounts>;
  /**
   * Writes the stage in one transaction. `during`, if given, reads the stage while the commit
   * runs (the index folds the units meanwhile) and the commit waits for it; its failure is its
   * own (the commit's result does not depend on it).
   */
  commit(during?: StageReader): Promise<BulkWriteCounts>;
  abort(): Promise<void>;
}

/** Opens bulk writes of translation units. */
export interface TmBulkWriter {
  beginBulkWrite(memory: string, actor: string): Promise<BulkUnitWrite>;
}
