/**
 * TMX 1.4b (LISA OSCAR, 2005) and TMX 1.1: a streaming reader and a streaming writer.
 *
 * Reading takes what real files hold, not only what the DTD allows: `lang` (1.1) as well as
 * `xml:lang`, UTF-16 with a byte-order mark (LISA kit, TRADOS), `prop` without `type`
 * (TRADOS), a header without its required attributes (Weblate), any language-tag casing.
 * Each `tu` is read on its own as the file streams by, so memory does not grow with the file.
 * A `tu` yields one unit per requested pair: the source is the requested source language, else
 * the `tu`'s or header's `srclang`, else its first `tuv`; the targets are the requested target
 * language, else every other language of the `tu`; the first `tuv` of each language is used.
 * Inline codes (level 2, §3.6): `bpt`/`ept` open and close (paired by `i`), `it` by `pos`,
 * `ph` and `ut` are placeholders, `hi` opens and closes around its text; each code keeps its
 * content (the native code, e.g. `<b>` or an XLIFF original `<g id="1">`) in `data`.
 *
 * Writing follows the DTD: a header with every required attribute, `tu` children in the order
 * "note, prop, tuv" (as translate-toolkit's tmx.py puts it), the source `tuv` first
 * (translate-toolkit reads the first `tuv` as the source whatever `srclang` says), dates as
 * `YYYYMMDDThhmmssZ`, codes as `bpt`/`ept`/`ph` (`it` without a partner) carrying their data
 * escaped — for codes read from XLIFF that is the XLIFF original, which OmegaT needs to match
 * tagged segments (`<bpt i="1">&lt;g id="1"&gt;</bpt>`).
 *
 * TMX has no namespace (the DTD's `xml:lang` is the only prefixed name), so it is read without
 * namespace processing: elements are matched by local name, as before, and an element of some
 * tool under a prefix bound to nothing is read rather than refused. Speed (issue 12: the parse of
 * a 1M-unit import is the longest thread of the import, 18.9 s of CPU at 1M, load 5): `readTmx`
 * over the HTTP benchmark's 100k-unit file (48.8 MB), CPU time, five runs alternating with the
 * tree before (min / median, load 4.5-6.4): 1.54 / 1.74 s -> 1.27 / 1.38 s without namespaces ->
 * 0.98 / 1.09 s when a `seg` of text alone skips the rich-text builder (which counted the code
 * points of every text). Units are handed over without a promise each (`onUnit` is awaited only
 * when it returns one). Counted by callgrind (load-free), the parse worker's loop over 10k units
 * (`stageTmx` with packing, 4.8 MB, with the limit checks' changes in domain/limits.ts):
 * 2,330 -> 1,606 million instructions. Through HTTP at 300k units (alternating, load 7-12), the
 * parse worker's CPU 4.9-7.0 -> 3.1-4.5 s.
 */
import { UnreadableInputError } from '../domain/errors.js';
import { quote } from '../domain/limits.js';
import type { RichText } from '../domain/inline.js';
import { canonicalizeLanguageTag } from '../domain/text/language-tag.js';
import type { UnitContext, UnitOrigin } from '../domain/tm/unit.js';
import { VERSION } from '../version.js';
import { RichTextBuilder, walkRichText } from './inline-codec.js';
import { startTag } from './xml/fragment.js';
import { DEFAULT_XML_LIMITS, type XmlElement, type XmlSource, childOf, childrenOf, streamXml, textOf, xmlLang } from './xml/reader.js';
import { attrs, escapeAttr, escapeText } from './xml/writer.js';

/** Prop types Caravan writes and reads back (TMX allows any type starting with `x-`). */
export const PROPS = {
  document: 'x-caravan-origin-document',
  title: 'x-caravan-origin-title',
  date: 'x-caravan-origin-date',
  previous: 'x-caravan-context-prev',
  next: 'x-caravan-context-next',
} as const;

/** What the header says. */
export interface TmxHeader {
  version: string;
  srclang?: string;
  creationtool?: string;
}

/** A unit read from a `tu`, for one language pair. */
export interface TmxUnit {
  sourceLang: string;
  targetLang: string;
  source: RichText;
  target: RichText;
  context: UnitContext;
  origin: UnitOrigin;
  note?: string;
  tuid?: string;
}

/** Which pair(s) to read; by default the header's source language and every other language. */
export interface TmxReadOptions {
  sourceLang?: string;
  targetLang?: string;
}

/** A `tu` (or one pair of it) that yielded no unit, and why. */
export interface TmxSkip {
  /** 1-based position of the `tu` in the file. */
  tu: number;
  tuid?: string;
  reason: string;
}

/** Reads a `seg` (or any TMX mixed content) into rich text. */
export function readTmxInline(seg: XmlElement): RichText {
  // Most segments are text alone (the reader joins adjacent text): no builder, no code points counted.
  const only = seg.children.length === 1 ? seg.children[0] : seg.children.length === 0 ? '' : undefined;
  if (typeof only === 'string') return { text: only, codes: [] };
  const b = new RichTextBuilder();
  let synthetic = 0;
  const next = () => `t${++synthetic}`;
  const walk = (node: XmlElement): void => {
    for (const c of node.children) {
      if (typeof c === 'string') {
        b.text(c);
        continue;
      }
      const a = c.attrs;
      switch (c.local) {
        case 'bpt': b.code('open', a.i ?? a.x ?? next(), textOf(c)); break;
        case 'ept': b.code('close', a.i ?? next(), textOf(c)); break;
        case 'it': b.code(a.pos === 'end' || a.pos === 'close' ? 'close' : 'open', a.x ?? a.i ?? next(), textOf(c)); break;
        case 'ph':
        case 'ut': b.code('placeholder', a.x ?? a.i ?? next(), textOf(c)); break;
        case 'hi': {
          const id = a.x ?? next();
          b.code('open', id, startTag(c));
          walk(c);
          b.code('close', id, '</hi>');
          break;
        }
        default: walk(c);
      }
    }
  };
  walk(seg);
  return b.build();
}

const tagCache = new Map<string, string | null>();
/** The canonical form of a language tag, or null when it is not one. */
function canonical(lang: string | undefined): string | null {
  if (lang === undefined) return null;
  let tag = tagCache.get(lang);
  if (tag === undefined) {
    try {
      tag = canonicalizeLanguageTag(lang).tag;
    } catch {
      tag = null;
    }
    if (tagCache.size < 10_000) tagCache.set(lang, tag);
  }
  return tag;
}

function isEmpty(rt: RichText): boolean {
  return rt.text.trim() === '' && rt.codes.length === 0;
}

/** Units of one `tu` for the requested pairs; skips are reported through `skip`. */
export function unitsOfTu(tu: XmlElement, n: number, header: TmxHeader, opts: TmxReadOptions, skip: (s: TmxSkip) => void): TmxUnit[] {
  const tuid = tu.attrs.tuid;
  const skipped = (reason: string) => skip(tuid === undefined ? { tu: n, reason } : { tu: n, tuid, reason });
  const variants: { lang: string; seg: XmlElement }[] = [];
  for (const tuv of childrenOf(tu, 'tuv')) {
    const lang = canonical(xmlLang(tuv));
    const seg = childOf(tuv, 'seg');
    if (!lang) skipped(`a <tuv> has no valid language tag (${JSON.stringify(quote(xmlLang(tuv) ?? ''))})`);
    else if (seg) variants.push({ lang, seg });
  }
  if (variants.length === 0) return [];
  const tuSrc = tu.attrs.srclang === '*all*' ? null : canonical(tu.attrs.srclang);
  const headerSrc = header.srclang === '*all*' ? null : canonical(header.srclang);
  const src = opts.sourceLang ?? tuSrc ?? headerSrc ?? (variants[0] as { lang: string }).lang;
  const sourceVariant = variants.find((v) => v.lang === src);
  if (!sourceVariant) {
    skipped(`no ${src} variant`);
    return [];
  }
  const targets = opts.targetLang ? [opts.targetLang] : [...new Set(variants.map((v) => v.lang))].filter((l) => l !== src);
  if (targets.length === 0) {
    skipped(`no translation of the ${src} text`);
    return [];
  }
  const source = readTmxInline(sourceVariant.seg);
  if (isEmpty(source)) {
    skipped(`the ${src} text is empty`);
    return [];
  }
  const context: UnitContext = {};
  const origin: UnitOrigin = {};
  for (const p of childrenOf(tu, 'prop')) {
    const value = textOf(p);
    switch (p.attrs.type) {
      case PROPS.document: origin.document = value; break;
      case PROPS.title: origin.title = value; break;
      case PROPS.date: origin.date = value; break;
      case PROPS.previous: context.previous = value; break;
      case PROPS.next: context.next = value; break;
      default:
    }
  }
  const noteEl = childOf(tu, 'note');
  const units: TmxUnit[] = [];
  for (const targetLang of targets) {
    const tv = variants.find((v) => v.lang === targetLang);
    if (!tv) {
      skipped(`no ${targetLang} variant`);
      continue;
    }
    const target = readTmxInline(tv.seg);
    if (isEmpty(target)) {
      skipped(`the ${targetLang} text is empty`);
      continue;
    }
    const unit: TmxUnit = { sourceLang: src, targetLang, source, target, context, origin };
    if (noteEl) unit.note = textOf(noteEl);
    if (tuid !== undefined) unit.tuid = tuid;
    units.push(unit);
  }
  return units;
}

/**
 * Streams a TMX document: `onUnit` receives each unit with the 1-based number of its `tu`
 * (awaited, so the caller can write in batches) and `onSkip` each `tu` or pair left out.
 * Resolves with the header.
 */
export async function readTmx(source: XmlSource, opts: TmxReadOptions, onUnit: (u: TmxUnit, tu: number) => void | Promise<void>,
  onSkip: (s: TmxSkip) => void = () => {}): Promise<TmxHeader> {
  const header: TmxHeader = { version: '' };
  const wanted: TmxReadOptions = {};
  if (opts.sourceLang) wanted.sourceLang = canonicalizeLanguageTag(opts.sourceLang).tag;
  if (opts.targetLang) wanted.targetLang = canonicalizeLanguageTag(opts.targetLang).tag;
  let n = 0;
  await streamXml(source, {
    onOpen(tag) {
      if (tag.depth === 0) {
        if (tag.local !== 'tmx') throw new UnreadableInputError(`expected a TMX document, found <${tag.name}>`);
        header.version = tag.attrs.version ?? '';
      }
      if (tag.local === 'header' && tag.depth === 1) {
        if (tag.attrs.srclang !== undefined) header.srclang = tag.attrs.srclang;
        if (tag.attrs.creationtool !== undefined) header.creationtool = tag.attrs.creationtool;
      }
      return tag.local === 'tu' && tag.depth === 2;
    },
    onElement(tu) {
      n++;
      const units = unitsOfTu(tu, n, header, wanted, onSkip);
      // Awaited only when the handler returns a promise: a microtask per unit was some 5% of a parse (issue 12).
      for (let i = 0; i < units.length; i++) {
        const pending = onUnit(units[i] as TmxUnit, n);
        if (pending) return rest(pending, units, i + 1, n, onUnit);
      }
      return undefined;
    },
  }, DEFAULT_XML_LIMITS, { namespaces: false });
  return header;
}

/** Awaits `pending`, then hands `onUnit` the units of `tu` n from `from` on, each awaited. */
async function rest(pending: Promise<void>, units: readonly TmxUnit[], from: number, n: number,
  onUnit: (u: TmxUnit, tu: number) => void | Promise<void>): Promise<void> {
  await pending;
  for (let i = from; i < units.length; i++) await onUnit(units[i] as TmxUnit, n);
}

/** A TMX date: `YYYYMMDDThhmmssZ` from an ISO date-time. */
export function tmxDate(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Writes rich text as TMX level-2 `seg` content. */
export function writeTmxInline(rt: RichText): string {
  const out: string[] = [];
  const used = new Set<string>();
  const idOf = new Map<number, string>();
  const fresh = (want: string): string => {
    let id = want !== '' && !used.has(want) ? want : undefined;
    for (let n = 1; id === undefined; n++) if (!used.has(String(n))) id = String(n);
    used.add(id);
    return id;
  };
  for (const step of walkRichText(rt)) {
    if (step.kind === 'text') {
      out.push(escapeText(step.text));
      continue;
    }
    const { code, partner, index } = step;
    const data = escapeText(code.data ?? '');
    if (code.type === 'placeholder') out.push(`<ph x="${escapeAttr(fresh(code.id))}">${data}</ph>`);
    else if (partner === undefined) out.push(`<it pos="${code.type === 'open' ? 'begin' : 'end'}" x="${escapeAttr(fresh(code.id))}">${data}</it>`);
    else if (code.type === 'open') {
      const i = fresh(code.id);
      idOf.set(index, i);
      out.push(`<bpt i="${escapeAttr(i)}">${data}</bpt>`);
    } else out.push(`<ept i="${escapeAttr(idOf.get(partner) ?? code.id)}">${data}</ept>`);
  }
  return out.join('');
}

/** A unit to write. */
export interface TmxOutUnit {
  id?: number | string;
  sourceLang: string;
  targetLang: string;
  source: RichText;
  target: RichText;
  context?: UnitContext;
  origin?: UnitOrigin;
  note?: string | null;
  createdAt?: string;
  createdBy?: string;
  updatedAt?: string;
  updatedBy?: string;
  usageCount?: number;
}

/** The XML declaration, root and header (every attribute the DTD requires), and `<body>`. */
export function tmxStart(srclang: string | undefined, now = new Date().toISOString()): string {
  return '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
    + `  <header${attrs({ creationtool: 'Caravan', creationtoolversion: VERSION, segtype: 'sentence', 'o-tmf': 'Caravan', adminlang: 'en',
      srclang: srclang ?? '*all*', datatype: 'plaintext', creationdate: tmxDate(now) })}/>\n  <body>\n`;
}

/** Closes `<body>` and `<tmx>`. */
export const TMX_END = '  </body>\n</tmx>\n';

/** One `tu`: note, props, then the source `tuv` and the target `tuv`. */
export function tmxTu(u: TmxOutUnit): string {
  const lines = [`    <tu${attrs({ tuid: u.id, srclang: u.sourceLang, creationdate: tmxDate(u.createdAt), creationid: u.createdBy,
    changedate: tmxDate(u.updatedAt), changeid: u.updatedBy, usagecount: u.usageCount })}>`];
  if (u.note) lines.push(`      <note>${escapeText(u.note)}</note>`);
  const props: [string, string | undefined][] = [[PROPS.document, u.origin?.document], [PROPS.title, u.origin?.title], [PROPS.date, u.origin?.date],
    [PROPS.previous, u.context?.previous], [PROPS.next, u.context?.next]];
  for (const [type, value] of props) if (value) lines.push(`      <prop type="${type}">${escapeText(value)}</prop>`);
  lines.push(`      <tuv xml:lang="${escapeAttr(u.sourceLang)}"><seg>${writeTmxInline(u.source)}</seg></tuv>`);
  lines.push(`      <tuv xml:lang="${escapeAttr(u.targetLang)}"><seg>${writeTmxInline(u.target)}</seg></tuv>`);
  lines.push('    </tu>\n');
  return lines.join('\n');
}

/** A whole TMX document from units (small sets; the HTTP export streams with tmxStart/tmxTu). */
export function tmxToString(units: readonly TmxOutUnit[], srclang?: string): string {
  return tmxStart(srclang ?? units[0]?.sourceLang) + units.map(tmxTu).join('') + TMX_END;
}
