import { describe, expect, it } from 'vitest';
import {
  InvalidLanguageTagError,
  canonicalizeLanguageTag,
  chineseScript,
  isCharacterScored,
  sameLanguage,
  tagsAgree,
} from '../../../src/domain/text/language-tag.js';

const tag = canonicalizeLanguageTag;

describe('canonicalizeLanguageTag', () => {
  it.each([
    ['zh-cn', { tag: 'zh-CN', language: 'zh', region: 'CN' }],
    ['ZH-hant-tw', { tag: 'zh-Hant-TW', language: 'zh', script: 'Hant', region: 'TW' }],
    ['EN', { tag: 'en', language: 'en' }],
    ['en-gb', { tag: 'en-GB', language: 'en', region: 'GB' }],
    ['ru-RU', { tag: 'ru-RU', language: 'ru', region: 'RU' }],
    ['zh_CN', { tag: 'zh-CN', language: 'zh', region: 'CN' }],
    ['zh_Hans_SG', { tag: 'zh-Hans-SG', language: 'zh', script: 'Hans', region: 'SG' }],
    ['  kk-KZ ', { tag: 'kk-KZ', language: 'kk', region: 'KZ' }],
    ['cmn-Hans', { tag: 'zh-Hans', language: 'zh', script: 'Hans' }],
    ['zh-419', { tag: 'zh-419', language: 'zh', region: '419' }],
    ['en-US-u-ca-gregory', { tag: 'en-US-u-ca-gregory', language: 'en', region: 'US' }],
  ])('canonical form of %j', (input, expected) => {
    expect(tag(input)).toEqual(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['*', 'wildcards are ranges, not tags'],
    ['zh-*', 'wildcards are ranges, not tags'],
    ['und', 'undetermined language'],
    ['und-CN', 'undetermined language'],
    ['x-private', 'not well-formed'],
    ['zh-XX-!', 'not well-formed'],
    ['en--US', 'not well-formed'],
    ['zh_CN.UTF-8', 'not well-formed'],
    ['i-klingon', 'not well-formed'],
    ['en-Latn-US-x-abcdefgh-abcdefgh-abcdefgh', 'too long'],
  ])('rejects %j (%s)', (input, reason) => {
    let error: unknown;
    try {
      tag(input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidLanguageTagError);
    const invalid = error as InvalidLanguageTagError;
    expect(invalid.message).toBe(`"${input}" is not a valid BCP 47 language tag`);
    expect(invalid.input).toBe(input);
    expect(invalid.reason).toBe(reason);
    expect(invalid.code).toBe('INVALID_LANGUAGE_TAG');
  });

  it('names the offending input in the message', () => {
    expect(() => tag('zh-XX-!')).toThrow('"zh-XX-!" is not a valid BCP 47 language tag');
  });
});

describe('chineseScript', () => {
  it.each(['zh', 'zh-CN', 'zh-Hans', 'zh-SG', 'zh-MY', 'zh-Hans-CN', 'zh-Hans-TW', 'zh-Hans-HK', 'cmn', 'yue-CN', 'wuu'])(
    '%s is Simplified',
    (input) => {
      expect(chineseScript(tag(input))).toBe('Hans');
    },
  );

  it.each(['zh-TW', 'zh-HK', 'zh-MO', 'zh-Hant', 'zh-Hant-TW', 'zh-Hant-CN', 'zh-Hant-SG', 'yue', 'yue-HK', 'lzh', 'nan-TW'])(
    '%s is Traditional',
    (input) => {
      expect(chineseScript(tag(input))).toBe('Hant');
    },
  );

  it('an explicit script wins over the region (zh-Hant-CN, zh-Hans-TW)', () => {
    expect(chineseScript(tag('zh-Hant-CN'))).toBe('Hant');
    expect(chineseScript(tag('zh-Hans-TW'))).toBe('Hans');
  });

  it('regions outside TW/HK/MO default to Simplified, unlike CLDR likely subtags (zh-US)', () => {
    expect(chineseScript(tag('zh-US'))).toBe('Hans');
  });

  it.each(['en', 'ja', 'ja-JP', 'ko', 'ru', 'zh-Latn', 'en-Hant'])('%s has no Chinese script', (input) => {
    expect(chineseScript(tag(input))).toBeUndefined();
  });
});

describe('isCharacterScored', () => {
  it.each(['zh', 'zh-TW', 'yue', 'ja', 'th', 'lo', 'km', 'my'])('%s is scored per character', (input) => {
    expect(isCharacterScored(tag(input))).toBe(true);
  });

  it.each(['en', 'ru', 'kk', 'ko', 'zh-Latn', 'ja-Latn'])('%s is scored per word (ko: words are spaced)', (input) => {
    expect(isCharacterScored(tag(input))).toBe(false);
  });
});

describe('sameLanguage', () => {
  it.each([
    ['zh-TW', 'zh-CN', true],
    ['en-GB', 'en', true],
    ['cmn', 'zh-Hans', true],
    ['zh', 'yue', false],
    ['en', 'ru', false],
  ])('%s ~ %s is %s', (a, b, expected) => {
    expect(sameLanguage(tag(a), tag(b))).toBe(expected);
  });
});

describe('tagsAgree', () => {
  it.each([
    ['en', 'en-US', true],
    ['EN-us', 'en-US', true],
    ['zh-CN', 'zh-Hans', true],
    ['zh-Hant', 'zh-TW', true],
    ['zh', 'zh-CN', true],
    ['en-GB', 'en-US', false],
    ['zh-CN', 'zh-TW', false],
    ['zh', 'zh-Hant', false],
    ['sr-Latn', 'sr-Cyrl', false],
    ['fr-FR', 'be', false],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(tagsAgree(tag(a), tag(b))).toBe(expected);
    expect(tagsAgree(tag(b), tag(a))).toBe(expected);
  });
});

describe('canonicalizeLanguageTag: repeated inputs', () => {
  it('answers a repeated input the same, and a caller changing its answer changes no later one', () => {
    const first = canonicalizeLanguageTag('zh_hant_tw');
    expect(first).toEqual({ tag: 'zh-Hant-TW', language: 'zh', script: 'Hant', region: 'TW' });
    first.region = 'CN';
    delete first.script;
    expect(canonicalizeLanguageTag('zh_hant_tw')).toEqual({ tag: 'zh-Hant-TW', language: 'zh', script: 'Hant', region: 'TW' });
  });

  it('refuses an invalid input every time it comes', () => {
    for (let i = 0; i < 3; i++) expect(() => canonicalizeLanguageTag('und')).toThrow(InvalidLanguageTagError);
  });
});
