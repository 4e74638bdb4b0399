/**
 * The compact form batches cross threads in during a TMX import parsed in a worker
 * (staged-texts.ts): units packed and unpacked are the same units, every field kept; a staged
 * page leaves out the batch's repeats and numbers the rest from the first staged position.
 */
import { describe, expect, it } from 'vitest';
import type { NewUnit } from '../../src/domain/tm/unit.js';
import { packUnits, stagedPage, unitsOfPage, unpackUnits } from '../../src/store/staged-texts.js';

const units: NewUnit[] = [
  { sourceLang: 'zh-CN', targetLang: 'en', source: '第一句。', target: 'First.' },
  { sourceLang: 'zh-CN', targetLang: 'en', source: '第二句，有上下文。', target: 'Second, with context.', context: { previous: '第一句。' },
    origin: { document: 'a.docx', title: 'A' }, note: 'checked', sourceCodes: [{ id: '1', type: 'open', offset: 0, data: '<b>' }],
    targetCodes: [{ id: '1', type: 'open', offset: 0 }] },
  { sourceLang: 'zh-CN', targetLang: 'fr', source: '第三句。', target: 'Troisième.', note: null },
  { sourceLang: 'zh-CN', targetLang: 'en', source: '第四句。', target: '' },
];

describe('staged texts', () => {
  it('packs and unpacks units as they were, pairs and every other field included', () => {
    const packed = packUnits(units);
    expect(packed.texts.pairs).toEqual(['zh-CN\u0000en', 'zh-CN\u0000fr']);
    expect([...packed.texts.pairOf]).toEqual([0, 0, 1, 0]);
    expect(Object.keys(packed.extras)).toEqual(['1', '2']);
    expect(unpackUnits(structuredClone(packed))).toEqual(units);
  });

  it('gives the fold a page without the repeats, numbered from the first staged position', () => {
    const { texts } = packUnits(units);
    expect(unitsOfPage(stagedPage(texts, [], 41), 'm', 'T')).toEqual(units.map((u, k) => ({
      id: 41 + k, memory: 'm', sourceLang: u.sourceLang, targetLang: u.targetLang, source: u.source, target: u.target, updatedAt: 'T' })));
    const page = stagedPage(texts, [{ index: 1, firstRef: 1 }, { index: 3, firstRef: 2 }], 7);
    expect(unitsOfPage(page, 'm', 'T').map((u) => [u.id, u.targetLang, u.source])).toEqual([[7, 'en', '第一句。'], [8, 'fr', '第三句。']]);
  });
});
