/**
 * The sweep's priming (sweep-priming.ts) on an index whose sorted slots all have an empty key
 * (sources of whitespace alone): it finds no slot to prime with, and does not look through the
 * same slots again on the next search, only once the index is laid out anew. (A file of its own:
 * the priming is once a process, and any search that primes ends what this test can see.)
 */
import { describe, expect, it } from 'vitest';
import { NgramIndex } from '../../../../src/domain/tm/index/ngram-index.js';
import { planeChunks } from '../../../../src/domain/tm/index/signature-planes.js';
import { primeSweep } from '../../../../src/domain/tm/index/sweep-priming.js';

const unit = (id: number, source: string) => ({ id, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source, target: 'x' });

/** `ix`'s source lengths behind a proxy that counts the slots read (the priming's look for a key). */
function countReads(ix: NgramIndex): { reads: number } {
  const counter = { reads: 0 };
  const lengths = ix.sourceLength;
  ix.sourceLength = new Proxy(lengths, {
    get(target, p) {
      if (typeof p === 'string' && /^\d+$/.test(p)) counter.reads++;
      const v: unknown = Reflect.get(target, p, target);
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
    },
  });
  return counter;
}

describe('the sweep\'s priming on an index whose keys are all empty', () => {
  it('looks through its sorted slots once a layout, and primes once a layout has a key', () => {
    const ix = new NgramIndex();
    for (let id = 1; id <= 200; id++) ix.stage(unit(id, ' '.repeat(1 + (id % 3))));
    ix.seal();
    expect(ix.sortedEnd).toBe(200);
    const counted = countReads(ix);
    primeSweep(ix);
    expect(counted.reads).toBe(200);
    primeSweep(ix);
    primeSweep(ix);
    expect(counted.reads).toBe(200);
    expect(planeChunks(ix).built).toBe(0);
    // A unit with a key, laid out: the new layout is looked at, and the priming sweeps its slot's word.
    ix.stage(unit(201, '中国同中亚国家'));
    ix.seal();
    primeSweep(ix);
    expect(planeChunks(ix).built).toBe(1);
  });
});
