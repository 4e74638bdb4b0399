import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Segment } from '../../../src/domain/text/segment.js';
import { joinLines, segmentChinese, splitChineseSentences } from '../../../src/domain/text/segment-zh.js';

const SEEDS = new URL('../../../memory/speeches/', import.meta.url);
const FILES = {
  s000: '000_40e660239a1a5984.txt',
  s001: '001_6b220abc01d5b796.txt',
  s002: '002_ff653c6785898c9e.txt',
  s003: '003_0a565606c369db33.txt',
  s004: '004_063d4d8102645fc2.txt',
} as const;
const read = (file: string): string => readFileSync(new URL(file, SEEDS), 'utf8');
const segmented = Object.fromEntries(
  Object.entries(FILES).map(([key, file]) => [key, segmentChinese(read(file))]),
) as Record<keyof typeof FILES, Segment[]>;

const texts = (segs: Segment[]): string[] => segs.map((s) => s.text);
const kindOf = (segs: Segment[], text: string): string | undefined => segs.find((s) => s.text === text)?.kind;
/** The segment right after the one whose text is `text`. */
const after = (segs: Segment[], text: string): string | undefined => segs[texts(segs).indexOf(text) + 1]?.text;

describe('every seed', () => {
  it.each(Object.entries(FILES))('%s: no segment is empty, multi-line, or holds a page marker', (key) => {
    const segs = segmented[key as keyof typeof FILES];
    expect(segs.length).toBeGreaterThan(60);
    for (const { text } of segs) {
      expect(text).not.toBe('');
      expect(text.trim()).toBe(text);
      expect(text).not.toMatch(/[\r\n]/u);
      expect(text).not.toContain('上接');
      expect(text).not.toContain('下转');
    }
  });
});

describe('speech portions match the segments the seed TM is written against', () => {
  const fixture = JSON.parse(
    readFileSync(new URL('../../fixtures/text/speech-segments.json', import.meta.url), 'utf8'),
  ) as Record<string, string[]>;
  const datelines: Record<string, string> = {
    [FILES.s000]: '(新华社西安5月19日电)',
    [FILES.s004]: '新华社北京 1 月 25 日电',
  };

  it.each(Object.entries(datelines))('%s, up to and including its dateline %s', (file, dateline) => {
    const lines = read(file).split('\n');
    const last = lines.findIndex((l) => l.trim() === dateline);
    expect(last).toBeGreaterThan(0);
    const speech = lines.slice(0, last + 1).join('\n');
    expect(texts(segmentChinese(speech))).toEqual(fixture[file]);
  });
});

describe('seed 000: Markdown headings, page marker, words broken over blank lines', () => {
  const segs = segmented.s000;

  it('# and ## lines are headings with the markup stripped', () => {
    expect(segs[0]).toEqual({ text: '携手建设守望相助、共同发展、普遍安全、世代友好的中国—中亚命运共同体', kind: 'heading', paragraph: 0, section: 0 });
    expect(kindOf(segs, '——在中国—中亚峰会上的主旨讲话')).toBe('heading');
    expect(kindOf(segs, '俄罗斯总理米舒斯京将访华')).toBe('heading');
  });

  it('a salutation ending in ： is a segment of its own', () => {
    expect(after(segs, '中华人民共和国主席 习近平')).toBe('尊敬的各位同事，女士们，先生们，朋友们：');
    expect(after(segs, '尊敬的各位同事，女士们，先生们，朋友们：')).toBe('欢迎大家来到西安，出席中国—中亚峰会，共商中国同中亚五国合作大计。');
  });

  it('密切人 + 员往来 join across the blank line, with no space', () => {
    expect(texts(segs)).toContain('我们要践行全球文明倡议，赓续传统友谊，密切人员往来，加强治国理政经验交流，深化文明互鉴，增进相互理解，筑牢中国同中亚国家人民世代友好的基石，携手建设一个相知相亲、同心同德的共同体。');
  });

  it('(上接第一版) is dropped and the paragraph after it starts cleanly', () => {
    expect(after(segs, '携手建设守望相助共同发展普遍安全世代友好的中国—中亚命运共同体')).toBe('我们将全面深化人文交流合作，积极开展体育、考古、旅游、医疗卫生等领域合作，办好中国同中亚国家人民文化艺术年暨中国—中亚青年艺术节活动，推进互设文化交流，扩大人员往来，鼓励青年交流，共同实施“文化丝路”计划。');
    expect(texts(segs)).toContain('中方愿继续向中亚国家青年学子提供政府奖学金名额，在中亚设立更多鲁班工坊、传统医学中心，帮助各国培养高素质人才。');
  });

  it('the dateline after 谢谢大家。 is a heading-like segment of its own', () => {
    expect(after(segs, '谢谢大家。')).toBe('(新华社西安5月19日电)');
    expect(kindOf(segs, '(新华社西安5月19日电)')).toBe('heading');
  });

  it('a mid-paragraph ： does not split; a …… run keeps its closing quote', () => {
    expect(after(segs, '俄罗斯总理米舒斯京将访华')).toBe('新华社北京5月19日电');
    expect(texts(segs)).toContain('外交部发言人汪文斌19日宣布：应国务院总理李强邀请，俄罗斯联邦政府总理米舒斯京将于5月23日至24日对中国进行正式访问。');
    expect(after(segs, '“永和九年，岁在癸丑……”')).toBe('同日，在绍兴兰亭景区游客服务中心，游客纷纷背诵《兰亭集序》。');
  });
});

describe('seed 001: a ~19-character newspaper column with a blank line after every line', () => {
  const segs = segmented.s001;

  it('the sentence wrapped over four column lines is exactly one segment', () => {
    const sentence = '一个充满活力、蒸蒸日上的中亚，将实现地区各国人民对美好生活的向往，也将为世界经济复苏发展注入强劲动力。';
    expect(texts(segs).filter((t) => t === sentence)).toHaveLength(1);
    expect(texts(segs).filter((t) => t.includes('蒸蒸日上'))).toEqual([sentence]);
  });

  it('the opening headline lines join; the indented 要闻 starts a heading of its own', () => {
    expect(segs.slice(0, 3)).toEqual([
      { text: '建设中国—中亚命运共同体“四个坚持”', kind: 'heading', paragraph: 0, section: 0 },
      { text: '发展中国同中亚国家合作“八点建议”', kind: 'heading', paragraph: 1, section: 0 },
      { text: '要闻', kind: 'heading', paragraph: 2, section: 0 },
    ]);
  });

  it('a dateline whose reporter names break over lines (unbalanced （) continues, then stands as its own unit', () => {
    expect(segs.slice(3, 5).map((s) => [s.text, s.kind])).toEqual([
      ['新华社西安5月19日电（记者 储国强刘华 许可）', 'heading'],
      ['5月19日上午，国家主席习近平在陕西省西安市主持首届中国—中亚峰会。', 'sentence'],
    ]);
    expect(after(segs, '据新华社西安5月19日电（记者 杨一苗 曹嘉玥）')).toBe('5月19日，中国—中亚峰会在西安国际会议中心成功举行，国家主席习近平同哈萨克斯坦总统托卡耶夫、吉尔吉斯斯坦总统扎帕罗夫、塔吉克斯坦总统拉赫蒙、土库曼斯坦总统别尔德穆哈梅多夫、乌兹别克斯坦总统米尔济约耶夫共同会见记者。');
  });

  it('full-width column lines without punctuation are mid-sentence, not headings', () => {
    expect(texts(segs)).toContain('习近平首先代表中国政府和中国人民对五国元首来到西安出席首届中国—中亚峰会表示热烈欢迎。');
    expect(segs.filter((s) => s.kind === 'heading').map((s) => s.text)).toEqual([
      '建设中国—中亚命运共同体“四个坚持”',
      '发展中国同中亚国家合作“八点建议”',
      '要闻',
      '新华社西安5月19日电（记者 储国强刘华 许可）',
      '据新华社西安5月19日电（记者 杨一苗 曹嘉玥）',
      '习近平主持首届中国—中亚峰会并发表主旨讲话：',
      '以西安峰会为契机，展现凝聚力创造力行动力，共同推动中国—中亚关系行稳致远',
      '“长安复携手，再顾重千金”',
      '同中亚五国元首签署《中国—中亚峰会西安宣言》、通过《中国—中亚峰会成果清单》，还共同会见记者、共同种下六棵石榴树',
    ]);
  });

  it('a paragraph ending in ： ends there; the list item after it starts anew', () => {
    expect(after(segs, '建设中国—中亚命运共同体，要做到四个坚持：')).toBe('一是坚持守望相助。');
  });
});

describe('seed 002: headings of three depths, （上接A01版①） markers, broken words', () => {
  const segs = segmented.s002;

  it('#, ## and ### headings; title, date and speaker lines are headings too', () => {
    expect(segs.slice(0, 4).map((s) => [s.text, s.kind])).toEqual([
      ['携手建设守望相助、共同发展、普遍安全、世代友好的中国—中亚命运共同体', 'heading'],
      ['——在中国—中亚峰会上的主旨讲话', 'heading'],
      ['(2023年5月19日)', 'heading'],
      ['中华人民共和国主席 习近平', 'heading'],
    ]);
    expect(kindOf(segs, '政务要闻')).toBe('heading');
    expect(kindOf(segs, '市领导检查防汛备汛并开展巡河工作')).toBe('heading');
  });

  it('（上接A01版①）在涉及主权、… keeps the text after the marker', () => {
    expect(texts(segs)).toContain('在涉及主权、独立、民族尊严、长远发展等核心利益问题上，始终给予彼此明确、有力支持，携手建设一个守望相助、团结互信的共同体。');
    expect(texts(segs)).toContain('在全球开设太极拳馆1500余家，常年在外授拳的拳师3000余人，成功举办10届“中国·焦作国际太极拳大赛暨云台山旅游节”，“太极故里”的世界级文化品牌更加响亮。');
  });

  it('抗击新 + 冠疫情 join, and ； does not split the sentence', () => {
    expect(texts(segs)).toContain('横跨天山的中吉乌公路，征服帕米尔高原的中塔公路，穿越茫茫大漠的土哈原油管道、中国—中亚天然气管道，就是当代的“丝路”；日夜兼程的中欧班列，不绝于途的货运汽车，往来不歇的空中航班，就是当代的“驼队”；寻觅商机的企业家，抗击新冠疫情的医护人员，传递友谊之声的文化工作者，上下求索的留学生，就是当代的友好使者。');
  });

  it('我们要践行 + 全球文明倡议 join after the sentence that ends mid-line', () => {
    expect(after(segs, '四是坚持世代友好。')).toBe('我们要践行全球文明倡议，赓续传统友谊，密切人员往来，加强治国理政经验交流，深化文明互鉴，增进相互理解，筑牢中国同中亚国家人民世代友好的基石，携手建设一个相知相亲、同心同德的共同体。');
  });
});

describe('seed 003: headlines, byline, quoted sub-headings, datelines', () => {
  const segs = segmented.s003;

  it('headline, 记者手记 and the ■ byline are the first three headings', () => {
    expect(segs.slice(0, 3).map((s) => [s.text, s.kind])).toEqual([
      ['汇聚共进力量 托举共同繁荣', 'heading'],
      ['记者手记', 'heading'],
      ['■ 新华社记者 韩梁 赵嫣', 'heading'],
    ]);
  });

  it.each(['“中亚国家同中国合作的强大动力”', '“为地区伙伴关系开启新篇章”', '“树立国家和地区间关系发展典范”'])(
    'quoted sub-heading %s is a heading',
    (heading) => {
      expect(kindOf(segs, heading)).toBe('heading');
    },
  );

  it('datelines 新华社阿斯塔纳6月18日电 and 新华社北京6月18日电 are headings', () => {
    expect(kindOf(segs, '新华社阿斯塔纳6月18日电')).toBe('heading');
    expect(kindOf(segs, '新华社北京6月18日电')).toBe('heading');
  });

  it('a two-part headline of 43 characters and a 三、 numbered heading are headings', () => {
    expect(kindOf(segs, '合作之路越走越宽广 友谊之花越开越灿烂——习近平主席重要讲话为中国中亚携手前行擘画蓝图')).toBe('heading');
    expect(kindOf(segs, '三、相知相亲，坚持永久睦邻友好')).toBe('heading');
  });

  it('an unbalanced “ line continues; 。” closes the sentence before the attribution', () => {
    expect(texts(segs)).toContain('“习近平主席在西安峰会上提出的主张举措正逐步转化为务实合作成果。”');
    expect(after(segs, '“我们的合作根植于两千多年的友好往来，巩固于建交30多年的团结互信，发展于新时代以来的开放共赢。”')).toBe('此次峰会期间，习近平主席回顾中国中亚合作的发展历程，感慨系之。');
  });

  it('（上接第1版） at the start of a paragraph is removed', () => {
    expect(texts(segs)).toContain('各方一致反对，关税战、贸易战没有赢家，单边主义、保护主义没有出路。');
  });
});

describe('seed 004: half-width punctuation, spaced numbers, **bold** headings', () => {
  const segs = segmented.s004;

  it('各位同事,各位朋友: (half-width colon at line end) is one segment', () => {
    expect(segs[4]).toEqual({ text: '各位同事,各位朋友:', kind: 'sentence', paragraph: 4, section: 0 });
    expect(after(segs, '各位同事、各位朋友!')).toBe('岁月不居,时光如流。');
  });

  it('spacing inside a line is kept as written (30 年, 5 点)', () => {
    expect(texts(segs)).toContain('中国同中亚国家 30 年的交往合作,立在真诚互信,立在平等互利。');
    expect(texts(segs)).toContain('为此,我愿提出 5 点建议。');
  });

  it('在此,我宣布, joins 2022 年… across the blank line without a space', () => {
    expect(texts(segs)).toContain('在此,我宣布,2022 年中国再向中亚国家提供 5000 万剂疫苗援助,并在有需要的国家设立传统医学中心。');
  });

  it('中国古人云:“…;…。” is one segment, and the next sentence starts a new one', () => {
    expect(after(segs, '中国古人云:“道虽迩,不行不至;事虽小,不为不成。”')).toBe('让我们从六国人民共同福祉出发,赓续友谊,推进合作,共同谱写中国同中亚国家关系更加美好的明天,共同推动构建人类命运共同体。');
  });

  it('**bold** lines are headings with the markup stripped', () => {
    const headings = segs.filter((s) => s.kind === 'heading').map((s) => s.text);
    expect(headings).toEqual([
      '携手共命运 一起向未来',
      '——在中国同中亚五国建交 30 周年视频峰会上的讲话',
      '(2022 年 1 月 25 日)',
      '中华人民共和国主席 习近平',
      '新华社北京 1 月 25 日电',
      '习近平同巴赫交往的三个故事',
      '信任的故事',
      '发展的故事',
      '团结的故事',
      '主笔:黄明、林德初',
      '新华社内部、体育部联合制作',
      '赓续传统友谊 共谱美好明天',
      '中国同中亚五国建交三十周年视频峰会确立双方关系新的里程碑',
      '新华社北京 1 月 25 日电',
    ]);
  });

  it('a sentence broken over three blank lines joins', () => {
    expect(after(segs, '“双奥北京”正在书写历史。')).toBe('作为国际上唯一举办过夏季和冬季奥运会的“双奥城”,北京将为国际奥林匹克运动作出独特贡献。');
  });
});

describe('line handling on small inputs', () => {
  it('normalises \\r\\n and \\r and strips a BOM', () => {
    expect(texts(segmentChinese('\uFEFF第一句，\r\n\r\n接着。\r第二句。'))).toEqual(['第一句，接着。', '第二句。']);
  });

  it('removes （下转第二版） mid-line and joins with the continuation after （上接第一版）', () => {
    expect(texts(segmentChinese('中方愿同各方一道，（下转第二版）\n\n(上接第一版)推动合作。'))).toEqual(['中方愿同各方一道，推动合作。']);
  });

  it('joins letters of alphabetic scripts with one space, CJK and digits without', () => {
    expect(joinLines('Xi said, the', 'summit opened.')).toBe('Xi said, the summit opened.');
    expect(joinLines('заявил, что саммит', 'открылся.')).toBe('заявил, что саммит открылся.');
    expect(joinLines('会议决定，于20', '25年举行。')).toBe('会议决定，于2025年举行。');
    expect(joinLines('天然气管道D', '线建设。')).toBe('天然气管道D线建设。');
    expect(joinLines('管道Ｄ', 'Ｅ线')).toBe('管道ＤＥ线');
    expect(joinLines('在此,我宣布,', '2022 年')).toBe('在此,我宣布,2022 年');
  });

  it('a short line without punctuation between blank lines is a heading', () => {
    expect(segmentChinese('记者手记\n\n仲夏时节，阿斯塔纳。')).toEqual([
      { text: '记者手记', kind: 'heading', paragraph: 0, section: 0 },
      { text: '仲夏时节，阿斯塔纳。', kind: 'sentence', paragraph: 1, section: 0 },
    ]);
  });
});

describe('splitChineseSentences', () => {
  it.each([
    ['真的吗？！我不信……他说。', ['真的吗？！', '我不信……', '他说。']],
    ['他说：“好。”然后走了。', ['他说：“好。”', '然后走了。']],
    ['他说:"好。"然后走了。', ['他说:"好。"', '然后走了。']],
    ['甲方同意；乙方反对。', ['甲方同意；乙方反对。']],
    ['详见 http://a.cn/x.php?id=1 的说明。', ['详见 http://a.cn/x.php?id=1 的说明。']],
    ['（完）下一段。', ['（完）下一段。']],
    ['结束。）接着', ['结束。）', '接着']],
  ])('%s', (paragraph, expected) => {
    expect(splitChineseSentences(paragraph)).toEqual(expected);
  });
});
