import { describe, expect, it } from 'vitest';
import { checkTranslation } from '../../../src/domain/termbase/qa.js';
import { TermRecognizer } from '../../../src/domain/termbase/recognizer.js';
import { canonicalizeLanguageTag } from '../../../src/domain/text/language-tag.js';
import { FIXTURE_GLOSSARY, entry, glossaryEntries } from './glossary-fixture.js';

const recognizer = new TermRecognizer(glossaryEntries());
const zh = canonicalizeLanguageTag('zh-CN');
const en = canonicalizeLanguageTag('en');
const ru = canonicalizeLanguageTag('ru');

function check(source: string, target: string, targetLang = en, r = recognizer) {
  return checkTranslation(r, { source, target, sourceLang: zh, targetLang }, [FIXTURE_GLOSSARY]);
}
const codes = (issues: ReturnType<typeof check>) => issues.map((i) => [i.code, i.entryId, i.found, i.start, i.end]);

describe('QA: missing terms', () => {
  it('reports a source concept whose allowed target terms are all missing, preferred first', () => {
    expect(check('共建“一带一路”', 'building the road together')).toEqual([{
      code: 'missing-term', severity: 'warning', glossary: FIXTURE_GLOSSARY, entryId: 'belt-and-road-cooperation', sourceTerm: '共建“一带一路”', sourceStart: 0, sourceEnd: 8,
      expected: ['Belt and Road cooperation', 'jointly building the Belt and Road'], found: null, start: null, end: null,
      message: 'The source has “共建“一带一路”” (belt-and-road-cooperation), but the translation has none of its terms. '
        + 'Use “Belt and Road cooperation” (or “jointly building the Belt and Road”).',
    }]);
  });

  it('accepts any allowed term, English plurals and Russian case endings', () => {
    expect(check('中国—中亚命运共同体', 'a China–Central Asia community with a shared future')).toEqual([]);
    expect(check('命运共同体', 'communities with a shared future')).toEqual([]);
    expect(check('命运共同体', 'к сообществу единой судьбы', ru)).toEqual([]);
    expect(check('命运共同体', 'сообщества с общим будущим', ru)).toEqual([]);
    expect(codes(check('命运共同体', 'общее будущее', ru))).toEqual([['missing-term', 'community-shared-future', null, null, null]]);
  });

  it('reports a concept once however often the source names it', () => {
    expect(codes(check('中亚和中亚', 'the region'))).toEqual([['missing-term', 'central-asia', null, null, null]]);
  });

  it('does not check concepts without a term in the target language', () => {
    const r = new TermRecognizer([entry('only-zh-en', { 'zh-CN': [{ term: '测试', status: 'preferred' }], en: [{ term: 'test', status: 'preferred' }] })]);
    expect(check('测试', 'проверка', ru, r)).toEqual([]);
  });
});

describe('QA: deprecated and forbidden terms', () => {
  it('flags a deprecated term of the source concept with its span in the target, and no missing-term besides', () => {
    const issues = check('构建命运共同体', 'build communities of common destiny');
    expect(issues).toEqual([{
      code: 'deprecated-term', severity: 'warning', glossary: FIXTURE_GLOSSARY, entryId: 'community-shared-future', sourceTerm: '命运共同体', sourceStart: 2, sourceEnd: 7,
      expected: ['community with a shared future'], found: 'communities of common destiny', start: 6, end: 35,
      message: '“communities of common destiny” is deprecated (community-shared-future). Early literal rendering of 命运 as \'destiny\'. '
        + 'MFA and Xinhua replaced it with \'shared future\', but academic writing and machine translation still produce it. '
        + 'Use “community with a shared future”.',
    }]);
  });

  it('flags forbidden terms as errors, also of concepts the source does not name', () => {
    const issues = check('合作', 'OBOR projects and the One Belt, One Road');
    expect(codes(issues)).toEqual([
      ['forbidden-term', 'belt-and-road-initiative', 'OBOR', 0, 4],
      ['deprecated-term', 'belt-and-road-initiative', 'One Belt, One Road', 22, 40],
    ]);
    expect(issues[0]).toMatchObject({ severity: 'error', sourceTerm: null, expected: ['Belt and Road Initiative', 'BRI', 'Belt and Road'] });
  });

  it('does not flag a deprecated phrase that stands inside a longer allowed term', () => {
    const r = new TermRecognizer([
      entry('silk-road-belt', { 'zh-CN': [{ term: '丝绸之路经济带', status: 'preferred' }], en: [{ term: 'Silk Road Economic Belt', status: 'preferred' }] }),
      entry('economic-belt', { 'zh-CN': [{ term: '经济带', status: 'preferred' }], en: [{ term: 'economic zone', status: 'preferred' }, { term: 'Economic Belt', status: 'deprecated', note: 'Use zone.' }] }),
    ]);
    expect(check('丝绸之路经济带', 'the Silk Road Economic Belt', en, r)).toEqual([]);
    expect(codes(check('经济带', 'an economic belt', en, r))).toEqual([['deprecated-term', 'economic-belt', 'economic belt', 3, 16]]);
  });

  it('finds no deprecated or forbidden term where the target uses the preferred ones', () => {
    expect(check('提出共建“丝绸之路经济带”倡议', 'proposed the initiative of jointly building the Silk Road Economic Belt')).toEqual([]);
  });
});
