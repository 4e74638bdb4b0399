/** The TM maintenance pages' pure helpers: the one filter form sent as JSON and as a query, and the marks of a replace preview. */
import { describe, expect, it } from 'vitest';
import { splitByRanges } from '../../console/src/lib/ranges.js';
import { MIN_KEPT_RUN, textChanges } from '../../console/src/lib/text-changes.js';
import { EMPTY_FILTER, dayBound, fieldAtFault, filterBody, filterQuery } from '../../console/src/lib/unit-filter.js';
import { unitInput } from '../../console/src/lib/unit-input.js';
import type { Unit } from '../../console/src/api/types.js';

describe('the unit filter', () => {
  it('sends nothing for an empty form (every unit the key reaches)', () => {
    expect(filterBody(EMPTY_FILTER, undefined)).toEqual({});
    expect(filterQuery(EMPTY_FILTER, [])).toEqual({});
  });

  it('sends the memories as an array in JSON and as a list in a query, with the pair, trimmed texts and numbers', () => {
    const form = { ...EMPTY_FILTER, pair: 'zh-CN|en', target: '  Central Asia ', author: 'alice', minUsage: '2', maxUsage: '0' };
    expect(filterBody(form, ['client-a', 'general'])).toEqual({
      memories: ['client-a', 'general'], sourceLang: 'zh-CN', targetLang: 'en', target: 'Central Asia', author: 'alice', minUsage: 2, maxUsage: 0,
    });
    expect(filterQuery(form, ['client-a', 'general'])).toEqual({
      memories: 'client-a,general', sourceLang: 'zh-CN', targetLang: 'en', target: 'Central Asia', author: 'alice', minUsage: 2, maxUsage: 0,
    });
  });

  it('sends a day as its first instant for "from" and its last for "to", in local time', () => {
    const body = filterBody({ ...EMPTY_FILTER, updatedFrom: '2026-12-05', updatedTo: '2026-12-05', createdTo: '2024-02-29' }, undefined);
    const from = new Date(body.updatedFrom ?? '');
    const to = new Date(body.updatedTo ?? '');
    expect([from.getFullYear(), from.getMonth(), from.getDate(), from.getHours(), from.getMinutes()]).toEqual([2026, 11, 5, 0, 0]);
    expect([to.getFullYear(), to.getMonth(), to.getDate(), to.getHours(), to.getMinutes(), to.getSeconds(), to.getMilliseconds()]).toEqual([2026, 11, 5, 23, 59, 59, 999]);
    expect(to.getTime() - from.getTime()).toBe(24 * 3600 * 1000 - 1);
    expect(new Date(body.createdTo ?? '').getDate()).toBe(29);
    expect(body.createdFrom).toBeUndefined();
  });

  it('leaves text that is not a calendar day for the API to judge', () => {
    expect(dayBound('2026-12-05T10:00:00Z', 'end')).toBe('2026-12-05T10:00:00Z');
    expect(dayBound('yesterday', 'start')).toBe('yesterday');
  });

  it('finds the field a problem names, in a body or a query', () => {
    expect(fieldAtFault([{ path: '/find' }], 'find')).toBe(true);
    expect(fieldAtFault([{ path: '/body/find' }], 'find')).toBe(true);
    expect(fieldAtFault([{ path: '/body/findings' }, { path: '/replacement' }], 'find')).toBe(false);
    expect(fieldAtFault(undefined, 'find')).toBe(false);
  });
});

describe('the marks of a replace preview', () => {
  const marked = (text: string, ranges: { start: number; end: number; mark: string }[]) => splitByRanges(text, ranges).filter((p) => p.mark).map((p) => p.text);

  it('marks each replaced place, not the text between two of them', () => {
    const before = 'the Belt and Road initiative and the Belt and Road initiative';
    const after = 'the Belt and Road Initiative and the Belt and Road Initiative';
    const c = textChanges(before, after);
    expect(marked(before, c.before)).toEqual(['i', 'i']);
    expect(marked(after, c.after)).toEqual(['I', 'I']);
  });

  it('folds stray shared letters into one change', () => {
    const c = textChanges('We support the Belt and Road Initiative.', 'We support the BRI.');
    expect(marked('We support the Belt and Road Initiative.', c.before)).toEqual(['elt and Road Initiative']);
    expect(marked('We support the BRI.', c.after)).toEqual(['RI']);
    expect(MIN_KEPT_RUN).toBeGreaterThan(1);
  });

  it('counts code points, so an astral character does not shift the marks', () => {
    const before = '𠀀中亚峰会';
    const after = '𠀀中国—中亚峰会';
    const c = textChanges(before, after);
    expect(c.before).toEqual([]);
    expect(marked(after, c.after)).toEqual(['国—中']);
  });

  it('marks a pure insertion and a pure deletion on one side only', () => {
    expect(textChanges('Silk Road', 'Silk Road Economic Belt')).toEqual({ before: [], after: [{ start: 9, end: 23, mark: 'inserted' }] });
    expect(textChanges('Silk Road Economic Belt', 'Silk Road')).toEqual({ before: [{ start: 9, end: 23, mark: 'removed' }], after: [] });
  });
});

describe('the body of a unit edit', () => {
  const unit: Unit = {
    id: 7, memory: 'client-a', sourceLang: 'zh-CN', targetLang: 'en', source: '共建“一带一路”', target: 'jointly build the Belt and Road',
    context: { previous: '前一句', next: '后一句' }, origin: { document: 'speech.docx', title: 'Keynote', date: '2023-05-19' }, note: 'checked',
    createdBy: 'seed', createdAt: '2026-01-01T00:00:00.000Z', updatedBy: 'alice', updatedAt: '2026-02-01T00:00:00.000Z', usageCount: 3,
    targetCodes: [{ id: '1', type: 'placeholder', offset: 3 }],
  };

  it('sends the edited texts with the rest of the unit as it was, since PUT replaces every field', () => {
    expect(unitInput(unit, { source: unit.source, target: 'jointly build the Belt and Road Initiative', note: 'checked twice' })).toEqual({
      memory: 'client-a', sourceLang: 'zh-CN', targetLang: 'en', source: '共建“一带一路”', target: 'jointly build the Belt and Road Initiative',
      context: { previous: '前一句', next: '后一句' }, origin: { document: 'speech.docx', title: 'Keynote', date: '2023-05-19' }, note: 'checked twice',
      targetCodes: [{ id: '1', type: 'placeholder', offset: 3 }],
    });
  });

  it('sends a blank note as no note, and no empty code lists', () => {
    const input = unitInput({ ...unit, targetCodes: [] }, { source: 'a', target: 'b', note: '  ' });
    expect(input.note).toBeNull();
    expect('targetCodes' in input || 'sourceCodes' in input).toBe(false);
  });
});
