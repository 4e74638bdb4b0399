import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  MAX_CODES, MAX_CODE_DATA_LENGTH, MAX_CODE_ID_LENGTH, MAX_CONTEXT_LENGTH, MAX_LABEL_LENGTH, MAX_NOTE_LENGTH, MAX_ORIGIN_DATE_LENGTH,
  MAX_ORIGIN_LENGTH, MAX_SOURCE_LENGTH, MAX_TARGET_LENGTH, MAX_TERM_LENGTH, MAX_TERM_TEXT_LENGTH, QUOTE_LENGTH,
  quote, segmentProblem, skipReason, termProblem, unitProblems, unitWithinLimits,
} from '../../src/domain/limits.js';
import { PACKAGE_ROOT } from '../../src/version.js';

type Schema = { maxLength?: number; maximum?: number; maxItems?: number; properties?: Record<string, Schema> };
const schemas = (parse(readFileSync(join(PACKAGE_ROOT, 'openapi.yaml'), 'utf8')) as { components: { schemas: Record<string, Schema> } }).components.schemas;
const prop = (schema: string, ...path: string[]) => path.reduce<Schema | undefined>((s, p) => s?.properties?.[p], schemas[schema]);

describe('the limits of units and terms', () => {
  it('are the numbers openapi.yaml states', () => {
    expect(schemas.SourceText?.maxLength).toBe(MAX_SOURCE_LENGTH);
    expect(prop('UnitInput', 'target')?.maxLength).toBe(MAX_TARGET_LENGTH);
    expect(prop('UnitInput', 'note')?.maxLength).toBe(MAX_NOTE_LENGTH);
    expect(prop('UnitContext', 'previous')?.maxLength).toBe(MAX_CONTEXT_LENGTH);
    expect(prop('UnitContext', 'next')?.maxLength).toBe(MAX_CONTEXT_LENGTH);
    expect(prop('UnitOrigin', 'document')?.maxLength).toBe(MAX_ORIGIN_LENGTH);
    expect(prop('UnitOrigin', 'title')?.maxLength).toBe(MAX_ORIGIN_LENGTH);
    expect(prop('UnitOrigin', 'date')?.maxLength).toBe(MAX_ORIGIN_DATE_LENGTH);
    expect(schemas.InlineCodes?.maxItems).toBe(MAX_CODES);
    expect(prop('InlineCode', 'id')?.maxLength).toBe(MAX_CODE_ID_LENGTH);
    expect(prop('InlineCode', 'data')?.maxLength).toBe(MAX_CODE_DATA_LENGTH);
    expect(prop('InlineCode', 'offset')?.maximum).toBe(MAX_TARGET_LENGTH);
    expect(prop('Term', 'term')?.maxLength).toBe(MAX_TERM_LENGTH);
    expect(prop('Term', 'context')?.maxLength).toBe(MAX_TERM_TEXT_LENGTH);
    expect(prop('EntryInput', 'definition')?.maxLength).toBe(MAX_TERM_TEXT_LENGTH);
    expect(prop('EntryInput', 'subjectField')?.maxLength).toBe(MAX_LABEL_LENGTH);
  });

  it('count code points: 10,000 astral characters are a source, 10,001 are not', () => {
    expect(segmentProblem('𠀀'.repeat(MAX_SOURCE_LENGTH), MAX_SOURCE_LENGTH)).toBeUndefined();
    expect(segmentProblem('中'.repeat(MAX_SOURCE_LENGTH + 1), MAX_SOURCE_LENGTH)).toBe('must be at most 10000 characters (it has 10001)');
  });

  it.each([
    ['spaces only', ' \u3000\n', 'must contain text'],
    ['a zero-width space', '\u200b', 'must contain text'],
    ['combining marks only', '\u0301'.repeat(200), 'must contain text'],
    ['a lone surrogate', '中\ud800文', 'must be well-formed Unicode (it holds a lone surrogate)'],
  ])('refuse a segment of %s', (_name, text, problem) => {
    expect(segmentProblem(text, MAX_SOURCE_LENGTH)).toBe(problem);
  });

  it.each([
    ['invisible characters only', '\u200b\u200b', 'must contain a letter or a digit'],
    ['200 combining marks', '\u0301'.repeat(200), 'must contain a letter or a digit'],
    ['punctuation only', '——', 'must contain a letter or a digit'],
    ['a tab', 'Belt\tRoad', 'must be one line (no tabs or line breaks)'],
    ['201 characters', 'a'.repeat(201), 'must be at most 200 characters (it has 201)'],
    ['a lone surrogate', 'G\udc00', 'must be well-formed Unicode (it holds a lone surrogate)'],
  ])('refuse a term of %s', (_name, term, problem) => {
    expect(termProblem(term)).toBe(problem);
  });

  it.each(['鲁班工坊', 'G20', 'C5+1', '2030', 'Мирзиёев', 'é'])('take the term %s', (term) => {
    expect(termProblem(term)).toBeUndefined();
  });

  it('name every field a unit breaks, under the prefix', () => {
    const problems = unitProblems({
      sourceLang: 'zh-CN', targetLang: 'en', source: '一。', target: 'x'.repeat(MAX_TARGET_LENGTH + 1), context: { previous: '\ud800' },
      origin: { date: '1'.repeat(101) }, sourceCodes: [{ id: '', type: 'open', offset: 3 }],
    }, '/units/2');
    expect(problems).toEqual([
      { path: '/units/2/target', message: 'must be at most 30000 characters (it has 30001)' },
      { path: '/units/2/context/previous', message: 'must be well-formed Unicode (it holds a lone surrogate)' },
      { path: '/units/2/origin/date', message: 'must be at most 100 characters (it has 101)' },
      { path: '/units/2/sourceCodes/0/id', message: 'must not be empty' },
      { path: '/units/2/sourceCodes/0/offset', message: 'must be an integer from 0 to 2' },
    ]);
    expect(skipReason(problems)).toBe('units/2/target must be at most 30000 characters (it has 30001) (and 4 more)');
    expect(unitWithinLimits({ source: '一。', target: 'x'.repeat(MAX_TARGET_LENGTH) })).toBe(true);
    expect(unitWithinLimits({ source: '一'.repeat(MAX_SOURCE_LENGTH + 1), target: 'x' })).toBe(false);
  });

  it('quote at most QUOTE_LENGTH code points of a text, whole characters only', () => {
    expect(quote('short')).toBe('short');
    expect(quote('x'.repeat(5_000_000))).toBe(`${'x'.repeat(QUOTE_LENGTH)}…`);
    const astral = quote('𠀀'.repeat(QUOTE_LENGTH + 1));
    expect(astral).toBe(`${'𠀀'.repeat(QUOTE_LENGTH)}…`);
    expect(quote('𠀀'.repeat(QUOTE_LENGTH))).toBe('𠀀'.repeat(QUOTE_LENGTH));
  });
});
