/**
 * Caravan's JSON glossary: an array of concept entries in the shape of the curated glossary
 * (`glossary/entries.json`, schema `glossary/entry.schema.json`): `id`, `subjectField`,
 * `definition`, `note`, `source` and `languages` (tag -> terms `{term, status, partOfSpeech,
 * context, note}`), without the server's bookkeeping. So a glossary exported as JSON can be
 * reviewed in git like the curated one, and the curated one imported into any glossary.
 *
 * Writing produces exactly what lowdb's JSON file adapter writes for the same array
 * (`JSON.stringify(entries, null, 2)` and a newline), in one chunk per entry, so the HTTP export
 * streams and `caravan glossary export --format json --out FILE` can write the same bytes
 * through lowdb. Reading is lenient as for the other formats: statuses that are not ours count as
 * unstated, other fields of the wrong type are ignored, and the term base's rules then decide.
 */
import { UnreadableInputError } from '../domain/errors.js';
import { type CuratedEntry, PARTS_OF_SPEECH, type PartOfSpeech, TERM_STATUSES, type TermEntry, type TermStatus, contentOf } from '../domain/termbase/entry.js';
import type { ConceptFile, FileConcept, FileTerm } from './concepts.js';

/** An entry as the JSON file holds it (the curated shape, with optional concept fields). */
export type JsonEntry = Omit<CuratedEntry, 'subjectField' | 'definition' | 'source'> & Partial<Pick<CuratedEntry, 'subjectField' | 'definition' | 'source'>>;

/** The file form of an entry: its id and content fields, in the curated order. */
export function jsonEntryOf(e: TermEntry): JsonEntry {
  return { id: e.id, ...contentOf(e) } as JsonEntry;
}

function indent(text: string): string {
  return text.replace(/\n/g, '\n  ');
}

/** `JSON.stringify(entries.map(jsonEntryOf), null, 2) + '\n'`, one chunk per entry. */
export function* writeGlossaryJson(entries: Iterable<TermEntry>): Generator<string> {
  let first = true;
  for (const e of entries) {
    yield `${first ? '[\n' : ',\n'}  ${indent(JSON.stringify(jsonEntryOf(e), null, 2))}`;
    first = false;
  }
  yield first ? '[]\n' : '\n]\n';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function termOf(raw: unknown): FileTerm | undefined {
  if (!isRecord(raw) || text(raw.term) === undefined) return undefined;
  const status = TERM_STATUSES.includes(raw.status as TermStatus) ? raw.status as TermStatus : undefined;
  const t: FileTerm = { term: text(raw.term) as string, stated: status !== undefined };
  if (status) t.status = status;
  if (PARTS_OF_SPEECH.includes(raw.partOfSpeech as PartOfSpeech)) t.partOfSpeech = raw.partOfSpeech as PartOfSpeech;
  if (text(raw.context)) t.context = text(raw.context);
  if (text(raw.note)) t.note = text(raw.note);
  return t;
}

/** The concepts of a parsed JSON glossary (an array of entries). */
export function conceptsFromJson(data: unknown): ConceptFile {
  if (!Array.isArray(data)) throw new UnreadableInputError('a JSON glossary is an array of entries, as in glossary/entries.json');
  const concepts = data.map((raw, i): FileConcept => {
    const concept: FileConcept = { index: i + 1, where: `entry ${i + 1}`, sections: [] };
    if (!isRecord(raw)) return concept;
    if (text(raw.id)) {
      concept.id = text(raw.id);
      concept.where += ` (id "${concept.id}")`;
    }
    for (const f of ['subjectField', 'definition', 'note', 'source'] as const) if (text(raw[f])) concept[f] = text(raw[f]);
    if (isRecord(raw.languages)) {
      for (const [lang, terms] of Object.entries(raw.languages)) {
        const list = (Array.isArray(terms) ? terms : []).map(termOf).filter((t): t is FileTerm => t !== undefined);
        concept.sections.push({ lang, terms: list });
      }
    }
    return concept;
  });
  return { format: 'json', concepts };
}

/** Reads a JSON glossary from its text. */
export function readGlossaryJson(source: string): ConceptFile {
  let data: unknown;
  try {
    data = JSON.parse(source.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new UnreadableInputError(`the JSON glossary is not well-formed JSON: ${(err as Error).message}`);
  }
  return conceptsFromJson(data);
}
