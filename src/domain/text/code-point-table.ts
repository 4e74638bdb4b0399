/**
 * A value per Unicode code point, learnt lazily, in memory fixed by Unicode rather than by the text
 * seen: the BMP in one flat array (hot loops index it directly), the rest in pages of 1,024 code
 * points made on first use. However many texts are folded, the table holds at most 0x110000
 * values (4.25 MB in an Int32Array); a text of emoji or Extension-B names touches a few pages
 * (4 KB each).
 *
 * Issue 12, ninth round: the folds' caches of code points outside the BMP (and match-key.ts's word
 * characters) were Maps by code point, which a text of made-up code points could grow by some 40 to
 * 80 bytes an entry, up to a million entries, for the life of the process.
 *
 * The values' array is the caller's choice (issue 12, tenth round): the fold keeps code points
 * (Int32Array), the word test three states (Uint8Array: its BMP 64 KB instead of 256 KB, its
 * pages 1 KB, at most 1.06 MB in all).
 */

/** Code points in a page. */
const PAGE_BITS = 10;
const PAGE_SIZE = 1 << PAGE_BITS;
/** One past the last code point. */
const CODE_POINTS = 0x110000;
const BMP = 0x10000;

/** The typed arrays a table keeps its values in. */
export type CodePointValues = Int32Array | Uint8Array;

/** Values by code point, in arrays made by `values`; `empty` where nothing was set. */
export class CodePointTable<A extends CodePointValues> {
  /** The BMP's values, indexed by code point (pages 0-63 are views of it). */
  readonly bmp: A;
  private readonly pages: (A | undefined)[] = new Array<A | undefined>(CODE_POINTS >> PAGE_BITS).fill(undefined);

  /** `empty` must be a value the arrays can hold (a RangeError otherwise: a page would read back another). */
  /** One value of the arrays' type, to try a value in before it is stored. */
  private readonly scratch: A;

  constructor(private readonly empty: number, private readonly values: new (length: number) => A) {
    this.scratch = new values(1);
    this.bmp = new values(BMP);
    this.bmp.fill(empty);
    if (this.bmp[0] !== empty) throw new RangeError(`${values.name} cannot hold ${empty}`);
    for (let p = 0; p < BMP >> PAGE_BITS; p++) this.pages[p] = this.bmp.subarray(p * PAGE_SIZE, (p + 1) * PAGE_SIZE) as A;
  }

  /** The value of `cp` (0 to 0x10FFFF), or `empty`. */
  get(cp: number): number {
    const page = this.pages[cp >> PAGE_BITS];
    return page === undefined ? this.empty : (page[cp & (PAGE_SIZE - 1)] as number);
  }

  /** Sets the value of `cp` (0 to 0x10FFFF), making its page if it has none; `value` must fit the arrays. */
  set(cp: number, value: number): void {
    if (cp < 0 || cp >= CODE_POINTS) throw new RangeError(`no code point ${cp}`);
    // Refused before a page is made for it, and before anything is written.
    if (!this.fits(value)) throw new RangeError(`${this.values.name} cannot hold ${value}`);
    let page = this.pages[cp >> PAGE_BITS];
    if (page === undefined) {
      page = new this.values(PAGE_SIZE);
      page.fill(this.empty);
      this.pages[cp >> PAGE_BITS] = page;
    }
    page[cp & (PAGE_SIZE - 1)] = value;
  }

  /** Whether the arrays hold `value` as it is. */
  private fits(value: number): boolean {
    const probe = this.scratch;
    probe[0] = value;
    return probe[0] === value;
  }
}
