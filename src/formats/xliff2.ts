/**
 * XLIFF 2.0, 2.1 and 2.2 (OASIS XLIFF Version 2.1, 2018), read leniently and written as 2.1
 * valid against the core schema and the module schemas (`validate.sh`).
 *
 * Reading: units in nested `group`s, several `segment`s and `ignorable`s per unit, notes,
 * `originalData`, the Translation Candidates module (`mtc:matches`, §5.1), the Glossary
 * module (`gls:glossary`, §5.2; entries anchored by `mrk type="term"`, whose markers become
 * the entry's span instead of codes) and the Metadata module (`mda:metadata`, §5.5) for the
 * document title and date.
 *
 * Writing (core §4.2: a unit's children are module elements, then `notes`, `originalData`,
 * then segments): `mtc:match ref="#<segment id>"` with `similarity`, `matchQuality` and
 * `type` (`icm` for in-context matches, `tm` otherwise), `gls:glossEntry ref="#<mrk id>"`
 * with a `mrk type="term"` around the term in the source, `mda:metadata` on the file.
 */
import { PayloadTooLargeError, UnreadableInputError } from '../domain/errors.js';
import { quote } from '../domain/limits.js';
import type { InlineCode, RichText } from '../domain/inline.js';
import { isNmtoken, trimIndentation } from './inline-codec.js';
import { XLIFF2_NS } from './registry.js';
import { OriginalData, readData, readInline2, textWithCp, writeInline2 } from './xliff2-inline.js';
import {
  DRAFT_SUBSTATE, TO_2, isCaravanSubState, type XliffDocument, type XliffReadOptions, type XliffFile, type XliffMatch, type XliffNote, type XliffSegment, type XliffTerm,
  type XliffUnit, matchTypeOfScore, stateFrom2,
} from './xliff-model.js';
import { parseStartTag } from './xml/fragment.js';
import { type XmlElement, type XmlSource, childOf, childrenOf, streamXml, textOf, xmlLang } from './xml/reader.js';
import { XmlWriter, escapeAttr } from './xml/writer.js';

export const MTC_NS = 'urn:oasis:names:tc:xliff:matches:2.0';
export const GLS_NS = 'urn:oasis:names:tc:xliff:glossary:2.0';
export const MDA_NS = 'urn:oasis:names:tc:xliff:metadata:2.0';

/** Category of the metadata group holding the document title and date. */
const DOCUMENT_META = 'document';

function readNotes(el: XmlElement | undefined): XliffNote[] {
  if (!el) return [];
  return childrenOf(el, 'note').map((n) => {
    const note: XliffNote = { text: textOf(n) };
    if (n.attrs.category !== undefined) note.category = n.attrs.category;
    if (n.attrs.appliesTo === 'source' || n.attrs.appliesTo === 'target') note.annotates = n.attrs.appliesTo;
    const p = Number(n.attrs.priority);
    if (Number.isInteger(p) && p >= 1 && p <= 10) note.priority = p;
    return note;
  });
}

function decimal(v: string | undefined): number | undefined {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Finds the span of a term marker in a source and removes the marker's two codes. */
function takeMarker(rt: RichText, id: string): { rt: RichText; start: number; end: number } | undefined {
  const isMarker = (c: InlineCode, type: 'open' | 'close') => c.id === id && c.type === type
    && (type === 'close' ? c.data === '</mrk>' || c.data?.startsWith('<em') : parseStartTag(c.data ?? '')?.local === 'mrk' || c.data?.startsWith('<sm'));
  const open = rt.codes.findIndex((c) => isMarker(c, 'open'));
  const close = rt.codes.findIndex((c, i) => i > open && isMarker(c, 'close'));
  if (open < 0 || close < 0) return undefined;
  const start = (rt.codes[open] as InlineCode).offset;
  const end = (rt.codes[close] as InlineCode).offset;
  return { rt: { text: rt.text, codes: rt.codes.filter((_, i) => i !== open && i !== close) }, start, end };
}

function readUnit(el: XmlElement, file: number, uri: string, translate: boolean, preserve: boolean, position: number): XliffUnit {
  const unit: XliffUnit = { file, translate: translate && el.attrs.translate !== 'no', segments: [], notes: readNotes(childOf(el, 'notes', uri)), matches: [], terms: [] };
  if (el.attrs.id !== undefined) unit.id = el.attrs.id;
  if (el.attrs.name !== undefined) unit.name = el.attrs.name;
  const keepSpace = el.attrs['xml:space'] === 'preserve' || (preserve && el.attrs['xml:space'] !== 'default');
  if (keepSpace) unit.preserveSpace = true;
  const original = childOf(el, 'originalData', uri);
  if (original) {
    unit.originalData = {};
    for (const d of childrenOf(original, 'data', uri)) if (d.attrs.id !== undefined) unit.originalData[d.attrs.id] = readData(d);
  }
  for (const part of el.children) {
    if (typeof part === 'string' || part.uri !== uri || (part.local !== 'segment' && part.local !== 'ignorable')) continue;
    const s = childOf(part, 'source', uri);
    const t = childOf(part, 'target', uri);
    // XLIFF 2, <segment> and <ignorable> contents: "One <source> element followed by zero or one
    // <target> element". A segment without one would be stored with an empty source.
    if (!s) {
      const which = `${part.local}${part.attrs.id === undefined ? ` ${unit.segments.length + 1}` : ` "${part.attrs.id}"`}`;
      throw new UnreadableInputError(`unit ${el.attrs.id === undefined ? `${position} (no id)` : `"${el.attrs.id}"`}: ${which} has no <source>`);
    }
    const source = readInline2(s, uri, !keepSpace && s.attrs['xml:space'] !== 'preserve');
    const target = t ? readInline2(t, uri, !keepSpace && t.attrs['xml:space'] !== 'preserve') : undefined;
    const segment: XliffSegment = { source, state: 'new' };
    if (part.attrs.id !== undefined) segment.id = part.attrs.id;
    if (target) segment.target = target;
    const targetLang = t ? xmlLang(t) : undefined;
    if (targetLang !== undefined) segment.targetLang = targetLang;
    if (part.local === 'ignorable') {
      segment.ignorable = true;
    } else {
      segment.state = stateFrom2(part.attrs.state, part.attrs.subState, source, target);
      if (part.attrs.state !== undefined) segment.nativeState = part.attrs.state;
      if (part.attrs.subState !== undefined) segment.qualifier = part.attrs.subState;
    }
    unit.segments.push(segment);
  }
  const segmentIndex = (ref: string | undefined) => {
    const id = ref?.replace(/^#/, '');
    return unit.segments.findIndex((s) => s.id !== undefined && s.id === id);
  };
  for (const matches of childrenOf(el, 'matches', MTC_NS)) {
    for (const m of childrenOf(matches, 'match', MTC_NS)) {
      const t = childOf(m, 'target', uri);
      if (!t) continue;
      const match: XliffMatch = { target: readInline2(t, uri, true) };
      const original = childOf(m, 'originalData', uri);
      if (original) {
        match.originalData = {};
        for (const d of childrenOf(original, 'data', uri)) if (d.attrs.id !== undefined) match.originalData[d.attrs.id] = readData(d);
      }
      const s = childOf(m, 'source', uri);
      if (s) match.source = readInline2(s, uri, true);
      const similarity = decimal(m.attrs.similarity) ?? decimal(m.attrs.matchQuality);
      const score = m.attrs.type === 'icm' ? 101 : similarity;
      if (score !== undefined) {
        match.score = score;
        match.matchType = m.attrs.type === 'mt' ? 'mt' : matchTypeOfScore(score) as string;
      }
      if (m.attrs.origin !== undefined) match.origin = m.attrs.origin;
      const ref = m.attrs.ref?.replace(/^#/, '');
      if (ref !== undefined && segmentIndex(ref) >= 0) match.segment = ref;
      unit.matches.push(match);
    }
  }
  for (const glossary of childrenOf(el, 'glossary', GLS_NS)) {
    for (const g of childrenOf(glossary, 'glossEntry', GLS_NS)) {
      const term: XliffTerm = { text: textOf(childOf(g, 'term', GLS_NS) ?? { ...g, children: [] }), start: 0, end: 0, segment: 0,
        translations: childrenOf(g, 'translation', GLS_NS).map(textOf) };
      const definition = childOf(g, 'definition', GLS_NS);
      if (definition) term.definition = textOf(definition);
      const source = childOf(g, 'term', GLS_NS)?.attrs.source;
      if (source !== undefined) term.origin = source;
      const markerId = g.attrs.ref?.replace(/^#/, '');
      if (markerId !== undefined) {
        for (const [i, seg] of unit.segments.entries()) {
          const found = takeMarker(seg.source, markerId);
          if (!found) continue;
          seg.source = found.rt;
          Object.assign(term, { start: found.start, end: found.end, segment: i });
          break;
        }
      }
      unit.terms.push(term);
    }
  }
  return unit;
}

function readMetadata(el: XmlElement, doc: XliffDocument): void {
  const walk = (g: XmlElement): void => {
    for (const c of childrenOf(g, 'metaGroup', MDA_NS)) walk(c);
    for (const m of childrenOf(g, 'meta', MDA_NS)) {
      if (m.attrs.type === 'title' && doc.title === undefined) doc.title = textOf(m);
      if (m.attrs.type === 'date' && doc.date === undefined) doc.date = textOf(m);
    }
  };
  walk(el);
}

/** Reads an XLIFF 2.x file; UnreadableInputError when it is not one or not well-formed. */
export async function readXliff2(source: XmlSource, opts: XliffReadOptions = {}): Promise<XliffDocument> {
  const doc: XliffDocument = { version: '2.0', sourceLang: '', files: [], units: [] };
  const open: { local: string; translate: boolean; preserve: boolean }[] = [];
  // Collected elements arrive after the parser has moved on, so their context is queued.
  const queued: { file: number; translate: boolean; preserve: boolean }[] = [];
  let uri = '';
  await streamXml(source, {
    onOpen(tag) {
      const parent = open[open.length - 1];
      if (tag.depth === 0) {
        if (tag.local !== 'xliff') throw new UnreadableInputError(`expected an XLIFF document, found <${quote(tag.name)}>`);
        uri = tag.uri;
        doc.version = tag.attrs.version ?? '2.0';
        if (!doc.version.startsWith('2')) throw new UnreadableInputError(`expected XLIFF 2.x, found version ${quote(doc.version)}`);
        doc.sourceLang = tag.attrs.srcLang ?? '';
        if (tag.attrs.trgLang) doc.targetLang = tag.attrs.trgLang;
      }
      if ((tag.uri === uri && tag.local === 'unit')
        || (parent?.local === 'file' && ((tag.uri === uri && tag.local === 'notes') || (tag.uri === MDA_NS && tag.local === 'metadata')))) {
        queued.push({ file: Math.max(0, doc.files.length - 1), translate: parent?.translate ?? true, preserve: parent?.preserve ?? false });
        return true;
      }
      if (tag.uri === uri && tag.local === 'file') {
        const file: XliffFile = { notes: [] };
        if (tag.attrs.id !== undefined) file.id = tag.attrs.id;
        if (tag.attrs.original !== undefined) file.original = tag.attrs.original;
        doc.files.push(file);
      }
      const space = tag.attrs['xml:space'];
      open.push({ local: tag.local, translate: (parent?.translate ?? true) && tag.attrs.translate !== 'no',
        preserve: space === 'preserve' || (space !== 'default' && (parent?.preserve ?? false)) });
      return false;
    },
    onClose() {
      open.pop();
    },
    onElement(el) {
      const { file, translate, preserve } = queued.shift() as { file: number; translate: boolean; preserve: boolean };
      if (el.local === 'notes') doc.files[file]?.notes.push(...readNotes(el));
      else if (el.local === 'metadata') readMetadata(el, doc);
      else {
        if (doc.units.length >= (opts.maxUnits ?? Infinity)) throw new PayloadTooLargeError(`the file has more than ${opts.maxUnits} units`);
        doc.units.push(readUnit(el, file, uri, translate, preserve, doc.units.length + 1));
      }
    },
  });
  if (doc.files.length === 0) throw new UnreadableInputError('the XLIFF document has no <file>');
  return doc;
}

/** Segment ids as written: the segment's own when usable, else `s<n>`, unique within the unit. */
function segmentIds(u: XliffUnit): (string | undefined)[] {
  const used = new Set<string>();
  const given = u.segments.map((s) => (isNmtoken(s.id) && !used.has(s.id) ? (used.add(s.id), s.id) : undefined));
  let n = 0;
  return u.segments.map((s, i) => {
    if (given[i] !== undefined || s.ignorable) return given[i];
    let id: string;
    do id = `s${++n}`; while (used.has(id));
    used.add(id);
    return id;
  });
}

/** Unit ids as written: the unit's own when usable, else `u<n>`, unique within their file. */
export function xliff2UnitIds(units: readonly XliffUnit[]): string[] {
  const used = new Map<number, Set<string>>();
  return units.map((u, n) => {
    const seen = used.get(u.file) ?? new Set<string>();
    used.set(u.file, seen);
    let id = isNmtoken(u.id) && !seen.has(u.id) ? u.id : `u${n + 1}`;
    for (let k = 2; seen.has(id); k++) id = `u${n + 1}_${k}`;
    seen.add(id);
    return id;
  });
}

/** The source with `mrk type="term"` markers around the unit's terms in segment `index`. */
function withTermMarkers(source: RichText, terms: readonly XliffTerm[], index: number, ids: string[]): RichText {
  const opens: InlineCode[] = [];
  const closes: InlineCode[] = [];
  terms.forEach((t, k) => {
    if (t.segment !== index || t.end <= t.start) return;
    const id = ids[k] as string;
    opens.push({ id, type: 'open', offset: t.start, data: `<mrk id="${escapeAttr(id)}" type="term">` });
    closes.push({ id, type: 'close', offset: t.end, data: '</mrk>' });
  });
  // Closes first and opens last at equal offsets, so markers nest inside the codes around them.
  return { text: source.text, codes: [...closes.reverse(), ...source.codes, ...opens] };
}

function writeNotes(w: XmlWriter, notes: readonly XliffNote[]): void {
  if (!notes.length) return;
  w.start('notes');
  for (const n of notes) {
    w.leaf('note', { category: n.category ?? n.from, priority: n.priority, appliesTo: n.annotates === 'general' ? undefined : n.annotates }, n.text);
  }
  w.end();
}

function writeMatch(w: XmlWriter, m: XliffMatch, ref: string): void {
  const data = new OriginalData(m.originalData);
  const source = writeInline2(m.source ?? { text: '', codes: [] }, data);
  const target = writeInline2(m.target, data);
  const score = m.score === undefined ? undefined : Math.max(0, Math.min(100, m.score));
  w.start('mtc:match', { ref: `#${ref}`, similarity: score, matchQuality: score,
    type: m.matchType === 'mt' ? 'mt' : (m.score ?? 0) >= 101 ? 'icm' : 'tm', origin: m.origin });
  writeOriginalData(w, data);
  w.inline('source', {}, source);
  w.inline('target', {}, target);
  w.end();
}

function writeOriginalData(w: XmlWriter, data: OriginalData): void {
  if (data.entries.size === 0) return;
  w.start('originalData');
  for (const [id, content] of data.entries) w.inline('data', { id }, textWithCp(content));
  w.end();
}

function writeUnit(w: XmlWriter, u: XliffUnit, id: string): void {
  const segIds = segmentIds(u);
  const termIds = u.terms.map((_, k) => `t${k + 1}`);
  const data = new OriginalData(u.originalData);
  /** `preserve` on a source or target whose line breaks at the edges a reader would trim. */
  const spaceOf = (rt: RichText) => (!u.preserveSpace && trimIndentation(rt) !== rt ? 'preserve' : undefined);
  const parts = u.segments.map((s, i) => ({
    s,
    source: writeInline2(withTermMarkers(s.source, u.terms, i, termIds), data),
    target: s.target ? writeInline2(s.target, data) : undefined,
  }));
  w.start('unit', { id, name: u.name, translate: u.translate ? undefined : 'no', 'xml:space': u.preserveSpace ? 'preserve' : undefined });
  const firstSegment = segIds[u.segments.findIndex((s) => !s.ignorable)] as string;
  if (u.matches.length) {
    w.start('mtc:matches');
    for (const m of u.matches) {
      const ref = m.segment !== undefined && u.segments.some((s, i) => s.id === m.segment && !s.ignorable && segIds[i] === m.segment) ? m.segment : firstSegment;
      writeMatch(w, m, ref);
    }
    w.end();
  }
  const anchored = u.terms.filter((t) => t.end > t.start);
  if (anchored.length) {
    w.start('gls:glossary');
    u.terms.forEach((t, k) => {
      if (t.end <= t.start) return;
      w.start('gls:glossEntry', { ref: `#${termIds[k]}` });
      w.leaf('gls:term', { source: t.origin }, t.text);
      for (const tr of t.translations) w.leaf('gls:translation', {}, tr);
      if (t.definition) w.leaf('gls:definition', {}, t.definition);
      w.end();
    });
    w.end();
  }
  writeNotes(w, u.notes);
  writeOriginalData(w, data);
  parts.forEach(({ s, source, target }, i) => {
    if (s.ignorable) {
      w.start('ignorable', { id: segIds[i] });
    } else {
      const keepNative = s.nativeState !== undefined && TO_2[s.state] === s.nativeState;
      const userDefined = s.qualifier !== undefined && /^[^\s:]+:[^\s:]+$/.test(s.qualifier) ? s.qualifier : undefined;
      const subState = s.state === 'draft' ? (isCaravanSubState(userDefined) ? userDefined : DRAFT_SUBSTATE)
        : isCaravanSubState(userDefined) ? undefined : userDefined;
      w.start('segment', { id: s.id !== undefined || u.matches.length ? segIds[i] : undefined, state: keepNative ? s.nativeState : TO_2[s.state], subState });
    }
    w.inline('source', { 'xml:space': spaceOf(s.source) }, source);
    if (target !== undefined && s.target) w.inline('target', { 'xml:space': spaceOf(s.target) }, target);
    w.end();
  });
  w.end();
}

/** Writes an XLIFF 2.1 file valid against the core and module schemas; yields it in chunks. */
export function* writeXliff2(doc: XliffDocument): Generator<string> {
  const w = new XmlWriter();
  w.start('xliff', { xmlns: XLIFF2_NS, 'xmlns:mtc': MTC_NS, 'xmlns:gls': GLS_NS, 'xmlns:mda': MDA_NS, version: '2.1', srcLang: doc.sourceLang, trgLang: doc.targetLang });
  const ids = xliff2UnitIds(doc.units);
  const files = doc.files.length ? doc.files : [{ notes: [] }];
  const fileIds = new Set<string>();
  for (const [f, file] of files.entries()) {
    let fileId = isNmtoken(file.id) && !fileIds.has(file.id) ? file.id : `f${f + 1}`;
    while (fileIds.has(fileId)) fileId = `${fileId}_`;
    fileIds.add(fileId);
    w.start('file', { id: fileId, original: file.original });
    if (f === 0 && (doc.title !== undefined || doc.date !== undefined)) {
      w.start('mda:metadata').start('mda:metaGroup', { category: DOCUMENT_META });
      if (doc.title !== undefined) w.leaf('mda:meta', { type: 'title' }, doc.title);
      if (doc.date !== undefined) w.leaf('mda:meta', { type: 'date' }, doc.date);
      w.end().end();
    }
    writeNotes(w, file.notes);
    let written = 0;
    for (const [n, u] of doc.units.entries()) {
      if (u.file !== f && !(f === 0 && u.file >= files.length)) continue;
      if (u.segments.length === 0) continue;
      writeUnit(w, u, ids[n] as string);
      if (++written % 100 === 0) yield w.take();
    }
    if (written === 0) w.leaf('group', { id: 'empty' }); // the core schema needs a unit or group in each file
    w.end();
  }
  w.end();
  yield w.finish();
}

/** The whole file as one string. */
export function xliff2ToString(doc: XliffDocument): string {
  return [...writeXliff2(doc)].join('');
}
