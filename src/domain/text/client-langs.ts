/**
 * Language codes as translation tools send and expect them (issue 15), mapped onto Caravan's
 * BCP 47 tags and back. Every client has its own spelling of the same language:
 *
 * - Weblate's tmserver backend lower-cases its code and writes `_` (`zh_hans`, `zh_hant`, `en_us`),
 *   then falls back to the primary subtag (`zh`) when `/languages/` does not list the first
 *   (weblate/machinery/tmserver.py `map_language_code`, base.py `get_language_possibilities`, at
 *   WeblateOrg/weblate@db58819b).
 * - Okapi's TranslateToolkitTMConnector sends POSIX locales (`zh_CN`, `en_US`,
 *   `LocaleId.toPOSIXLocaleId`, vistatec/vistatec-okapi@b1b0761a); Virtaal its own codes (`zh_CN`).
 * - OmegaT's Apertium client sends `zh_CN` (a locale with a country) or `en`
 *   (ApertiumTranslate.apertiumCode, omegat-org/omegat@ba59a847); Weblate's sends ISO 639-3 codes
 *   (`zho`, `eng`, `rus`: weblate/machinery/apertium.py `LANGUAGE_MAP`, WeblateOrg/weblate@29573d18)
 *   or, when the server lists them, two-letter ones; Apertium itself writes variants as
 *   `cat_valencia`.
 * - LibreTranslate lists `zh-Hans`, `zh-Hant` and `pt-BR` and also reads its older aliases `zh`,
 *   `zt` and `pb`, case-insensitively (libretranslate/language.py `aliases`,
 *   LibreTranslate/LibreTranslate@39429cbe); Weblate sends `zh` for Simplified Chinese.
 *
 * All of them become BCP 47 by replacing `_` with `-` and canonicalising (ECMA-402 maps the
 * three-letter codes onto two-letter ones: `zho` -> `zh`, `eng` -> `en`); LibreTranslate's two
 * non-standard aliases are the only table. A code that is not a language is `undefined`, never
 * an error: each protocol answers it with the empty answer its clients expect.
 */
import { iso6393To1 } from 'iso-639-3/iso6393-to-1.js';
import { type LanguageTag, canonicalizeLanguageTag } from './language-tag.js';

/** LibreTranslate's own aliases, which are not BCP 47 (`zt` is not a language subtag at all). */
const LIBRETRANSLATE_ALIASES: Readonly<Record<string, string>> = { zt: 'zh-Hant', pb: 'pt-BR' };

/** ISO 639-1 -> ISO 639-3, the inverse of the library's table (Apertium names languages by 639-3 codes). */
const ISO6391_TO_3: ReadonlyMap<string, string> = new Map(Object.entries(iso6393To1).map(([three, two]) => [two, three]));

/** The tag a client's language code stands for, or undefined when it is not a language. */
export function readClientLanguage(code: string): LanguageTag | undefined {
  const trimmed = code.trim();
  const alias = LIBRETRANSLATE_ALIASES[trimmed.toLowerCase()];
  try {
    return canonicalizeLanguageTag(alias ?? trimmed.replaceAll('_', '-'));
  } catch {
    return undefined;
  }
}

/** A tag as Weblate's tmserver backend spells it: lower case, `_` between subtags (`zh_cn`). */
export function tmserverCode(tag: string): string {
  return tag.replaceAll('-', '_').toLowerCase();
}

/** A primary language subtag as Apertium names it: ISO 639-3 (`zh` -> `zho`); a code without a two-letter form stays as it is. */
export function apertiumCode(language: string): string {
  return ISO6391_TO_3.get(language) ?? language;
}

/** The codes LibreTranslate clients look for a language under: its primary subtag, and for Chinese both scripts. */
export function libretranslateCodes(language: string): string[] {
  return language === 'zh' ? ['zh', 'zh-Hans', 'zh-Hant'] : [language];
}
