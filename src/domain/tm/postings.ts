/**
 * Storage for the n-gram index: growable typed arrays and a table from bigrams (pairs of dense
 * symbol ids) to posting lists of slot numbers.
 *
 * Memory at a million units is the constraint (issue: RSS <= 2 GB), so everything per unit or
 * per posting is a typed array entry, never an object: a posting costs 4 bytes plus growth slack.
 * The gram table is open addressing over two Int32Arrays because a JavaScript Map keyed by a
 * pair code above 2^31 boxes every key it hashes, and the index looks up some 70 million grams
 * while it is built.
 */

/** A Uint32Array that grows by doubling. */
export class GrowableU32 {
  data: Uint32Array;
  length = 0;

  constructor(capacity = 4) {
    this.data = new Uint32Array(capacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(Math.max(4, this.data.length * 2));
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }

  /** Makes room for `extra` more values without further growth. */
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const next = new Uint32Array(Math.max(this.length + extra, this.data.length * 2));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
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

const EMPTY = -1;

/** Posting lists per bigram (a, b) of dense symbol ids, plus the grams each symbol ends. */
export class GramTable {
  private keysA = new Int32Array(1024).fill(EMPTY);
  private keysB = new Int32Array(1024);
  private slots = new Int32Array(1024);
  private mask = 1023;
  /** Posting lists, by gram number. */
  readonly lists: GrowableU32[] = [];
  /** Gram numbers by their second symbol (to find a symbol wherever it occurs). */
  readonly bySecond = new Map<number, number[]>();

  private hash(a: number, b: number): number {
    return (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) & this.mask;
  }

  /** The gram number of (a, b), or -1. */
  find(a: number, b: number): number {
    for (let h = this.hash(a, b); ; h = (h + 1) & this.mask) {
      const k = this.keysA[h] as number;
      if (k === EMPTY) return -1;
      if (k === a && this.keysB[h] === b) return this.slots[h] as number;
    }
  }

  /** The posting list of (a, b), created when new. */
  list(a: number, b: number): GrowableU32 {
    const found = this.find(a, b);
    if (found >= 0) return this.lists[found] as GrowableU32;
    if ((this.lists.length + 1) * 2 > this.mask) this.rehash();
    let h = this.hash(a, b);
    while (this.keysA[h] !== EMPTY) h = (h + 1) & this.mask;
    const gram = this.lists.length;
    this.keysA[h] = a;
    this.keysB[h] = b;
    this.slots[h] = gram;
    const list = new GrowableU32(2);
    this.lists.push(list);
    const ending = this.bySecond.get(b);
    if (ending) ending.push(gram);
    else this.bySecond.set(b, [gram]);
    return list;
  }

  private rehash(): void {
    const [oldA, oldB, oldS] = [this.keysA, this.keysB, this.slots];
    const size = oldA.length * 2;
    this.keysA = new Int32Array(size).fill(EMPTY);
    this.keysB = new Int32Array(size);
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    for (let i = 0; i < oldA.length; i++) {
      const a = oldA[i] as number;
      if (a === EMPTY) continue;
      let h = this.hash(a, oldB[i] as number);
      while (this.keysA[h] !== EMPTY) h = (h + 1) & this.mask;
      this.keysA[h] = a;
      this.keysB[h] = oldB[i] as number;
      this.slots[h] = oldS[i] as number;
    }
  }

  /** Number of distinct grams. */
  get size(): number {
    return this.lists.length;
  }

  /** Bytes held by the table and its posting lists. */
  get bytes(): number {
    return this.keysA.byteLength * 3 + this.lists.reduce((s, l) => s + l.bytes + 32, 0);
  }
}
