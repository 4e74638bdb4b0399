import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/domain/errors.js';
import { diffContent, entityTag, ifMatchSatisfied, newEntryId, slugify, validateEntry } from '../../../src/domain/termbase/entry-rules.js';

function errorsOf(raw: unknown): { message: string; errors: { path: string; message: string }[] } {
  try {
    validateEntry(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return { message: (err as ValidationError).message, errors: (err as ValidationError).errors };
  }
  throw new Error('expected a ValidationError');
}

describe('validateEntry', () => {
  it('canonicalises tags, trims text, and orders fields', () => {
    expect(validateEntry({
      languages: { 'zh-cn': [{ note: ' n ', term: ' 鲁班工坊 ', status: 'preferred' }], EN: [{ term: 'Luban Workshop', status: 'preferred', partOfSpeech: 'properNoun' }] },
      subjectField: ' culture-education ', id: 'luban-workshop',
    })).toEqual({
      id: 'luban-workshop',
      content: {
        subjectField: 'culture-education',
        languages: { 'zh-CN': [{ term: '鲁班工坊', status: 'preferred', note: 'n' }], en: [{ term: 'Luban Workshop', status: 'preferred', partOfSpeech: 'properNoun' }] },
      },
    });
  });

  it('needs a Chinese term', () => {
    expect(errorsOf({ languages: { en: [{ term: 'x', status: 'preferred' }] } })).toEqual({
      message: 'the entry is invalid: /languages: needs at least one Chinese (zh-*) term',
      errors: [{ path: '/languages', message: 'needs at least one Chinese (zh-*) term' }],
    });
  });

  it('names an invalid language tag, an unknown status and an unknown field by path', () => {
    const { errors } = errorsOf({ colour: 'red', languages: { 'zh-CN': [{ term: '中亚', status: 'best' }], 'xx-!!': [{ term: 'x', status: 'preferred' }] } });
    expect(errors).toEqual([
      { path: '/colour', message: 'is not a field of an entry' },
      { path: '/languages/zh-CN/0/status', message: 'must be one of preferred, admitted, deprecated, forbidden' },
      { path: '/languages/xx-!!', message: '"xx-!!" is not a valid BCP 47 language tag' },
    ]);
  });

  it('allows one preferred term per language and no repeated term (Traditional = Simplified)', () => {
    const { errors } = errorsOf({ languages: {
      'zh-CN': [{ term: '鲁班工坊', status: 'preferred' }, { term: '魯班工坊', status: 'admitted' }],
      en: [{ term: 'A', status: 'preferred' }, { term: 'B', status: 'preferred' }],
    } });
    expect(errors).toEqual([
      { path: '/languages/zh-CN/1/term', message: 'repeats term 0 ("鲁班工坊") of this language' },
      { path: '/languages/en/1/status', message: 'a language has at most one preferred term, and "A" is preferred' },
    ]);
  });

  it('rejects blank terms, multi-line terms, duplicate tags and bad ids', () => {
    const { errors } = errorsOf({ id: 'Bad Id', languages: { 'zh-CN': [{ term: ' ', status: 'preferred' }], 'zh-cn': [], en: [{ term: 'a\nb', status: 'admitted' }] } });
    expect(errors).toEqual([
      { path: '/id', message: 'must be a kebab-case slug of 2 to 80 characters (a-z, 0-9, single hyphens)' },
      { path: '/languages/zh-CN/0/term', message: 'must not be blank' },
      { path: '/languages/zh-cn', message: 'names the same language as "zh-CN"' },
      { path: '/languages/en/0/term', message: 'must be one line (no tabs or line breaks)' },
    ]);
  });
});

describe('ids', () => {
  it('slugs the English preferred term, with a suffix when taken, or hashes the Chinese', () => {
    expect(slugify('Xi\'an Declaration of the China–Central Asia Summit')).toBe('xi-an-declaration-of-the-china-central-asia-summit');
    expect(slugify('Café Astana')).toBe('cafe-astana');
    const content = { languages: { 'zh-CN': [{ term: '西安宣言', status: 'preferred' as const }], en: [{ term: 'Xi\'an Declaration', status: 'preferred' as const }] } };
    expect(newEntryId(content, () => false)).toBe('xi-an-declaration');
    expect(newEntryId(content, (id) => id === 'xi-an-declaration' || id === 'xi-an-declaration-2')).toBe('xi-an-declaration-3');
    expect(newEntryId({ languages: { 'zh-CN': [{ term: '西安宣言', status: 'preferred' }] } }, () => false)).toMatch(/^concept-[0-9a-f]{8}$/);
  });
});

describe('history diffs', () => {
  const v1 = { subjectField: 'geography', languages: { 'zh-CN': [{ term: '中亚', status: 'preferred' as const }] } };
  const v2 = { subjectField: 'geography', definition: 'Five states.', languages: {
    'zh-CN': [{ term: '中亚', status: 'preferred' as const }], en: [{ term: 'Central Asia', status: 'preferred' as const }] } };
  const v3 = { subjectField: 'geography', definition: 'Five states.', languages: {
    'zh-CN': [{ term: '中亚', status: 'admitted' as const }], en: [{ term: 'Central Asia', status: 'preferred' as const }] } };

  it('lists every changed field with its values before and after', () => {
    expect(diffContent(undefined, v1)).toEqual([{ path: '/subjectField', to: 'geography' }, { path: '/languages/zh-CN', to: v1.languages['zh-CN'] }]);
    expect(diffContent(v1, v2)).toEqual([{ path: '/definition', to: 'Five states.' }, { path: '/languages/en', to: v2.languages.en }]);
    expect(diffContent(v2, v3)).toEqual([{ path: '/languages/zh-CN/0/status', from: 'preferred', to: 'admitted' }]);
    expect(diffContent(v3, v3)).toEqual([]);
  });
});

describe('entity tags', () => {
  it('are strong, compared exactly, and may come as a list', () => {
    const tag = entityTag('central-asia', 3);
    expect(tag).toBe('"central-asia-v3"');
    expect(ifMatchSatisfied('"central-asia-v3"', tag)).toBe(true);
    expect(ifMatchSatisfied('"x-v1", "central-asia-v3"', tag)).toBe(true);
    expect(ifMatchSatisfied('W/"central-asia-v3"', tag)).toBe(false);
    expect(ifMatchSatisfied('"central-asia-v2"', tag)).toBe(false);
  });
});
