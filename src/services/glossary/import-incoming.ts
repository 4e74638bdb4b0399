/**
 * The first, self-contained step of a term-base import (steps 1 and 5 of glossary-import.ts that
 * need no store): an upload read by the format registry, and each concept checked. Language tags
 * are canonicalised (an invalid tag fails the whole import, naming the concept), repeated sections
 * of one language merged, terms held to the limits of domain/limits.ts before they are folded, and
 * concepts without a Chinese term or with two stated preferred terms in one language turned into
 * a skip reason. This runs in the import's worker thread (import-reader.ts), so a large file is
 * parsed and checked off the event loop; it needs nothing but the bytes.
 */
import { UnreadableInputError } from '../../domain/errors.js';
import { quote, termProblem } from '../../domain/limits.js';
import type { EntryContent } from '../../domain/termbase/entry.js';
import { termKey } from '../../domain/termbase/entry-rules.js';
import { primaryLanguage } from '../../domain/termbase/recognizer.js';
import { chineseKey } from '../../domain/termbase/term-keys.js';
import { canonicalizeLanguageTag } from '../../domain/text/language-tag.js';
import type { FileConcept, FileTerm } from '../../formats/concepts.js';
import { type FormatId, type TermbaseUploadFormat, type UploadSource, readTermbaseUpload } from '../../formats/registry.js';

/** A term-base upload, read and checked: the concepts as the file gives them, and per concept what the import makes of it. */
export interface CheckedFile {
  format: FormatId;
  concepts: FileConcept[];
  /** Per concept (same index): the checked concept, or why it is skipped. */
  incoming: (Incoming | string)[];
}

/** A concept of the file, checked: what the plan merges (or, as a string, why it is skipped). */
export interface Incoming {
  fields: Omit<EntryContent, 'languages'>;
  sections: Map<string, FileTerm[]>;
  /** Chinese keys of the file's sections, preferred terms first (the order step 2 tries them in). */
  keys: string[];
}

/** Canonical tags, merged sections, and the checks that skip a concept. */
export function incomingOf(c: FileConcept): Incoming | string {
  const sections = new Map<string, FileTerm[]>();
  for (const s of c.sections) {
    let tag: string;
    try {
      tag = canonicalizeLanguageTag(s.lang).tag;
    } catch {
      throw new UnreadableInputError(`${c.where}: the language "${quote(s.lang)}" is not a valid BCP 47 language tag`);
    }
    const terms = sections.get(tag) ?? [];
    // The limits of a term first: a 5 MB "term" is refused before it is folded.
    for (const [i, t] of s.terms.entries()) {
      const problem = termProblem(t.term.trim());
      if (problem) return `/languages/${tag}/${i}/term: ${problem}`;
    }
    for (const t of s.terms) if (!terms.some((x) => termKey(x.term, tag) === termKey(t.term, tag))) terms.push(t);
    if (terms.length) sections.set(tag, terms);
  }
  if (![...sections.keys()].some((t) => primaryLanguage(t) === 'zh')) return 'no Chinese (zh-*) term';
  for (const [tag, terms] of sections) {
    const preferred = terms.filter((t) => t.stated && t.status === 'preferred');
    if (preferred.length > 1) return `two preferred ${tag} terms: ${preferred.slice(0, 3).map((t) => `"${quote(t.term)}"`).join(', ')}`;
  }
  const fields: Omit<EntryContent, 'languages'> = {};
  for (const f of ['subjectField', 'definition', 'note', 'source'] as const) if (c[f] !== undefined) fields[f] = c[f];
  const keys = [...sections].filter(([tag]) => primaryLanguage(tag) === 'zh')
    .flatMap(([, ts]) => [...ts].sort((a, b) => Number(b.status === 'preferred') - Number(a.status === 'preferred')).map((t) => chineseKey(t.term)));
  return { fields, sections, keys };
}

/** Reads `source` (see readTermbaseUpload) and checks every concept. */
export async function readCheckedFile(source: UploadSource, opts: { format?: TermbaseUploadFormat; mediaType?: string }): Promise<CheckedFile> {
  const file = await readTermbaseUpload(source, opts);
  return { format: file.format, concepts: file.concepts, incoming: file.concepts.map(incomingOf) };
}
