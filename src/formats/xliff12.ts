/**
 * XLIFF 1.0, 1.1 and 1.2 (OASIS XLIFF 1.2, 2008), including Trados Studio `.sdlxliff` and
 * memoQ `.mqxliff`, read leniently and written valid against the strict 1.2 schema.
 *
 * Reading counts units as translate-toolkit does: every `trans-unit`, in nested `group`s,
 * with or without an `id`. A unit with a `seg-source` (§2.7: `mrk mtype="seg"`) takes its
 * source from there, so the segment markers pair up with those of the target. States come
 * from `target/@state` and `approved` (see xliff-model.ts); Trados and memoQ keep their own
 * (`sdl:seg/@conf`, `mq:status`), which are used when `state` is missing.
 *
 * Writing (§2.1 "file" needs original, source-language and datatype): one `trans-unit` per
 * segment; children in schema order (source, seg-source, target, then notes and alt-trans);
 * unit ids unique within their file. The terms of a unit go into a note (1.2 has no glossary
 * module), from "Caravan glossary", which the reader turns back into terms.
 */
import { PayloadTooLargeError, UnreadableInputError } from '../domain/errors.js';
import { quote } from '../domain/limits.js';
import type { RichText } from '../domain/inline.js';
import { VERSION } from '../version.js';
import { XLIFF12_NS } from './registry.js';
import { isSegMarker, readInline12, segSourceMids, writeInline12, DATATYPES } from './xliff12-inline.js';
import {
  type XliffDocument, type XliffFile, type XliffMatch, type XliffReadOptions, type XliffNote, type XliffSegment, type XliffTerm, type XliffUnit,
  TO_12, matchTypeOfScore, stateFrom12,
} from './xliff-model.js';
import { type XmlElement, type XmlSource, childOf, childrenOf, streamXml, textOf, xmlLang } from './xml/reader.js';
import { XmlWriter } from './xml/writer.js';

/** `from` of the note that lists a unit's terms. */
export const TERMS_NOTE_FROM = 'Caravan glossary';

/** Trados Studio confirmation levels -> XLIFF 1.2 states. */
const SDL_CONF: Record<string, string> = {
  Draft: 'needs-review-translation', Translated: 'translated', RejectedTranslation: 'needs-review-translation',
  ApprovedTranslation: 'signed-off', RejectedSignOff: 'needs-review-translation', ApprovedSignOff: 'final',
};
/** memoQ row statuses -> XLIFF 1.2 states. */
const MQ_STATUS: Record<string, string> = {
  NotStarted: 'new', Editing: 'needs-review-translation', PartiallyEdited: 'needs-review-translation',
  Pretranslated: 'needs-review-translation', MachineTranslated: 'needs-review-translation', Rejected: 'needs-review-translation',
  ManuallyConfirmed: 'translated', Confirmed: 'translated', Proofread: 'signed-off', Reviewer1Confirmed: 'signed-off',
  Reviewer2Confirmed: 'final',
};

function yesNo(v: string | undefined): boolean | undefined {
  return v === 'yes' ? true : v === 'no' ? false : undefined;
}

/** A match-quality such as `85`, `85%` or `85.5`; undefined when it is not a number. */
function score(v: string | undefined): number | undefined {
  const m = v === undefined ? null : /^\s*(\d{1,3}(?:\.\d+)?)\s*%?\s*$/.exec(v);
  return m ? Math.min(101, Number(m[1])) : undefined;
}

function readNote(el: XmlElement): XliffNote {
  const note: XliffNote = { text: textOf(el) };
  if (el.attrs.from !== undefined) note.from = el.attrs.from;
  const a = el.attrs.annotates;
  if (a === 'source' || a === 'target' || a === 'general') note.annotates = a;
  const p = Number(el.attrs.priority);
  if (Number.isInteger(p) && p >= 1 && p <= 10) note.priority = p;
  return note;
}

/** The terms note: `Terms:` then one `term = translation | translation` per line. */
export function termsNote(terms: readonly XliffTerm[]): string {
  return ['Terms:', ...terms.map((t) => `${t.text} = ${t.translations.join(' | ')}`)].join('\n');
}

function termsFromNote(text: string, source: string): XliffTerm[] {
  const chars = [...source];
  const terms: XliffTerm[] = [];
  for (const line of text.split('\n').slice(1)) {
    const at = line.indexOf(' = ');
    if (at <= 0) continue;
    const term = line.slice(0, at);
    const unit = source.indexOf(term);
    const start = unit < 0 ? 0 : [...source.slice(0, unit)].length;
    const translations = line.slice(at + 3).split(' | ').filter((t) => t !== '');
    terms.push({ text: term, start, end: unit < 0 ? 0 : Math.min(chars.length, start + [...term].length), segment: 0, translations });
  }
  return terms;
}

function readUnit(el: XmlElement, file: number, uri: string, translate: boolean, position: number): XliffUnit {
  const sourceEl = childOf(el, 'source');
  const segSource = childOf(el, 'seg-source');
  const targetEl = childOf(el, 'target');
  // XLIFF 1.2, <trans-unit> contents: "One <source> element, followed by ...". Without it there is
  // nothing to translate; a unit with an empty source would be stored as meaningless.
  if (!sourceEl && !segSource) {
    throw new UnreadableInputError(`${el.attrs.id === undefined ? `trans-unit ${position} (no id)` : `trans-unit "${el.attrs.id}"`} has no <source>`);
  }
  const source = readInline12((segSource ?? sourceEl) as XmlElement, uri);
  const target = targetEl ? readInline12(targetEl, uri) : undefined;
  const approved = yesNo(el.attrs.approved);
  let nativeState = targetEl?.attrs.state;
  if (nativeState === undefined) {
    const conf = childrenOf(el, 'seg-defs').flatMap((d) => childrenOf(d, 'seg')).map((s) => s.attrs.conf).find((c) => c !== undefined);
    const mq = Object.entries(el.attrs).find(([k]) => k.endsWith(':status'))?.[1];
    nativeState = (conf !== undefined ? SDL_CONF[conf] : undefined) ?? (mq !== undefined ? MQ_STATUS[mq] : undefined);
  }
  const segment: XliffSegment = { source, state: stateFrom12(nativeState, approved, source, target) };
  if (target) segment.target = target;
  const targetLang = targetEl ? xmlLang(targetEl) : undefined;
  if (targetLang !== undefined) segment.targetLang = targetLang;
  if (nativeState !== undefined) segment.nativeState = nativeState;
  const qualifier = targetEl?.attrs['state-qualifier'];
  if (qualifier !== undefined) segment.qualifier = qualifier;

  const unit: XliffUnit = { file, translate: translate && el.attrs.translate !== 'no', segments: [segment], notes: [], matches: [], terms: [] };
  if (el.attrs.id !== undefined) unit.id = el.attrs.id;
  if (el.attrs.resname !== undefined) unit.name = el.attrs.resname;
  if (approved !== undefined) unit.approved = approved;
  if (el.attrs['xml:space'] === 'preserve') unit.preserveSpace = true;
  for (const n of childrenOf(el, 'note')) {
    const note = readNote(n);
    if (note.from === TERMS_NOTE_FROM && note.text.startsWith('Terms:')) unit.terms.push(...termsFromNote(note.text, source.text));
    else unit.notes.push(note);
  }
  for (const alt of childrenOf(el, 'alt-trans')) {
    const t = childOf(alt, 'target');
    if (!t) continue;
    const match: XliffMatch = { target: readInline12(t, uri) };
    const s = childOf(alt, 'source');
    if (s) match.source = readInline12(s, uri);
    const q = score(alt.attrs['match-quality']);
    if (q !== undefined) {
      match.score = q;
      match.matchType = matchTypeOfScore(q) as string;
    }
    if (alt.attrs.origin !== undefined) match.origin = alt.attrs.origin;
    if (alt.attrs.mid !== undefined) match.segment = alt.attrs.mid;
    unit.matches.push(match);
  }
  return unit;
}

/** Reads an XLIFF 1.x file; UnreadableInputError when it is not one or not well-formed. */
export async function readXliff12(source: XmlSource, opts: XliffReadOptions = {}): Promise<XliffDocument> {
  const doc: XliffDocument = { version: '1.2', sourceLang: '', files: [], units: [] };
  const open: { local: string; translate: boolean }[] = [];
  // Collected elements arrive after the parser has moved on (a chunk at a time), so the
  // context of each one (its file, inherited translate) is queued when it opens.
  const queued: { file: number; translate: boolean }[] = [];
  let uri = '';
  await streamXml(source, {
    onOpen(tag) {
      if (tag.depth === 0) {
        if (tag.local !== 'xliff') throw new UnreadableInputError(`expected an XLIFF document, found <${quote(tag.name)}>`);
        uri = tag.uri;
        doc.version = tag.attrs.version ?? /:document:(1\.\d)$/.exec(tag.uri)?.[1] ?? '1.2';
        if (!doc.version.startsWith('1')) throw new UnreadableInputError(`expected XLIFF 1.x, found version ${quote(doc.version)}`);
        const ns = Object.values(tag.attrs);
        if (ns.includes('http://sdl.com/FileTypes/SdlXliff/1.0')) doc.flavor = 'sdlxliff';
        else if (ns.includes('MQXliff')) doc.flavor = 'mqxliff';
        else if (ns.includes('okapi-framework:xliff-extensions')) doc.flavor = 'okapi';
      }
      const parent = open[open.length - 1];
      const collect = (tag.local === 'trans-unit' && tag.uri === uri) || (tag.local === 'note' && parent?.local === 'header');
      if (collect) {
        queued.push({ file: Math.max(0, doc.files.length - 1), translate: parent?.translate ?? true });
        return true;
      }
      if (tag.local === 'file' && tag.uri === uri) {
        const file: XliffFile = { notes: [] };
        if (tag.attrs.original !== undefined) file.original = tag.attrs.original;
        if (tag.attrs.datatype !== undefined) file.datatype = tag.attrs.datatype;
        if (tag.attrs.id !== undefined) file.id = tag.attrs.id;
        doc.files.push(file);
        if (doc.files.length === 1) {
          doc.sourceLang = tag.attrs['source-language'] ?? '';
          if (tag.attrs['target-language']) doc.targetLang = tag.attrs['target-language'];
        }
      }
      open.push({ local: tag.local, translate: (parent?.translate ?? true) && tag.attrs.translate !== 'no' });
      return false;
    },
    onClose() {
      open.pop();
    },
    onElement(el) {
      const { file, translate } = queued.shift() as { file: number; translate: boolean };
      if (el.local === 'note') doc.files[file]?.notes.push(readNote(el));
      else {
        if (doc.units.length >= (opts.maxUnits ?? Infinity)) throw new PayloadTooLargeError(`the file has more than ${opts.maxUnits} units`);
        doc.units.push(readUnit(el, file, uri, translate, doc.units.length + 1));
      }
    },
  });
  if (doc.files.length === 0) throw new UnreadableInputError('the XLIFF document has no <file>');
  return doc;
}

/** Unit ids as written: the unit's own, suffixed per segment, made unique within each file. */
export function xliff12UnitIds(units: readonly XliffUnit[]): string[][] {
  const used = new Map<number, Set<string>>();
  return units.map((u, n) => {
    const seen = used.get(u.file) ?? new Set<string>();
    used.set(u.file, seen);
    const segments = u.segments.filter((s) => !s.ignorable);
    return segments.map((s, i) => {
      let id = u.id ?? String(n + 1);
      if (segments.length > 1) id = `${id}_${s.id ?? i + 1}`;
      for (let k = 2; seen.has(id); k++) id = `${u.id ?? n + 1}_${k}`;
      seen.add(id);
      return id;
    });
  });
}

function noteAttrs(n: XliffNote): Record<string, string | number | undefined> {
  return { from: n.from, priority: n.priority, annotates: n.annotates };
}

const STATES_12 = new Set(Object.keys(TO_12).map((k) => TO_12[k as keyof typeof TO_12]).concat(
  ['needs-adaptation', 'needs-l10n', 'needs-review-adaptation', 'needs-review-l10n', 'needs-translation']));
const QUALIFIERS_12 = new Set(['exact-match', 'fuzzy-match', 'id-match', 'leveraged-glossary', 'leveraged-inherited', 'leveraged-mt',
  'leveraged-repository', 'leveraged-tm', 'mt-suggestion', 'rejected-grammar', 'rejected-inaccurate', 'rejected-length',
  'rejected-spelling', 'tm-suggestion']);

/** The state to write: the file's own when it still means the segment's state, else the mapped one. */
function state12(s: XliffSegment, approved: boolean | undefined): string {
  const native = s.nativeState;
  if (native !== undefined && (STATES_12.has(native) || /^x-\S+$/.test(native))
    && stateFrom12(native, approved, s.source, s.target) === s.state) return native;
  return TO_12[s.state];
}

function writeSource(w: XmlWriter, source: RichText): void {
  const segmented = source.codes.some((c) => c.type === 'open' && isSegMarker(c.data));
  w.inline('source', {}, writeInline12(source, { dropSegMarkers: true }));
  if (segmented) w.inline('seg-source', {}, writeInline12(source));
}

function writeUnit(w: XmlWriter, u: XliffUnit, ids: string[]): void {
  const segments = u.segments.filter((s) => !s.ignorable);
  segments.forEach((s, i) => {
    w.start('trans-unit', {
      id: ids[i], resname: u.name, translate: u.translate ? undefined : 'no', approved: u.approved === undefined ? undefined : u.approved ? 'yes' : 'no',
      'xml:space': u.preserveSpace ? 'preserve' : undefined,
    });
    writeSource(w, s.source);
    if (s.target) {
      const qualifier = s.qualifier !== undefined && (QUALIFIERS_12.has(s.qualifier) || /^x-\S+$/.test(s.qualifier)) ? s.qualifier : undefined;
      const mids = segSourceMids(s.source);
      w.inline('target', { state: state12(s, u.approved), 'state-qualifier': qualifier }, writeInline12(s.target, { knownMids: mids }));
    }
    if (i === 0) for (const n of u.notes) w.leaf('note', noteAttrs(n), n.text);
    const terms = u.terms.filter((t) => t.segment === i);
    if (terms.length) w.leaf('note', { from: TERMS_NOTE_FROM, annotates: 'source' }, termsNote(terms));
    const matches = u.matches.filter((m) => segments.length === 1 || m.segment === s.id || (i === 0 && !segments.some((x) => x.id === m.segment)));
    for (const m of matches) {
      w.start('alt-trans', { 'match-quality': m.score === undefined ? undefined : String(Math.round(m.score)), origin: m.origin });
      if (m.source) w.inline('source', {}, writeInline12(m.source, { dropSegMarkers: true }));
      w.inline('target', {}, writeInline12(m.target, { knownMids: new Set() }));
      w.end();
    }
    w.end();
  });
}

/** Writes an XLIFF 1.2 file valid against the strict schema; yields it in chunks. */
export function* writeXliff12(doc: XliffDocument): Generator<string> {
  const w = new XmlWriter();
  w.start('xliff', { version: '1.2', xmlns: XLIFF12_NS });
  const ids = xliff12UnitIds(doc.units);
  const files = doc.files.length ? doc.files : [{ notes: [] }];
  for (const [f, file] of files.entries()) {
    const datatype = file.datatype !== undefined && DATATYPES(file.datatype) ? file.datatype : 'plaintext';
    w.start('file', { original: file.original ?? 'caravan', 'source-language': doc.sourceLang, 'target-language': doc.targetLang, datatype, 'tool-id': 'caravan' });
    w.start('header');
    w.leaf('tool', { 'tool-id': 'caravan', 'tool-name': 'Caravan', 'tool-version': VERSION });
    for (const n of file.notes) w.leaf('note', noteAttrs(n), n.text);
    w.end();
    w.start('body');
    for (const [n, u] of doc.units.entries()) {
      if (u.file !== f && !(f === 0 && u.file >= files.length)) continue;
      writeUnit(w, u, ids[n] as string[]);
      if (n % 100 === 99) yield w.take();
    }
    w.end().end();
  }
  w.end();
  yield w.finish();
}

/** The whole file as one string. */
export function xliff12ToString(doc: XliffDocument): string {
  return [...writeXliff12(doc)].join('');
}
