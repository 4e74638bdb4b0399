/**
 * A value per Unicode code point, learnt lazily, in memory fixed by Unicode rather than by the text
 * seen: the BMP in one flat array (hot loops index it directly), the rest in pages of 1,024 code
 * points made on first use. However many texts are folded, the table holds at most 0x110000
 * values (4.25 MB); a text of emoji or Extension-B names touches a few pages (4 KB each).
 *
 * Issue 12, ninth round: the folds' caches of code points outside the BMP (and match-key.ts's word
 * characters) were Maps by code point, which a text of made-up code points could grow by some 40 to
 * 80 bytes an entry, up to a million entries, for the life of the process.
 */

/** Code points in a page. */
const PAGE_BITS = 10;
const PAGE_SIZE = 1 << PAGE_BITS;
/** One past the last code point. */
const CODE_POINTS = 0x110000;
const BMP = 0x10000;

/** Int32 values by code point; `empty` where nothing was set. */
export class CodePointTable {
  /** The BMP's values, indexed by code point (pages 0-63 are views of it). */
  readonly bmp: Int32Array;
  private readonly pages: (Int32Array | undefined)[] = new Array<Int32Array | undefined>(CODE_POINTS >> PAGE_BITS).fill(undefined);

  constructor(private readonly empty: number) {
    this.bmp = new Int32Array(BMP).fill(empty);
    for (let p = 0; p < BMP >> PAGE_BITS; p++) this.pages[p] = this.bmp.subarray(p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
  }

  /** The value of `cp` (0 to 0x10FFFF), or `empty`. */
  get(cp: number): number {
    const page = this.pages[cp >> PAGE_BITS];
    return page === undefined ? this.empty : (page[cp & (PAGE_SIZE - 1)] as number);
  }

  /** Sets the value of `cp` (0 to 0x10FFFF), making its page if it has none. */
  set(cp: number, value: number): void {
    if (cp < 0 || cp >= CODE_POINTS) throw new RangeError(`no code point ${cp}`);
    let page = this.pages[cp >> PAGE_BITS];
    if (page === undefined) this.pages[cp >> PAGE_BITS] = page = new Int32Array(PAGE_SIZE).fill(this.empty);
    page[cp & (PAGE_SIZE - 1)] = value;
  }
}
