/**
 * Documents <-> XLIFF models. A document imported from XLIFF keeps, in each segment's `data`,
 * what an export needs to give the file back: the unit and segment ids, the file it was in,
 * the unit's notes and originalData, the ignorables around it, and the inline codes of source
 * and target (`sourceCodes`/`targetCodes`, the standoff codes of `domain/inline.ts`); the
 * files' attributes go into the document's `meta.format.xliff`. Documents made from text have
 * none of this and export one unit per segment.
 *
 * The unit ids an export writes are computed here from the document alone, so that an import
 * of the translated file finds each unit's segment again (`exportKeys`).
 */
import type { DocumentMeta, DocumentRecord, SegmentRecord } from '../../domain/document/document.js';
import type { SegmentState } from '../../domain/document/state.js';
import type { InlineCode, RichText } from '../../domain/inline.js';
import type { XliffDocument, XliffFile, XliffNote, XliffSegment, XliffUnit } from '../../formats/xliff-model.js';
import { xliff12UnitIds } from '../../formats/xliff12.js';
import { xliff2UnitIds } from '../../formats/xliff2.js';

/** Where a segment came from in an XLIFF file (`SegmentRecord.data.xliff`). */
export interface XliffOrigin {
  file: number;
  unit?: string;
  segment?: string;
  /** A running number of the unit in the file, so units without ids still group. */
  unitIndex: number;
  name?: string;
  translate?: false;
  preserveSpace?: true;
  nativeState?: string;
  qualifier?: string;
  notes?: XliffNote[];
  originalData?: Record<string, string>;
  /** XLIFF 2 ignorables before (only on a unit's first segment) and after this segment. */
  before?: RichText[];
  after?: RichText[];
}

/** What a segment's `data` holds for the exchange formats. */
export interface ExchangeData {
  xliff?: XliffOrigin;
  sourceCodes?: InlineCode[];
  targetCodes?: InlineCode[];
}

/** What `meta.format.xliff` holds. */
export interface XliffMeta {
  version: string;
  flavor?: string;
  files: XliffFile[];
}

/** The exchange data of a stored segment. */
export function exchangeData(s: Pick<SegmentRecord, 'data'>): ExchangeData {
  return (s.data ?? {}) as ExchangeData;
}

/** A new document's segments and meta from a parsed XLIFF file. */
export function segmentsFromXliff(doc: XliffDocument): { segments: Omit<SegmentRecord, 'index'>[]; meta: DocumentMeta } {
  const segments: Omit<SegmentRecord, 'index'>[] = [];
  doc.units.forEach((u, unitIndex) => {
    let pending: RichText[] = [];
    let first = true;
    let last: ExchangeData | undefined;
    for (const s of u.segments) {
      if (s.ignorable) {
        if (last?.xliff) (last.xliff.after ??= []).push(s.source);
        else pending.push(s.source);
        continue;
      }
      const origin: XliffOrigin = { file: u.file, unitIndex };
      if (u.id !== undefined) origin.unit = u.id;
      if (s.id !== undefined) origin.segment = s.id;
      if (u.name !== undefined) origin.name = u.name;
      if (!u.translate) origin.translate = false;
      if (u.preserveSpace) origin.preserveSpace = true;
      if (s.nativeState !== undefined) origin.nativeState = s.nativeState;
      if (s.qualifier !== undefined) origin.qualifier = s.qualifier;
      if (u.originalData) origin.originalData = u.originalData;
      if (first && u.notes.length) origin.notes = u.notes;
      if (pending.length) origin.before = pending;
      pending = [];
      first = false;
      const data: ExchangeData = { xliff: origin };
      if (s.source.codes.length) data.sourceCodes = s.source.codes;
      const translated = s.state !== 'new' && s.target !== undefined;
      if (translated && s.target?.codes.length) data.targetCodes = s.target.codes;
      segments.push({ source: s.source.text, target: translated ? (s.target as RichText).text : null, state: s.state, data: data as Record<string, unknown> });
      last = data;
    }
  });
  const xliff: XliffMeta = { version: doc.version, files: doc.files };
  if (doc.flavor) xliff.flavor = doc.flavor;
  const meta: DocumentMeta = { origin: `xliff-${doc.version}`, format: { xliff } };
  if (doc.title !== undefined) meta.title = doc.title;
  if (doc.date !== undefined) meta.date = doc.date;
  return { segments, meta };
}

/** How each segment is to be written: its target, state and qualifier (decided by the export). */
export interface SegmentExport {
  target?: RichText;
  state: SegmentState;
  qualifier?: string;
  approved?: boolean;
}

/** Groups a document's segments into XLIFF units: one per segment, or as the imported file had them. */
export function unitsOfDocument(segments: readonly SegmentRecord[]): SegmentRecord[][] {
  const units: SegmentRecord[][] = [];
  let key: string | undefined;
  for (const s of segments) {
    const x = exchangeData(s).xliff;
    const k = x ? `${x.file}\u0000${x.unitIndex}` : undefined;
    if (k !== undefined && k === key) (units[units.length - 1] as SegmentRecord[]).push(s);
    else units.push([s]);
    key = k;
  }
  return units;
}

/** The XLIFF model of a document; `how(segment)` decides each target and state. */
export function xliffFromDocument(doc: DocumentRecord, segments: readonly SegmentRecord[],
  how: (s: SegmentRecord) => SegmentExport): XliffDocument {
  const meta = (doc.meta.format as { xliff?: XliffMeta } | undefined)?.xliff;
  const files: XliffFile[] = meta?.files.length ? meta.files : [{ original: doc.name, datatype: 'plaintext', notes: [] }];
  const out: XliffDocument = { version: '1.2', sourceLang: doc.sourceLang, targetLang: doc.targetLang, files, units: [] };
  if (doc.meta.title !== undefined) out.title = doc.meta.title;
  if (doc.meta.date !== undefined) out.date = doc.meta.date;
  for (const group of unitsOfDocument(segments)) {
    const head = exchangeData(group[0] as SegmentRecord).xliff;
    const unit: XliffUnit = { file: Math.min(head?.file ?? 0, files.length - 1), translate: head?.translate !== false, segments: [], notes: head?.notes ?? [], matches: [], terms: [] };
    if (head?.unit !== undefined) unit.id = head.unit;
    if (head?.name !== undefined) unit.name = head.name;
    if (head?.preserveSpace) unit.preserveSpace = true;
    if (head?.originalData) unit.originalData = head.originalData;
    for (const s of group) {
      const data = exchangeData(s);
      for (const text of data.xliff?.before ?? []) unit.segments.push({ source: text, state: 'new', ignorable: true });
      const decided = how(s);
      const seg: XliffSegment = { source: { text: s.source, codes: data.sourceCodes ?? [] }, state: decided.state };
      if (data.xliff?.segment !== undefined) seg.id = data.xliff.segment;
      if (decided.target) seg.target = decided.target;
      const qualifier = decided.qualifier ?? data.xliff?.qualifier;
      if (qualifier !== undefined) seg.qualifier = qualifier;
      if (data.xliff?.nativeState !== undefined && decided.state === s.state) seg.nativeState = data.xliff.nativeState;
      if (decided.approved) unit.approved = true;
      unit.segments.push(seg);
      for (const text of data.xliff?.after ?? []) unit.segments.push({ source: text, state: 'new', ignorable: true });
    }
    out.units.push(unit);
  }
  return out;
}

/**
 * Gives each single-segment unit the id a whole-document export writes for it, so that a part of
 * the document exported alone (one section) carries the same ids and imports back by them.
 */
export function pinUnitIds(model: XliffDocument, version: '1.2' | '2.1'): void {
  if (version === '1.2') {
    const ids = xliff12UnitIds(model.units);
    model.units.forEach((u, n) => {
      const own = ids[n] ?? [];
      if (own.length === 1 && own[0] !== undefined) u.id = own[0];
    });
  } else {
    const ids = xliff2UnitIds(model.units);
    model.units.forEach((u, n) => {
      const id = ids[n];
      if (id !== undefined) u.id = id;
    });
  }
}

/**
 * For each segment index, the key of the unit (and segment) it is written as: `file / trans-unit id`
 * in XLIFF 1.2, `file / unit id / n-th segment` in XLIFF 2.
 */
export function exportKeys(model: XliffDocument, version: '1.2' | '2.1', segments: readonly SegmentRecord[]): Map<string, number> {
  const keys = new Map<string, number>();
  let next = 0;
  if (version === '1.2') {
    const ids = xliff12UnitIds(model.units);
    model.units.forEach((u, n) => (ids[n] ?? []).forEach((id) => keys.set(`${u.file}\u0000${id}`, segments[next++]?.index ?? -1)));
  } else {
    const ids = xliff2UnitIds(model.units);
    model.units.forEach((u, n) => u.segments.filter((s) => !s.ignorable)
      .forEach((_, k) => keys.set(`${u.file}\u0000${ids[n]}\u0000${k}`, segments[next++]?.index ?? -1)));
  }
  return keys;
}
