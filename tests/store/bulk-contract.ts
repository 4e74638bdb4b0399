/**
 * The contract of staged bulk writes (`Stores.tmBulk`), which every store adapter must pass:
 * nothing is visible before commit, commit applies everything at once with upsert semantics,
 * a repeat within the stage is reported and the first kept, preview counts without writing,
 * abort leaves no trace.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTION } from '../../src/domain/collections.js';
import type { NewUnit } from '../../src/domain/tm/unit.js';
import type { Stores } from '../../src/store/types.js';

const unit = (source: string, target: string, extra: Partial<NewUnit> = {}): NewUnit =>
  ({ sourceLang: 'zh-CN', targetLang: 'en', source, target, ...extra });

/** Runs the bulk-write contract against stores made by `newStore`. */
export function runBulkWriteContract(name: string, opts: { newStore: () => Promise<Stores> | Stores }): void {
  describe(`bulk write contract: ${name}`, () => {
    let s: Stores;
    beforeEach(async () => {
      s = await opts.newStore();
    });
    afterEach(async () => {
      await s.close();
    });

    it('stages units out of sight and commits them at once, with consecutive new ids', async () => {
      await s.tm.upsertUnits(DEFAULT_COLLECTION, [unit('一。', 'One.')], 'seed');
      const bulk = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      await bulk.stage([unit('二。', 'Two.'), unit('一。', 'One.', { context: { next: '二。' }, origin: { document: 'a.tmx' } })]);
      await bulk.stage([unit('三。', 'Three.', { note: 'n' })]);
      expect(await s.tm.countUnits()).toBe(1);
      expect(await bulk.preview()).toEqual({ created: 2, updated: 1 });
      expect(await s.tm.countUnits()).toBe(1);
      const done = await bulk.commit();
      expect(done).toMatchObject({ created: 2, updated: 1 });
      const units = await s.tm.listUnits({ limit: 10 });
      const bySource = (x: string) => units.find((u) => u.source === x);
      expect(units.map((u) => [u.source, u.createdBy, u.updatedBy]).sort()).toEqual([['一。', 'seed', 'importer'], ['三。', 'importer', 'importer'], ['二。', 'importer', 'importer']]);
      expect(bySource('一。')).toMatchObject({ context: { next: '二。' }, origin: { document: 'a.tmx' } });
      expect(bySource('三。')?.note).toBe('n');
      const fresh = [bySource('二。')?.id, bySource('三。')?.id].sort() as number[];
      expect(done.createdIds).toEqual({ from: fresh[0], to: fresh[1] });
      expect((fresh[1] as number) - (fresh[0] as number)).toBe(1);
      await expect(bulk.stage([unit('四。', 'Four.')])).rejects.toThrow('already committed');
    });

    it('keeps the first of units staged with one identity and reports each repeat with the first one\'s ref', async () => {
      const bulk = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      expect(await bulk.stage([unit('一。', 'One.', { note: 'first' }), unit('二。', 'Two.'), unit('一。', 'One.', { note: 'second' })]))
        .toEqual([{ index: 2, firstRef: 1 }]);
      expect(await bulk.stage([unit('二。', 'Two.'), unit('一。', 'One.', { targetLang: 'ru' }), unit('一。', 'One!')], [7, 8, 9]))
        .toEqual([{ index: 0, firstRef: 2 }]);
      expect(await bulk.stage([unit('一。', 'One!'), unit('三。', 'Three.')])).toEqual([{ index: 0, firstRef: 9 }]);
      expect(await bulk.commit()).toMatchObject({ created: 5, updated: 0 });
      expect((await s.tm.listUnits({ limit: 10 })).filter((u) => u.target === 'One.' && u.targetLang === 'en').map((u) => u.note)).toEqual(['first']);
    });

    it('takes stages issued before the one before has settled (the TMX import keeps several in flight), in order', async () => {
      const bulk = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      const batches = Array.from({ length: 4 }, (_, b) => Array.from({ length: 50 }, (__, i) => unit(`第${b * 50 + i}句。`, `Sentence ${b * 50 + i}.`)));
      const staged = await Promise.all(batches.map((batch, b) => bulk.stage(batch, batch.map((_, i) => b * 50 + i + 1))));
      expect(staged).toEqual([[], [], [], []]);
      expect(await bulk.stage([unit('第0句。', 'Sentence 0.')], [201])).toEqual([{ index: 0, firstRef: 1 }]);
      expect(await bulk.commit()).toMatchObject({ created: 200, updated: 0 });
      expect(await s.tm.countUnits()).toBe(200);
    });

    it('abort leaves nothing behind; separate bulk writes do not see each other', async () => {
      const a = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'a');
      const b = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'b');
      await a.stage([unit('一。', 'One.')]);
      await b.stage([unit('二。', 'Two.'), unit('三。', 'Three.')]);
      await a.abort();
      expect(await b.commit()).toMatchObject({ created: 2, updated: 0 });
      expect((await s.tm.listUnits({ limit: 5 })).map((u) => u.source).sort()).toEqual(['三。', '二。']);
    });

    it('writes into its memory only: the same texts in another memory are new there', async () => {
      await s.memories.createMemory({ id: 'other', name: 'Other' }, 't');
      await s.tm.upsertUnits(DEFAULT_COLLECTION, [unit('一。', 'One.')], 'seed');
      const bulk = await s.tmBulk.beginBulkWrite('other', 'importer');
      await bulk.stage([unit('一。', 'One.'), unit('二。', 'Two.')]);
      expect(await bulk.preview()).toEqual({ created: 2, updated: 0 });
      expect(await bulk.commit()).toMatchObject({ created: 2, updated: 0 });
      expect(await s.tm.pairCounts()).toEqual([
        { memory: DEFAULT_COLLECTION, sourceLang: 'zh-CN', targetLang: 'en', units: 1 },
        { memory: 'other', sourceLang: 'zh-CN', targetLang: 'en', units: 2 },
      ]);
      expect((await s.memories.lastWrites()).has('other')).toBe(true);
    });

    it('fails as not found, writing nothing, when its memory was deleted after the stage began', async () => {
      await s.memories.createMemory({ id: 'gone', name: 'Gone' }, 't');
      await s.tm.upsertUnits(DEFAULT_COLLECTION, [unit('一。', 'One.')], 'seed');
      const bulk = await s.tmBulk.beginBulkWrite('gone', 'importer');
      await bulk.stage([unit('一。', 'One.'), unit('二。', 'Two.')]);
      expect(await s.memories.deleteMemory('gone')).toBe(true);
      await expect(bulk.commit()).rejects.toMatchObject({ code: 'not-found' });
      expect((await s.tm.listUnits({ limit: 10 })).map((u) => [u.memory, u.source])).toEqual([[DEFAULT_COLLECTION, '一。']]);
    });

    it('commits nothing for an empty stage', async () => {
      const bulk = await s.tmBulk.beginBulkWrite(DEFAULT_COLLECTION, 'importer');
      expect(await bulk.commit()).toEqual({ created: 0, updated: 0 });
      expect(await s.tm.countUnits()).toBe(0);
    });
  });
}
