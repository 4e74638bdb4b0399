import { describe, expect, it } from 'vitest';
import { findNumbers, formatLike, parseNumber, substituteNumbers } from '../../../../src/domain/tm/scoring/numbers.js';

describe('parseNumber', () => {
  it.each([
    ['2100', '2100', undefined, undefined],
    ['2,100', '2100', ',', undefined],
    ['12,345,678', '12345678', ',', undefined],
    ['1.234.567', '1234567', '.', undefined],
    ['1,234.5', '1234.5', ',', '.'],
    ['1.234,5', '1234.5', '.', ','],
    ['3.5', '3.5', undefined, '.'],
    ['3,5', '3.5', undefined, ','],
    ['1.234', '1.234', undefined, '.'],
  ])('%s has value %s (grouping %s, decimal %s)', (text, value, grouping, decimal) => {
    expect(parseNumber(text)).toEqual({ value, grouping, decimal });
  });
});

describe('findNumbers and formatLike', () => {
  it('finds full-width and grouped numbers with code-point spans', () => {
    expect(findNumbers('𠀀２１００年和2,100年', 'char').map((n) => [n.start, n.end, n.text, n.value])).toEqual([[1, 5, '2100', '2100'], [7, 12, '2,100', '2100']]);
  });

  it('writes a value in the style of the number it replaces', () => {
    expect(formatLike('2200', parseNumber('2,100'))).toBe('2,200');
    expect(formatLike('12345.5', parseNumber('1.234,5'))).toBe('12.345,5');
    expect(formatLike('999', parseNumber('2,100'))).toBe('999');
    expect(formatLike('2024', parseNumber('2023'))).toBe('2024');
  });
});

describe('substituteNumbers', () => {
  const change = (unit: string, query: string) => ({ unit: findNumbers(unit, 'char')[0]!, query: findNumbers(query, 'char')[0]! });

  it('puts 2200 into "More than 2,100 years ago" (one to one, target style kept)', () => {
    const src = findNumbers('2100多年前', 'char');
    expect(substituteNumbers('More than 2,100 years ago.', 'word', src, [change('2100', '2200')])).toMatchObject({ target: 'More than 2,200 years ago.', unmapped: [] });
  });

  it('leaves the target alone when the source value occurs twice (ambiguous)', () => {
    const src = findNumbers('5国和5年', 'char');
    const r = substituteNumbers('5 countries, 5 years', 'word', src, [change('5', '6')]);
    expect(r.target).toBe('5 countries, 5 years');
    expect(r.unmapped).toHaveLength(1);
  });

  it('leaves the target alone when the target writes the number in words', () => {
    const src = findNumbers('30年', 'char');
    expect(substituteNumbers('thirty years', 'word', src, [change('30', '31')]).unmapped).toHaveLength(1);
  });

  it('substitutes into a Chinese target with code-point offsets past an astral character', () => {
    const src = findNumbers('30 years', 'word');
    const r = substituteNumbers('𠀀30年', 'char', src, [{ unit: src[0]!, query: findNumbers('31 years', 'word')[0]! }]);
    expect(r.target).toBe('𠀀31年');
  });
});
