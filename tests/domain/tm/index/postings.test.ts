/**
 * Posting lists in one array per table (postings.ts): after a seal every list reads as the
 * slots added to it, in order, whether it stayed in its run, outgrew it (and moved to an array
 * of its own) or was new since the seal; and a sealed index's lists hold what posting every
 * unit one at a time would have put in them.
 */
import { describe, expect, it } from 'vitest';
import { loadSeedMaterial, prng, syntheticUnits } from '../../../../bench/synthetic.js';
import { NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import { GramTable } from '../../../../src/domain/tm/index/postings.js';

const read = (t: GramTable, a: number, b: number): number[] => {
  const g = t.find(a, b);
  if (g < 0) return [];
  const list = t.posting(g);
  return Array.from(list.data.subarray(0, list.length));
};

describe('GramTable: sealed runs and lists of their own', () => {
  it('reads every list as the slots added, through runs filled, outgrown and grams new after the seal', () => {
    const rnd = prng(7);
    const expected = new Map<string, number[]>();
    const t = new GramTable();
    const grams: [number, number][] = Array.from({ length: 300 }, (_, i) => [i % 17, Math.floor(i / 17)]);
    // Sealed with runs of 0-4 postings of room (a new layout sizes them from counts).
    for (const [a, b] of grams) t.intern(a, b);
    t.seal(Uint32Array.from(grams, (_, i) => i % 5));
    for (let slot = 0; slot < 5_000; slot++) {
      const [a, b] = rnd() < 0.9 ? (grams[Math.floor(rnd() * grams.length)] as [number, number]) : [100 + Math.floor(rnd() * 20), 7];
      t.add(a, b, slot);
      const key = `${a},${b}`;
      expected.set(key, [...(expected.get(key) ?? []), slot]);
    }
    for (const [key, slots] of expected) {
      const [a, b] = key.split(',').map(Number) as [number, number];
      expect(read(t, a, b)).toEqual(slots);
    }
    expect(read(t, 999, 999)).toEqual([]);
    // A gram interned but never posted reads empty.
    const never = t.intern(500, 500);
    expect(t.posting(never).length).toBe(0);
  });

  it('a sealed index holds the postings of the same units written one by one', () => {
    const units = [...syntheticUnits(loadSeedMaterial(), 2_000, 3)].map((u, i) => ({ id: i + 1, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: u.source, target: u.target }));
    const sealed = new NgramIndex();
    for (const u of units) sealed.stage(u);
    sealed.seal();
    const written = new NgramIndex(Infinity);
    for (const u of units) written.upsert(u);
    const slotsOf = (ix: NgramIndex, side: 'source' | 'target', a: number, b: number) => {
      const table = (ix.partitions[0] as NgramIndex['partitions'][number])[side];
      return read(table, a, b).map((slot) => ix.unitIds[slot] as number).sort((x, y) => x - y);
    };
    const sourceKey = (id: number) => {
      for (let s = 0; s < written.slotCount; s++) if (written.unitIds[s] === id && written.alive[s]) return written.sourceOf(s);
      throw new Error(`unit ${id} is not indexed`);
    };
    let compared = 0;
    for (const u of units.slice(0, 200)) {
      const key = sourceKey(u.id);
      for (let i = 0, prev = 0; i <= key.length; i++) {
        const cur = i < key.length ? (key[i] as number) : 0;
        // Dense ids are assigned in the same order by both indexes (same units, same order).
        expect(slotsOf(sealed, 'source', prev, cur)).toEqual(slotsOf(written, 'source', prev, cur));
        compared++;
        prev = cur;
      }
    }
    expect(compared).toBeGreaterThan(2_000);
    // Writes after the seal fill the runs' room, then move lists out; both read back.
    const more = units.slice(0, 300).map((u, i) => ({ ...u, id: 10_000 + i }));
    for (const u of more) { sealed.upsert(u); written.upsert(u); }
    for (const u of units.slice(0, 50)) {
      const key = sourceKey(u.id);
      for (let i = 0, prev = 0; i <= key.length; i++) {
        const cur = i < key.length ? (key[i] as number) : 0;
        expect(slotsOf(sealed, 'source', prev, cur)).toEqual(slotsOf(written, 'source', prev, cur));
        prev = cur;
      }
    }
  });
});
