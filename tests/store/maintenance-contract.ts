/**
 * The TM maintenance part of the store contract (issue 10 §5): finding a unit by identity, listing
 * units by filter, bulk deletes, target replacements and duplicate merges. Every adapter runs it
 * next to `runStoreContract`, with a factory that returns a fresh, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTION } from '../../src/domain/collections.js';
import type { NewUnit } from '../../src/domain/tm/unit.js';
import type { Stores } from '../../src/store/types.js';

const M = DEFAULT_COLLECTION;
const unit = (source: string, target: string, extra: Partial<NewUnit> = {}): NewUnit => ({ sourceLang: 'zh-CN', targetLang: 'en', source, target, ...extra });
const pause = () => new Promise((r) => setTimeout(r, 5));

/** Runs the maintenance contract against stores made by `newStore`. */
export function runMaintenanceContract(name: string, opts: { newStore: () => Promise<Stores> | Stores }): void {
  describe(`store maintenance contract: ${name}`, () => {
    let s: Stores;
    beforeEach(async () => {
      s = await opts.newStore();
      await s.memories.createMemory({ id: 'b', name: 'B' }, 't');
    });
    afterEach(async () => {
      await s.close();
    });

    it('finds a unit by its identity within one memory', async () => {
      const [id] = (await s.tm.upsertUnits(M, [unit('一。', 'One.')], 't')).ids;
      expect(await s.tm.findIdentical(M, unit('一。', 'One.'))).toBe(id);
      expect(await s.tm.findIdentical('b', unit('一。', 'One.'))).toBeUndefined();
      expect(await s.tm.findIdentical(M, unit('一。', 'One!'))).toBeUndefined();
      expect(await s.tm.findIdentical(M, { ...unit('一。', 'One.'), targetLang: 'ru' })).toBeUndefined();
    });

    it('lists units by every filter, alone and together, in id order', async () => {
      const [a, b] = (await s.tm.upsertUnits(M, [unit('一。', 'One.', { origin: { document: 'a.docx' } }), unit('二。', 'Two.')], 'alice')).ids;
      await pause();
      const [c] = (await s.tm.upsertUnits('b', [unit('三。', 'Three.', { origin: { document: 'a.docx' } })], 'bob')).ids;
      await pause();
      await s.tm.upsertUnits(M, [unit('二。', 'Two.')], 'carol'); // a second use of b, updated by carol
      const [bRecord, cRecord] = [await s.tm.getUnit(b!), await s.tm.getUnit(c!)];
      const ids = async (q: Parameters<Stores['tm']['listUnits']>[0]) => (await s.tm.listUnits(q)).map((u) => u.id);
      expect(await ids({ limit: 10 })).toEqual([a, b, c]);
      expect(await ids({ originDocument: 'a.docx', limit: 10 })).toEqual([a, c]);
      expect(await ids({ author: 'carol', limit: 10 })).toEqual([b]);
      expect(await ids({ author: 'bob', limit: 10 })).toEqual([c]);
      expect(await ids({ minUsage: 1, limit: 10 })).toEqual([b]);
      expect(await ids({ maxUsage: 0, limit: 10 })).toEqual([a, c]);
      expect(await ids({ createdFrom: cRecord!.createdAt, limit: 10 })).toEqual([c]);
      expect(await ids({ createdTo: bRecord!.createdAt, limit: 10 })).toEqual([a, b]);
      expect(await ids({ updatedFrom: bRecord!.updatedAt, limit: 10 })).toEqual([b]);
      expect(await ids({ updatedTo: cRecord!.updatedAt, limit: 10 })).toEqual([a, c]);
      expect(await ids({ ids: [c!, a!], limit: 10 })).toEqual([a, c]);
      expect(await ids({ ids: [], limit: 10 })).toEqual([]);
      expect(await ids({ ids: [a!, b!, c!], memories: [M], originDocument: 'a.docx', limit: 10 })).toEqual([a]);
      expect(await ids({ ids: [a!, b!, c!], afterId: a!, limit: 1 })).toEqual([b]);
    });

    it('refuses to give a unit the target of its twin in the memory (conflict), changing nothing', async () => {
      const [a, b] = (await s.tm.upsertUnits(M, [unit('一。', 'One.'), unit('一。', 'One!')], 't')).ids;
      await expect(s.tm.updateTargets([{ id: b!, target: 'Uno.' }, { id: a!, target: 'Uno.' }], 'editor')).rejects.toMatchObject({ code: 'conflict' });
      expect((await s.tm.getUnits([a!, b!])).map((u) => u.target)).toEqual(['One.', 'One!']);
      expect(await s.tm.updateTargets([{ id: b!, target: 'One!' }], 'editor')).toBe(1);
    });

    it('deletes units by id in one call, across memories, counting only those that existed', async () => {
      const [a, b] = (await s.tm.upsertUnits(M, [unit('一。', 'One.'), unit('二。', 'Two.')], 't')).ids;
      const [c] = (await s.tm.upsertUnits('b', [unit('三。', 'Three.')], 't')).ids;
      expect(await s.tm.deleteUnits([a!, c!, 999_999])).toBe(2);
      expect((await s.tm.listUnits({ limit: 10 })).map((u) => u.id)).toEqual([b]);
      expect(await s.tm.deleteUnits([a!])).toBe(0);
      expect(await s.tm.deleteUnits([])).toBe(0);
      expect((await s.memories.lastWrites()).get('b')).toMatch(/^\d{4}-/);
    });

    it('replaces targets and their codes, recording who and when; the source and other fields stay', async () => {
      const codes = [{ id: '1', type: 'placeholder' as const, offset: 3 }];
      const [a, b] = (await s.tm.upsertUnits(M, [unit('一。', 'One.', { note: 'n', targetCodes: codes }), unit('二。', 'Two.')], 'alice')).ids;
      const before = await s.tm.getUnit(a!);
      await pause();
      expect(await s.tm.updateTargets([{ id: a!, target: 'Uno.' }, { id: b!, target: 'Two!', targetCodes: codes }, { id: 999_999, target: 'x' }], 'editor')).toBe(2);
      const [ua, ub] = [await s.tm.getUnit(a!), await s.tm.getUnit(b!)];
      expect(ua).toMatchObject({ source: '一。', target: 'Uno.', note: 'n', createdBy: 'alice', updatedBy: 'editor', usageCount: 0 });
      expect(ua?.targetCodes).toBeUndefined();
      expect(ua!.updatedAt > before!.updatedAt).toBe(true);
      expect(ub).toMatchObject({ target: 'Two!', targetCodes: codes });
      expect(await s.tm.findIdentical(M, unit('一。', 'Uno.'))).toBe(a);
      expect(await s.tm.findIdentical(M, unit('一。', 'One.'))).toBeUndefined();
    });

    it('merges each group into its kept unit: usage set, the others deleted; a group whose kept unit is gone merges nothing', async () => {
      const [a, b, c, d, e] = (await s.tm.upsertUnits(M, ['一。', '一 。', '一．', '二。', '二 。'].map((x) => unit(x, 'One.')), 't')).ids;
      await s.tm.deleteUnit(d!);
      const removed = await s.tm.mergeUnits([{ keep: a!, remove: [b!, c!], usageCount: 7 }, { keep: d!, remove: [e!], usageCount: 3 }], 'merger');
      expect(removed).toBe(2);
      expect((await s.tm.listUnits({ limit: 10 })).map((u) => u.id)).toEqual([a, e]);
      expect(await s.tm.getUnit(a!)).toMatchObject({ usageCount: 7, updatedBy: 'merger' });
      expect(await s.tm.getUnit(e!)).toMatchObject({ usageCount: 0 });
    });

    it('refuses to write units into a memory that does not exist, writing nothing', async () => {
      await expect(s.tm.upsertUnits('nowhere', [unit('一。', 'One.')], 't')).rejects.toMatchObject({ code: 'not-found' });
      expect(await s.tm.countUnits()).toBe(0);
    });
  });
}
