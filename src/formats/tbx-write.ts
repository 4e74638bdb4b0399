/**
 * Writes the term base as TBX-Basic: TBX v3 (ISO 30042:2019, DCA style, valid against
 * TBXcoreStructV03_TBX-Basic_integrated.rng) or TBX v2 (`<martif type="TBX-Basic">` with `<tig>`,
 * valid against the TBX v2 core DTD and TBXBasicRNGV02.rng). OmegaT and translate-toolkit read
 * only v2; translate-toolkit takes the first `langSet` of an entry as the source, so Chinese
 * sections come first.
 *
 * Mapping: concept id -> `id` (an XML NCName: an id starting with a digit gets a leading `_`),
 * subjectField and definition -> `descrip`, source -> `admin type="source"`, note -> `note`,
 * created/updated -> `transacGrp` (origination / modification, responsibility, date); per term:
 * status -> `termNote type="administrativeStatus"` (forbidden -> deprecatedTerm-admn-sts plus a
 * `note` starting with `forbidden:`, glossary/README.md), partOfSpeech -> `termNote`, context ->
 * `descrip type="context"`, note -> `note`. Element order follows the schemas: in a term group the
 * term, then termNotes, then descrip, then note.
 *
 * Output is a generator of text chunks, one per concept, so a large export streams.
 */
import type { TermEntry } from '../domain/termbase/entry.js';
import { statusToTbx } from './concepts.js';
import { TBX3_NS } from './registry.js';
import { encodeTbxId } from './tbx-read.js';
import { XmlWriter } from './xml/writer.js';

/** Which TBX to write. */
export type TbxVersion = 'tbx-v2' | 'tbx-v3';

/** What the header says about the export. */
export interface TbxHeader {
  title: string;
  description: string;
}

const NAMES = {
  'tbx-v2': { entry: 'termEntry', section: 'langSet', group: 'tig' },
  'tbx-v3': { entry: 'conceptEntry', section: 'langSec', group: 'termSec' },
} as const;

function transaction(w: XmlWriter, type: 'origination' | 'modification', by: string, at: string): void {
  w.start('transacGrp');
  w.leaf('transac', { type: 'transactionType' }, type);
  w.leaf('transacNote', { type: 'responsibility' }, by);
  w.leaf('date', {}, at.slice(0, 10));
  w.end();
}

function writeEntry(w: XmlWriter, e: TermEntry, version: TbxVersion): void {
  const n = NAMES[version];
  w.start(n.entry, { id: encodeTbxId(e.id) });
  if (e.subjectField) w.leaf('descrip', { type: 'subjectField' }, e.subjectField);
  if (e.definition) w.leaf('descrip', { type: 'definition' }, e.definition);
  if (e.source) w.leaf('admin', { type: 'source' }, e.source);
  transaction(w, 'origination', e.createdBy, e.createdAt);
  if (e.updatedAt !== e.createdAt) transaction(w, 'modification', e.updatedBy, e.updatedAt);
  if (e.note) w.leaf('note', {}, e.note);
  for (const [lang, terms] of Object.entries(e.languages)) {
    w.start(n.section, { 'xml:lang': lang });
    for (const t of terms) {
      w.start(n.group);
      w.leaf('term', {}, t.term);
      w.leaf('termNote', { type: 'administrativeStatus' }, statusToTbx(t.status));
      if (t.partOfSpeech) w.leaf('termNote', { type: 'partOfSpeech' }, t.partOfSpeech);
      if (t.context) w.leaf('descrip', { type: 'context' }, t.context);
      if (t.status === 'forbidden') w.leaf('note', {}, `forbidden:${t.note ? ` ${t.note}` : ''}`);
      else if (t.note) w.leaf('note', {}, t.note);
      w.end();
    }
    w.end();
  }
  w.end();
}

/** TBX-Basic text of `entries`, in chunks (header, one per concept, trailer). */
export function* writeTbx(version: TbxVersion, entries: Iterable<TermEntry>, header: TbxHeader): Generator<string> {
  const w = new XmlWriter();
  if (version === 'tbx-v3') {
    w.start('tbx', { type: 'TBX-Basic', style: 'dca', 'xml:lang': 'en', xmlns: TBX3_NS });
    w.start('tbxHeader').start('fileDesc');
    w.start('titleStmt').leaf('title', {}, header.title).end();
    w.start('sourceDesc').leaf('p', {}, header.description).end();
    w.end().end();
  } else {
    w.start('martif', { type: 'TBX-Basic', 'xml:lang': 'en' });
    w.start('martifHeader').start('fileDesc');
    w.start('titleStmt').leaf('title', {}, header.title).end();
    w.start('sourceDesc').leaf('p', {}, header.description).end();
    w.end();
    w.start('encodingDesc').leaf('p', { type: 'XCSURI' }, 'TBXBasicXCSV02.xcs').end();
    w.end();
  }
  w.start('text').start('body');
  yield w.take();
  for (const e of entries) {
    writeEntry(w, e, version);
    yield w.take();
  }
  w.end().end().end();
  yield w.finish();
}
