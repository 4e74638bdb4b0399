import { readFileSync } from 'node:fs';
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

describe('concepts added in review (issue 14 §3), each recognised in its seed sentence', () => {
  const SEEDS = new URL('../../../memory/speeches/', import.meta.url);
  const seedText = (file: string): string => readFileSync(new URL(file, SEEDS), 'utf8').replace(/\r?\n/gu, '');
  const ids = (text: string): string[] => recognizer.recognize(text, zh, [FIXTURE_GLOSSARY]).map((h) => h.entryId);

  it.each([
    ['cn-ca-spirit-formula', '互尊、互信、互利、互助，以高质量发展推进共同现代化——习近平主席总结了中国同中亚国家在长期实践中探索形成的“中国—中亚精神”'],
    ['three-cooperation-centers', '建立减贫、教育交流、荒漠化防治三大合作中心'],
    ['cn-ca-unimpeded-trade-platform', '建立减贫、教育交流、荒漠化防治三大合作中心和贸易畅通合作平台'],
    ['xian-vision', '共同擘画中国中亚合作的“西安愿景”'],
    ['four-beams-eight-pillars', '中国—中亚机制四梁八柱基本成型'],
    ['no-winners-in-trade-wars', '各方一致反对，关税战、贸易战没有赢家，单边主义、保护主义没有出路'],
    ['benefit-present-and-future-generations', '这是六国关系史上新的里程碑，也是中国周边外交的创举，功在当代、利在千秋'],
    ['together-for-a-shared-future', '携手共命运 一起向未来'],
    ['together-for-a-shared-future', '所以我们提出了“一起向未来”的北京冬奥会口号'],
    ['joint-statement-30th-anniversary', '通过并发表《中国同中亚五国领导人关于建交 30 周年的联合声明》'],
    ['five-point-proposal', '为此,我愿提出 5 点建议。'],
    ['cn-ca-summit-mechanism', '做大做强中国—中亚峰会机制'],
    ['bridge-to-the-future-camp', '我们还要举办中国—中亚青年艺术节、“未来之桥”中国—中亚青年领导人研修交流营等丰富多彩的活动。'],
    ['china-tajikistan-uzbekistan-highway', '提升中吉乌、中塔乌公路通行能力'],
    ['cre-consolidation-center', '加强中欧班列集结中心建设'],
    ['angren-pap-railway-tunnel', '被称作“中亚第一长隧”的乌兹别克斯坦安格连—帕普铁路隧道彻底改变了上千万人的出行方式'],
    ['green-minerals', '要聚焦贸易畅通、产业投资、互联互通、绿色矿产、农业现代化、人员往来等'],
    ['whole-energy-industrial-chain-cooperation', '扩大能源全产业链合作,促进能源低碳转型'],
    ['universally-recognized-norms-of-international-law', '坚定维护多边主义以及公认的国际法和国际关系准则'],
    ['bri-green-development-partnership', '积极落实“一带一路”绿色发展伙伴关系'],
    ['amity-between-peoples-key-to-state-relations', '王毅说，国之交在于民相亲。'],
    ['xian-summit', '从西安峰会的硕果累累到阿斯塔纳峰会的成功举办'],
    ['astana-summit', '从西安峰会的硕果累累到阿斯塔纳峰会的成功举办'],
    ['permanent-secretariat', '在中国设立常驻秘书处'],
    ['cn-ca-oil-and-gas-pipelines', '我们要确保中国—中亚油气管道稳定运营'],
    ['early-harvest', '力争尽快实现早期收获'],
    ['high-standard-opening-up', '中国将以高质量发展和高水平开放为包括中亚国家在内的世界各国带来更多发展机遇'],
    ['livelihood-projects', '用于各国民生项目建设'],
    ['republic-of-kazakhstan', '《中华人民共和国同哈萨克斯坦共和国、吉尔吉斯共和国、塔吉克斯坦共和国、土库曼斯坦、乌兹别克斯坦共和国永久睦邻友好合作条约》'],
    ['kyrgyz-republic', '《中华人民共和国同哈萨克斯坦共和国、吉尔吉斯共和国、塔吉克斯坦共和国、土库曼斯坦、乌兹别克斯坦共和国永久睦邻友好合作条约》'],
    ['xinjiang', '新疆霍尔果斯海关关长毛荣刚说'],
    ['ningxia', '此次在中国中亚合作框架内建立的荒漠化防治合作中心落户宁夏'],
    ['almaty', '哈中（阿拉木图）商贸物流公司经理丁穆罕默德·科纳克巴耶夫说'],
  ])('%s in %s', (id, sentence) => {
    expect(ids(sentence)).toContain(id);
    expect(seedText('000_40e660239a1a5984.txt') + seedText('001_6b220abc01d5b796.txt') + seedText('002_ff653c6785898c9e.txt')
      + seedText('003_0a565606c369db33.txt') + seedText('004_063d4d8102645fc2.txt')).toContain(sentence);
  });

  it('中吉乌、中塔乌公路 names both highways: the elided 中吉乌 does not hide the first', () => {
    expect(hits('提升中吉乌、中塔乌公路通行能力')).toEqual([['中吉乌', [2, 5], '中吉乌'], ['中塔乌公路', [6, 11], '中塔乌公路']]);
    expect(ids('提升中吉乌、中塔乌公路通行能力')).toEqual(['china-kyrgyzstan-uzbekistan-highway', 'china-tajikistan-uzbekistan-highway']);
    expect(ids('推进中吉乌铁路项目对接磋商')).toEqual(['china-kyrgyzstan-uzbekistan-railway']);
  });

  it('the platform for unimpeded trade is recognised at all six mentions of seed 003, and Horgos in its three', () => {
    const found = recognizer.recognize(seedText('003_0a565606c369db33.txt'), zh, [FIXTURE_GLOSSARY]);
    expect(found.filter((h) => h.entryId === 'cn-ca-unimpeded-trade-platform')).toHaveLength(6);
    expect(found.filter((h) => h.entryId === 'horgos' || h.entryId === 'khorgos-port').map((h) => h.text)).toEqual(['霍尔果斯', '霍尔果斯口岸']);
  });

  it('an English deprecated rendering the review names is recognised, with its status', () => {
    expect(recognizer.recognize('the Zhongji-Wuhan Highway and the China-Europe Liner', en, [FIXTURE_GLOSSARY]).map((h) => [h.entryId, h.status])).toEqual([
      ['china-kyrgyzstan-uzbekistan-highway', 'deprecated'], ['china-europe-railway-express', 'deprecated'],
    ]);
    expect(recognizer.recognize('инициатива «Один пояс, один путь»', ru, [FIXTURE_GLOSSARY]).map((h) => [h.entryId, h.term, h.status])).toEqual([
      ['belt-and-road-initiative', 'Один пояс, один путь', 'deprecated'],
    ]);
  });
});
