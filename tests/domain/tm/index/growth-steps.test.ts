/**
 * The index grown, relabelled and sealed in small steps while lookups run between them (issue 12,
 * the stall of lookups during an import): arrays allocated uninitialised and zeroed in steps read
 * as zero; a table sealed in steps holds what a seal in one go holds; and a search made between
 * any two steps of an import's growth, staging, relabelling and seal finds exactly what it found
 * before the import began (staged units are not searched), and after the seal what an index
 * built from every unit in one go finds (the lossless tests hold that one to brute force).
 */
import { describe, expect, it } from 'vitest';
import { loadSeedMaterial, prng, syntheticQueries, syntheticUnits } from '../../../../bench/synthetic.js';
import { type IndexableUnit, NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import { GramTable, grownInSteps } from '../../../../src/domain/tm/index/postings.js';
import { TmSeeker } from '../../../../src/domain/tm/index/seeker.js';
import { drain, zeroedInSteps } from '../../../../src/domain/tm/index/steps.js';

const material = loadSeedMaterial();

function units(n: number, seed: number, from: number): IndexableUnit[] {
  return [...syntheticUnits(material, n, seed)].map((u, i) => ({ id: from + i, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: u.source, target: u.target }));
}

/** Every candidate of each query at thresholds 50 and 75 (unit id and base score), in the seeker's order. */
function search(ix: NgramIndex, queries: readonly string[]): string {
  const seeker = new TmSeeker(ix);
  const part = ix.partitionFor('m', 'zh-CN', 'en');
  return JSON.stringify(queries.map((q) => [50, 75].map((t) => seeker.fuzzy(part, q, t, 10).map((c) => [c.unitId, c.base]))));
}

describe('zeroedInSteps: a large array allocated uninitialised, zeroed a step at a time', () => {
  it('reads as zero everywhere, after memory the allocator handed out full of ones, and yields once per step', () => {
    // Uninitialised memory from malloc may be what these held before they were freed.
    for (let i = 0; i < 20; i++) Buffer.allocUnsafeSlow(1 << 20).fill(0xff);
    for (const [type, length] of [[Uint32Array, 300_001], [Float64Array, 70_000], [Uint8Array, 5_000], [Uint16Array, 0]] as const) {
      const steps = zeroedInSteps(type as typeof Uint32Array, length, 4096);
      let yields = 0;
      let r = steps.next();
      for (; !r.done; r = steps.next()) yields++;
      const a = r.value;
      expect([a.constructor, a.length]).toEqual([type, length]);
      expect(a.every((v) => v === 0)).toBe(true);
      expect(yields).toBe(Math.max(0, Math.ceil((length * type.BYTES_PER_ELEMENT) / 4096) - 1));
    }
    expect(drain(zeroedInSteps(Uint32Array, 100_000, Infinity)).every((v) => v === 0)).toBe(true);
  });
});

describe('grownInSteps: a per-slot array grown in steps', () => {
  it('keeps every value, reads zero past them, yields while it copies a large one, and returns a large enough array as it is', () => {
    const a = Float64Array.from({ length: 300_000 }, (_, i) => i * 1.5 - 7);
    const steps = grownInSteps(a, 400_000);
    let yields = 0;
    let r = steps.next();
    for (; !r.done; r = steps.next()) yields++;
    const b = r.value;
    expect(b.length).toBe(450_000);
    expect(Array.from(b.subarray(0, a.length))).toEqual(Array.from(a));
    expect(b.subarray(a.length).every((v) => v === 0)).toBe(true);
    expect(yields, 'zeroed and copied a megabyte a step').toBeGreaterThan(4);
    expect(drain(grownInSteps(b, 1_000))).toBe(b);
  });
});

describe('GramTable.sealInSteps', () => {
  it('lays out the same runs as seal in one go, and yields while it zeroes the runs', () => {
    const rnd = prng(17);
    const make = () => {
      const t = new GramTable();
      for (let i = 0; i < 50_000; i++) t.intern(i % 300, Math.floor(i / 300));
      return t;
    };
    const capacity = Uint32Array.from({ length: 50_000 }, () => Math.floor(rnd() * 40));
    const once = make();
    once.seal(capacity);
    const stepped = make();
    expect([...stepped.sealInSteps(capacity, 1_000)].length).toBeGreaterThan(50);
    const slots = Array.from({ length: 30_000 }, () => Math.floor(rnd() * 50_000));
    slots.forEach((g, slot) => {
      once.append(g, slot);
      stepped.append(g, slot);
    });
    for (let g = 0; g < 50_000; g += 7) {
      const [a, b] = [once.posting(g), stepped.posting(g)];
      expect(Array.from(b.data.subarray(0, b.length)), `gram ${g}`).toEqual(Array.from(a.data.subarray(0, a.length)));
    }
    expect(stepped.bytes).toBe(once.bytes);
  });
});

describe('an import grown, staged, relabelled and sealed in steps, with searches between every step', () => {
  it('finds what it found before the import until the seal, then what an index built in one go finds', async () => {
    const old = units(1_500, 51, 1);
    const batch = units(2_500, 52, 10_000);
    const ix = new NgramIndex();
    for (const u of old) ix.stage(u);
    ix.seal();
    const queries = [old, batch].flatMap((of, i) => syntheticQueries(material, of.map((u) => u.source), 15, 53 + i).map((q) => q.source));
    const before = search(ix, queries);
    const ids = (found: string) => (JSON.parse(found) as [number, number][][][]).flat(3).filter((_, i) => i % 2 === 0);
    expect(ids(before).length, 'the queries find old units').toBeGreaterThan(20);
    let steps = 0;
    const between = () => {
      steps++;
      expect(search(ix, queries)).toBe(before);
    };
    // As an import's fold does: room made in steps (arena copied 64 symbols a step), units staged
    // under provisional ids a page at a time, relabelled with the store's ids in steps, sealed.
    const mark = ix.mark();
    for (const _ of ix.reserveInSteps(batch.length, 64)) between();
    const arena = ix.arena.data;
    batch.forEach((u, k) => {
      ix.stage({ ...u, id: -(k + 1) });
      if (k % 500 === 0) between();
    });
    expect(ix.arena.data, 'the room made took the batch').toBe(arena);
    const slots = Uint32Array.from(batch, (_, k) => mark.slots + k);
    for (const _ of ix.relabelStagedInSteps(slots, (k) => -(k + 1), Float64Array.from(batch, (u) => u.id), 100)) between();
    await ix.sealInSteps(async () => between(), 200);
    expect(steps).toBeGreaterThan(100);
    const whole = new NgramIndex();
    for (const u of [...old, ...batch]) whole.stage(u);
    whole.seal();
    expect(search(ix, queries)).toBe(search(whole, queries));
    expect(ids(search(ix, queries)).filter((id) => id >= 10_000).length, 'and, sealed, units of the batch').toBeGreaterThan(20);
    expect(ix.size).toBe(old.length + batch.length);
  }, 60_000);
});
