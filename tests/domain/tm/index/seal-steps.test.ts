/**
 * The re-seal in small steps (issue 12, the stall of lookups during an import): however finely
 * it is cut, and with its gram tables grown in steps rather than inside `intern`, it lays out
 * exactly the index that sealing in one go lays out; and the units' slots it rewrites in place
 * point at the right slots once it is installed.
 */
import { describe, expect, it } from 'vitest';
import { loadSeedMaterial, prng, syntheticUnits } from '../../../../bench/synthetic.js';
import { type IndexableUnit, NgramIndex, type Partition } from '../../../../src/domain/tm/index/ngram-index.js';
import { GramTable } from '../../../../src/domain/tm/index/postings.js';
import { UnitSlots } from '../../../../src/domain/tm/index/unit-slots.js';
import { wordUnits } from '../../../helpers/word-units.js';

const material = loadSeedMaterial();

/** Units of two partitions (Chinese by character, English by word), ids from 1. */
function units(n: number, seed: number, from: number): IndexableUnit[] {
  const zh = [...syntheticUnits(material, n, seed)].map((u, i) => ({ id: from + i, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: u.source, target: u.target }));
  const en = wordUnits('en', Math.floor(n / 3), seed).map((u, i) => ({ id: from + n + i, memory: 'm', sourceLang: 'en', targetLang: 'zh-CN', source: u.source, target: u.target }));
  return [...zh, ...en];
}

/** The same history on a fresh index: a sealed memory, some deletions, a bulk batch staged on top. */
function staged(): NgramIndex {
  const ix = new NgramIndex(100);
  for (const u of units(1500, 41, 1)) ix.stage(u);
  ix.seal();
  const rnd = prng(5);
  for (let i = 0; i < 120; i++) ix.remove(1 + Math.floor(rnd() * 1500));
  const batch = units(1500, 42, 10_000);
  ix.reserve(batch.length);
  for (const u of batch) ix.stage(u);
  return ix;
}

const used = <T extends { length: number; subarray(a: number, b: number): T }>(a: T, n: number) => Array.from(a.subarray(0, n) as unknown as ArrayLike<number>);

/** Every posting list of a table, by gram number. */
function lists(t: GramTable): number[][] {
  return Array.from({ length: t.size }, (_, g) => {
    const l = t.posting(g);
    return Array.from(l.data.subarray(0, l.length));
  });
}

describe('sealInSteps: the same index as a seal in one go', () => {
  it('lays out the same slots, keys, numbers and posting lists with steps of 1 to 5,000 slots', async () => {
    const once = staged();
    once.seal();
    for (const step of [1, 37, 5_000]) {
      const ix = staged();
      let pauses = 0;
      await ix.sealInSteps(async () => { pauses++; }, step);
      if (step < 5_000) expect(pauses).toBeGreaterThan(ix.slotCount / step);
      expect([ix.slotCount, ix.sortedEnd, ix.size]).toEqual([once.slotCount, once.sortedEnd, once.size]);
      const n = ix.slotCount;
      for (const k of ['unitIds', 'partitionOf', 'sourceStart', 'sourceLength', 'targetStart', 'targetLength', 'alive', 'updatedAt'] as const) {
        expect(used(ix[k], n), `${k}, steps of ${step}`).toEqual(used(once[k], n));
      }
      expect(used(ix.arena.data, ix.arena.length)).toEqual(used(once.arena.data, once.arena.length));
      expect([...ix.numbers].sort((a, b) => a[0] - b[0])).toEqual([...once.numbers].sort((a, b) => a[0] - b[0]));
      ix.partitions.forEach((p: Partition, i) => {
        const q = once.partitions[i] as Partition;
        expect([p.key, p.alive, Array.from(p.lengthStart), p.tail.length]).toEqual([q.key, q.alive, Array.from(q.lengthStart), 0]);
        expect(lists(p.source)).toEqual(lists(q.source));
        expect(lists(p.target)).toEqual(lists(q.target));
        for (let s = 0; s < Math.min(n, 300); s++) {
          const key = ix.sourceOf(s);
          for (let j = 0, prev = 0; j <= key.length; j++) {
            const cur = j < key.length ? (key[j] as number) : 0;
            expect(p.source.find(prev, cur)).toBe(q.source.find(prev, cur));
            prev = cur;
          }
        }
      });
    }
  }, 60_000);

  it('leaves every unit pointing at its new slot: removing a unit kills the slot that holds it', async () => {
    const ix = staged();
    await ix.sealInSteps(async () => {}, 13);
    const ids = Array.from(ix.unitIds.subarray(0, ix.slotCount)).filter((_, s) => ix.alive[s]);
    for (const id of ids.filter((_, i) => i % 7 === 0)) {
      expect(ix.remove(id)).toBe(true);
      const slot = Array.from(ix.unitIds.subarray(0, ix.slotCount)).findIndex((u) => u === id);
      expect(ix.alive[slot], `unit ${id}`).toBe(0);
    }
    expect(ix.size).toBe(ids.length - Math.ceil(ids.length / 7));
  });
});

describe('NgramIndex.reserveInSteps: the arena copied in steps', () => {
  it('reads every key as it was between the steps, and then stages the batch it made room for without growing', () => {
    const ix = new NgramIndex();
    for (const u of units(900, 43, 1)) ix.stage(u);
    ix.seal();
    const keys = () => Array.from({ length: ix.slotCount }, (_, s) => Array.from(ix.sourceOf(s)).concat(-1, Array.from(ix.targetOf(s))));
    const before = keys();
    let steps = 0;
    for (const _ of ix.reserveInSteps(1_200, 1_000)) {
      steps++;
      expect(keys()).toEqual(before);
    }
    expect(steps).toBeGreaterThan(ix.arena.length / 1_000 - 1);
    expect(keys()).toEqual(before);
    const arena = ix.arena.data;
    for (const u of units(900, 44, 5_000)) ix.stage(u);
    expect(ix.arena.data, 'the arena took the batch without growing').toBe(arena);
  });
});

describe('GramTable.makeRoom: growing in steps', () => {
  it('yields while it grows, keeps every gram, and then interns that many more without growing inside intern', () => {
    const t = new GramTable();
    const rnd = prng(3);
    const pairs: [number, number][] = [];
    for (let i = 0; i < 3_000; i++) pairs.push([Math.floor(rnd() * 500), Math.floor(rnd() * 500)]);
    const numbers = pairs.map(([a, b]) => t.intern(a, b));
    expect(t.needsRoom(20_000)).toBe(true);
    const steps = [...t.makeRoom(20_000, 256)].length;
    expect(steps).toBeGreaterThan(10);
    expect(t.needsRoom(20_000)).toBe(false);
    pairs.forEach(([a, b], i) => expect(t.find(a, b)).toBe(numbers[i]));
    const size = t.size;
    for (let i = 0; i < 20_000; i++) t.intern(1_000 + (i % 100), 1_000 + Math.floor(i / 100));
    expect(t.size).toBe(size + 20_000);
    expect(t.find(1_000 + 42, 1_000 + 199)).toBe(size + 199 * 100 + 42);
    pairs.forEach(([a, b], i) => expect(t.find(a, b)).toBe(numbers[i]));
  });
});

describe('UnitSlots: a map of unit ids in shards', () => {
  it('answers as one Map would, for consecutive, scattered, large and negative ids, through deletes', () => {
    const slots = new UnitSlots();
    const oracle = new Map<number, number>();
    const rnd = prng(9);
    const ids = [...Array.from({ length: 20_000 }, (_, i) => i + 1), ...Array.from({ length: 2_000 }, () => Math.floor(rnd() * 2 ** 52)), -1, -77, 2 ** 32, 2 ** 32 + 16];
    ids.forEach((id, slot) => { slots.set(id, slot); oracle.set(id, slot); });
    for (const id of ids.filter((_, i) => i % 3 === 0)) expect(slots.delete(id)).toBe(oracle.delete(id));
    expect(slots.size).toBe(oracle.size);
    for (const id of [...ids, 0, 20_001, 2 ** 32 + 1]) {
      expect(slots.get(id), `id ${id}`).toBe(oracle.get(id));
      expect(slots.has(id)).toBe(oracle.has(id));
    }
  });
});
