import { describe, expect, it } from 'vitest';
import { loadSeedMaterial, prng, syntheticUnits } from '../../../bench/synthetic.js';
import { type ConcordanceSide, concordanceHighlights, concordanceTexts, containsTexts } from '../../../src/domain/tm/concordance.js';
import { concordanceUnits } from '../../../src/domain/tm/index/concordance-search.js';
import { NgramIndex } from '../../../src/domain/tm/index/ngram-index.js';
import { TmSeeker } from '../../../src/domain/tm/index/seeker.js';
import { toTraditional } from '../../../src/domain/text/script.js';

describe('concordanceHighlights (raw code-point ranges)', () => {
  it('Chinese: a Traditional query highlights the Simplified text', () => {
    expect(concordanceHighlights('中国同中亚国家，中国同中亚', '中國同中亞', 'char')).toEqual([{ start: 0, end: 5 }, { start: 8, end: 13 }]);
  });

  it('Chinese: whitespace and width are folded, the highlight spans the raw text', () => {
    expect(concordanceHighlights('交往 30 年。', '30年', 'char')).toEqual([{ start: 3, end: 7 }]);
    expect(concordanceHighlights('交往３０年。', '30年', 'char')).toEqual([{ start: 2, end: 5 }]);
  });

  it('Chinese: offsets count an astral character once', () => {
    expect(concordanceHighlights('𠀀鲁班工坊', '鲁班', 'char')).toEqual([{ start: 1, end: 3 }]);
  });

  it('English: partial first and last tokens, case-folded, highlights only the matched part', () => {
    expect(concordanceHighlights('The ancient Silk Road.', 'ilk roa', 'word')).toEqual([{ start: 13, end: 20 }]);
    expect(concordanceHighlights('The ancient Silk Road.', 'road', 'word')).toEqual([{ start: 17, end: 21 }]);
    expect(concordanceHighlights('Central Asian countries', 'asia', 'word')).toEqual([{ start: 8, end: 12 }]);
  });

  it('English: an interior token must be whole', () => {
    expect(concordanceHighlights('the Silk Road', 'the Sil Road', 'word')).toEqual([]);
  });

  it('numbers: a query number may be the end or start of a longer one at the edges', () => {
    expect(concordanceHighlights('2,100多年前', '100多年', 'char')).toEqual([{ start: 2, end: 7 }]);
    expect(concordanceHighlights('More than 2,100 years', '2,1', 'word')).toEqual([{ start: 10, end: 13 }]);
  });
});

describe('concordanceUnits: the index finds exactly what a scan finds', () => {
  const material = loadSeedMaterial();
  const units = [...syntheticUnits(material, 2500, 31)].map((u, i) => ({ ...u, id: i + 1, memory: 'm' }));
  units.push({ id: units.length + 1, memory: 'm', sourceLang: 'zh-TW', targetLang: 'en-US', source: '中國同中亞國家，2,100年。', target: 'China and Central Asia, 2,100 years.' });
  // Commas only inside numbers: the index key has no comma symbol for them.
  units.push({ id: units.length + 1, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: '贸易额达到3,000亿元。', target: 'Trade reached 300 billion yuan.' });
  units.push({ id: units.length + 1, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: '增长1,5倍', target: 'Grew 1.5 times' });
  const ix = new NgramIndex();
  for (const u of units) ix.upsert(u);
  const part = ix.partitionFor('m', 'zh-CN', 'en');

  const folded = { source: units.map((u) => concordanceTexts(u.source, 'char')), target: units.map((u) => concordanceTexts(u.target, 'word')) };
  /** Brute force: fold every unit once, test every unit. */
  const scan = (side: ConcordanceSide, q: string) => {
    const mode = side === 'source' ? 'char' : 'word';
    const qt = concordanceTexts(q, mode);
    return units.filter((_, i) => containsTexts(folded[side][i] as string[], qt, mode)).map((u) => u.id);
  };

  it('on 1,500 random queries over sources and targets', () => {
    const rnd = prng(3);
    for (let t = 0; t < 1500; t++) {
      const u = units[Math.floor(rnd() * units.length)] as (typeof units)[number];
      const side: ConcordanceSide = rnd() < 0.5 ? 'source' : 'target';
      const cps = [...(side === 'source' ? u.source : u.target)];
      const len = 1 + Math.floor(rnd() * (side === 'source' ? 6 : 14));
      const at = Math.floor(rnd() * Math.max(1, cps.length - len));
      let q = cps.slice(at, at + len).join('');
      if (side === 'source' && rnd() < 0.2) q = toTraditional(q, 'tw');
      if (side === 'source' && rnd() < 0.1) q = q.replace(/\d/g, (d) => String.fromCodePoint(0xff10 + Number(d)));
      if (!q.trim()) continue;
      expect(concordanceUnits(ix, part, side, q), `${side} ${JSON.stringify(q)}`).toEqual(scan(side, q));
    }
  }, 120_000);

  it('agrees with the highlighter on which units contain a query', () => {
    for (const q of ['中亚', '中國同中亞', '，', '2']) {
      expect(scan('source', q)).toEqual(units.filter((u) => concordanceHighlights(u.source, q, 'char').length > 0).map((u) => u.id));
    }
  });

  it('on edge cases: a lone comma, a lone digit, a full stop, a word inside words, an unknown word', () => {
    for (const [side, q] of [['source', '，'], ['source', ','], ['source', '3,'], ['source', ',0'], ['source', '1,5倍'], ['source', '2'], ['source', '。'], ['source', '0年'], ['target', 'a'], ['target', ','],
      ['target', '2,1'], ['target', 'zzzqqq'], ['target', 'and the'], ['source', '中國同']] as [ConcordanceSide, string][]) {
      expect(concordanceUnits(ix, part, side, q), `${side} ${q}`).toEqual(scan(side, q));
    }
  });

  it('forgets removed units', () => {
    const ix2 = new NgramIndex();
    ix2.upsert({ id: 7, memory: 'm', sourceLang: 'zh-CN', targetLang: 'en', source: '鲁班工坊。', target: 'Luban Workshop.' });
    const p = ix2.partitionFor('m', 'zh-CN', 'en');
    expect(concordanceUnits(ix2, p, 'source', '魯班')).toEqual([7]);
    ix2.remove(7);
    expect(concordanceUnits(ix2, p, 'source', '魯班')).toEqual([]);
  });

  it('a page over several memories: the total, and the lowest ids of all of them in order', () => {
    const ix3 = new NgramIndex();
    // Ids interleaved across two memories and written in no order, so neither slot nor memory order is id order.
    const ids = [40, 3, 17, 8, 29, 1, 33, 12, 25, 6];
    ids.forEach((id, i) => ix3.upsert({ id, memory: i % 2 ? 'a' : 'b', sourceLang: 'zh-CN', targetLang: 'en', source: `${'中亚'.repeat(1 + (i % 3))}合作${id}。`, target: 'x' }));
    ix3.upsert({ id: 2, memory: 'a', sourceLang: 'zh-CN', targetLang: 'en', source: '鲁班工坊。', target: 'x' });
    const seeker = new TmSeeker(ix3);
    const both = new Set(['a', 'b']);
    expect(seeker.concordancePage(both, 'source', '中亞', 4)).toEqual({ total: 10, ids: [1, 3, 6, 8] });
    expect(seeker.concordancePage(both, 'source', '中亚', 20)).toEqual({ total: 10, ids: [...ids].sort((x, y) => x - y) });
    expect(seeker.concordancePage(new Set(['a']), 'source', '中亚', 3)).toEqual({ total: 5, ids: [1, 3, 6] }); // memory a: 3, 8, 1, 12, 6
    expect(seeker.concordance(both, 'source', '中亚')).toEqual([...ids].sort((x, y) => x - y));
    expect(seeker.concordancePage(both, 'source', '丝路', 5)).toEqual({ total: 0, ids: [] });
    // The one-bigram query is counted from its posting list: a unit listed twice counts once, a removed one not at all.
    ix3.remove(1);
    ix3.remove(17);
    expect(seeker.concordancePage(both, 'source', '中亚', 3)).toEqual({ total: 8, ids: [3, 6, 8] });
    expect(seeker.concordancePage(both, 'source', '中亚合', 20)).toEqual({ total: 8, ids: [3, 6, 8, 12, 25, 29, 33, 40] });
  });
});

describe('concordanceUnits on an English-source memory (words, with numbers as one token)', () => {
  const material = loadSeedMaterial();
  const rnd = prng(17);
  const units = material.sentences.flatMap((s, i) => [
    { id: 2 * i + 1, memory: 'm', sourceLang: 'en', targetLang: 'zh-CN', source: s.target, target: s.source },
    { id: 2 * i + 2, memory: 'm', sourceLang: 'en', targetLang: 'zh-CN', source: `${s.target} In ${1000 + Math.floor(rnd() * 2000)},${100 + i} years.`, target: s.source },
  ]);
  const ix = new NgramIndex();
  for (const u of units) ix.stage(u);
  ix.seal();
  const part = ix.partitionFor('m', 'en', 'zh-CN');
  const folded = units.map((u) => concordanceTexts(u.source, 'word'));
  const scan = (q: string) => {
    const qt = concordanceTexts(q, 'word');
    return units.filter((_, i) => containsTexts(folded[i] as string[], qt, 'word')).map((u) => u.id);
  };

  it('on 800 random spans of words, cut inside their first and last words', () => {
    for (let t = 0; t < 800; t++) {
      const words = (units[Math.floor(rnd() * units.length)] as (typeof units)[number]).source.split(/\s+/);
      const n = 1 + Math.floor(rnd() * 4);
      const at = Math.floor(rnd() * Math.max(1, words.length - n));
      let q = words.slice(at, at + n).join(' ');
      if (rnd() < 0.5) q = q.slice(Math.floor(rnd() * 3));
      if (rnd() < 0.5) q = q.slice(0, q.length - Math.floor(rnd() * 3));
      if (!q.trim()) continue;
      expect(concordanceUnits(ix, part, 'source', q), JSON.stringify(q)).toEqual(scan(q));
    }
  });

  it('on number edges and interiors: "In 1", ",1", "00 years", "2,1"', () => {
    for (const q of ['In 1', ',1', '00 years', '2,1', 'in 1500,', 'years.']) expect(concordanceUnits(ix, part, 'source', q), q).toEqual(scan(q));
  });
});
