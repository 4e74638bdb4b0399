/**
 * The index's map from unit id to slot, as {@link SHARDS} JavaScript maps. A `Map` grows by
 * rehashing every entry at once when it passes a power of two: 34 ms at 131,072 units while an
 * import was learned (issue 12, in process, load 3), and a million-unit map would rehash a
 * million entries in one go, on the event loop. Shards of equal shares would all pass the same
 * power of two within a few units of each other, so shard i takes a share growing as 2^(i/16):
 * their growths fall at sixteen different sizes spread over each doubling, each moving about a
 * sixteenth of the entries.
 *
 * It also counts its provisional entries (negative ids: a bulk import's units staged before the
 * store gave them ids, bulk-fold.ts), so that the TM's size can leave out exactly the staged
 * units still in the index, whatever removed some of them meanwhile (issue 12: a memory deleted
 * during an import kills its staged slots, which the fold's own count did not see).
 */

/** Maps per index. */
const SHARDS = 16;
/** Buckets of the id hash, dealt to the shards in proportion to their shares. */
const BUCKETS = 256;

/** Bucket -> shard: shard i gets a number of buckets proportional to 2^(i / SHARDS). */
const SHARD_OF_BUCKET = (() => {
  const weights = Array.from({ length: SHARDS }, (_, i) => 2 ** (i / SHARDS));
  const total = weights.reduce((a, b) => a + b, 0);
  const table = new Uint8Array(BUCKETS);
  let at = 0;
  weights.forEach((w, i) => {
    const end = i === SHARDS - 1 ? BUCKETS : Math.min(BUCKETS, at + Math.round((w / total) * BUCKETS));
    table.fill(i, at, end);
    at = end;
  });
  return table;
})();

/** Unit id -> slot. */
export class UnitSlots {
  private readonly shards = Array.from({ length: SHARDS }, () => new Map<number, number>());
  private provisionalEntries = 0;

  private shard(id: number): Map<number, number> {
    // A multiplicative hash of the id's low 32 bits, so that consecutive ids spread over the buckets.
    return this.shards[SHARD_OF_BUCKET[Math.imul(id | 0, 0x9e3779b1) >>> 24] as number] as Map<number, number>;
  }

  /** The slot of unit `id`, if indexed. */
  get(id: number): number | undefined {
    return this.shard(id).get(id);
  }

  /** True when unit `id` is indexed. */
  has(id: number): boolean {
    return this.shard(id).has(id);
  }

  /** Puts unit `id` in `slot`. */
  set(id: number, slot: number): void {
    const m = this.shard(id);
    if (id >= 0) {
      m.set(id, slot);
      return;
    }
    // A provisional id: counted when it is new (the map's size says so, without a lookup).
    const before = m.size;
    m.set(id, slot);
    this.provisionalEntries += m.size - before;
  }

  /** Forgets unit `id`. */
  delete(id: number): boolean {
    const gone = this.shard(id).delete(id);
    if (gone && id < 0) this.provisionalEntries--;
    return gone;
  }

  /** Units mapped under provisional (negative) ids. */
  get provisional(): number {
    return this.provisionalEntries;
  }

  /** Units mapped. */
  get size(): number {
    let n = 0;
    for (const m of this.shards) n += m.size;
    return n;
  }
}
