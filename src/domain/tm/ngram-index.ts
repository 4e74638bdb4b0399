/**
 * The in-memory character n-gram index of the TM (issue 3, "The index"): built from the store at
 * start and updated on every write, so a unit is found by the very next lookup.
 *
 * Partitions are language pairs by primary subtag (`zh|en`), so zh-CN, zh-Hans, zh-TW and zh-HK
 * sources are one partition and match each other, and en-US ~ en. A unit occupies a slot: its
 * source key (the matching key, numbers as one symbol) and its target key (numbers kept, for
 * concordance) are stored as dense symbol ids in one arena, and every distinct padded bigram
 * (`^a`, `ab`, ..., `z$`) of each side has the slot in its posting list. Slots only grow: a
 * deleted or replaced unit leaves a tombstone that searches skip, and when tombstones pass a
 * quarter of the slots the index is rebuilt from its own arena (no store access, no refolding).
 *
 * Dense ids are per side (source, target), so the source alphabet of a Chinese TM stays in the
 * thousands even when the English targets bring a large vocabulary; that keeps the bit-parallel
 * Levenshtein's match table small. Id 0 is the padding symbol.
 */
import { canonicalizeLanguageTag } from '../text/language-tag.js';
import { type KeyMode, type MatchKey, matchKey, PAD_SYMBOL, Vocabulary } from './match-key.js';
import { keyModeOf } from './matcher.js';
import { GramTable, grow, GrowableU32 } from './postings.js';

/** What the index needs of a unit. */
export interface IndexableUnit {
  id: number;
  sourceLang: string;
  targetLang: string;
  source: string;
  target: string;
}

/** One side's symbol dictionary: matching-key symbol -> dense id, and back. */
export class DenseSymbols {
  private readonly ids = new Map<number, number>([[PAD_SYMBOL, 0]]);
  /** Dense id -> key symbol. */
  readonly symbols: number[] = [PAD_SYMBOL];

  /** The dense id of `symbol`, assigned on first sight. */
  intern(symbol: number): number {
    let id = this.ids.get(symbol);
    if (id === undefined) {
      id = this.symbols.length;
      this.ids.set(symbol, id);
      this.symbols.push(symbol);
    }
    return id;
  }

  /** The dense id of `symbol`, or undefined when no unit has it. */
  get(symbol: number): number | undefined {
    return this.ids.get(symbol);
  }

  get size(): number {
    return this.symbols.length;
  }
}

/** A language pair's share of the index. */
export interface Partition {
  key: string;
  sourceMode: KeyMode;
  targetMode: KeyMode;
  source: GramTable;
  target: GramTable;
  /** Slots by source key length, for thresholds too low for the count filter. */
  byLength: GrowableU32[];
  alive: number;
}

/** Tombstones that trigger a rebuild: a quarter of the slots, and at least this many. */
const COMPACT_MIN_DEAD = 10_000;

/** Memory held by the index, by part (bytes), for the benchmark. */
export interface IndexFootprint {
  units: number;
  slots: number;
  arenaBytes: number;
  postingBytes: number;
  grams: number;
}

/** The TM's n-gram index. */
export class NgramIndex {
  readonly vocabulary = new Vocabulary();
  readonly sourceSymbols = new DenseSymbols();
  readonly targetSymbols = new DenseSymbols();
  readonly partitions: Partition[] = [];
  unitIds = new Float64Array(1024);
  partitionOf = new Uint16Array(1024);
  sourceStart = new Uint32Array(1024);
  sourceLength = new Uint32Array(1024);
  targetStart = new Uint32Array(1024);
  targetLength = new Uint32Array(1024);
  alive = new Uint8Array(1024);
  arena = new GrowableU32(1 << 16);
  /** Folded numbers of a source key's number symbols, for slots that have any. */
  readonly numbers = new Map<number, string[]>();
  slotCount = 0;
  private dead = 0;
  private readonly slotOfUnit = new Map<number, number>();
  private readonly pairs = new Map<string, number>();

  constructor(private readonly compactMinDead = COMPACT_MIN_DEAD) {}

  /** Units indexed. */
  get size(): number {
    return this.slotOfUnit.size;
  }

  /** The partition of a language pair (canonical tags), created on first use. */
  partitionFor(sourceLang: string, targetLang: string): number {
    const cached = this.pairs.get(`${sourceLang}\u0000${targetLang}`);
    if (cached !== undefined) return cached;
    const s = canonicalizeLanguageTag(sourceLang);
    const t = canonicalizeLanguageTag(targetLang);
    const key = `${s.language}|${t.language}`;
    let idx = this.partitions.findIndex((p) => p.key === key);
    if (idx < 0) {
      idx = this.partitions.length;
      this.partitions.push({ key, sourceMode: keyModeOf(s), targetMode: keyModeOf(t), source: new GramTable(), target: new GramTable(), byLength: [], alive: 0 });
    }
    this.pairs.set(`${sourceLang}\u0000${targetLang}`, idx);
    return idx;
  }

  /** The partition whose key is `key` (`zh|en`), if any unit was ever indexed there. */
  partitionByKey(key: string): number | undefined {
    const idx = this.partitions.findIndex((p) => p.key === key);
    return idx < 0 ? undefined : idx;
  }

  /** Indexes a unit, or re-indexes it when its languages or texts changed. */
  upsert(unit: IndexableUnit): void {
    const part = this.partitionFor(unit.sourceLang, unit.targetLang);
    const p = this.partitions[part] as Partition;
    const src = matchKey(unit.source, { mode: p.sourceMode, vocabulary: this.vocabulary, spans: false });
    const tgt = matchKey(unit.target, { mode: p.targetMode, vocabulary: this.vocabulary, keepNumbers: true, spans: false });
    const srcDense = src.symbols.map((s) => this.sourceSymbols.intern(s));
    const tgtDense = tgt.symbols.map((s) => this.targetSymbols.intern(s));
    const existing = this.slotOfUnit.get(unit.id);
    if (existing !== undefined) {
      if (this.partitionOf[existing] === part && this.sameSlot(existing, srcDense, tgtDense, src)) return;
      this.kill(existing);
    }
    this.insertSlot(unit.id, part, srcDense, tgtDense, src.numbers);
    this.maybeCompact();
  }

  /** Removes a unit; false when it was not indexed. */
  remove(unitId: number): boolean {
    const slot = this.slotOfUnit.get(unitId);
    if (slot === undefined) return false;
    this.kill(slot);
    this.maybeCompact();
    return true;
  }

  /** The stored source key of a slot (dense ids). */
  sourceOf(slot: number): Uint32Array {
    const start = this.sourceStart[slot] as number;
    return this.arena.data.subarray(start, start + (this.sourceLength[slot] as number));
  }

  /** The stored target key of a slot (dense ids). */
  targetOf(slot: number): Uint32Array {
    const start = this.targetStart[slot] as number;
    return this.arena.data.subarray(start, start + (this.targetLength[slot] as number));
  }

  private sameSlot(slot: number, src: Int32Array, tgt: Int32Array, key: MatchKey): boolean {
    const a = this.sourceOf(slot);
    const b = this.targetOf(slot);
    const nums = this.numbers.get(slot) ?? [];
    return a.length === src.length && src.every((s, i) => s === a[i]) && b.length === tgt.length && tgt.every((s, i) => s === b[i])
      && nums.length === key.numbers.length && nums.every((n, i) => n === key.numbers[i]);
  }

  private insertSlot(unitId: number, part: number, src: ArrayLike<number>, tgt: ArrayLike<number>, numbers: string[]): void {
    const slot = this.slotCount++;
    const size = slot + 1;
    this.unitIds = grow(this.unitIds, size);
    this.partitionOf = grow(this.partitionOf, size);
    this.sourceStart = grow(this.sourceStart, size);
    this.sourceLength = grow(this.sourceLength, size);
    this.targetStart = grow(this.targetStart, size);
    this.targetLength = grow(this.targetLength, size);
    this.alive = grow(this.alive, size);
    const p = this.partitions[part] as Partition;
    this.unitIds[slot] = unitId;
    this.partitionOf[slot] = part;
    this.alive[slot] = 1;
    this.arena.reserve(src.length + tgt.length);
    this.sourceStart[slot] = this.arena.length;
    this.sourceLength[slot] = src.length;
    for (let i = 0; i < src.length; i++) this.arena.push(src[i] as number);
    this.targetStart[slot] = this.arena.length;
    this.targetLength[slot] = tgt.length;
    for (let i = 0; i < tgt.length; i++) this.arena.push(tgt[i] as number);
    addGrams(p.source, src, slot);
    addGrams(p.target, tgt, slot);
    (p.byLength[src.length] ??= new GrowableU32(2)).push(slot);
    if (numbers.length > 0) this.numbers.set(slot, numbers);
    p.alive++;
    this.slotOfUnit.set(unitId, slot);
  }

  private kill(slot: number): void {
    this.alive[slot] = 0;
    this.dead++;
    (this.partitions[this.partitionOf[slot] as number] as Partition).alive--;
    this.slotOfUnit.delete(this.unitIds[slot] as number);
    this.numbers.delete(slot);
  }

  private maybeCompact(): void {
    if (this.dead >= this.compactMinDead && this.dead * 4 >= this.slotCount) this.compact();
  }

  /** Rebuilds slots, arena and postings from the live slots, dropping tombstones. */
  compact(): void {
    const live: number[] = [];
    for (let s = 0; s < this.slotCount; s++) if (this.alive[s]) live.push(s);
    const old = { unitIds: this.unitIds, partitionOf: this.partitionOf, numbers: new Map(this.numbers), arena: this.arena.data, ss: this.sourceStart, sl: this.sourceLength, ts: this.targetStart, tl: this.targetLength };
    this.arena = new GrowableU32(Math.max(1 << 16, this.arena.length));
    this.slotCount = 0;
    this.dead = 0;
    this.numbers.clear();
    this.slotOfUnit.clear();
    for (const p of this.partitions) Object.assign(p, { source: new GramTable(), target: new GramTable(), byLength: [], alive: 0 });
    for (const s of live) {
      const src = old.arena.subarray(old.ss[s] as number, (old.ss[s] as number) + (old.sl[s] as number));
      const tgt = old.arena.subarray(old.ts[s] as number, (old.ts[s] as number) + (old.tl[s] as number));
      this.insertSlot(old.unitIds[s] as number, old.partitionOf[s] as number, src, tgt, old.numbers.get(s) ?? []);
    }
  }

  /** What the index holds and how much memory it takes (typed arrays only). */
  footprint(): IndexFootprint {
    const postingBytes = this.partitions.reduce((s, p) => s + p.source.bytes + p.target.bytes + p.byLength.reduce((t, l) => t + l.bytes, 0), 0);
    const grams = this.partitions.reduce((s, p) => s + p.source.size + p.target.size, 0);
    return { units: this.size, slots: this.slotCount, arenaBytes: this.arena.bytes, postingBytes, grams };
  }
}

/** Adds `slot` to the posting list of every distinct padded bigram of `symbols`. */
function addGrams(table: GramTable, symbols: ArrayLike<number>, slot: number): void {
  let prev = 0;
  for (let i = 0; i <= symbols.length; i++) {
    const cur = i < symbols.length ? (symbols[i] as number) : 0;
    const list = table.list(prev, cur);
    if (list.length === 0 || list.data[list.length - 1] !== slot) list.push(slot);
    prev = cur;
  }
}
