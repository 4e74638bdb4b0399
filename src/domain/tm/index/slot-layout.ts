/**
 * How the index lays its slots out when it is sealed (ngram-index.ts): slots ordered by
 * partition, then source key length, and posting lists built for them in one go.
 *
 * Posting a million units one occurrence at a time hashes every bigram occurrence and regrows
 * every list by doubling; building them in bulk hashes each occurrence once, sizes each list
 * once (with an eighth to spare for later writes) and fills it in slot order (measured at 1M
 * units: 16 s down to 8 s, and less posting memory).
 */
import type { GramTable, GrowableU32 } from './postings.js';

/** Live slots ordered by partition, then source length, then slot (counting sort). */
export function slotsByPartitionAndLength(slotCount: number, alive: Uint8Array, partitionOf: Uint16Array, lengths: Uint32Array, partitions: number): Int32Array {
  let maxLen = 0;
  for (let s = 0; s < slotCount; s++) if (alive[s]) maxLen = Math.max(maxLen, lengths[s] as number);
  const key = (s: number) => (partitionOf[s] as number) * (maxLen + 1) + (lengths[s] as number);
  const start = new Int32Array(partitions * (maxLen + 1) + 1);
  let live = 0;
  for (let s = 0; s < slotCount; s++) {
    if (!alive[s]) continue;
    start[key(s) + 1]!++;
    live++;
  }
  for (let i = 1; i < start.length; i++) start[i]! += start[i - 1] as number;
  const order = new Int32Array(live);
  for (let s = 0; s < slotCount; s++) if (alive[s]) order[start[key(s)]!++] = s;
  return order;
}

/** One side of every slot, to post in bulk. */
export interface SideLayout {
  slotCount: number;
  partitionOf: Uint16Array;
  arena: Uint32Array;
  starts: Uint32Array;
  lengths: Uint32Array;
  /** The side's gram table of each partition (empty). */
  tables: GramTable[];
}

/**
 * Posts every slot of one side, in slot order, into exactly sized lists: one pass numbers each
 * bigram occurrence (the only hash lookups) and counts, one sizes the lists, one fills them.
 */
export function postAll(side: SideLayout): void {
  const { slotCount, partitionOf, arena, starts, lengths, tables } = side;
  let total = 0;
  for (let s = 0; s < slotCount; s++) total += (lengths[s] as number) + 1;
  const grams = new Uint32Array(total);
  for (let s = 0, pos = 0; s < slotCount; s++) {
    const table = tables[partitionOf[s] as number] as GramTable;
    const from = starts[s] as number;
    const to = from + (lengths[s] as number);
    for (let i = from, prev = 0; i <= to; i++) {
      const cur = i < to ? (arena[i] as number) : 0;
      grams[pos++] = table.intern(prev, cur);
      prev = cur;
    }
  }
  const sizes = tables.map((t) => new Uint32Array(t.size));
  for (let s = 0, pos = 0; s < slotCount; s++) {
    const size = sizes[partitionOf[s] as number] as Uint32Array;
    for (let i = 0; i <= (lengths[s] as number); i++) size[grams[pos++] as number]!++;
  }
  // Exact sizes plus an eighth: without slack, the first writes after a seal would copy every
  // list they touch (measured at 1M units: 844 writes/s in the index).
  tables.forEach((t, part) => t.lists.forEach((l, g) => {
    const n = (sizes[part] as Uint32Array)[g] as number;
    l.reserve(n + (n >> 3) + 2);
  }));
  for (let s = 0, pos = 0; s < slotCount; s++) {
    const lists = (tables[partitionOf[s] as number] as GramTable).lists;
    for (let i = 0; i <= (lengths[s] as number); i++) {
      const list = lists[grams[pos++] as number] as GrowableU32;
      list.data[list.length++] = s;
    }
  }
}

/**
 * Adds `slot` to the posting list of each padded bigram of `symbols`, once per occurrence (a
 * unit's repeats sit side by side, since slots are posted in order): the search counts shared
 * bigrams as a multiset.
 */
export function addGrams(table: GramTable, symbols: ArrayLike<number>, slot: number): void {
  let prev = 0;
  for (let i = 0; i <= symbols.length; i++) {
    const cur = i < symbols.length ? (symbols[i] as number) : 0;
    table.list(prev, cur).push(slot);
    prev = cur;
  }
}
