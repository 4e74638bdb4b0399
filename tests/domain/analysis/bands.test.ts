import { describe, expect, it } from 'vitest';
import { analyse, BAND_EDGES, bandOf, countCharacters, countWords, parseWeights } from '../../../src/domain/analysis/bands.js';
import { analysisCsv, analysisHtml } from '../../../src/formats/analysis-report.js';

describe('match bands', () => {
  it.each([[101, 'context'], [100, 'exact'], [99.9, '95-99'], [95, '95-99'], [94.99, '85-94'], [85, '85-94'], [84, '75-84'],
    [75, '75-84'], [74.5, '50-74'], [50, '50-74'], [49.9, 'none'], [undefined, 'none']] as const)('score %s is band %s', (score, band) => {
    expect(bandOf(score)).toBe(band);
  });

  it('changes band at every score edge the band search rises to, and nowhere between them', () => {
    for (let score = 0; score <= 101; score++) {
      expect(bandOf(score) !== bandOf(score - 1), `score ${score}`).toBe(BAND_EDGES.includes(score));
    }
  });

  it('counts Chinese per character (no whitespace) and English per word', () => {
    expect(countCharacters('中国 同 中亚,30 年。')).toBe(10);
    expect(countWords("The Belt and Road's 10th year — well-known, isn't it?")).toBe(9);
  });

  it('puts a repeated segment in repetitions unless it is a 101 match, and totals the bands', () => {
    const r = analyse([
      { key: 'a', source: '一二三。', best: 100 },
      { key: 'a', source: '一二三。', best: 100 },
      { key: 'b', source: '四五。', best: 101 },
      { key: 'b', source: '四五。', best: 101 },
      { key: 'c', source: '六七八九。', best: 80 },
      { key: 'd', source: '十。', best: undefined },
    ], true);
    const by = Object.fromEntries(r.bands.map((b) => [b.band, [b.segments, b.characters]]));
    expect(by).toEqual({ context: [2, 6], repetition: [1, 4], exact: [1, 4], '95-99': [0, 0], '85-94': [0, 0], '75-84': [1, 5], '50-74': [0, 0], none: [1, 2] });
    expect(r.total).toEqual({ segments: 6, characters: 21, words: null });
    expect(r.unit).toBe('characters');
  });

  it('applies per-band weights to characters for Chinese sources', () => {
    const r = analyse([{ key: 'a', source: '一二三四。', best: 100 }, { key: 'b', source: '五六七八九十。', best: undefined }], true, parseWeights('100:0.25,none:1'));
    expect(r.bands.find((b) => b.band === 'exact')).toMatchObject({ weight: 0.25, weighted: 1.25 });
    expect(r.total.weighted).toBe(8.25);
  });

  it('rejects a malformed weight list, naming the part', () => {
    expect(() => parseWeights('exact:0.1,gold:2')).toThrow('"gold:2" is not band:weight');
    expect(parseWeights('101:0, repetitions:0.1, 95-99:0.3')).toEqual({ context: 0, repetition: 0.1, '95-99': 0.3 });
  });
});

describe('analysis reports', () => {
  const result = analyse([{ key: 'a', source: '一, "二"。', best: 100 }], true, { exact: 0.1 });
  it('writes CSV with a header, one row per band and a total', () => {
    const csv = analysisCsv(result).split('\r\n');
    expect(csv[0]).toBe('band,segments,characters,words,weight,weighted characters');
    expect(csv[3]).toBe('100%,1,6,,0.1,0.6');
    expect(csv[9]).toBe('Total,1,6,,,0.6');
  });

  it('writes a self-contained HTML page with an inline SVG chart', () => {
    const html = analysisHtml(result, { document: 'a<b>.txt', sourceLang: 'zh-CN', targetLang: 'en', generatedAt: '2026-01-01T00:00:00Z' });
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('a&lt;b&gt;.txt');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});
