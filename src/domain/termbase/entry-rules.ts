/**
 * Rules for entries written through the API, the CLI or an import: validation with the path of
 * every offending field, ids for new entries, field-level diffs for the history, entity tags.
 *
 * Validation (the curated glossary's schema is stricter: it also requires a subject field from
 * its list, a definition and a source, and exactly one preferred term per language):
 * - an entry needs at least one Chinese term (a section whose tag has the primary subtag `zh`);
 * - section keys are BCP 47 tags, stored canonical (`zh-cn` -> `zh-CN`); two keys naming the same
 *   tag, an invalid tag, or an empty section are errors (`/languages/xx-!!`);
 * - a term is one line of 1 to 200 characters (trimmed) with a letter or a digit in it (not only
 *   invisible characters or combining marks), with a status from the enum and an optional part of
 *   speech from the TBX-Basic picklist; every text is well-formed Unicode (domain/limits.ts);
 * - at most one preferred term per language: "preferred" means "the one to use". A section may
 *   have none (terms imported from a file that states no status).
 * - a term may not appear twice in one section (compared on its matching key, so `魯班工坊` and
 *   `鲁班工坊` are the same Chinese term); uniqueness across entries is the service's 409 rule;
 * - unknown fields are errors, at both levels.
 *
 * Ids: kebab-case slugs (`^[a-z0-9]+(-[a-z0-9]+)*$`, 2-80 characters), as in glossary/README.md.
 * A new entry without an id gets a slug of its English preferred term (else of any Latin-script
 * preferred term), else `concept-` and a hash of its Chinese key; a taken id gets `-2`, `-3`...
 *
 * Entity tags are strong validators of an entry version: `"<id>-v<version>"`. Versions never
 * repeat for an id, even across a delete and re-create, so an old tag can never match again.
 */
import { createHash } from 'node:crypto';
import { ValidationError, type FieldError } from '../errors.js';
import { MAX_LABEL_LENGTH, MAX_TERM_TEXT_LENGTH, hasLoneSurrogate, termProblem } from '../limits.js';
import { canonicalizeLanguageTag, isCharacterScored } from '../text/language-tag.js';
import { type EntryContent, type FieldChange, PARTS_OF_SPEECH, type PartOfSpeech, TERM_STATUSES, type Term, type TermStatus, contentOf } from './entry.js';
import { chineseKey } from './term-keys.js';

/** Entry ids: kebab-case slugs. */
export const ENTRY_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Longest id (as in glossary/entry.schema.json). */
export const MAX_ID_LENGTH = 80;

const ENTRY_FIELDS = new Set(['id', 'subjectField', 'definition', 'note', 'source', 'languages']);
const TERM_FIELDS = new Set(['term', 'status', 'partOfSpeech', 'context', 'note']);
const TEXT_FIELDS = [['subjectField', MAX_LABEL_LENGTH], ['definition', MAX_TERM_TEXT_LENGTH], ['note', MAX_TERM_TEXT_LENGTH], ['source', MAX_LABEL_LENGTH]] as const;

/** A validated entry: its id when one was given, and its content with canonical tags. */
export interface ValidEntry {
  id?: string;
  content: EntryContent;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** JSON-pointer escaping of one path segment. */
function seg(s: string | number): string {
  return String(s).replace(/~/g, '~0').replace(/\//g, '~1');
}

function text(value: unknown, path: string, max: number, errors: FieldError[], oneLine = false): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    errors.push({ path, message: 'must be a string' });
    return undefined;
  }
  const t = value.trim();
  if (hasLoneSurrogate(t)) errors.push({ path, message: 'must be well-formed Unicode (it holds a lone surrogate)' });
  else if (t === '') errors.push({ path, message: 'must not be blank' });
  else if ([...t].length > max) errors.push({ path, message: `must be at most ${max} characters` });
  else if (oneLine && /[\r\n\t]/.test(t)) errors.push({ path, message: 'must be one line (no tabs or line breaks)' });
  return t;
}

/** Whether a section tag's language is matched per character, per tag (parsing a tag is not cheap, and imports ask for every term). */
const characterScoredTags = new Map<string, boolean>();

/** True when a (valid) section tag's language is written without spaces and matched per character; remembered per tag. */
export function characterScored(lang: string): boolean {
  let scored = characterScoredTags.get(lang);
  if (scored === undefined) {
    scored = isCharacterScored(canonicalizeLanguageTag(lang));
    if (characterScoredTags.size < MAX_CACHED_TAGS) characterScoredTags.set(lang, scored);
  }
  return scored;
}

/** Tags remembered by `characterScored`: a term base has a few dozen languages; a file cannot grow the cache without bound. */
const MAX_CACHED_TAGS = 1000;

/**
 * The key on which two terms of one language are the same term: the recognition key for Chinese
 * (script, width, spaces and quotes folded), NFKC, case and whitespace for other languages.
 * Spelling variants recognition folds (ё/е, dashes) stay distinct terms: the glossary lists
 * `Мирзиеев` beside `Мирзиёев` on purpose.
 */
export function termKey(term: string, lang: string): string {
  if (characterScored(lang)) return chineseKey(term);
  return term.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

function termOf(value: unknown, path: string, errors: FieldError[]): string | undefined {
  if (typeof value !== 'string') {
    errors.push({ path, message: 'must be a string' });
    return undefined;
  }
  const t = value.trim();
  const problem = termProblem(t);
  if (problem) errors.push({ path, message: problem });
  return problem ? undefined : t;
}

function validateTerm(raw: unknown, path: string, errors: FieldError[]): Term | undefined {
  if (!isRecord(raw)) {
    errors.push({ path, message: 'must be an object {term, status}' });
    return undefined;
  }
  for (const k of Object.keys(raw)) if (!TERM_FIELDS.has(k)) errors.push({ path: `${path}/${seg(k)}`, message: 'is not a field of a term' });
  const term = raw.term === undefined ? (errors.push({ path: `${path}/term`, message: 'is required' }), undefined) : termOf(raw.term, `${path}/term`, errors);
  const status = raw.status;
  if (status === undefined) errors.push({ path: `${path}/status`, message: 'is required' });
  else if (!TERM_STATUSES.includes(status as TermStatus)) errors.push({ path: `${path}/status`, message: `must be one of ${TERM_STATUSES.join(', ')}` });
  const pos = raw.partOfSpeech;
  if (pos !== undefined && !PARTS_OF_SPEECH.includes(pos as PartOfSpeech)) {
    errors.push({ path: `${path}/partOfSpeech`, message: `must be one of ${PARTS_OF_SPEECH.join(', ')}` });
  }
  const context = text(raw.context, `${path}/context`, MAX_TERM_TEXT_LENGTH, errors);
  const note = text(raw.note, `${path}/note`, MAX_TERM_TEXT_LENGTH, errors);
  if (!term) return undefined;
  const out: Term = { term, status: status as TermStatus };
  if (pos !== undefined) out.partOfSpeech = pos as PartOfSpeech;
  if (context) out.context = context;
  if (note) out.note = note;
  return out;
}

function validateSection(tag: string, raw: unknown, path: string, errors: FieldError[]): Term[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    errors.push({ path, message: 'must be a non-empty list of terms' });
    return [];
  }
  const terms: Term[] = [];
  const keys = new Map<string, number>();
  let preferred: number | undefined;
  raw.forEach((r, i) => {
    const t = validateTerm(r, `${path}/${i}`, errors);
    if (!t) return;
    const key = termKey(t.term, tag);
    const dup = keys.get(key);
    if (dup !== undefined) errors.push({ path: `${path}/${i}/term`, message: `repeats term ${dup} ("${terms[dup]?.term}") of this language` });
    else keys.set(key, terms.length);
    if (t.status === 'preferred') {
      if (preferred !== undefined) errors.push({ path: `${path}/${i}/status`, message: `a language has at most one preferred term, and "${terms[preferred]?.term}" is preferred` });
      else preferred = terms.length;
    }
    terms.push(t);
  });
  return terms;
}

/** Throws one ValidationError naming every problem, the first in the message. */
export function throwIfErrors(errors: FieldError[], what = 'the entry'): void {
  if (errors.length === 0) return;
  const [first] = errors as [FieldError];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new ValidationError(`${what} is invalid: ${first.path}: ${first.message}${more}`, errors);
}

/** Validates an entry as written by a person or a file; throws a ValidationError. */
export function validateEntry(raw: unknown, opts: { allowId: boolean } = { allowId: true }): ValidEntry {
  const errors: FieldError[] = [];
  if (!isRecord(raw)) throw new ValidationError('the entry is invalid: it must be an object', [{ path: '', message: 'must be an object' }]);
  for (const k of Object.keys(raw)) {
    if (!ENTRY_FIELDS.has(k) || (k === 'id' && !opts.allowId)) errors.push({ path: `/${seg(k)}`, message: 'is not a field of an entry' });
  }
  let id: string | undefined;
  if (raw.id !== undefined && opts.allowId) {
    if (typeof raw.id !== 'string' || !ENTRY_ID_PATTERN.test(raw.id) || raw.id.length < 2 || raw.id.length > MAX_ID_LENGTH) {
      errors.push({ path: '/id', message: `must be a kebab-case slug of 2 to ${MAX_ID_LENGTH} characters (a-z, 0-9, single hyphens)` });
    } else id = raw.id;
  }
  const content: Partial<EntryContent> = {};
  for (const [field, max] of TEXT_FIELDS) {
    const value = text(raw[field], `/${field}`, max, errors, field === 'subjectField' || field === 'source');
    if (value) content[field] = value;
  }
  const languages: Record<string, Term[]> = {};
  if (!isRecord(raw.languages) || Object.keys(raw.languages).length === 0) {
    errors.push({ path: '/languages', message: 'must be an object of language sections, e.g. {"zh-CN": [{"term": "…", "status": "preferred"}]}' });
  } else {
    const seen = new Map<string, string>();
    for (const [key, section] of Object.entries(raw.languages)) {
      const path = `/languages/${seg(key)}`;
      let tag: string;
      try {
        tag = canonicalizeLanguageTag(key).tag;
      } catch (err) {
        errors.push({ path, message: (err as Error).message });
        continue;
      }
      const other = seen.get(tag);
      if (other !== undefined) {
        errors.push({ path, message: `names the same language as "${other}"` });
        continue;
      }
      seen.set(tag, key);
      languages[tag] = validateSection(tag, section, path, errors);
    }
    if (errors.length === 0 && !Object.keys(languages).some((t) => t.split('-')[0] === 'zh')) {
      errors.push({ path: '/languages', message: 'needs at least one Chinese (zh-*) term' });
    }
  }
  content.languages = languages;
  throwIfErrors(errors);
  return { ...(id ? { id } : {}), content: contentOf(content as EntryContent) };
}

/** A slug of `s`: `China-Central Asia Summit` -> `china-central-asia-summit`; empty when nothing is left. */
export function slugify(s: string, max = 60): string {
  const slug = s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const at = cut.lastIndexOf('-');
  return (at > 1 ? cut.slice(0, at) : slug.slice(0, max)).replace(/-+$/, '');
}

/** The slug a new entry's id starts from (see the module header); a taken one gets `-2`, `-3`... */
export function entryIdBase(content: EntryContent): string {
  const preferred = (lang: string) => content.languages[lang]?.find((t) => t.status === 'preferred')?.term ?? content.languages[lang]?.[0]?.term;
  const latin = Object.keys(content.languages).filter((t) => !t.startsWith('zh'));
  let base = slugify(preferred('en') ?? '');
  for (const tag of latin) if (base.length < 2) base = slugify(preferred(tag) ?? '');
  if (base.length < 2) {
    const zh = Object.keys(content.languages).find((t) => t.startsWith('zh'));
    const key = chineseKey(zh ? preferred(zh) ?? '' : '');
    base = `concept-${createHash('sha1').update(key).digest('hex').slice(0, 8)}`;
  }
  return base;
}

/** An id for a new entry (see the module header); `taken` says which ids are in use. */
export function newEntryId(content: EntryContent, taken: (id: string) => boolean): string {
  const base = entryIdBase(content);
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base.slice(0, MAX_ID_LENGTH - String(n).length - 1)}-${n}`;
  return id;
}

function change(path: string, from: unknown, to: unknown): FieldChange {
  const c: FieldChange = { path };
  if (from !== undefined) c.from = from;
  if (to !== undefined) c.to = to;
  return c;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Field-level differences between two versions (either may be absent: created, deleted). */
export function diffContent(before: EntryContent | undefined, after: EntryContent | undefined): FieldChange[] {
  const out: FieldChange[] = [];
  for (const [field] of TEXT_FIELDS) {
    const a = before?.[field];
    const b = after?.[field];
    if (a !== b) out.push(change(`/${field}`, a, b));
  }
  const la = before?.languages ?? {};
  const lb = after?.languages ?? {};
  for (const tag of [...new Set([...Object.keys(la), ...Object.keys(lb)])]) {
    const ta = la[tag];
    const tb = lb[tag];
    if (!ta || !tb) {
      if (ta || tb) out.push(change(`/languages/${seg(tag)}`, ta, tb));
      continue;
    }
    for (let i = 0; i < Math.max(ta.length, tb.length); i++) {
      const a = ta[i];
      const b = tb[i];
      const path = `/languages/${seg(tag)}/${i}`;
      if (!a || !b) out.push(change(path, a, b));
      else for (const k of TERM_FIELDS) {
        const fa = a[k as keyof Term];
        const fb = b[k as keyof Term];
        if (!same(fa, fb)) out.push(change(`${path}/${k}`, fa, fb));
      }
    }
  }
  return out;
}

/** The strong entity tag of an entry version. */
export function entityTag(id: string, version: number): string {
  return `"${id}-v${version}"`;
}

/**
 * True when an If-Match header names `tag` (RFC 9110 §13.1.1: a list of entity tags, compared
 * strongly, so a weak `W/"…"` never matches). `*` is not accepted as a version: the service
 * answers 428 for it before calling this.
 */
export function ifMatchSatisfied(header: string, tag: string): boolean {
  return header.split(',').map((s) => s.trim()).some((t) => t === tag);
}
