import { describe, expect, it } from 'vitest';
import { canonicalizeLanguageTag } from '../../../src/domain/text/language-tag.js';
import { segmentText } from '../../../src/domain/text/segment.js';

const texts = (text: string, tag: string): string[] => segmentText(text, canonicalizeLanguageTag(tag)).map((s) => s.text);

describe('segmentText picks the segmenter by language', () => {
  it('zh-CN: Chinese rules (no space needed after 。, wrapped lines join without a space)', () => {
    expect(texts('世界需要一个稳定的中亚。中亚国家主\n\n权必须得到维护。', 'zh-CN')).toEqual([
      '世界需要一个稳定的中亚。',
      '中亚国家主权必须得到维护。',
    ]);
  });

  it('zh-TW and ja also use the Chinese rules', () => {
    expect(texts('世界需要一個穩定的中亞。中亞國家主權必須得到維護。', 'zh-TW')).toEqual(['世界需要一個穩定的中亞。', '中亞國家主權必須得到維護。']);
    expect(texts('ありがとう。さようなら。', 'ja')).toEqual(['ありがとう。', 'さようなら。']);
  });

  it('en and ru: sentence splitter (a . needs a following space; lines join with a space)', () => {
    expect(texts('The world needs a stable\nCentral Asia. Mr. Xi said so.', 'en-GB')).toEqual([
      'The world needs a stable Central Asia.',
      'Mr. Xi said so.',
    ]);
    expect(texts('Миру нужна стабильная\nЦентральная Азия. Так сказал С. Ю. Иванов.', 'ru')).toEqual([
      'Миру нужна стабильная Центральная Азия.',
      'Так сказал С. Ю. Иванов.',
    ]);
  });

  it('ko is word-scored, so it uses the sentence splitter', () => {
    expect(texts('감사합니다. 안녕히 가세요.', 'ko')).toEqual(['감사합니다.', '안녕히 가세요.']);
  });
});
