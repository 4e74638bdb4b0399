/**
 * The store contract: every adapter (SQLite now, PostgreSQL later) must pass this suite,
 * as Hono runs one case file against every router. Call `runStoreContract` from a test file
 * with a factory that returns a fresh, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTION } from '../../src/domain/collections.js';
import type { NewUnit } from '../../src/domain/tm/unit.js';
import type { Stores } from '../../src/store/types.js';

/** The memory every store starts with; the contract's units go there unless a test says otherwise. */
const M = DEFAULT_COLLECTION;

/** Runs the whole contract against stores made by `newStore`. */
export function runStoreContract(name: string, opts: { newStore: () => Promise<Stores> | Stores }): void {
  describe(`store contract: ${name}`, () => {
    let s: Stores;
    beforeEach(async () => {
      s = await opts.newStore();
    });
    afterEach(async () => {
      await s.close();
    });

    it('creates a document with ordered segments and reads pages of them', async () => {
      const doc = await s.documents.createDocument({ name: 'a.txt', sourceLang: 'zh-CN', targetLang: 'en', meta: { title: 'T' } },
        ['一。', '二。', '三。'].map((source) => ({ source, target: null, state: 'new' as const })), 'tester');
      expect(doc).toMatchObject({ name: 'a.txt', sourceLang: 'zh-CN', targetLang: 'en', segmentCount: 3, createdBy: 'tester', meta: { title: 'T' } });
      expect(await s.documents.getDocument(doc.id)).toEqual(doc);
      expect((await s.documents.listSegments(doc.id, 1, 5)).map((x) => [x.index, x.source])).toEqual([[1, '二。'], [2, '三。']]);
      expect(await s.documents.countDocuments()).toBe(1);
      expect((await s.documents.listDocuments()).map((d) => d.id)).toEqual([doc.id]);
    });

    it('updates segment targets and states, keeping data unless replaced', async () => {
      const doc = await s.documents.createDocument({ name: 'b', sourceLang: 'zh-CN', targetLang: 'en' },
        [{ source: '一。', target: null, state: 'new', data: { unitId: 'u1' } }], 'tester');
      expect(await s.documents.updateSegments(doc.id, [{ index: 0, target: 'One.', state: 'translated' }])).toBe(1);
      expect(await s.documents.listSegments(doc.id, 0, 1)).toEqual([{ index: 0, source: '一。', target: 'One.', state: 'translated', data: { unitId: 'u1' } }]);
    });

    it('stores each segment\'s section and lists sections with their headings and segment ranges', async () => {
      const doc = await s.documents.createDocument({ name: 'page', sourceLang: 'zh-CN', targetLang: 'en', sections: [{ index: 0, title: '标题' }, { index: 1, title: null }] },
        [['标题', 0], ['一。', 0], ['二。', 1], ['三。', 1]].map(([source, section]) => ({ source: source as string, target: null, state: 'new' as const, section: section as number })), 't');
      expect(await s.documents.listSegments(doc.id, 1, 2)).toEqual([
        { index: 1, source: '一。', target: null, state: 'new', section: 0 }, { index: 2, source: '二。', target: null, state: 'new', section: 1 },
      ]);
      expect(await s.documents.listSections(doc.id)).toEqual([{ index: 0, title: '标题', start: 0, end: 1 }, { index: 1, title: null, start: 2, end: 3 }]);
      const plain = await s.documents.createDocument({ name: 'plain', sourceLang: 'zh-CN', targetLang: 'en' }, [{ source: '一。', target: null, state: 'new' }], 't');
      expect(await s.documents.listSections(plain.id)).toEqual([]);
      expect(await s.documents.listSegments(plain.id, 0, 1)).toEqual([{ index: 0, source: '一。', target: null, state: 'new' }]);
      await s.documents.deleteDocument(doc.id);
      expect(await s.documents.listSections(doc.id)).toEqual([]);
    });

    it('deletes a document with its segments; a second delete reports false', async () => {
      const doc = await s.documents.createDocument({ name: 'c', sourceLang: 'zh-CN', targetLang: 'en' }, [{ source: '一。', target: null, state: 'new' }], 't');
      expect(await s.documents.deleteDocument(doc.id)).toBe(true);
      expect(await s.documents.getDocument(doc.id)).toBeUndefined();
      expect(await s.documents.listSegments(doc.id, 0, 10)).toEqual([]);
      expect(await s.documents.deleteDocument(doc.id)).toBe(false);
    });

    it('stores keys by prefix and hash, lists them without secrets, deletes them', async () => {
      const hash = Buffer.alloc(32, 7);
      const k = await s.keys.createKey({ name: 'n', role: 'translator', scope: { memories: ['a', 'b'], glossaries: '*' }, prefix: 'cvn_abcdefgh', hash, createdBy: 'admin' });
      expect(k).toMatchObject({ name: 'n', role: 'translator', createdBy: 'admin', scope: { memories: ['a', 'b'], glossaries: '*' } });
      expect(Object.keys(k).sort()).toEqual(['createdAt', 'createdBy', 'id', 'name', 'role', 'scope']);
      const found = await s.keys.findByPrefix('cvn_abcdefgh');
      expect(found).toHaveLength(1);
      expect(Buffer.compare(found[0]!.hash, hash)).toBe(0);
      expect(await s.keys.countKeys()).toBe(1);
      expect(await s.keys.deleteKey(k.id)).toBe(true);
      expect(await s.keys.findByPrefix('cvn_abcdefgh')).toEqual([]);
    });

    it('stores a link key\'s settings; forgetting a memory takes it out of scopes, read lists and write memories', async () => {
      const hash = Buffer.alloc(32, 9);
      const link = { memories: [{ id: 'a' }, { id: 'b', penalty: 10 }], writeMemory: 'a' };
      const k = await s.keys.createKey({ name: 'l', role: 'translator', scope: { memories: ['a', 'b'], glossaries: '*' }, link, prefix: 'cvn_linklink', hash, createdBy: 'admin' });
      expect(k.link).toEqual(link);
      expect((await s.keys.findByPrefix('cvn_linklink'))[0]!.link).toEqual(link);
      await s.keys.forgetCollection('memories', 'a');
      const [after] = await s.keys.findByPrefix('cvn_linklink');
      expect(after!.scope).toEqual({ memories: ['b'], glossaries: '*' });
      expect(after!.link).toEqual({ memories: [{ id: 'b', penalty: 10 }] });
    });

    it('moves the keys\' version on every key write and when told of one elsewhere, not on reads (issue 12: what kept keys are checked against)', async () => {
      const hash = Buffer.alloc(32, 5);
      const seen = [s.keys.version()];
      const k = await s.keys.createKey({ name: 'v', role: 'reader', scope: { memories: ['a'], glossaries: '*' }, prefix: 'cvn_version0', hash, createdBy: 'admin' });
      seen.push(s.keys.version());
      await s.keys.findByPrefix('cvn_version0');
      await s.keys.listKeys();
      expect(s.keys.version()).toBe(seen[1]);
      await s.keys.forgetCollection('memories', 'a');
      seen.push(s.keys.version());
      await s.keys.deleteKey(k.id);
      seen.push(s.keys.version());
      s.keys.changedElsewhere();
      seen.push(s.keys.version());
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('moves the memories\' version on every memory write (a refused one too) and when told of one elsewhere, not on reads or unit writes (issue 12: what the kept memory ids are checked against)', async () => {
      const seen = [s.memories.version()];
      await s.memories.createMemory({ id: 'versioned', name: 'v' }, 't');
      seen.push(s.memories.version());
      await s.memories.listMemories();
      await s.memories.getMemory('versioned');
      await s.memories.lastWrites();
      await s.memories.contentVersion('versioned');
      await s.tm.upsertUnits('versioned', [unit('一。', 'One.')], 't');
      expect(s.memories.version()).toBe(seen[1]);
      await expect(s.memories.createMemory({ id: 'versioned', name: 'again' }, 't')).rejects.toMatchObject({ code: 'conflict' });
      seen.push(s.memories.version());
      await s.memories.updateMemory('versioned', { name: 'renamed' }, 't');
      seen.push(s.memories.version());
      await s.memories.deleteMemory('versioned');
      seen.push(s.memories.version());
      s.memories.changedElsewhere();
      seen.push(s.memories.version());
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('counts every write to a memory\'s units in its content version', async () => {
      await s.memories.createMemory({ id: 'counted', name: 'c' }, 't');
      const v0 = await s.memories.contentVersion('counted');
      expect(v0).toMatchObject({ revision: 0, lastWrite: null });
      const [id] = (await s.tm.upsertUnits('counted', [unit('一。', 'One.')], 't')).ids;
      await s.tm.upsertUnits('counted', [unit('一。', 'One.')], 't');
      await s.tm.replaceUnit(id!, unit('一。', 'One!'), 't');
      await s.tm.deleteUnit(id!);
      const v4 = await s.memories.contentVersion('counted');
      expect(v4).toMatchObject({ revision: 4, createdAt: v0!.createdAt, lastWrite: expect.any(String) });
      expect(await s.memories.contentVersion('nope')).toBeUndefined();
    });

    it('keeps meta values and overwrites them', async () => {
      expect(await s.meta.getMeta('x')).toBeUndefined();
      await s.meta.setMeta('x', '1');
      await s.meta.setMeta('x', '2');
      expect(await s.meta.getMeta('x')).toBe('2');
    });

    const unit = (source: string, target: string, extra: Partial<NewUnit> = {}): NewUnit =>
      ({ sourceLang: 'zh-CN', targetLang: 'en', source, target, ...extra });

    it('upserts units: same pair, source and target updates instead of duplicating', async () => {
      const first = await s.tm.upsertUnits(M, [unit('一。', 'One.', { context: { next: '二。' }, origin: { document: 'd' } }), unit('二。', 'Two.')], 'alice');
      expect(first).toMatchObject({ created: 2, updated: 0 });
      const again = await s.tm.upsertUnits(M, [unit('一。', 'One.', { note: 'checked' }), unit('一。', 'One!')], 'bob');
      expect(again.created).toBe(1);
      expect(again.updated).toBe(1);
      expect(again.ids[0]).toBe(first.ids[0]);
      const u = await s.tm.getUnit(first.ids[0]!);
      expect(u).toMatchObject({ source: '一。', target: 'One.', note: 'checked', createdBy: 'alice', updatedBy: 'bob', usageCount: 1 });
      expect(await s.tm.countUnits()).toBe(3);
      expect(await s.tm.pairCounts()).toEqual([{ memory: M, sourceLang: 'zh-CN', targetLang: 'en', units: 3 }]);
    });

    it('lists units by pair with keyset pagination and scans all in id order', async () => {
      const r = await s.tm.upsertUnits(M, [unit('一。', '1'), unit('二。', '2'), { ...unit('三。', '3'), targetLang: 'ru' }], 't');
      const page1 = await s.tm.listUnits({ sourceLang: 'zh-CN', targetLang: 'en', limit: 1 });
      const page2 = await s.tm.listUnits({ sourceLang: 'zh-CN', targetLang: 'en', afterId: page1[0]!.id, limit: 5 });
      expect([...page1, ...page2].map((u) => u.target)).toEqual(['1', '2']);
      const scanned: number[] = [];
      for await (const batch of s.tm.scanUnits(2)) scanned.push(...batch.map((u) => u.id));
      expect(scanned).toEqual(r.ids);
      const texts: unknown[] = [];
      for await (const batch of s.tm.scanUnitTexts(2)) texts.push(...batch);
      // The index keeps updatedAt for ties at the limit: the scan gives the stored one.
      const [at0, at1, at2] = await Promise.all(r.ids.map(async (id) => (await s.tm.getUnit(id))?.updatedAt));
      expect(at0).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(texts).toEqual([
        { id: r.ids[0], memory: M, sourceLang: 'zh-CN', targetLang: 'en', source: '一。', target: '1', updatedAt: at0 },
        { id: r.ids[1], memory: M, sourceLang: 'zh-CN', targetLang: 'en', source: '二。', target: '2', updatedAt: at1 },
        { id: r.ids[2], memory: M, sourceLang: 'zh-CN', targetLang: 'ru', source: '三。', target: '3', updatedAt: at2 },
      ]);
      const rest: number[] = [];
      for await (const batch of s.tm.scanUnitTexts(10, r.ids[0])) rest.push(...batch.map((u) => u.id));
      expect(rest).toEqual(r.ids.slice(1));
      expect((await s.tm.getUnits([r.ids[2]!, r.ids[0]!, 999999])).map((u) => u.id)).toEqual([r.ids[2], r.ids[0]]);
    });

    it('replaces and deletes units', async () => {
      const [id] = (await s.tm.upsertUnits(M, [unit('一。', 'One.')], 't')).ids;
      const replaced = await s.tm.replaceUnit(id!, unit('一。', 'Number one.'), 'editor');
      expect(replaced).toMatchObject({ id, target: 'Number one.', updatedBy: 'editor' });
      expect(await s.tm.replaceUnit(424242, unit('x', 'y'), 'e')).toBeUndefined();
      expect(await s.tm.deleteUnit(id!)).toBe(true);
      expect(await s.tm.deleteUnit(id!)).toBe(false);
    });

    it('reads by ids every field of a unit, each in its place, as the read of one unit does (issue 12: lookups read their rows as value arrays)', async () => {
      const sourceCodes = [{ id: '1', type: 'open' as const, offset: 0, data: '<b>' }, { id: '1', type: 'close' as const, offset: 2, data: '</b>' }];
      const targetCodes = [{ id: 'x1', type: 'placeholder' as const, offset: 4 }];
      const full = unit('鲁班工坊。', 'Luban Workshop.', { sourceCodes, targetCodes, note: 'n', context: { previous: '前。', next: '后。' },
        origin: { document: 'd.xlf', title: 'T', date: '2026-01-02' } });
      const [rich, plain] = (await s.tm.upsertUnits(M, [full, unit('二。', 'Two.', { targetLang: 'ru' })], 'writer')).ids;
      await s.tm.upsertUnits(M, [full], 'user');
      const one = [await s.tm.getUnit(plain!), await s.tm.getUnit(rich!)];
      expect(await s.tm.getUnits([plain!, rich!])).toEqual(one);
      expect(one[1]).toMatchObject({ ...full, id: rich, memory: M, createdBy: 'writer', updatedBy: 'user', usageCount: 1 });
      expect(one[0]).toMatchObject({ source: '二。', targetLang: 'ru', context: {}, origin: {}, note: null, usageCount: 0 });
    });

    it('keeps inline codes of source and target; an upsert of the same texts replaces them', async () => {
      const sourceCodes = [{ id: '1', type: 'open' as const, offset: 0, data: '<b>' }, { id: '1', type: 'close' as const, offset: 2, data: '</b>' }];
      const targetCodes = [{ id: 'x1', type: 'placeholder' as const, offset: 4 }];
      const [id] = (await s.tm.upsertUnits(M, [unit('鲁班工坊。', 'Luban Workshop.', { sourceCodes, targetCodes })], 't')).ids;
      expect(await s.tm.getUnit(id!)).toMatchObject({ sourceCodes, targetCodes });
      const again = await s.tm.upsertUnits(M, [unit('鲁班工坊。', 'Luban Workshop.')], 't');
      expect(again.ids).toEqual([id]);
      const plain = await s.tm.getUnit(id!);
      expect(plain?.sourceCodes).toBeUndefined();
      expect(plain?.targetCodes).toBeUndefined();
      const replaced = await s.tm.replaceUnit(id!, unit('鲁班工坊。', 'Luban Workshop.', { targetCodes }), 't');
      expect(replaced?.targetCodes).toEqual(targetCodes);
    });

    it('refuses to replace a unit with the texts of another unit (conflict), changing nothing', async () => {
      const [a, b] = (await s.tm.upsertUnits(M, [unit('一。', 'One.'), unit('二。', 'Two.')], 't')).ids;
      await expect(s.tm.replaceUnit(b!, unit('一。', 'One.'), 'e')).rejects.toMatchObject({ code: 'conflict' });
      expect((await s.tm.getUnit(b!))?.source).toBe('二。');
      expect(await s.tm.replaceUnit(a!, unit('一。', 'One.', { note: 'same identity is fine' }), 'e')).toMatchObject({ note: 'same identity is fine' });
    });

    it('starts with the memory "default"; creates, lists, changes and refuses a second memory with the same id', async () => {
      expect((await s.memories.listMemories()).map((m) => m.id)).toEqual([M]);
      const created = await s.memories.createMemory({ id: 'client-a', name: 'Client A', tags: ['client'] }, 'admin');
      expect(created).toMatchObject({ id: 'client-a', name: 'Client A', description: '', tags: ['client'], readOnly: false, createdBy: 'admin', updatedBy: 'admin' });
      await expect(s.memories.createMemory({ id: 'client-a', name: 'Again' }, 'admin')).rejects.toMatchObject({ code: 'conflict' });
      const changed = await s.memories.updateMemory('client-a', { readOnly: true, description: 'frozen' }, 'boss');
      expect(changed).toMatchObject({ name: 'Client A', readOnly: true, description: 'frozen', updatedBy: 'boss', createdBy: 'admin' });
      expect(await s.memories.updateMemory('nope', { name: 'x' }, 'boss')).toBeUndefined();
      expect((await s.memories.listMemories()).map((m) => m.id)).toEqual(['client-a', M]);
    });

    it('keeps unit identity per memory, counts per memory and records each memory\'s last write', async () => {
      await s.memories.createMemory({ id: 'b', name: 'B' }, 't');
      expect((await s.memories.lastWrites()).has('b')).toBe(false);
      const inA = await s.tm.upsertUnits(M, [unit('一。', 'One.')], 't');
      const inB = await s.tm.upsertUnits('b', [unit('一。', 'One.'), unit('二。', 'Two.')], 't');
      expect(inB.created).toBe(2);
      expect(inB.ids[0]).not.toBe(inA.ids[0]);
      expect(await s.tm.getUnit(inB.ids[0]!)).toMatchObject({ memory: 'b', usageCount: 0 });
      expect(await s.tm.pairCounts(['b'])).toEqual([{ memory: 'b', sourceLang: 'zh-CN', targetLang: 'en', units: 2 }]);
      expect((await s.tm.listUnits({ memories: [M], limit: 10 })).map((u) => u.id)).toEqual(inA.ids);
      expect(await s.tm.listUnits({ memories: [], limit: 10 })).toEqual([]);
      expect((await s.memories.lastWrites()).get('b')).toMatch(/^\d{4}-/);
      // Texts that another memory has are no conflict for a replace; texts of the same memory are.
      await s.tm.upsertUnits(M, [unit('三。', 'Three.')], 't');
      expect(await s.tm.replaceUnit(inB.ids[1]!, unit('三。', 'Three.'), 'e')).toMatchObject({ memory: 'b', source: '三。' });
      await expect(s.tm.replaceUnit(inB.ids[1]!, unit('一。', 'One.'), 'e')).rejects.toMatchObject({ code: 'conflict' });
    });

    it('copies units into another memory, merging what is already there', async () => {
      await s.memories.createMemory({ id: 'to', name: 'To' }, 't');
      const [one, two] = (await s.tm.upsertUnits(M, [unit('一。', 'One.', { note: 'n' }), unit('二。', 'Two.')], 'alice')).ids;
      await s.tm.upsertUnits('to', [unit('二。', 'Two.')], 't');
      const r = await s.tm.transferUnits([one!, two!], 'to', 'copy', 'bob');
      expect(r).toMatchObject({ merged: 1, removed: [] });
      expect(r.written).toHaveLength(1);
      expect(await s.tm.getUnit(r.written[0]!)).toMatchObject({ memory: 'to', source: '一。', note: 'n', createdBy: 'bob' });
      expect(await s.tm.getUnit(one!)).toMatchObject({ memory: M });
      expect(await s.tm.countUnits()).toBe(4);
    });

    it('moves units, keeping their ids, and merges a unit the target has (adding its uses)', async () => {
      await s.memories.createMemory({ id: 'to', name: 'To' }, 't');
      const [one, two] = (await s.tm.upsertUnits(M, [unit('一。', 'One.'), unit('二。', 'Two.')], 'alice')).ids;
      await s.tm.upsertUnits(M, [unit('二。', 'Two.')], 'alice'); // a second use of two
      const [twin] = (await s.tm.upsertUnits('to', [unit('二。', 'Two.')], 't')).ids;
      const r = await s.tm.transferUnits([one!, two!], 'to', 'move', 'bob');
      expect(r).toEqual({ written: [one], merged: 1, removed: [two] });
      expect(await s.tm.getUnit(one!)).toMatchObject({ memory: 'to', updatedBy: 'bob' });
      expect(await s.tm.getUnit(two!)).toBeUndefined();
      expect(await s.tm.getUnit(twin!)).toMatchObject({ usageCount: 1 });
    });

    it('deletes a memory with all its units', async () => {
      await s.memories.createMemory({ id: 'gone', name: 'Gone' }, 't');
      const kept = await s.tm.upsertUnits(M, [unit('一。', 'One.')], 't');
      await s.tm.upsertUnits('gone', [unit('一。', 'One.'), unit('二。', 'Two.')], 't');
      expect(await s.memories.deleteMemory('gone')).toBe(true);
      expect(await s.memories.deleteMemory('gone')).toBe(false);
      expect(await s.memories.getMemory('gone')).toBeUndefined();
      expect(await s.tm.countUnits()).toBe(1);
      expect((await s.tm.listUnits({ limit: 10 })).map((u) => u.id)).toEqual(kept.ids);
    });

    it('takes a deleted collection out of key scopes', async () => {
      const hash = Buffer.alloc(32, 1);
      const scoped = await s.keys.createKey({ name: 's', role: 'reader', scope: { memories: ['a', 'b'], glossaries: ['a'] }, prefix: 'cvn_scoped00', hash, createdBy: 'x' });
      const all = await s.keys.createKey({ name: 'all', role: 'reader', scope: { memories: '*', glossaries: '*' }, prefix: 'cvn_all00000', hash, createdBy: 'x' });
      await s.keys.forgetCollection('memories', 'a');
      const keys = new Map((await s.keys.listKeys()).map((k) => [k.id, k.scope]));
      expect(keys.get(scoped.id)).toEqual({ memories: ['b'], glossaries: ['a'] });
      expect(keys.get(all.id)).toEqual({ memories: '*', glossaries: '*' });
    });

    it('stores document settings, finds the documents that use a collection, and forgets a deleted one', async () => {
      const settings = { memories: [{ id: 'a', penalty: 5 }, { id: 'b' }], writeMemory: 'a', glossaries: ['g'] };
      const doc = await s.documents.createDocument({ name: 'd', sourceLang: 'zh-CN', targetLang: 'en', settings }, [{ source: '一。', target: null, state: 'new' }], 't');
      const plain = await s.documents.createDocument({ name: 'p', sourceLang: 'zh-CN', targetLang: 'en' }, [{ source: '二。', target: null, state: 'new' }], 't');
      expect(doc.settings).toEqual(settings);
      expect(plain.settings).toEqual({ writeMemory: M });
      expect(await s.documents.documentsUsing('memories', 'b')).toEqual([{ id: doc.id, name: 'd' }]);
      expect(await s.documents.documentsUsing('glossaries', 'g')).toEqual([{ id: doc.id, name: 'd' }]);
      expect(await s.documents.documentsUsing('memories', M)).toEqual([{ id: plain.id, name: 'p' }]);
      await s.documents.forgetCollection('memories', 'a', M);
      expect((await s.documents.getDocument(doc.id))?.settings).toEqual({ memories: [{ id: 'b' }], writeMemory: M, glossaries: ['g'] });
      expect(await s.documents.updateSettings(doc.id, { writeMemory: 'b' })).toBe(true);
      expect((await s.documents.getDocument(doc.id))?.settings).toEqual({ writeMemory: 'b' });
    });
  });
}
