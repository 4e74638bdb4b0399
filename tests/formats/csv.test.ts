import { describe, expect, it } from 'vitest';
import { UnreadableInputError } from '../../src/domain/errors.js';
import { parseDelimited, readDelimitedGlossary, writeDelimitedGlossary } from '../../src/formats/csv.js';
import { entry } from '../domain/termbase/glossary-fixture.js';

describe('parseDelimited (RFC 4180)', () => {
  it('reads quoted fields with separators, doubled quotes and line breaks, CRLF or LF, skipping blank lines', () => {
    expect(parseDelimited('a,"b,c","say ""hi"""\r\n\r\n"multi\nline",x,\n', ',')).toEqual([
      { cells: ['a', 'b,c', 'say "hi"'], line: 1 },
      { cells: ['multi\nline', 'x', ''], line: 3 },
    ]);
    expect(parseDelimited('zh-CN\ten\n中亚\tCentral Asia', '\t')).toEqual([{ cells: ['zh-CN', 'en'], line: 1 }, { cells: ['中亚', 'Central Asia'], line: 2 }]);
  });

  it('refuses an unclosed quote, naming the line', () => {
    expect(() => parseDelimited('zh-CN,en\n中亚,"Central Asia\n', ',')).toThrow(new UnreadableInputError('a quoted field that starts on line 2 is not closed'));
  });
});

describe('readDelimitedGlossary', () => {
  it('reads the convention: language columns, status lists, concept columns, BOM, any order', () => {
    const file = readDelimitedGlossary('\uFEFFid,en,zh-cn,en:deprecated,SubjectField\nbri,Belt and Road Initiative,一带一路,One Belt One Road; OBOR ,economy-trade\n,,中亚,,\n', 'csv');
    expect(file).toEqual({ format: 'csv', concepts: [
      { index: 1, where: 'row 1 (line 2)', id: 'bri', subjectField: 'economy-trade', sections: [
        { lang: 'en', terms: [{ term: 'Belt and Road Initiative', stated: false }, { term: 'One Belt One Road', status: 'deprecated', stated: true }, { term: 'OBOR', status: 'deprecated', stated: true }] },
        { lang: 'zh-CN', terms: [{ term: '一带一路', stated: false }] },
      ] },
      { index: 2, where: 'row 2 (line 3)', sections: [{ lang: 'zh-CN', terms: [{ term: '中亚', stated: false }] }] },
    ] });
  });

  it('refuses a bad header, a missing Chinese column, and a row longer than the header', () => {
    expect(() => readDelimitedGlossary('zh-CN,xx-!!\n', 'csv')).toThrow(/column 2 of the header, "xx-!!", is not a language tag, <tag>:admitted\|deprecated\|forbidden, or one of id, subjectField, definition, note, source/);
    expect(() => readDelimitedGlossary('zh-CN,en:best\n', 'csv')).toThrow(/column 2 of the header, "en:best"/);
    expect(() => readDelimitedGlossary('en,ru\nx,y\n', 'csv')).toThrow('the header has no Chinese column (zh-CN, zh-TW, ...); every concept needs a Chinese term');
    expect(() => readDelimitedGlossary('zh-CN,en\n中亚,Central Asia,extra\n', 'csv')).toThrow('line 2 has 3 cells, more than the 2 columns of the header');
    expect(() => readDelimitedGlossary('zh-CN,zh-CN\n', 'csv')).toThrow('column 2 of the header, "zh-CN", repeats an earlier column');
    expect(() => readDelimitedGlossary('', 'tsv')).toThrow('the TSV file is empty; it needs a header row of language tags');
  });
});

describe('writeDelimitedGlossary', () => {
  const entries = [
    entry('bri', { 'zh-CN': [{ term: '一带一路', status: 'preferred' }], en: [{ term: 'BRI', status: 'preferred' }, { term: 'One Belt, One Road', status: 'deprecated' }, { term: 'OBOR', status: 'forbidden' }] }),
    { ...entry('xian', { 'zh-CN': [{ term: '西安', status: 'preferred' }], en: [{ term: 'Xi\'an', status: 'preferred' }] }), definition: 'A city, "old" capital.\nOf Shaanxi.' },
  ];
  it('writes CSV with quoting only where needed and CRLF', () => {
    expect([...writeDelimitedGlossary('csv', entries)].join('')).toBe(
      'zh-CN,en,id,subjectField,definition,note,source,en:deprecated,en:forbidden\r\n'
      + '一带一路,BRI,bri,,,,,"One Belt, One Road",OBOR\r\n'
      + '西安,Xi\'an,xian,,"A city, ""old"" capital.\nOf Shaanxi.",,,,\r\n');
  });
  it('writes TSV without quoting, line breaks and tabs as spaces', () => {
    expect([...writeDelimitedGlossary('tsv', entries)].join('').split('\n')[2]).toBe('西安\tXi\'an\txian\t\tA city, "old" capital. Of Shaanxi.\t\t\t\t');
  });
});
