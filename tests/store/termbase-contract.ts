/**
 * The term-base store contract: every adapter of `TermbaseReader & TermbaseWriter` (SQLite now,
 * PostgreSQL later) must pass this suite. Call `runTermbaseContract` with a factory that returns
 * fresh, empty stores (the glossary `default` exists in every store).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../../src/domain/errors.js';
import type { HistoryRecord, Term, TermEntry } from '../../src/domain/termbase/entry.js';
import type { EntryWrite, GlossaryRecord, Stores } from '../../src/store/types.js';

const AT = '2025-03-01T10:00:00.000Z';

/** A stored entry of `glossary` with a zh-CN and an en term. */
export function storedEntry(glossary: string, id: string, zh: string, en: string, extra: Partial<TermEntry> = {}): TermEntry {
  return {
    id, glossary, languages: { 'zh-CN': [{ term: zh, status: 'preferred' }], en: [{ term: en, status: 'preferred' }] },
    createdAt: AT, createdBy: 'tester', updatedAt: AT, updatedBy: 'tester', version: 1, ...extra,
  };
}

function record(id: string, version: number, action: HistoryRecord['action'] = 'created'): HistoryRecord {
  return { entryId: id, version, action, by: 'tester', at: AT, changes: [{ path: '/note', to: `v${version}` }] };
}

/** A put that creates `e`. */
export function create(e: TermEntry): EntryWrite {
  return { op: 'put', entry: e, expectedVersion: null, history: record(e.id, e.version) };
}

function glossary(id: string, extra: Partial<GlossaryRecord> = {}): GlossaryRecord {
  return { id, name: id.toUpperCase(), description: '', tags: [], readOnly: false, createdAt: AT, createdBy: 'admin', updatedAt: AT, updatedBy: 'admin', lastWriteAt: null, ...extra };
}

/** Runs the whole contract against stores made by `newStore`. */
export function runTermbaseContract(name: string, opts: { newStore: () => Promise<Stores> | Stores }): void {
  describe(`term-base store contract: ${name}`, () => {
    let s: Stores;
    beforeEach(async () => {
      s = await opts.newStore();
    });
    afterEach(async () => {
      await s.close();
    });
    const tb = () => s.termbase;

    it('has the glossary default; creates, lists, updates and deletes glossaries; a taken id is a conflict', async () => {
      expect((await tb().listGlossaries()).map((g) => g.id)).toEqual(['default']);
      await tb().createGlossary(glossary('client-a', { tags: ['legal'], description: 'A' }));
      await expect(tb().createGlossary(glossary('client-a'))).rejects.toBeInstanceOf(ConflictError);
      expect(await tb().getGlossary('client-a')).toEqual(glossary('client-a', { tags: ['legal'], description: 'A' }));
      const updated = await tb().updateGlossary('client-a', { readOnly: true, tags: ['x', 'y'], updatedAt: '2025-04-01T00:00:00.000Z', updatedBy: 'root' });
      expect(updated).toMatchObject({ name: 'CLIENT-A', readOnly: true, tags: ['x', 'y'], updatedAt: '2025-04-01T00:00:00.000Z', updatedBy: 'root' });
      expect(await tb().updateGlossary('nope', { name: 'x', updatedAt: AT, updatedBy: 'a' })).toBeUndefined();
      expect((await tb().listGlossaries()).map((g) => g.id)).toEqual(['client-a', 'default']);
      expect(await tb().deleteGlossary('client-a')).toBe(true);
      expect(await tb().deleteGlossary('client-a')).toBe(false);
      expect(await tb().getGlossary('client-a')).toBeUndefined();
    });

    it('creates, replaces and deletes entries with version preconditions, keeping every version in the history', async () => {
      const e = storedEntry('default', 'silk-road', '丝绸之路', 'Silk Road');
      expect(await tb().writeEntries('default', [create(e)])).toEqual([{ kind: 'put', entry: { glossary: 'default', id: 'silk-road', languages: e.languages } }]);
      expect(await tb().getEntry('default', 'silk-road')).toEqual(e);
      await expect(tb().writeEntries('default', [create(e)])).rejects.toBeInstanceOf(ConflictError);
      const v2 = { ...e, note: 'n', version: 2, updatedAt: '2025-03-02T00:00:00.000Z' };
      const stale = tb().writeEntries('default', [{ op: 'put', entry: v2, expectedVersion: 5, history: record('silk-road', 2, 'updated') }]);
      await expect(stale).rejects.toMatchObject({ currentVersion: 1 });
      await expect(stale).rejects.toBeInstanceOf(PreconditionFailedError);
      await tb().writeEntries('default', [{ op: 'put', entry: v2, expectedVersion: 1, history: record('silk-road', 2, 'updated') }]);
      expect(await tb().getEntry('default', 'silk-road')).toEqual(v2);
      expect(await tb().writeEntries('default', [{ op: 'delete', id: 'silk-road', expectedVersion: 2, history: record('silk-road', 3, 'deleted') }]))
        .toEqual([{ kind: 'delete', glossary: 'default', id: 'silk-road' }]);
      expect(await tb().getEntry('default', 'silk-road')).toBeUndefined();
      expect((await tb().history('default', 'silk-road')).map((h) => [h.version, h.action])).toEqual([[1, 'created'], [2, 'updated'], [3, 'deleted']]);
      expect(await tb().lastVersion('default', 'silk-road')).toBe(3);
      expect(await tb().lastVersion('default', 'never')).toBe(0);
      await expect(tb().writeEntries('default', [{ op: 'delete', id: 'silk-road', expectedVersion: 3, history: record('silk-road', 4, 'deleted') }]))
        .rejects.toBeInstanceOf(NotFoundError);
      expect((await tb().getGlossary('default'))?.lastWriteAt).toBe(AT);
    });

    it('keeps a Chinese key in one entry per glossary, folded (Traditional = Simplified); other glossaries may hold it', async () => {
      await tb().createGlossary(glossary('other'));
      await tb().writeEntries('default', [create(storedEntry('default', 'luban', '鲁班工坊', 'Luban Workshop'))]);
      const clash = tb().writeEntries('default', [create(storedEntry('default', 'luban-2', '魯班工坊', 'Luban'))]);
      await expect(clash).rejects.toBeInstanceOf(ConflictError);
      await expect(clash).rejects.toMatchObject({ details: { entryId: 'luban', term: '魯班工坊' } });
      await tb().writeEntries('other', [create(storedEntry('other', 'luban', '魯班工坊', 'Luban'))]);
      expect(await tb().chineseOwners('default', ['鲁班工坊', '丝路'])).toEqual(new Map([['鲁班工坊', 'luban']]));
    });

    it('applies the writes of one call all or none', async () => {
      const a = storedEntry('default', 'a-term', '甲', 'A');
      const b = storedEntry('default', 'b-term', '甲', 'B');
      await expect(tb().writeEntries('default', [create(a), create(b)])).rejects.toBeInstanceOf(ConflictError);
      expect(await tb().getEntry('default', 'a-term')).toBeUndefined();
      expect(await tb().history('default', 'a-term')).toEqual([]);
      await expect(tb().writeEntries('missing', [create({ ...a, glossary: 'missing' })])).rejects.toBeInstanceOf(NotFoundError);
    });

    it('says which ids are in use, deleted ones included', async () => {
      await tb().writeEntries('default', [create(storedEntry('default', 'road', '路', 'Road')), create(storedEntry('default', 'road-2', '道', 'Road'))]);
      await tb().writeEntries('default', [create(storedEntry('default', 'roadmap', '路线图', 'Roadmap'))]);
      await tb().writeEntries('default', [{ op: 'delete', id: 'road-2', expectedVersion: 1, history: record('road-2', 2, 'deleted') }]);
      expect([...await tb().idsInUse('default', 'road')].sort()).toEqual(['road', 'road-2']);
      expect([...await tb().idsInUse('default')].sort()).toEqual(['road', 'road-2', 'roadmap']);
    });

    it('lists entries in id order, the higher glossary first at one id, a page at a time, with filters', async () => {
      await tb().createGlossary(glossary('client'));
      await tb().writeEntries('default', [
        create(storedEntry('default', 'b-road', '道路', 'road', { subjectField: 'Transport' })),
        create(storedEntry('default', 'a-belt', '地带', 'belt')),
        create({ ...storedEntry('default', 'c-rail', '铁路', 'railway'), languages: { 'zh-CN': [{ term: '铁路', status: 'preferred' }], ru: [{ term: 'железная дорога', status: 'deprecated' }] } }),
      ]);
      await tb().writeEntries('client', [create(storedEntry('client', 'b-road', '道路', 'roadway'))]);
      const page1 = await tb().listEntries({ glossaries: ['client', 'default'], limit: 2 });
      expect(page1.entries.map((e) => [e.glossary, e.id])).toEqual([['default', 'a-belt'], ['client', 'b-road']]);
      expect(page1.total).toBe(4);
      const page2 = await tb().listEntries({ glossaries: ['client', 'default'], limit: 2, after: page1.next ?? undefined });
      expect(page2.entries.map((e) => [e.glossary, e.id])).toEqual([['default', 'b-road'], ['default', 'c-rail']]);
      expect(page2.next).toBeNull();
      const ids = async (q: Partial<Parameters<Stores['termbase']['listEntries']>[0]>) =>
        (await tb().listEntries({ glossaries: ['default'], limit: 10, ...q })).entries.map((e) => e.id);
      expect(await ids({ lang: 'ru' })).toEqual(['c-rail']);
      expect(await ids({ lang: 'zh' })).toEqual(['a-belt', 'b-road', 'c-rail']);
      expect(await ids({ status: 'deprecated' })).toEqual(['c-rail']);
      expect(await ids({ status: 'deprecated', lang: 'en' })).toEqual([]);
      expect(await ids({ subjectField: 'transport' })).toEqual(['b-road']);
      expect(await ids({ glossaries: [] })).toEqual([]);
    });

    it('searches: every token must match; a term equal to the query first, then a match in a term, then elsewhere', async () => {
      await tb().createGlossary(glossary('client'));
      await tb().writeEntries('default', [
        create(storedEntry('default', 'z-workshop', '鲁班工坊', 'Luban Workshop')),
        create(storedEntry('default', 'a-workshops', '鲁班工坊建设', 'Luban Workshops built')),
        create(storedEntry('default', 'm-centre', '中心', 'centre', { definition: 'Vocational training in Luban workshops.' })),
        create(storedEntry('default', 'b-other', '其他', 'other')),
      ]);
      await tb().writeEntries('client', [create(storedEntry('client', 'z-workshop', '魯班工坊', 'Luban workshop'))]);
      const search = async (q: string, glossaries = ['default']) => (await tb().listEntries({ glossaries, q, limit: 10 })).entries.map((e) => `${e.glossary}/${e.id}`);
      expect(await search('Luban workshop')).toEqual(['default/z-workshop', 'default/a-workshops', 'default/m-centre']);
      expect(await search('魯班工坊')).toEqual(['default/z-workshop', 'default/a-workshops']);
      expect(await search('鲁班工坊', ['client', 'default'])).toEqual(['client/z-workshop', 'default/z-workshop', 'default/a-workshops']);
      expect(await search('Luban nothing')).toEqual([]);
      expect(await search('“:*')).toEqual([]);
      const first = await tb().listEntries({ glossaries: ['default'], q: 'luban', limit: 1 });
      expect(first.total).toBe(3);
      const rest = await tb().listEntries({ glossaries: ['default'], q: 'luban', limit: 5, after: first.next ?? undefined });
      expect(first.entries.map((e) => e.id)).toEqual(['a-workshops']);
      expect(rest.entries.map((e) => e.id)).toEqual(['z-workshop', 'm-centre']);
    });

    it('scans a glossary in id order, and every glossary\'s terms', async () => {
      await tb().createGlossary(glossary('client'));
      await tb().writeEntries('default', ['c', 'a', 'b'].map((x, i) => create(storedEntry('default', `${x}-id`, `词${i}`, x))));
      await tb().writeEntries('client', [create(storedEntry('client', 'k-id', '词', 'k'))]);
      const batches: string[][] = [];
      for await (const b of tb().scanEntries('default', 2)) batches.push(b.map((e) => e.id));
      expect(batches).toEqual([['a-id', 'b-id'], ['c-id']]);
      const terms: string[] = [];
      for await (const b of tb().scanTerms(3)) terms.push(...b.map((e) => `${e.glossary}/${e.id}/${(e.languages['zh-CN'] as Term[])[0]?.term}`));
      expect(terms.sort()).toEqual(['client/k-id/词', 'default/a-id/词1', 'default/b-id/词2', 'default/c-id/词0']);
      expect(await tb().countEntries('default')).toBe(3);
    });

    it('restores entries and history verbatim into an empty glossary only', async () => {
      const e = storedEntry('default', 'kept', '保留', 'kept', { version: 2 });
      await tb().restoreGlossary('default', [e], [record('kept', 1), record('kept', 2, 'updated'), record('gone', 1), record('gone', 2, 'deleted')]);
      expect(await tb().getEntry('default', 'kept')).toEqual(e);
      expect((await tb().history('default', 'gone')).map((h) => h.action)).toEqual(['created', 'deleted']);
      expect(await tb().lastVersion('default', 'gone')).toBe(2);
      await expect(tb().restoreGlossary('default', [], [])).rejects.toBeInstanceOf(ConflictError);
    });

    it('imports in stages: nothing shows before commit, an abort leaves nothing, a changed entry fails the commit', async () => {
      const bulk = await tb().beginEntryImport('default');
      await bulk.stage([create(storedEntry('default', 'one', '一', 'one'))]);
      await bulk.stage([create(storedEntry('default', 'two', '二', 'two'))]);
      expect(await tb().countEntries('default')).toBe(0);
      await bulk.commit();
      expect(await tb().countEntries('default')).toBe(2);

      const aborted = await tb().beginEntryImport('default');
      await aborted.stage([create(storedEntry('default', 'three', '三', 'three'))]);
      await aborted.abort();
      expect(await tb().getEntry('default', 'three')).toBeUndefined();

      const late = await tb().beginEntryImport('default');
      await late.stage([create(storedEntry('default', 'four', '四', 'four')),
        { op: 'put', entry: storedEntry('default', 'one', '一', 'one!', { version: 2 }), expectedVersion: 1, history: record('one', 2, 'updated') }]);
      await tb().writeEntries('default', [{ op: 'put', entry: storedEntry('default', 'one', '一', 'one?', { version: 2 }), expectedVersion: 1, history: record('one', 2, 'updated') }]);
      await expect(late.commit()).rejects.toBeInstanceOf(ConflictError);
      expect(await tb().getEntry('default', 'four')).toBeUndefined();
      expect((await tb().getEntry('default', 'one'))?.languages.en).toEqual([{ term: 'one?', status: 'preferred' }]);
    });

    it('deletes a glossary with its entries and history; one made again with that id starts empty', async () => {
      await tb().createGlossary(glossary('temp'));
      await tb().writeEntries('temp', [create(storedEntry('temp', 'x-y', '临时', 'temp'))]);
      expect(await tb().deleteGlossary('temp')).toBe(true);
      await tb().createGlossary(glossary('temp'));
      expect(await tb().countEntries('temp')).toBe(0);
      expect(await tb().history('temp', 'x-y')).toEqual([]);
      expect(await tb().listEntries({ glossaries: ['temp'], q: '临时', limit: 5 })).toEqual({ entries: [], total: 0, next: null });
    });
  });
}
