/** The console's pure helpers: code-point ranges, the 412 merge, file names, weights, placeholders, collection choices. */
import { describe, expect, it } from 'vitest';
import type { EntryInput } from '../../console/src/api/types.js';
import { type CollectionChoice, chosenIds, chosenMemories, inScope, initialChoices, memoriesParam, moveChoice, scopeOf, syncChoices } from '../../console/src/lib/collection-choices.js';
import { filenameFromDisposition } from '../../console/src/lib/content-disposition.js';
import { compareEntries, reapply, toInput } from '../../console/src/lib/entry-merge.js';
import { fill, placeholders } from '../../console/src/lib/message-format.js';
import { splitByRanges } from '../../console/src/lib/ranges.js';
import { showValue } from '../../console/src/lib/values.js';
import { weightsParam } from '../../console/src/lib/weights.js';

describe('splitByRanges', () => {
  it('cuts at code points, so an astral character does not shift later ranges', () => {
    // 𠀀 (U+20000) is two UTF-16 units but one code point, as the API counts.
    expect(splitByRanges('𠀀中亚峰会', [{ start: 1, end: 3, mark: 'term' }])).toEqual([
      { text: '𠀀' }, { text: '中亚', mark: 'term' }, { text: '峰会' },
    ]);
  });

  it('orders ranges, drops the overlapping part of a later one and clamps to the text', () => {
    expect(splitByRanges('abcdef', [{ start: 3, end: 9, mark: 2 }, { start: 0, end: 4, mark: 1 }])).toEqual([
      { text: 'abcd', mark: 1 }, { text: 'ef', mark: 2 },
    ]);
    expect(splitByRanges('abc', [])).toEqual([{ text: 'abc' }]);
    expect(splitByRanges('', [{ start: 0, end: 2, mark: 1 }])).toEqual([]);
  });
});

describe('the 412 merge', () => {
  const base: EntryInput = { definition: 'old', note: 'n', languages: { 'zh-CN': [{ term: '鲁班工坊', status: 'preferred' }], en: [{ term: 'Luban Workshop', status: 'preferred' }] } };

  it('keeps their changes and re-applies mine, field by field', () => {
    const mine: EntryInput = { ...base, definition: 'mine' };
    const theirs: EntryInput = { ...base, note: 'theirs', languages: { ...base.languages, ru: [{ term: 'Мастерская Лубань', status: 'preferred' }] } };
    const merged = reapply(base, mine, theirs);
    expect(merged).toEqual({ definition: 'mine', note: 'theirs', languages: { ...theirs.languages } });
    const rows = compareEntries(base, mine, theirs).filter((r) => r.changedByMe || r.changedByThem);
    expect(rows.map((r) => [r.field, r.changedByMe, r.changedByThem, r.conflict])).toEqual([
      ['definition', true, false, false], ['note', false, true, false], ['languages/ru', false, true, false],
    ]);
  });

  it('marks a field both sides changed differently as a conflict, and my value wins it', () => {
    const mine: EntryInput = { ...base, languages: { ...base.languages, en: [{ term: 'Luban Workshops', status: 'preferred' }] } };
    const theirs: EntryInput = { ...base, languages: { ...base.languages, en: [{ term: 'Luban Workshop', status: 'preferred' }, { term: 'Luban', status: 'admitted' }] } };
    const conflict = compareEntries(base, mine, theirs).find((r) => r.field === 'languages/en');
    expect(conflict?.conflict).toBe(true);
    expect(reapply(base, mine, theirs).languages.en).toEqual(mine.languages.en);
  });

  it('re-applies removals of fields and languages', () => {
    const mine: EntryInput = { languages: { 'zh-CN': base.languages['zh-CN'] ?? [] } };
    const theirs: EntryInput = { ...base, source: 'file.txt' };
    expect(reapply(base, mine, theirs)).toEqual({ source: 'file.txt', languages: { 'zh-CN': base.languages['zh-CN'] } });
  });

  it('takes server fields off an entry', () => {
    const stored = { ...base, id: 'luban-workshop', version: 3, createdAt: 'x', createdBy: 'y', updatedAt: 'x', updatedBy: 'y' };
    expect(toInput(stored)).toEqual({ id: 'luban-workshop', ...base });
  });
});

describe('filenameFromDisposition', () => {
  it('prefers the UTF-8 filename* and falls back to the plain name', () => {
    expect(filenameFromDisposition(`attachment; filename="?.en.xlf"; filename*=UTF-8''%E8%AE%B2%E8%AF%9D.en.xlf`)).toBe('讲话.en.xlf');
    expect(filenameFromDisposition('attachment; filename="caravan-glossary.tbx"')).toBe('caravan-glossary.tbx');
    expect(filenameFromDisposition('attachment; filename=caravan.tmx')).toBe('caravan.tmx');
    expect(filenameFromDisposition('attachment')).toBeUndefined();
    expect(filenameFromDisposition(null)).toBeUndefined();
  });
});

describe('weightsParam', () => {
  it('lists the bands with a weight in band order, reads a decimal comma, and rejects non-numbers', () => {
    const bands = ['context', 'repetition', 'exact', 'none'];
    expect(weightsParam({ none: '1', context: '0', exact: '0,25', repetition: ' ' }, bands)).toBe('context:0,exact:0.25,none:1');
    expect(weightsParam({}, bands)).toBeUndefined();
    expect(() => weightsParam({ exact: 'much' }, bands)).toThrow(RangeError);
    expect(() => weightsParam({ exact: '-1' }, bands)).toThrow('exact');
  });
});

describe('messages', () => {
  it('fills named placeholders and leaves unknown ones visible', () => {
    expect(fill('{a} of {b}, {c}', { a: 1200, b: 'x' }, (n) => n.toLocaleString('en'))).toBe('1,200 of x, {c}');
    expect(placeholders('{b} {a} {b}')).toEqual(['a', 'b']);
  });

  it('shows term lists and other values readably', () => {
    expect(showValue([{ term: '鲁班工坊', status: 'preferred' }, { term: '鲁班', status: 'admitted' }])).toBe('鲁班工坊 (preferred)\n鲁班 (admitted)');
    expect(showValue(undefined)).toBe('');
    expect(showValue({ a: 1 })).toBe('{"a":1}');
  });
});

describe('choosing collections', () => {
  const choices = (spec: [string, boolean, string][]): CollectionChoice[] => spec.map(([id, use, penalty]) => ({ id, use, penalty }));

  it('sends nothing when nothing is ticked (the API then reads every collection in scope)', () => {
    const list = initialChoices(['a', 'b']);
    expect(chosenMemories(list)).toBeUndefined();
    expect(chosenIds(list)).toBeUndefined();
    expect(memoriesParam(chosenMemories(list))).toBeUndefined();
  });

  it('sends the ticked memories in the order shown, with their penalties, as JSON and as `a,b:5`', () => {
    const list = moveChoice(choices([['agency', true, '5'], ['client-a', true, ''], ['old', false, '20']]), 1, -1);
    expect(chosenMemories(list)).toEqual([{ id: 'client-a' }, { id: 'agency', penalty: 5 }]);
    expect(memoriesParam(chosenMemories(list))).toBe('client-a,agency:5');
    expect(chosenIds(list)).toEqual(['client-a', 'agency']);
  });

  it('moves within the list only, and keeps the user\'s order when the list is reloaded', () => {
    const list = choices([['a', true, ''], ['b', false, ''], ['c', false, '']]);
    expect(moveChoice(list, 0, -1).map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(moveChoice(list, 2, 5).map((c) => c.id)).toEqual(['a', 'b', 'c']);
    const reordered = moveChoice(list, 2, -2);
    expect(syncChoices(reordered, ['a', 'b', 'd']).map((c) => [c.id, c.use])).toEqual([['a', true], ['b', false], ['d', false]]);
  });

  it('reads a scope: `*` reaches everything; "only these" with none ticked is an empty scope, not a full one', () => {
    expect(inScope(['*'], 'x')).toBe(true);
    expect(inScope(['a'], 'x')).toBe(false);
    expect(scopeOf(true, choices([['a', true, '']]))).toEqual(['*']);
    expect(scopeOf(false, choices([['a', true, ''], ['b', false, '']]))).toEqual(['a']);
    expect(scopeOf(false, choices([['a', false, '']]))).toEqual([]);
  });
});
