/**
 * Newspaper pages (issue 14 §4): every case the review found, pinned with the real line from the
 * seed, and the articles of each page as sections.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Segment } from '../../../src/domain/text/segment.js';
import { segmentChinese } from '../../../src/domain/text/segment-zh.js';
import { sectionsOf } from '../../../src/domain/text/sections.js';

const SEEDS = new URL('../../../memory/speeches/', import.meta.url);
const seed = (file: string): Segment[] => segmentChinese(readFileSync(new URL(file, SEEDS), 'utf8'));
const s000 = seed('000_40e660239a1a5984.txt');
const s001 = seed('001_6b220abc01d5b796.txt');
const s002 = seed('002_ff653c6785898c9e.txt');
const s003 = seed('003_0a565606c369db33.txt');
const s004 = seed('004_063d4d8102645fc2.txt');

const texts = (segs: Segment[]): string[] => segs.map((s) => s.text);
const containing = (segs: Segment[], part: string): string[] => texts(segs).filter((t) => t.includes(part));
const sectionOf = (segs: Segment[], text: string): number | undefined => segs.find((s) => s.text === text)?.section;
const titles = (segs: Segment[]): (string | null)[] => sectionsOf(segs).map((s) => s.title);

describe('no join across a column or page break when the two sides are not one sentence', () => {
  it('seed 002: 会晤和 | （上接A01版②）扩大人员往来 — the marker starts another article; 会晤和 goes on with 对话机制', () => {
    expect(containing(s002, '会晤和扩大')).toEqual([]);
    expect(containing(s002, '政党等领域会晤和')).toEqual([
      '中方还倡议成立产业与投资、农业、交通、应急管理、教育、政党等领域会晤和对话机制，为各国开展全方位互利合作搭建广泛平台。',
      '中方倡议成立产业与投资、农业、交通、应急管理、教育、政党等领域会晤和对话机制，为各国开展全方位互利合作搭建广泛平台。',
    ]);
    expect(texts(s002)).toContain('扩大人员往来，鼓励青年交流，共同实施“文化丝路”计划。');
  });

  it('seed 002: （上接A01版④）…以学 | 对话机制 — the piece that breaks off stays a fragment', () => {
    expect(containing(s002, '以学对话')).toEqual([]);
    expect(containing(s002, '以学铸魂')).toEqual(['关键在于落实，必须坚持理论联系实际，真正把学习成果转化好、做好各项工作的强大动力，坚持学思想、强党性、重实践、建新功，努力在以学铸魂、以学']);
  });

  it('seed 003: …机制活动的组 | “在充满不确定的世界中 — a new quotation cannot open inside an open one', () => {
    expect(containing(s003, '活动的组“')).toEqual([]);
    expect(texts(s003)).toContain('“在充满不确定的世界中，中国—中亚机制的战略意义更加突出，中国的繁荣强大正在惠及周边国家。”');
  });

  it('seed 003: …携手走上发展 | 织与开展。” — the closing quote takes the line back to 组', () => {
    expect(containing(s003, '发展织与开展')).toEqual([]);
    expect(texts(s003)).toContain('聆听习近平主席讲话后，乌兹别克斯坦总统米尔济约耶夫在峰会上发表致辞时说，“乌兹别克斯坦愿积极参与这些机制活动的组织与开展。”');
    expect(texts(s003)).toContain('亲仁善邻、讲信修睦的大国睦邻之道，推动中国和周边国家携手走上发展振兴之路、和合共生之路，树立相互尊重、公平正义、合作共赢的新型国际关系典范，为人类文明发展进步带来深刻启迪。');
    expect(containing(s003, '阿克尔别克·奇梅罗夫说')).toEqual(['吉尔吉斯斯坦鲁班工坊负责人阿克尔别克·奇梅罗夫说，“习近平主席在讲话中面向中亚国家宣布更多合作项目，这不仅将为中亚国家更多人接受优质教育和培训提供新机遇，也将进一步巩固中亚国家与中国的友谊。”']);
  });
});

describe('quotations stay with their attribution', () => {
  it('seed 003: each quoted couplet is one unit', () => {
    expect(containing(s003, '中哈')).toEqual(expect.arrayContaining([
      '“中哈历来是近邻，山水相连像近亲。一起完成千年梦，合作之花开满春。”',
      '“中哈友谊心连心，丝绸之路永光明。你帮我我来我帮你，和平幸福不停停。”',
    ]));
    expect(texts(s003)).not.toContain('一起完成千年梦，合作之花开满春。”');
  });

  it('seed 004: “我刚从国际奥委会总部回来。…”…亲切交流时说。 is one sentence', () => {
    expect(containing(s004, '国际奥委会总部')).toEqual([
      '“我刚从国际奥委会总部回来。在那里,我跟巴赫主席就主聊冬奥会。”2017 年,在张家口市崇礼区云顶滑雪场,习近平总书记同正在集训的国家滑雪队队员亲切交流时说。',
    ]);
  });

  it('a quotation followed by a sentence that is not its attribution is split as before (seed 003)', () => {
    const at = texts(s003).indexOf('“这些举措对每个参与国都至关重要，相信我们在未来能迅速取得重大进展。”');
    expect(texts(s003)[at + 1]).toBe('塔吉克斯坦外长西罗吉金·穆赫里丁告诉记者，第二届中国—中亚峰会作为“具有历史意义的事件”，为这一历经时间检验的地区伙伴关系开启新篇章。');
  });
});

describe('fragments, captions, datelines and headings', () => {
  it('seed 000: the orphaned 园。 is no unit; 中方欢迎… opens the continued report as a section of its own', () => {
    expect(texts(s000).filter((t) => t.startsWith('园'))).toEqual([]);
    const report = s000.filter((s) => s.text.startsWith('中方欢迎中亚国家参与可持续发展技术'));
    expect(report).toHaveLength(2);
    const section = sectionsOf(s000).find((x) => x.index === report[1]?.section);
    expect(section).toMatchObject({ title: null, start: s000.indexOf(report[1] as Segment) });
  });

  it('seed 001: the four captions at the foot of the column are four headings, not one glued unit', () => {
    expect(s001.slice(-4).map((s) => [s.text, s.kind])).toEqual([
      ['习近平主持首届中国—中亚峰会并发表主旨讲话：', 'heading'],
      ['以西安峰会为契机，展现凝聚力创造力行动力，共同推动中国—中亚关系行稳致远', 'heading'],
      ['“长安复携手，再顾重千金”', 'heading'],
      ['同中亚五国元首签署《中国—中亚峰会西安宣言》、通过《中国—中亚峰会成果清单》，还共同会见记者、共同种下六棵石榴树', 'heading'],
    ]);
  });

  it('seed 000: dateline and byline are one unit, the lead sentence another', () => {
    const at = texts(s000).indexOf('新华社北京5月19日电（记者张辛欣）');
    expect(s000[at]?.kind).toBe('heading');
    expect(s000[at + 1]).toMatchObject({ kind: 'sentence', text: '工信部副部长徐晓兰19日在工信部举行的政策吹风会上表示，根据工信部调查和大数据监测显示，3月，中小企业采购、销售指数连续2个月回升。' });
    expect(texts(s002)).toContain('本报讯（记者韦冰）');
    expect(texts(s004)).toContain('1 月 25 日,习近平主席主持中国同中亚五国建交 30 周年视频峰会,发表题为《携手共命运 一起向未来》的重要讲话。');
  });

  it('the subtitle, date and byline of the 2023 keynote are segmented alike in seed 000 (one line) and seed 002 (three)', () => {
    const block = ['——在中国—中亚峰会上的主旨讲话', '(2023年5月19日)', '中华人民共和国主席 习近平'];
    expect(texts(s000).slice(1, 4)).toEqual(block);
    expect(texts(s002).slice(1, 4)).toEqual(block);
  });
});

describe('articles on a page are sections', () => {
  it('seed 000: the keynote, four unrelated articles, and the two continued pieces', () => {
    expect(titles(s000)).toEqual([
      '携手建设守望相助、共同发展、普遍安全、世代友好的中国—中亚命运共同体',
      '习近平向第32届阿拉伯国家联盟首脑理事会会议致贺信 续写中阿友谊新篇章',
      '俄罗斯总理米舒斯京将访华',
      '工信部调查监测显示 中小企业生产经营保持恢复态势',
      '各地举行中国旅游日活动 寻找属于自己的诗和远方',
      '携手建设守望相助共同发展普遍安全世代友好的中国—中亚命运共同体',
      null,
    ]);
    expect(sectionOf(s000, '(新华社西安5月19日电)')).toBe(0);
    expect(sectionOf(s000, '新华社北京5月19日电（记者张辛欣）')).toBe(3);
  });

  it('seed 002: a rubric goes with the headline after it; each 上接 piece is a section; the report reads whole', () => {
    expect(titles(s002)).toEqual([
      '携手建设守望相助、共同发展、普遍安全、世代友好的中国—中亚命运共同体', '市领导检查防汛备汛并开展巡河工作',
      '全市组织部长会议暨重点任务推进会召开', '第十一期“焦作人大学堂”开讲', null, null, null, null, null,
      '2023年土壤、地下水和农业农村环境保护工作现场推进会召开',
    ]);
    expect(sectionOf(s002, '政务要闻')).toBe(1);
    const report = sectionOf(s002, '在涉及主权、独立、民族尊严、长远发展等核心利益问题上，始终给予彼此明确、有力支持，携手建设一个守望相助、团结互信的共同体。');
    expect(sectionOf(s002, '蔡奇、王毅、秦刚等参加上述活动。')).toBe(report);
    expect(sectionOf(s002, '扩大人员往来，鼓励青年交流，共同实施“文化丝路”计划。')).toBe((report ?? 0) + 1);
  });

  it('seed 003: the two reports of the Astana summit, the rest of the first one, and the piece from page 1', () => {
    expect(titles(s003)).toEqual(['汇聚共进力量 托举共同繁荣', '合作之路越走越宽广 友谊之花越开越灿烂——习近平主席重要讲话为中国中亚携手前行擘画蓝图', null, null]);
    expect(sectionOf(s003, '“树立国家和地区间关系发展典范”')).toBe(1);
    expect(sectionOf(s003, '新华社阿斯塔纳6月18日电')).toBe(2);
    expect(sectionOf(s003, '三、相知相亲，坚持永久睦邻友好')).toBe(3);
  });

  it('seed 001 and seed 004: closing credits stay with their article; sub-heads do not start one', () => {
    expect(titles(s001)).toEqual(['建设中国—中亚命运共同体“四个坚持”', '据新华社西安5月19日电（记者 杨一苗 曹嘉玥）', '习近平主持首届中国—中亚峰会并发表主旨讲话：']);
    expect(titles(s004)).toEqual(['携手共命运 一起向未来', '习近平同巴赫交往的三个故事', '赓续传统友谊 共谱美好明天']);
    expect([sectionOf(s004, '信任的故事'), sectionOf(s004, '主笔:黄明、林德初'), sectionOf(s004, '新华社内部、体育部联合制作')]).toEqual([1, 1, 1]);
  });

  it('segments come grouped by section, and every segment has one', () => {
    for (const segs of [s000, s001, s002, s003, s004]) {
      const order = segs.map((s) => s.section);
      expect(order.every((x) => x !== undefined)).toBe(true);
      expect(order).toEqual([...order].sort((a, b) => (a ?? 0) - (b ?? 0)));
    }
  });

  it('segment counts of the five seeds (722 before sections: 138, 98, 145, 175, 166)', () => {
    expect([s000, s001, s002, s003, s004].map((s) => s.length)).toEqual([143, 103, 150, 173, 165]);
  });
});

describe('page rules on small inputs', () => {
  it('a 上接 piece cutting an open sentence does not join it; the text after the piece, when it breaks off, does', () => {
    const page = '甲方表示，双方将加强\n\n（上接A01版②）乙文第二段说，我们要\n\n合作。';
    expect(segmentChinese(page).map((s) => [s.text, s.section])).toEqual([['甲方表示，双方将加强合作。', 0], ['乙文第二段说，我们要', 1]]);
    const whole = '甲方表示，双方将加强\n\n（上接A01版②）乙文结束。\n\n丙文开始。';
    expect(segmentChinese(whole).map((s) => [s.text, s.section])).toEqual([['甲方表示，双方将加强', 0], ['乙文结束。', 1], ['丙文开始。', 1]]);
  });

  it('a 下转 jump followed by its 上接 continuation is one sentence', () => {
    expect(texts(segmentChinese('中方愿同各方一道，（下转第二版）\n\n(上接第一版)推动合作。'))).toEqual(['中方愿同各方一道，推动合作。']);
  });

  it('a line that closes a quotation goes back to the paragraph holding it open', () => {
    const page = '他说，“我们愿\n\n另一篇文章的结尾。\n\n继续合作。”';
    expect(segmentChinese(page).map((s) => [s.text, s.section])).toEqual([['他说，“我们愿继续合作。”', 0], ['另一篇文章的结尾。', 1]]);
    const opening = '他说，“我们愿\n\n“另一句引语。”\n\n继续合作。”';
    expect(texts(segmentChinese(opening))[0]).toBe('他说，“我们愿继续合作。”');
  });
});
