import { describe, expect, it } from 'vitest';
import { apertiumCode, libretranslateCodes, readClientLanguage, tmserverCode } from '../../../src/domain/text/client-langs.js';

describe('readClientLanguage', () => {
  it('reads each client\'s spelling of a language as its BCP 47 tag', () => {
    const cases: [string, string][] = [
      ['zh_hans', 'zh-Hans'], ['zh_hant', 'zh-Hant'], ['zh_cn', 'zh-CN'], ['en_us', 'en-US'], // Weblate (tmserver)
      ['zh_CN', 'zh-CN'], ['zh_TW', 'zh-TW'], ['en_US', 'en-US'], // Okapi, Virtaal, OmegaT (POSIX)
      ['zho', 'zh'], ['eng', 'en'], ['rus', 'ru'], ['cat_valencia', 'ca-valencia'], // Apertium
      ['zh', 'zh'], ['zt', 'zh-Hant'], ['ZT', 'zh-Hant'], ['pb', 'pt-BR'], ['zh-Hans', 'zh-Hans'], // LibreTranslate
    ];
    for (const [code, tag] of cases) expect(readClientLanguage(code)?.tag, code).toBe(tag);
  });

  it('is undefined for what is no language, never an error', () => {
    for (const code of ['', '!!', 'und', 'x-private', '*', 'a'.repeat(40), 'zh_CN|en']) expect(readClientLanguage(code), code).toBeUndefined();
  });
});

describe('codes written for clients', () => {
  it('spells tags as Weblate, Apertium and LibreTranslate look them up', () => {
    expect([tmserverCode('zh-CN'), tmserverCode('zh-Hant-TW'), tmserverCode('en')]).toEqual(['zh_cn', 'zh_hant_tw', 'en']);
    expect([apertiumCode('zh'), apertiumCode('en'), apertiumCode('ru'), apertiumCode('yue')]).toEqual(['zho', 'eng', 'rus', 'yue']);
    expect(libretranslateCodes('zh')).toEqual(['zh', 'zh-Hans', 'zh-Hant']);
    expect(libretranslateCodes('ru')).toEqual(['ru']);
  });
});
