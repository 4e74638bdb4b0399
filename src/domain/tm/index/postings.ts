/**
 * Storage for the n-gram index: growable typed arrays and a table from bigrams (pairs of dense
 * symbol ids) to posting lists of slot numbers.
 *
 * Memory at a million units is the constraint (issue: RSS <= 2 GB), so everything per unit or
 * per posting is a typed array entry, never an object: a posting costs 4 bytes plus growth slack.
 * The gram table is open addressing over an Int32Array because a JavaScript Map keyed by a
 * pair code above 2^31 boxes every key it hashes, and the index looks up some 70 million grams
 * while it is built.
 *
 * Sealed posting lists live in one Uint32Array per table (a partition's side), each list a run
 * of it found by offset, length and capacity in three typed arrays ({@link GramTable.seal});
 * only a list that outgrows its run after the seal moves into a {@link GrowableU32} of its own.
 * Issue 12: a typed array per list meant hundreds of thousands of ArrayBuffers per seal (a
 * million at 1M units), each a malloc, a tracked backing store and two objects; garbage
 * collection of the old layout's lists during a re-seal was what remained of the stall of
 * lookups during an import, and sizing them one allocation at a time held the event loop for
 * 150-300 ms. Readers get a list as a view ({@link GramTable.posting}) made when asked.
 */
import { PAD_SYMBOL } from '../vocabulary.js';
import { drain, FAULT_STEP_BYTES, inSteps, type TypedArrayOf, zeroedInSteps } from './steps.js';

/** Shared by every empty list: never written, since a push first grows a list that is full. */
const NO_VALUES = new Uint32Array(0);

/** A Uint32Array that grows by doubling. */
export class GrowableU32 {
  data: Uint32Array;
  length = 0;

  constructor(capacity = 4) {
    this.data = capacity === 0 ? NO_VALUES : new Uint32Array(capacity);
  }

  /** A list over the first `length` values of `data` (a view: pushing to it writes past them). */
  static over(data: Uint32Array, length: number): GrowableU32 {
    const list = new GrowableU32(0);
    list.data = data;
    list.length = length;
    return list;
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      // Double small lists, grow long ones by half: a posting list of a common bigram is megabytes.
      const n = this.data.length;
      const next = new Uint32Array(Math.max(4, n < 4096 ? n * 2 : n + (n >> 1)));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  /** Makes room for `extra` more values without further growth. */
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const next = new Uint32Array(this.grownSize(extra));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }

  /**
   * {@link reserve} in steps: the values are copied `step` at a time, with a yield between, into
   * an array that takes over at the end; nothing may push meanwhile, readers read the old one.
   * For the arena of a large index (issue 12: copying 100k units' keys in one go held the event
   * loop 60-100 ms under load 4-5).
   *
   * The arena is one flat array, grown for an import by `NgramIndex.reserveInSteps`: a new
   * array copied into 1 MB a step while lookups read the old one. Chunks that never move were the
   * other way (issue 12); every reader of keys (the search's bag filter, Levenshtein, signatures,
   * planes, concordance) takes the arena and an offset in its inner loops, and a key's chunk would
   * be one more indirection there. The copy costs some 3 ms a megabyte of keys already held, nearly
   * all of it faulting in the new array's pages (steps.ts), spread over steps with lookups between;
   * a chunked arena would save that (some 85 ms of CPU at 100k units) and keep the readers as they
   * are only if a key never straddled two chunks.
   */
  *reserveInSteps(extra: number, step: number): Generator<void, void, void> {
    if (this.length + extra <= this.data.length) return;
    const next = new Uint32Array(this.grownSize(extra));
    for (let i = 0; i < this.length; i += step) {
      yield;
      next.set(this.data.subarray(i, Math.min(this.length, i + step)), i);
    }
    this.data = next;
  }

  private grownSize(extra: number): number {
    const n = this.data.length;
    return Math.max(this.length + extra, n < 4096 ? n * 2 : n + (n >> 1));
  }

  /** Bytes allocated. */
  get bytes(): number {
    return this.data.byteLength;
  }
}

/** Grows a typed array to at least `size` entries, keeping its contents. */
export function grow<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, Math.ceil(a.length * 1.5), 1024));
  next.set(a);
  return next;
}

/**
 * {@link grow} in steps: the larger array allocated and zeroed (steps.ts `zeroedInSteps`), then
 * the contents copied a megabyte a step; the old array stays valid until the caller swaps.
 */
export function* grownInSteps<T extends Uint8Array | Uint16Array | Int32Array | Uint32Array | Float64Array>(a: T, size: number): Generator<void, T, void> {
  if (a.length >= size) return a;
  const next = yield* zeroedInSteps(a.constructor as TypedArrayOf<T>, Math.max(size, Math.ceil(a.length * 1.5), 1024));
  yield* inSteps(a.length, Math.max(1, FAULT_STEP_BYTES / a.BYTES_PER_ELEMENT), (lo, hi) => next.set(a.subarray(lo, hi) as ArrayLike<number>, lo));
  return next;
}

const EMPTY = -1;

/** Posting lists per bigram (a, b) of dense symbol ids, plus the grams each symbol ends. */
export class GramTable {
  /** Open addressing, one entry per 3 ints (a, b, gram number) so that a probe reads one cache line. */
  private table = new Int32Array(3 * 1024).fill(EMPTY);
  private mask = 1023;
  private grams = 0;
  /** Sealed lists: gram g's postings are `values[start[g] .. start[g] + count[g])`, with room up to `start[g + 1]`. */
  private values: Uint32Array = NO_VALUES;
  private start = new Uint32Array(1);
  private count = new Uint32Array(0);
  /** Lists of grams new since the seal, or that outgrew their run: by gram number. */
  private readonly own = new Map<number, GrowableU32>();
  /** Gram numbers by their second symbol (to find a symbol wherever it occurs). */
  readonly bySecond = new Map<number, number[]>();

  private hash(a: number, b: number, mask = this.mask): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & mask;
  }

  /** The gram number of (a, b), or -1. */
  find(a: number, b: number): number {
    const t = this.table;
    for (let h = this.hash(a, b); ; h = (h + 1) & this.mask) {
      const k = t[3 * h] as number;
      if (k === EMPTY) return -1;
      if (k === a && t[3 * h + 1] === b) return t[3 * h + 2] as number;
    }
  }

  /** The posting list of gram `g` (a number from {@link find}), to read only. */
  posting(g: number): GrowableU32 {
    if (g >= this.count.length) return this.own.get(g) ?? new GrowableU32(0);
    const from = this.start[g] as number;
    const end = this.start[g + 1] as number;
    const n = this.count[g] as number;
    // A list that moved out filled its run first, so a run with room is the list.
    return (from + n === end ? this.own.get(g) : undefined) ?? GrowableU32.over(this.values.subarray(from, end), n);
  }

  /** Adds `slot` to the posting list of (a, b), created when new. */
  add(a: number, b: number, slot: number): void {
    this.append(this.intern(a, b), slot);
  }

  /** Adds `slot` to the posting list of gram `g` (slots are added in order). */
  append(g: number, slot: number): void {
    if (g < this.count.length) {
      const at = (this.start[g] as number) + (this.count[g] as number);
      // A list that moved out filled its run first, so a run with room is the list.
      if (at < (this.start[g + 1] as number)) {
        this.values[at] = slot;
        this.count[g]!++;
        return;
      }
    }
    const own = this.own.get(g);
    if (own) {
      own.push(slot);
      return;
    }
    // Past its run (or new since the seal): the list moves to an array of its own, with room to grow.
    const n = g < this.count.length ? (this.count[g] as number) : 0;
    const list = new GrowableU32(Math.max(4, n + (n >> 1)));
    if (n > 0) list.data.set(this.values.subarray(this.start[g] as number, (this.start[g] as number) + n));
    list.length = n;
    list.push(slot);
    this.own.set(g, list);
  }

  /** The gram number of (a, b), created (with an empty list) when new. */
  intern(a: number, b: number): number {
    const t = this.table;
    let h = this.hash(a, b);
    for (; ; h = (h + 1) & this.mask) {
      const k = t[3 * h] as number;
      if (k === EMPTY) break;
      if (k === a && t[3 * h + 1] === b) return t[3 * h + 2] as number;
    }
    if (this.needsRoom(1)) {
      this.rehash();
      return this.intern(a, b);
    }
    const gram = this.grams++;
    t[3 * h] = a;
    t[3 * h + 1] = b;
    t[3 * h + 2] = gram;
    const ending = this.bySecond.get(b);
    if (ending) ending.push(gram);
    else this.bySecond.set(b, [gram]);
    return gram;
  }

  private rehash(): void {
    for (const _ of this.doubled(Infinity));
  }

  /** True when interning `extra` more grams would make {@link intern} rehash the table. */
  needsRoom(extra: number): boolean {
    return (this.grams + extra) * 2 > this.mask;
  }

  /**
   * Doubles the table until `extra` more grams fit, yielding after about every `step` entries
   * filled or moved; nothing may intern meanwhile (finds read the old table until the swap). For
   * a new layout's table, which no search reads yet: the last doubling of a 200k-unit re-seal's
   * target table held the event loop 176 ms in one go under load 10 (issue 12).
   */
  *makeRoom(extra: number, step: number): Generator<void, void, void> {
    while (this.needsRoom(extra)) yield* this.doubled(step);
  }

  /** Moves every gram into a table twice the size, yielding after about every `step` entries. */
  private *doubled(step: number): Generator<void, void, void> {
    const old = this.table;
    const size = (this.mask + 1) * 2;
    const mask = size - 1;
    const table = new Int32Array(3 * size);
    for (let i = 0; i < table.length; i += 3 * step) {
      table.fill(EMPTY, i, i + 3 * step);
      if (i + 3 * step < table.length) yield;
    }
    for (let i = 0, moved = 0; i < old.length; i += 3) {
      const a = old[i] as number;
      if (a === EMPTY) continue;
      let h = this.hash(a, old[i + 1] as number, mask);
      while (table[3 * h] !== EMPTY) h = (h + 1) & mask;
      table.set(old.subarray(i, i + 3), 3 * h);
      if (++moved % step === 0) yield;
    }
    this.table = table;
    this.mask = mask;
  }

  /**
   * Lays out empty runs for every gram interned so far, gram g's of `capacity[g]` postings, in
   * one array; {@link add} then fills them. For a table that has no postings yet (a new layout).
   */
  seal(capacity: Uint32Array): void {
    drain(this.sealInSteps(capacity, Infinity));
  }

  /**
   * {@link seal} in steps of about `step` grams, the new arrays allocated and zeroed a megabyte
   * a step (steps.ts): the fill that follows writes all over them, and faulted in by its first
   * steps they held the event loop 54-98 ms (issue 12). Finds and postings are not to be read
   * until it is done.
   */
  *sealInSteps(capacity: Uint32Array, step: number): Generator<void, void, void> {
    const n = this.grams;
    const zeroStep = step === Infinity ? Infinity : FAULT_STEP_BYTES;
    const start = yield* zeroedInSteps(Uint32Array, n + 1, zeroStep);
    let total = 0;
    yield* inSteps(n, step, (lo, hi) => {
      for (let g = lo; g < hi; g++) start[g + 1] = total += capacity[g] as number;
    });
    const values = yield* zeroedInSteps(Uint32Array, total, zeroStep);
    const count = yield* zeroedInSteps(Uint32Array, n, zeroStep);
    this.values = values;
    this.start = start;
    this.count = count;
    this.own.clear();
  }

  /** Number of distinct grams. */
  get size(): number {
    return this.grams;
  }

  /** Bytes held by the table and its posting lists. */
  get bytes(): number {
    let own = 0;
    for (const l of this.own.values()) own += l.bytes + 32;
    return this.table.byteLength + this.values.byteLength + this.start.byteLength + this.count.byteLength + own;
  }
}

/**
 * One side's symbol dictionary: matching-key symbol -> dense id, and back. Key symbols are code
 * points, the number and padding symbols, or vocabulary tokens numbered densely above them, so
 * the map is a flat array (id + 1, 0 for none), not a hash map: it is read for every symbol of
 * every unit while the index is built.
 */
export class DenseSymbols {
  private ids = new Int32Array(PAD_SYMBOL + 1024);
  /** Dense id -> key symbol. */
  readonly symbols: number[] = [];

  constructor() {
    this.intern(PAD_SYMBOL);
  }

  /** The dense id of `symbol`, assigned on first sight. */
  intern(symbol: number): number {
    if (symbol >= this.ids.length) this.ids = grow(this.ids, symbol + 1);
    const id = (this.ids[symbol] as number) - 1;
    if (id >= 0) return id;
    this.ids[symbol] = this.symbols.length + 1;
    this.symbols.push(symbol);
    return this.symbols.length - 1;
  }

  /** The dense id of `symbol`, or undefined when no unit has it. */
  get(symbol: number): number | undefined {
    const id = (this.ids[symbol] ?? 0) - 1;
    return id >= 0 ? id : undefined;
  }

  get size(): number {
    return this.symbols.length;
  }
}
