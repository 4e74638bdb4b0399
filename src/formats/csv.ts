/**
 * Term bases as CSV (RFC 4180) and TSV (IANA text/tab-separated-values): one concept per row,
 * a header row naming the columns. This is Caravan's convention (documented in README.md,
 * "Term base"):
 *
 * - `<tag>` (a BCP 47 language tag: `zh-CN`, `en`, `ru`, `zh-TW`...): the preferred term of that
 *   language. At least one Chinese (`zh-*`) column is required.
 * - `<tag>:admitted`, `<tag>:deprecated`, `<tag>:forbidden`: further terms of the language with
 *   that status, separated by `;` (a term cannot contain `;` in these columns).
 * - `id`, `subjectField`, `definition`, `note`, `source`: concept fields (names are matched
 *   without regard to case).
 * Columns may come in any order; an empty cell means "nothing here". A language cell's status is
 * assumed (it is the preferred term unless the entry already has another one); a status column
 * states its status. Per-term details (part of speech, context, term notes) do not travel in CSV:
 * use TBX for a full-fidelity exchange.
 *
 * Reading: UTF-8 with or without BOM; quoted fields may hold separators, quotes (`""`) and line
 * breaks; CRLF or LF; blank lines are skipped; a row may have fewer cells than the header (the
 * rest are empty) but not more. A TSV field may be quoted the same way. Errors name the line.
 * Writing: CSV quotes a field only when it holds `,`, `"`, CR or LF, and ends lines with CRLF;
 * TSV never quotes (tabs and line breaks in a value become spaces) and ends lines with LF.
 */
import { UnreadableInputError } from '../domain/errors.js';
import { quote } from '../domain/limits.js';
import { TERM_STATUSES, type TermEntry, type TermStatus } from '../domain/termbase/entry.js';
import { canonicalizeLanguageTag } from '../domain/text/language-tag.js';
import { type ConceptFile, type FileConcept, type FileSection, squash } from './concepts.js';

/** The concept columns, by lower-cased header name. */
const CONCEPT_COLUMNS = { id: 'id', subjectfield: 'subjectField', definition: 'definition', note: 'note', source: 'source' } as const;
type ConceptColumn = (typeof CONCEPT_COLUMNS)[keyof typeof CONCEPT_COLUMNS];
/** Separator of terms in a status column. */
export const LIST_SEPARATOR = ';';

type Column = { kind: 'concept'; field: ConceptColumn } | { kind: 'terms'; lang: string; status?: TermStatus };

/** A parsed row with the line it starts on. */
interface Row {
  cells: string[];
  line: number;
}

/** Splits delimited text into rows of cells (RFC 4180 quoting). */
export function parseDelimited(text: string, delimiter: ',' | '\t'): Row[] {
  const rows: Row[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let fieldStart = true;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== '') rows.push({ cells, line: rowLine });
    cells = [];
    cell = '';
    fieldStart = true;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else { if (ch === '\n') line++; cell += ch; }
      continue;
    }
    if (ch === '"' && fieldStart) { quoted = true; fieldStart = false; continue; }
    fieldStart = false;
    if (ch === delimiter) { cells.push(cell); cell = ''; fieldStart = true; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      rowLine = ++line;
    } else cell += ch;
  }
  if (quoted) throw new UnreadableInputError(`a quoted field that starts on line ${rowLine} is not closed`);
  if (cell !== '' || cells.length > 0) endRow();
  return rows;
}

function column(header: string, index: number): Column {
  const name = header.trim();
  const concept = CONCEPT_COLUMNS[name.toLowerCase() as keyof typeof CONCEPT_COLUMNS];
  if (concept) return { kind: 'concept', field: concept };
  const [tag, status, ...rest] = name.split(':');
  const known = `a language tag, <tag>:${TERM_STATUSES.slice(1).join('|')}, or one of ${Object.values(CONCEPT_COLUMNS).join(', ')}`;
  if (rest.length || (status !== undefined && !(TERM_STATUSES.slice(1) as string[]).includes(status))) {
    throw new UnreadableInputError(`column ${index + 1} of the header, "${quote(name)}", is not ${known}`);
  }
  try {
    const lang = canonicalizeLanguageTag(tag ?? '').tag;
    return status === undefined ? { kind: 'terms', lang } : { kind: 'terms', lang, status: status as TermStatus };
  } catch {
    throw new UnreadableInputError(`column ${index + 1} of the header, "${quote(name)}", is not ${known}`);
  }
}

/** Reads a CSV or TSV term base (see the module header). */
export function readDelimitedGlossary(text: string, format: 'csv' | 'tsv'): ConceptFile {
  const rows = parseDelimited(text.replace(/^\uFEFF/, ''), format === 'tsv' ? '\t' : ',');
  const [header, ...data] = rows;
  if (!header) throw new UnreadableInputError(`the ${format.toUpperCase()} file is empty; it needs a header row of language tags`);
  const columns = header.cells.map(column);
  const names = header.cells.map((c) => c.trim());
  const dup = names.findIndex((n, i) => names.indexOf(n) !== i);
  if (dup >= 0) throw new UnreadableInputError(`column ${dup + 1} of the header, "${quote(names[dup] ?? '')}", repeats an earlier column`);
  if (!columns.some((c) => c.kind === 'terms' && c.lang.split('-')[0] === 'zh' && c.status === undefined)) {
    throw new UnreadableInputError('the header has no Chinese column (zh-CN, zh-TW, ...); every concept needs a Chinese term');
  }
  const concepts = data.map((row, r): FileConcept => {
    if (row.cells.length > columns.length) {
      throw new UnreadableInputError(`line ${row.line} has ${row.cells.length} cells, more than the ${columns.length} columns of the header`);
    }
    const concept: FileConcept = { index: r + 1, where: `row ${r + 1} (line ${row.line})`, sections: [] };
    const section = (lang: string): FileSection => {
      let s = concept.sections.find((x) => x.lang === lang);
      if (!s) concept.sections.push((s = { lang, terms: [] }));
      return s;
    };
    columns.forEach((col, i) => {
      const cell = squash(row.cells[i] ?? '');
      if (!cell) return;
      if (col.kind === 'concept') concept[col.field] = cell;
      else if (col.status === undefined) section(col.lang).terms.unshift({ term: cell, stated: false });
      else for (const term of cell.split(LIST_SEPARATOR).map((t) => t.trim()).filter(Boolean)) section(col.lang).terms.push({ term, status: col.status, stated: true });
    });
    return concept;
  });
  return { format, concepts };
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function tsvField(value: string): string {
  return value.replace(/[\t\r\n]+/g, ' ');
}

/** CSV or TSV text of `entries`, in chunks (header, then one row per concept). */
export function* writeDelimitedGlossary(format: 'csv' | 'tsv', entries: readonly TermEntry[]): Generator<string> {
  const langs: string[] = [];
  const used = new Set<string>();
  for (const e of entries) {
    for (const [lang, terms] of Object.entries(e.languages)) {
      if (!langs.includes(lang)) langs.push(lang);
      for (const t of terms) if (t.status !== 'preferred') used.add(`${lang}:${t.status}`);
    }
  }
  const statusColumns = langs.flatMap((l) => TERM_STATUSES.slice(1).map((s) => `${l}:${s}`)).filter((c) => used.has(c));
  const header = [...langs, ...Object.values(CONCEPT_COLUMNS), ...statusColumns];
  const [field, eol, sep] = format === 'csv' ? [csvField, '\r\n', ','] : [tsvField, '\n', '\t'];
  yield header.map(field).join(sep) + eol;
  for (const e of entries) {
    const cells = header.map((h) => {
      if (langs.includes(h)) return e.languages[h]?.find((t) => t.status === 'preferred')?.term ?? '';
      const [lang, status] = h.split(':');
      if (status !== undefined) return (e.languages[lang as string] ?? []).filter((t) => t.status === status).map((t) => t.term).join(`${LIST_SEPARATOR} `);
      return e[h as ConceptColumn] ?? '';
    });
    yield cells.map(field).join(sep) + eol;
  }
}
