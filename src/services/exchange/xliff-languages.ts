/**
 * Which languages an uploaded XLIFF file is in, and which of its translations can be taken.
 *
 * A new document's languages come from the file (`source-language`/`target-language` in 1.2,
 * `srcLang`/`trgLang` in 2.x), else from the request; a request that names another language
 * than the file is refused. Two cases need more than that:
 *
 * - A source-locale file: its target language is its source language (Angular's
 *   `ng extract-i18n` writes one for the application's own locale). Its "targets" are copies in
 *   the source language, so they are not taken, and the target language must come from the
 *   request; without one the 400 says so.
 * - A target whose own `xml:lang` contradicts the document's target language (`tagsAgree`: `en`
 *   and `en-US` agree, `en-GB` and `en-US` do not). Storing it as a translation into the
 *   document's language would be wrong. It matters only for a translation that would be
 *   stored: a target that copies the source, or is empty, is not taken anyway.
 */
import { ValidationError } from '../../domain/errors.js';
import { type LanguageTag, canonicalizeLanguageTag, tagsAgree } from '../../domain/text/language-tag.js';
import type { XliffDocument, XliffSegment, XliffUnit } from '../../formats/xliff-model.js';
import { requirePair } from '../languages.js';

/** The canonical form of a language tag from the file; a 400 naming the attribute when it is not one. */
export function languageOf(value: string, what: string): LanguageTag {
  try {
    return canonicalizeLanguageTag(value);
  } catch {
    throw new ValidationError(`the file's ${what} "${value}" is not a language tag`, [{ path: `/body/${what}`, message: 'is not a BCP 47 tag' }]);
  }
}

/** The canonical tag string of a language tag from the file. */
export function tagOf(value: string, what: string): string {
  return languageOf(value, what).tag;
}

/** How a unit (and segment, when it has several) is named in errors and skips: its id, else `#n`. */
export function unitLabel(u: XliffUnit, n: number, segment?: { id?: string; k: number; of: number }): string {
  return `${u.id ?? `#${n + 1}`}${segment && segment.of > 1 ? `/${segment.id ?? segment.k + 1}` : ''}`;
}

/** Why a segment's translation is not one into `target` (its own `xml:lang` says otherwise), or undefined. */
export function foreignTarget(seg: XliffSegment, target: LanguageTag): string | undefined {
  if (seg.targetLang === undefined || seg.state === 'new' || !seg.target) return undefined;
  let own: LanguageTag;
  try {
    own = canonicalizeLanguageTag(seg.targetLang);
  } catch {
    return `its target's xml:lang "${seg.targetLang}" is not a language tag`;
  }
  return tagsAgree(own, target) ? undefined : `its target is in ${own.tag}, not ${target.tag}`;
}

/** The file without its targets (a source-locale file's are in the source language). */
function withoutTargets(file: XliffDocument): XliffDocument {
  for (const u of file.units) {
    for (const seg of u.segments) {
      delete seg.target;
      delete seg.targetLang;
      delete seg.nativeState;
      delete seg.qualifier;
      seg.state = 'new';
    }
  }
  return file;
}

/** Languages asked for in the request. */
export interface RequestedLanguages {
  sourceLang?: string;
  targetLang?: string;
}

/**
 * The languages of a new document made from `file`, and the file as it is to be stored (a
 * source-locale file without its targets). A 400 for a missing or contradicting language, and
 * for a translation into another language than the document's, naming the unit.
 */
export function documentLanguages(file: XliffDocument, asked: RequestedLanguages): { file: XliffDocument; source: LanguageTag; target: LanguageTag } {
  const fileSource = file.sourceLang ? languageOf(file.sourceLang, 'sourceLang') : undefined;
  let fileTarget = file.targetLang ? languageOf(file.targetLang, 'targetLang') : undefined;
  if (fileSource && fileTarget && tagsAgree(fileSource, fileTarget)) {
    if (!asked.targetLang) {
      throw new ValidationError(`the file's target language ${fileTarget.tag} is its source language ${fileSource.tag} (a source-locale file, as Angular's `
        + 'extract-i18n writes); pass targetLang to name the language to translate into', [{ path: '/query/targetLang', message: 'is required for a source-locale file' }]);
    }
    fileTarget = undefined;
    file = withoutTargets(file);
  }
  for (const [field, fromFile, value] of [['sourceLang', fileSource?.tag, asked.sourceLang], ['targetLang', fileTarget?.tag, asked.targetLang]] as const) {
    if (fromFile && value && tagOf(value, field) !== fromFile) {
      throw new ValidationError(`${field} ${value} does not match the file's ${fromFile}`, [{ path: `/query/${field}`, message: `the file says ${fromFile}` }]);
    }
  }
  const sourceLang = fileSource?.tag ?? asked.sourceLang;
  const targetLang = fileTarget?.tag ?? asked.targetLang;
  if (!sourceLang) throw new ValidationError('the file names no source language; pass sourceLang', [{ path: '/query/sourceLang', message: 'is required for this file' }]);
  if (!targetLang) throw new ValidationError('the file names no target language; pass targetLang', [{ path: '/query/targetLang', message: 'is required for this file' }]);
  const { source, target } = requirePair(sourceLang, targetLang);
  file.units.forEach((u, n) => {
    const real = u.segments.filter((x) => !x.ignorable);
    real.forEach((seg, k) => {
      const why = foreignTarget(seg, target);
      if (!why) return;
      const unit = unitLabel(u, n, { id: seg.id, k, of: real.length });
      throw new ValidationError(`unit ${unit}: ${why}, the document's target language`, [{ path: '/body', message: `unit ${unit}: ${why}` }]);
    });
  });
  return { file, source, target };
}
