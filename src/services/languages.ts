/** Turns request language fields into canonical tags, reporting the field that is wrong. */
import { ValidationError } from '../domain/errors.js';
import { type LanguageTag, canonicalizeLanguageTag } from '../domain/text/language-tag.js';

/** Canonical tag for `value`, or a ValidationError naming `field`. */
export function requireTag(field: string, value: string): LanguageTag {
  try {
    return canonicalizeLanguageTag(value);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new ValidationError(`${field}: ${message}`, [{ path: `/${field}`, message }]);
  }
}

/** Canonical source and target tags, which must differ. */
export function requirePair(sourceLang: string, targetLang: string): { source: LanguageTag; target: LanguageTag } {
  const source = requireTag('sourceLang', sourceLang);
  const target = requireTag('targetLang', targetLang);
  if (source.tag === target.tag) {
    throw new ValidationError(`sourceLang and targetLang are both ${source.tag}`, [{ path: '/targetLang', message: 'must differ from sourceLang' }]);
  }
  return { source, target };
}
