import { describe, expect, it } from 'vitest';
import { TermRecognizer } from '../../../src/domain/termbase/recognizer.js';
import { canonicalizeLanguageTag } from '../../../src/domain/text/language-tag.js';
import { FIXTURE_GLOSSARY, entry, glossaryEntries } from './glossary-fixture.js';

const recognizer = new TermRecognizer(glossaryEntries());
const zh = canonicalizeLanguageTag('zh-CN');
const en = canonicalizeLanguageTag('en');
const ru = canonicalizeLanguageTag('ru');

/** (entry term, [start, end], text as sent) of every hit. */
function hits(text: string, lang = zh, r = recognizer): [string, [number, number], string][] {
  return r.recognize(text, lang, [FIXTURE_GLOSSARY]).map((h) => [h.term, [h.start, h.end], h.text]);
}

describe('Chinese recognition on seed sentences', () => {
  it('finds every term of a keynote sentence (seed 000)', () => {
    expect(hits('欢迎大家来到西安，出席中国—中亚峰会，共商中国同中亚五国合作大计。')).toEqual([
      ['西安', [6, 8], '西安'], ['中国—中亚峰会', [11, 18], '中国—中亚峰会'], ['中亚五国', [24, 28], '中亚五国'],
    ]);
    expect(hits('横跨天山的中吉乌公路，征服帕米尔高原的中塔公路，穿越茫茫大漠的中哈原油管道、中国—中亚天然气管道，就是当代的“丝路”；日夜兼程的中欧班列')).toEqual([
      ['天山', [2, 4], '天山'], ['中吉乌公路', [5, 10], '中吉乌公路'], ['帕米尔高原', [13, 18], '帕米尔高原'], ['中塔公路', [19, 23], '中塔公路'],
      ['中哈原油管道', [31, 37], '中哈原油管道'], ['中国—中亚天然气管道', [38, 48], '中国—中亚天然气管道'], ['中欧班列', [64, 68], '中欧班列'],
    ]);
  });

  it('resolves overlaps leftmost-longest: 中国—中亚命运共同体 beats the 命运共同体 inside it', () => {
    expect(hits('共同宣布建设中国—中亚命运共同体')).toEqual([['中国—中亚命运共同体', [6, 16], '中国—中亚命运共同体']]);
    expect(hits('中国—中亚命运共同体，构建人类命运共同体')).toEqual([
      ['中国—中亚命运共同体', [0, 10], '中国—中亚命运共同体'], ['人类命运共同体', [13, 20], '人类命运共同体'],
    ]);
    expect(hits('提出共建“丝绸之路经济带”倡议')).toEqual([['丝绸之路经济带', [5, 12], '丝绸之路经济带']]);
  });

  it('finds the spaced, full-width and Traditional forms of a term, with offsets into the text as sent', () => {
    expect(hits('加快中国—中亚天然气管道 D 线建设')).toEqual([['中国—中亚天然气管道D线', [2, 16], '中国—中亚天然气管道 D 线']]);
    expect(hits('中国—中亚天然气管道Ｄ线')).toEqual([['中国—中亚天然气管道D线', [0, 12], '中国—中亚天然气管道Ｄ线']]);
    expect(hits('在中亞國家設立更多魯班工坊')).toEqual([['中亚国家', [1, 5], '中亞國家'], ['鲁班工坊', [9, 13], '魯班工坊']]);
  });

  it('ignores decorative quotes in terms and text, and keeps a quoted term\'s own quotes in its span', () => {
    expect(hits('推动共建“一带一路”高质量发展')).toEqual([['共建“一带一路”', [2, 10], '共建“一带一路”'], ['高质量发展', [10, 15], '高质量发展']]);
    expect(hits('推动共建一带一路')).toEqual([['共建“一带一路”', [2, 8], '共建一带一路']]);
    expect(hits('“一带一路”倡议')).toEqual([['一带一路', [1, 5], '一带一路']]);
  });

  it('counts code points, so an astral character before or inside a term counts once', () => {
    expect(hits('𠀀𠀁中亚')).toEqual([['中亚', [2, 4], '中亚']]);
    const r = new TermRecognizer([entry('yoshinoya', { 'zh-CN': [{ term: '𠮷野家', status: 'preferred' }], en: [{ term: 'Yoshinoya', status: 'preferred' }] })]);
    expect(hits('去𠮷野家吃饭', zh, r)).toEqual([['𠮷野家', [1, 4], '𠮷野家']]);
  });

  it('keeps offsets right in long texts (folded in pieces), also for a term across a piece boundary', () => {
    const text = `${'的'.repeat(511)}鲁班工坊\r\n${'的'.repeat(2000)}魯班工坊`;
    expect(hits(text)).toEqual([['鲁班工坊', [511, 515], '鲁班工坊'], ['鲁班工坊', [2517, 2521], '魯班工坊']]);
  });

  it('reports each hit\'s own status and the other languages, preferred first', () => {
    expect(recognizer.recognize('中国-中亚峰会', zh, [FIXTURE_GLOSSARY])[0]).toMatchObject({ entryId: 'china-central-asia-summit', term: '中国-中亚峰会', status: 'admitted' });
    expect(recognizer.recognize('合力构建命运共同体', zh, [FIXTURE_GLOSSARY])).toEqual([{
      glossary: FIXTURE_GLOSSARY, entryId: 'community-shared-future', text: '命运共同体', start: 4, end: 9, term: '命运共同体', status: 'preferred',
      translations: {
        en: [
          { term: 'community with a shared future', status: 'preferred' }, { term: 'community of common destiny', status: 'deprecated' },
          { term: 'community of shared destiny', status: 'deprecated' }, { term: 'community of shared future', status: 'deprecated' },
        ],
        ru: [{ term: 'сообщество единой судьбы', status: 'preferred' }, { term: 'сообщество с общим будущим', status: 'admitted' }],
      },
    }]);
  });

  it('recognises Chinese in any zh-* tag', () => {
    expect(hits('魯班工坊', canonicalizeLanguageTag('zh-Hant-TW'))).toEqual([['鲁班工坊', [0, 4], '魯班工坊']]);
  });
});

describe('English and Russian recognition', () => {
  it('is case-insensitive, on word boundaries, with hyphen and dashes equivalent', () => {
    expect(hits('The China–Central Asia community with a shared future and One Belt, One Road; OBOR. Nur — Sultan', en)).toEqual([
      ['China-Central Asia community with a shared future', [4, 53], 'China–Central Asia community with a shared future'],
      ['One Belt, One Road', [58, 76], 'One Belt, One Road'], ['OBOR', [78, 82], 'OBOR'], ['Nur-Sultan', [84, 96], 'Nur — Sultan'],
    ]);
    expect(hits('BRICS and BRIs are not the BRI.', en)).toEqual([['BRI', [27, 30], 'BRI']]);
    expect(hits('the belt  and\n road initiative', en)).toEqual([['Belt and Road Initiative', [4, 30], 'belt  and\n road initiative']]);
  });

  it('matches Russian without \\b: Cyrillic word boundaries, ё = е, any double quotes', () => {
    expect(hits('Саммит "Китай-Центральная Азия" и сообщество единой судьбы, Шелковый путь', ru)).toEqual([
      ['саммит «Китай — Центральная Азия»', [0, 30], 'Саммит "Китай-Центральная Азия'],
      ['сообщество единой судьбы', [34, 58], 'сообщество единой судьбы'],
      ['Шёлковый путь', [60, 73], 'Шелковый путь'],
    ]);
    expect(hits('путьевой обходчик', ru)).toEqual([]);
  });
});
