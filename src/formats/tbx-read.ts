/**
 * Reads TBX term bases: TBX v2 (ISO 30042:2008, root `<martif>`, concepts `<termEntry>`,
 * languages `<langSet>`, terms in `<tig>` or in `<ntig>` with a `<termGrp>`) and TBX v3
 * (ISO 30042:2019, root `<tbx>` in `urn:iso:std:iso:30042:ed-2`, `<conceptEntry>`, `<langSec>`,
 * `<termSec>`), TBX-Basic and TBX-Core, in either style: DCA, where a data category is an
 * attribute (`<termNote type="partOfSpeech">`), or DCT, where it is an element of a module
 * namespace (`<basic:partOfSpeech>`). One reader serves both versions: they differ in names only.
 *
 * The document streams through the safe XML reader (no entity expansion, bounded depth) and only
 * one concept is in memory as a tree at a time. Read leniently, as real files need: language
 * sections may repeat (IBM's export has two `<langSet xml:lang="en">`), definitions may stand at
 * concept or language level or in a `descripGrp`, and unknown data categories are skipped. What
 * we keep: concept id, subjectField, definition, source (`admin type="source"`), notes (language-
 * level notes go into the concept note, prefixed with the language); per term: the status (see
 * concepts.ts), partOfSpeech (TBX-Basic picklist; other values dropped), context and notes.
 * Text is whitespace-squashed (files are pretty-printed). Our export writes an id that is not an
 * XML NCName (a curated id may start with a digit) with a leading `_`, removed again here. The
 * version is told by the root's name; a `<tbx>` root outside the ISO namespace (drafts of TBX v3
 * used none) is read as TBX v3 too. Reading yields to the event loop every few milliseconds.
 */
import { UnreadableInputError } from '../domain/errors.js';
import { quote } from '../domain/limits.js';
import { type ConceptFile, type FileConcept, type FileSection, type FileTerm, FORBIDDEN_NOTE, SUPERSEDED_NOTE, partOfSpeechFrom, squash, statusFromTbx } from './concepts.js';
import { TimeSlicer } from '../time-slice.js';
import { TBX3_NS } from './registry.js';
import { type XmlElement, type XmlSource, streamXml, textOf, xmlLang } from './xml/reader.js';

/** Core elements whose data category is their `type` attribute (DCA style). */
const TYPED = new Set(['termNote', 'descrip', 'admin', 'adminNote', 'descripNote', 'transac', 'transacNote', 'ref', 'xref']);
const SECTION = new Set(['langSet', 'langSec']);
const TERM_GROUP = new Set(['tig', 'ntig', 'termSec']);

function elements(el: XmlElement): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string');
}

/** The data category an element carries, or '' for core structure (`term`, `note`, ...). */
function category(el: XmlElement): string {
  if (TYPED.has(el.local) && (el.uri === '' || el.uri === TBX3_NS)) return el.attrs.type ?? '';
  return el.uri !== '' && el.uri !== TBX3_NS ? el.local : '';
}

/** Every descendant of `el` (document order), not descending into elements `stop` accepts. */
function descendants(el: XmlElement, stop: (e: XmlElement) => boolean = () => false): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of elements(el)) {
    if (stop(c)) continue;
    out.push(c, ...descendants(c, stop));
  }
  return out;
}

/** An id our export wrote with `_` because it is not an NCName (`_20th-…` -> `20th-…`). */
export function decodeTbxId(id: string): string {
  return /^_[0-9]/.test(id) ? id.slice(1) : id;
}

/** An id as TBX needs it: an XML NCName (`20th-…` -> `_20th-…`). */
export function encodeTbxId(id: string): string {
  return /^[0-9.-]/.test(id) ? `_${id}` : id;
}

function readTerm(group: XmlElement): FileTerm | undefined {
  const all = descendants(group);
  const termEl = all.find((e) => e.local === 'term' && category(e) === '');
  const term = termEl ? squash(textOf(termEl)) : '';
  if (!term) return undefined;
  const out: FileTerm = { term, stated: false };
  const notes: string[] = [];
  let superseded = false;
  for (const e of all) {
    const cat = category(e);
    const value = squash(textOf(e));
    if (!value) continue;
    if (e.local === 'note' && cat === '') notes.push(value);
    else if (cat === 'administrativeStatus' || cat === 'normativeAuthorization') {
      const status = statusFromTbx(value);
      if (status !== undefined && !out.stated) {
        out.stated = true;
        superseded = status === 'superseded';
        out.status = status === 'superseded' ? 'deprecated' : status;
      }
    } else if (cat === 'partOfSpeech') out.partOfSpeech ??= partOfSpeechFrom(value);
    else if (cat === 'context') out.context ??= value;
  }
  if (out.partOfSpeech === undefined) delete out.partOfSpeech;
  if (out.context === undefined) delete out.context;
  const forbidden = notes.findIndex((n) => FORBIDDEN_NOTE.test(n));
  if (forbidden >= 0 && out.status === 'deprecated') {
    out.status = 'forbidden';
    const reason = (notes[forbidden] as string).replace(FORBIDDEN_NOTE, '');
    notes.splice(forbidden, 1, ...(reason ? [reason] : []));
  }
  if (superseded) notes.unshift(SUPERSEDED_NOTE);
  if (notes.length) out.note = notes.join('\n');
  return out;
}

function readConcept(el: XmlElement, index: number): FileConcept {
  const id = el.attrs.id ? decodeTbxId(el.attrs.id) : undefined;
  const concept: FileConcept = { index, where: `${el.local} ${index}${id ? ` (id "${id}")` : ''}`, sections: [] };
  if (id) concept.id = id;
  const notes: string[] = [];
  const langDefinitions: [string, string][] = [];
  // A `source` admin inside a descripGrp documents the definition, not the concept.
  const walk = (parent: XmlElement, inGroup: boolean) => {
    for (const e of elements(parent)) {
      if (SECTION.has(e.local)) continue;
      const cat = category(e);
      const value = squash(textOf(e));
      if (value && cat === 'subjectField') concept.subjectField ??= value;
      else if (value && cat === 'definition') concept.definition ??= value;
      else if (value && cat === 'source' && !inGroup) concept.source ??= value;
      else if (value && e.local === 'note' && cat === '') notes.push(value);
      walk(e, inGroup || e.local === 'descripGrp');
    }
  };
  walk(el, false);
  for (const section of elements(el).filter((x) => SECTION.has(x.local))) {
    const lang = xmlLang(section);
    if (lang === undefined) throw new UnreadableInputError(`${concept.where}: a <${section.local}> has no xml:lang`);
    const fs: FileSection = { lang, terms: [] };
    for (const e of descendants(section, (x) => TERM_GROUP.has(x.local))) {
      const cat = category(e);
      const value = squash(textOf(e));
      if (value && cat === 'definition') langDefinitions.push([lang, value]);
      else if (value && e.local === 'note' && cat === '') notes.push(`[${lang}] ${value}`);
    }
    for (const group of descendants(section).filter((x) => TERM_GROUP.has(x.local))) {
      const term = readTerm(group);
      if (term) fs.terms.push(term);
    }
    concept.sections.push(fs);
  }
  if (concept.definition === undefined && langDefinitions.length) {
    concept.definition = (langDefinitions.find(([l]) => l.toLowerCase().startsWith('en')) ?? langDefinitions[0] as [string, string])[1];
  }
  if (notes.length) concept.note = notes.join('\n');
  return concept;
}

/** Reads a TBX v2 or v3 document; throws UnreadableInputError for anything else or malformed XML. */
export async function readTbx(source: XmlSource): Promise<ConceptFile> {
  let format: 'tbx-v2' | 'tbx-v3' | undefined;
  let entryName = '';
  const concepts: FileConcept[] = [];
  const slicer = new TimeSlicer();
  await streamXml(source, {
    onOpen(tag) {
      if (tag.depth === 0) {
        if (tag.local === 'martif') [format, entryName] = ['tbx-v2', 'termEntry'];
        else if (tag.local === 'tbx') [format, entryName] = ['tbx-v3', 'conceptEntry'];
        else throw new UnreadableInputError(`the root element is <${quote(tag.name)}>, not <martif> (TBX v2) or <tbx> (TBX v3)`);
        return false;
      }
      return tag.local === entryName;
    },
    // An upload that arrived faster than it is read continues without a turn of the event loop
    // between chunks: yield now and then, so a large file never holds other requests up.
    async onElement(el) {
      concepts.push(readConcept(el, concepts.length + 1));
      await slicer.check();
    },
  });
  if (!format) throw new UnreadableInputError('the document has no root element');
  return { format, concepts };
}
