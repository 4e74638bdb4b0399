/** The table of values by code point (code-point-table.ts): the BMP flat, the rest in pages made on first use, in Int32 or Uint8 arrays. */
import { describe, expect, it } from 'vitest';
import { retainedBy } from '../../helpers/heap.js';
import { CodePointTable } from '../../../src/domain/text/code-point-table.js';

describe('CodePointTable', () => {
  it('keeps a value for any code point, and answers the empty value for those never set', () => {
    const t = new CodePointTable(-1, Int32Array);
    const cps = [0, 0x41, 0x3ff, 0x400, 0xffff, 0x10000, 0x103ff, 0x10400, 0x20000, 0x1f600, 0xe0067, 0x10ffff];
    cps.forEach((cp, i) => t.set(cp, i * 7));
    cps.forEach((cp, i) => expect(t.get(cp), cp.toString(16)).toBe(i * 7));
    for (const cp of [1, 0x401, 0xfffe, 0x10001, 0x1f601, 0x30000, 0x10fffe]) expect(t.get(cp), cp.toString(16)).toBe(-1);
  });

  it('shows the BMP as its flat array, the same values', () => {
    const t = new CodePointTable(0, Int32Array);
    t.set(0x4e2d, 0x4e2d);
    t.bmp[0x570b] = 0x56fd;
    expect([t.bmp[0x4e2d], t.get(0x570b), t.get(0x4e2e)]).toEqual([0x4e2d, 0x56fd, 0]);
  });

  it('refuses to set what is not a code point', () => {
    const t = new CodePointTable(0, Int32Array);
    expect(() => t.set(0x110000, 1)).toThrow(RangeError);
    expect(() => t.set(-1, 1)).toThrow(RangeError);
    expect(t.get(0x110000)).toBe(0);
  });

  it('keeps small values in bytes: a 64 KB BMP and 1 KB pages, the same answers', () => {
    const t = new CodePointTable(0, Uint8Array);
    expect(t.bmp).toBeInstanceOf(Uint8Array);
    expect(t.bmp.byteLength).toBe(0x10000);
    const cps = [0x80, 0x4e2d, 0xffff, 0x10000, 0x1f600, 0x10ffff];
    cps.forEach((cp, i) => t.set(cp, 1 + (i % 2)));
    cps.forEach((cp, i) => expect(t.get(cp), cp.toString(16)).toBe(1 + (i % 2)));
    expect(t.bmp[0x4e2d]).toBe(2);
    for (const cp of [0x81, 0x10001, 0x1f601, 0x20000]) expect(t.get(cp), cp.toString(16)).toBe(0);
  });

  it('refuses a value or an empty value its arrays cannot hold, and keeps what was there', () => {
    expect(() => new CodePointTable(-1, Uint8Array)).toThrow(RangeError);
    const t = new CodePointTable(0, Uint8Array);
    t.set(0x1f600, 2);
    expect(() => t.set(0x1f600, 256)).toThrow(RangeError);
    expect(() => t.set(0x1f601, -1)).toThrow(RangeError);
    expect([t.get(0x1f600), t.get(0x1f601)]).toEqual([2, 0]);
  });

  it('makes no page for a value it refuses', async () => {
    const t = new CodePointTable(0, Int32Array);
    // 1,000 pages of 4 KB past the BMP, each asked to hold a value an Int32Array cannot.
    const kept = await retainedBy(() => {
      for (let page = 0; page < 1_000; page++) expect(() => t.set(0x10000 + page * 1024, 2 ** 31)).toThrow(RangeError);
    });
    expect(kept).toBeLessThan(1_000_000);
    expect(t.get(0x10000)).toBe(0);
  });
});
