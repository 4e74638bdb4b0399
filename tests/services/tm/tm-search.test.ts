/**
 * The lookup's reads from the store (tm-search.ts): candidates are read in chunks, best base first,
 * and a chunk starts at the limit, so rows that cannot be answered are not read.
 */
import { describe, expect, it } from 'vitest';
import { NgramIndex } from '../../../src/domain/tm/index/ngram-index.js';
import { TmSeeker } from '../../../src/domain/tm/index/seeker.js';
import type { UnitRecord } from '../../../src/domain/tm/unit.js';
import { lookupSegments } from '../../../src/services/tm/tm-search.js';
import type { TmReader } from '../../../src/store/types.js';

const QUERY = '中国同中亚五国建交三十年来，双方贸易额增长了一百多倍。';

function unit(id: number, source: string, day: number): UnitRecord {
  const at = `2024-01-${String(day).padStart(2, '0')}T00:00:00.000Z`;
  return { id, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source, target: `Target ${id}`, context: {}, origin: {}, note: null,
    createdBy: 't', createdAt: at, updatedBy: 't', updatedAt: at, usageCount: 0 };
}

describe('lookupSegments reads the rows it can answer', () => {
  it('five exact copies and seven one-character variants, limit 5: reads the five copies only', async () => {
    const copies = [1, 2, 3, 4, 5].map((id) => unit(id, QUERY, 10 + id));
    const variants = [6, 7, 8, 9, 10, 11, 12].map((id) => unit(id, QUERY.replace('贸易', `贸${'品益额量值总增'[id - 6]}`).slice(0, [...QUERY].length), id));
    const units = new Map([...copies, ...variants].map((u) => [u.id, u]));
    const ix = new NgramIndex();
    for (const u of units.values()) ix.stage({ id: u.id, memory: u.memory, sourceLang: u.sourceLang, targetLang: u.targetLang, source: u.source, target: u.target, updatedAt: u.updatedAt });
    ix.seal();
    const read: number[] = [];
    const store = { getUnits: (ids: number[]) => {
      read.push(...ids);
      return Promise.resolve(ids.map((id) => units.get(id) as UnitRecord));
    } } as unknown as TmReader;
    const [matches] = await lookupSegments(new TmSeeker(ix), store, { sourceLang: 'zh-CN', targetLang: 'en', threshold: 70, limit: 5, memories: [{ id: 'm', penalty: 0 }], segments: [{ source: QUERY }] });
    expect(matches?.map((m) => [m.unit.id, m.score])).toEqual([[5, 100], [4, 100], [3, 100], [2, 100], [1, 100]]);
    // A first chunk of 8 read three variants that could never rank before five exact matches.
    expect(read.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
  });
});
