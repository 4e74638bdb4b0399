import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { codePointLength } from '../../../src/domain/text/normalize.js';
import { simplifyCodePoint, toSimplified, toTraditional } from '../../../src/domain/text/script.js';
import { codePointTexts, held } from '../../helpers/heap.js';

const SEEDS = new URL('../../../memory/speeches/', import.meta.url);
const seedLines = readdirSync(SEEDS)
  .filter((f) => f.endsWith('.txt'))
  .flatMap((f) => readFileSync(new URL(f, SEEDS), 'utf8').split('\n'))
  .filter((l) => l.trim() !== '');

describe('toSimplified', () => {
  it('魯班工坊 -> 鲁班工坊', () => {
    expect(toSimplified('魯班工坊')).toBe('鲁班工坊');
  });

  it('folds Taiwan and Hong Kong forms to the same key', () => {
    expect(toSimplified('中國—中亞命運共同體')).toBe('中国—中亚命运共同体');
    expect(toSimplified(toTraditional('携手建设中国—中亚命运共同体', 'hk'))).toBe('携手建设中国—中亚命运共同体');
    expect(toSimplified(toTraditional('携手建设中国—中亚命运共同体', 'tw'))).toBe('携手建设中国—中亚命运共同体');
  });

  it('leaves Simplified seed text unchanged (it is a fold, not a conversion of Simplified text)', () => {
    for (const line of seedLines) expect(toSimplified(line)).toBe(line);
  });

  it('is idempotent where the other order (tw->cn first) is not: 麼 and 么 both fold to 幺', () => {
    expect(toSimplified('麼')).toBe('幺');
    expect(toSimplified('么')).toBe('幺');
    expect(toSimplified(toSimplified('麼'))).toBe('幺');
  });

  it('phrase dictionaries still fold 什麼 and 什么 to 什么', () => {
    expect(toSimplified('什麼')).toBe('什么');
    expect(toSimplified('什么')).toBe('什么');
  });

  it('an Extension-A character becomes astral: code points kept, UTF-16 length grows (㗲 -> 𠵾)', () => {
    const out = toSimplified('㗲');
    expect(out).toBe('𠵾');
    expect(out.codePointAt(0)).toBe(0x20d7e);
    expect(codePointLength(out)).toBe(1);
    expect(out.length).toBe(2);
  });
});

describe('toTraditional', () => {
  it('converts to Taiwan and Hong Kong forms (鲁班工坊 -> 魯班工坊)', () => {
    expect(toTraditional('鲁班工坊', 'tw')).toBe('魯班工坊');
    expect(toTraditional('鲁班工坊', 'hk')).toBe('魯班工坊');
  });

  it('Taiwan and Hong Kong forms differ where the standards differ (说 -> 說 / 説, 着 -> 著 / 着)', () => {
    expect(toTraditional('习近平说，睡着了', 'tw')).toBe('習近平說，睡著了');
    expect(toTraditional('习近平说，睡着了', 'hk')).toBe('習近平説，睡着了');
    expect(toSimplified('習近平說，睡著了')).toBe('习近平说，睡着了');
    expect(toSimplified('習近平説，睡着了')).toBe('习近平说，睡着了');
  });

  it('an Extension-A character becomes astral (㓆 -> 𠗣, U+205E3)', () => {
    expect(toTraditional('㓆', 'tw')).toBe('𠗣');
    expect(toTraditional('㓆', 'hk')).toBe('𠗣');
  });
});

describe('length is kept in code points on every seed line', () => {
  it.each([
    ['toSimplified', toSimplified],
    ['toTraditional tw', (s: string) => toTraditional(s, 'tw')],
    ['toTraditional hk', (s: string) => toTraditional(s, 'hk')],
  ] as const)('%s', (_name, convert) => {
    expect(seedLines.length).toBeGreaterThan(400);
    for (const line of seedLines) expect(codePointLength(convert(line))).toBe(codePointLength(line));
  });

  it('and round-trips through Traditional keep each code point in place', () => {
    const line = seedLines.find((l) => l.includes('鲁班工坊')) ?? '';
    const traditional = Array.from(toTraditional(line, 'tw'));
    Array.from(line).forEach((ch, i) => {
      expect(toSimplified(traditional[i] ?? '')).toBe(toSimplified(ch));
    });
  });
});

describe('simplifyCodePoint', () => {
  it('folds one code point as toSimplified does, and remembers a bounded number of them: 300,000 distinct code points never hold 4 MB', async () => {
    expect(simplifyCodePoint('魯')).toBe('鲁');
    expect(simplifyCodePoint('鲁')).toBe('鲁');
    // Unassigned code points, each its own fold: a Map of all of them held 14.7 MB. Measured after
    // every chunk of a prime size, so that the most held is seen whatever the bound (a count that
    // the bound divides would end just after the map started again).
    const cps = codePointTexts(0x40000, 300_000, 1);
    const CHUNK = 29_989;
    let changed = 0;
    let most = 0;
    const before = await held();
    for (let at = 0; at < cps.length; at += CHUNK) {
      for (const cp of cps.slice(at, at + CHUNK)) if (simplifyCodePoint(cp) !== cp) changed++;
      most = Math.max(most, (await held()) - before);
    }
    expect(changed).toBe(0);
    expect(most).toBeLessThan(4_000_000);
    expect(simplifyCodePoint('魯')).toBe('鲁');
  });
});
