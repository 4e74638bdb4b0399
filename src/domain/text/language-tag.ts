/**
 * Language tags: canonical BCP 47 casing (RFC 5646 §2.1.1), Chinese script classification, and the
 * "scored per character or per word" decision the matcher needs.
 *
 * Well-formedness is delegated to `Intl.getCanonicalLocales` (ECMA-402 §9.2.1, which implements the
 * Unicode BCP 47 locale identifier of UTS #35). On top of that we reject tags that are well-formed but
 * useless for a translation memory: empty input, `und` (undetermined), private-use-only `x-...`, the
 * wildcard `*`, and anything longer than 35 characters ("implementations MUST support at least 35
 * characters", RFC 5646 §4.4.1 - nothing a real client sends is longer). `zh_CN` is accepted and read
 * as `zh-CN`: POSIX/Java locale names reach us from exported files and the intent is unambiguous.
 *
 * Chinese script. An explicit script subtag wins (`zh-Hant-CN` is Traditional). Otherwise the region
 * decides: TW, HK and MO write Traditional; CN, SG and MY write Simplified; any other region falls
 * back to the language's default. We deliberately do not use CLDR likely subtags (`Intl.Locale.maximize`):
 * they say `zh-US` and `zh-AU` are Traditional, which is a guess about diaspora communities, and they
 * change between ICU releases - a matching key must not change when Node is upgraded.
 * `cmn` is canonicalised to `zh` by ECMA-402; Cantonese (`yue`) and Literary Chinese (`lzh`) default to
 * Traditional, the other Chinese languages (wuu, gan, hsn, hak, nan, ...) to Simplified, as CLDR's
 * likely subtags have them. `sameLanguage` compares primary subtags, so `yue` and `zh` are different
 * languages there even though both are Chinese for script folding. `tagsAgree` is stricter: two tags
 * of one file (its target language and a target's `xml:lang`) agree when one could stand for the
 * other: same language, and no script or region that both state differently (`en` ~ `en-US`,
 * `zh-CN` ~ `zh-Hans`, but not `en-GB` ~ `en-US` or `zh-CN` ~ `zh-TW`).
 *
 * Character scoring. Languages written without spaces between words (Chinese, Japanese, Thai, Lao,
 * Khmer, Burmese) are scored per character. Korean is scored per word: it separates words (eojeol)
 * with spaces and ends sentences with `. ! ?`, so the word-level scorer and the Western sentence
 * splitter both apply; the cost is that a particle change (학교에 / 학교에서) counts as a whole word.
 */
import { quote } from '../limits.js';

/** A canonicalised BCP 47 language tag with its main subtags split out. */
export interface LanguageTag {
  /** The canonical tag, e.g. `zh-Hant-TW`. */
  tag: string;
  /** Primary language subtag, lower case, e.g. `zh`. */
  language: string;
  /** Script subtag in title case, e.g. `Hant`, when present. */
  script?: string;
  /** Region subtag in upper case (or three digits), e.g. `TW`, when present. */
  region?: string;
}

/** Thrown when input is not a language tag we can use; carries the offending input. */
export class InvalidLanguageTagError extends Error {
  /** Stable code for the HTTP layer. */
  readonly code = 'INVALID_LANGUAGE_TAG';
  readonly input: string;
  /** Why the tag was rejected, for logs. */
  readonly reason: string;

  constructor(input: string, reason: string) {
    super(`"${quote(input)}" is not a valid BCP 47 language tag`);
    this.name = 'InvalidLanguageTagError';
    this.input = input;
    this.reason = reason;
  }
}

/** RFC 5646 §4.4.1: implementations must handle 35 characters; longer tags are not real input. */
const MAX_TAG_LENGTH = 35;

/** Regions whose Chinese is written in Traditional characters (Taiwan, Hong Kong, Macau). */
const TRADITIONAL_REGIONS: ReadonlySet<string> = new Set(['TW', 'HK', 'MO']);
/** Regions whose Chinese is written in Simplified characters (Mainland, Singapore, Malaysia). */
const SIMPLIFIED_REGIONS: ReadonlySet<string> = new Set(['CN', 'SG', 'MY']);

/** Default script of each Chinese language when neither script nor a known region says otherwise. */
const CHINESE_DEFAULT_SCRIPT: ReadonlyMap<string, ChineseScript> = new Map<string, ChineseScript>([
  ['zh', 'Hans'], ['cmn', 'Hans'], ['wuu', 'Hans'], ['gan', 'Hans'], ['hsn', 'Hans'], ['hak', 'Hans'],
  ['nan', 'Hans'], ['cdo', 'Hans'], ['cjy', 'Hans'], ['cpx', 'Hans'], ['czh', 'Hans'], ['czo', 'Hans'],
  ['mnp', 'Hans'], ['yue', 'Hant'], ['lzh', 'Hant'],
]);

/** Languages written without spaces between words, besides the Chinese ones above. */
const UNSPACED_LANGUAGES: ReadonlySet<string> = new Set(['ja', 'th', 'lo', 'km', 'my']);

/** Alphabetic scripts: `zh-Latn` (pinyin) or `ja-Latn` (romaji) are written with spaces. */
const SPACED_SCRIPTS: ReadonlySet<string> = new Set(['Latn', 'Cyrl', 'Grek']);

/** The two written forms of Chinese that opencc converts between. */
export type ChineseScript = 'Hans' | 'Hant';

/**
 * Canonicalises a BCP 47 tag (`zh-cn` -> `zh-CN`, `ZH-hant-tw` -> `zh-Hant-TW`, `EN` -> `en`,
 * `zh_CN` -> `zh-CN`). Throws `InvalidLanguageTagError` for anything we cannot use.
 */
export function canonicalizeLanguageTag(input: string): LanguageTag {
  const known = canonicalTags.get(input);
  if (known !== undefined) return { ...known };
  const tag = canonicalize(input);
  if (canonicalTags.size >= MAX_CACHED_TAGS) canonicalTags.clear();
  canonicalTags.set(input, tag);
  return { ...tag };
}

/**
 * Tags canonicalised so far, by input: a lookup canonicalises its pair several times (request
 * checks, index partition, term recognition), and `Intl` makes each call cost 6.8 µs of CPU
 * (0.26 µs from here; issue 12's server profile at 20,000 units: 0.7 s of 9.3 s of lookups).
 * Only valid tags are kept.
 */
const canonicalTags = new Map<string, LanguageTag>();
/** Distinct inputs kept before the cache starts over: real deployments use a few dozen tags. */
const MAX_CACHED_TAGS = 1_000;

function canonicalize(input: string): LanguageTag {
  const candidate = input.trim().replaceAll('_', '-');
  if (candidate === '') throw new InvalidLanguageTagError(input, 'empty');
  if (candidate.length > MAX_TAG_LENGTH) throw new InvalidLanguageTagError(input, 'too long');
  if (candidate.includes('*')) throw new InvalidLanguageTagError(input, 'wildcards are ranges, not tags');
  let canonical: string;
  try {
    const [first] = Intl.getCanonicalLocales(candidate);
    if (first === undefined) throw new RangeError('no locale');
    canonical = first;
  } catch {
    throw new InvalidLanguageTagError(input, 'not well-formed');
  }
  // Read the language from the string: V8 reports `und` as an undefined `Intl.Locale#language`.
  const language = canonical.split('-')[0] ?? '';
  if (language === 'und') throw new InvalidLanguageTagError(input, 'undetermined language');
  const locale = new Intl.Locale(canonical);
  const tag: LanguageTag = { tag: canonical, language };
  if (locale.script !== undefined) tag.script = locale.script;
  if (locale.region !== undefined) tag.region = locale.region;
  return tag;
}

/**
 * The Chinese script a tag implies: `Hans` for zh, zh-CN, zh-SG, zh-MY, zh-Hans(-*); `Hant` for zh-TW,
 * zh-HK, zh-MO, zh-Hant(-*); `undefined` for non-Chinese languages and non-Han scripts (`zh-Latn`).
 */
export function chineseScript(tag: LanguageTag): ChineseScript | undefined {
  const fallback = CHINESE_DEFAULT_SCRIPT.get(tag.language);
  if (fallback === undefined) return undefined;
  if (tag.script !== undefined) {
    return tag.script === 'Hans' || tag.script === 'Hant' ? tag.script : undefined;
  }
  if (tag.region !== undefined && TRADITIONAL_REGIONS.has(tag.region)) return 'Hant';
  if (tag.region !== undefined && SIMPLIFIED_REGIONS.has(tag.region)) return 'Hans';
  return fallback;
}

/** True when the language is written without spaces between words and is scored per character. */
export function isCharacterScored(tag: LanguageTag): boolean {
  if (tag.script !== undefined && SPACED_SCRIPTS.has(tag.script)) return false;
  return CHINESE_DEFAULT_SCRIPT.has(tag.language) || UNSPACED_LANGUAGES.has(tag.language);
}

/** True when both tags share the primary language subtag (`zh-TW` ~ `zh-CN`, `en-GB` ~ `en`). */
export function sameLanguage(a: LanguageTag, b: LanguageTag): boolean {
  return a.language === b.language;
}

/**
 * True when neither tag contradicts the other: the same primary language, and the same script
 * (for Chinese, the implied one) and region wherever both state one.
 */
export function tagsAgree(a: LanguageTag, b: LanguageTag): boolean {
  if (a.language !== b.language) return false;
  const script = (t: LanguageTag) => chineseScript(t) ?? t.script;
  const differ = (x: string | undefined, y: string | undefined) => x !== undefined && y !== undefined && x !== y;
  return !differ(script(a), script(b)) && !differ(a.region, b.region);
}
