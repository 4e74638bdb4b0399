/**
 * XLIFF 1.2 inline markup (XLIFF 1.2 §2.5 "Inline Elements": g, x, bx, ex, bpt, ept, ph, it,
 * mrk, sub) <-> RichText.
 *
 * Reading: `g` and `mrk` become an open and a close code around their content; `x`, `ph`
 * become placeholders; `bx`/`bpt` open, `ex`/`ept` close (paired by `rid`, else `id`), `it`
 * opens or closes by its `pos`. Each code keeps the element as written in `data` — the start
 * tag of `g`/`mrk` (`<g id="1">`), `</g>`, or the whole element (`<x id="2"/>`,
 * `<bpt id="1">&lt;b&gt;</bpt>`) — which is also what OmegaT expects inside TMX codes.
 *
 * Writing: a code whose `data` is such an element is written back as it was, after checking
 * every attribute against the strict 1.2 schema (unknown or invalid optional attributes are
 * dropped). Any other code — one read from TMX (`<b>`) or XLIFF 2 — is written as
 * `bpt`/`ept`/`ph` carrying its data escaped, or as `it` when it has no partner in the
 * segment, so the output is valid against the strict schema whatever the codes hold.
 */
import type { RichText } from '../domain/inline.js';
import { RichTextBuilder, isNmtoken, walkRichText } from './inline-codec.js';
import { endTag, isEndTag, parseOneElement, parseStartTag, serialize, startTag } from './xml/fragment.js';
import type { XmlElement } from './xml/reader.js';
import { escapeAttr, escapeText } from './xml/writer.js';

/**
 * Reads the mixed content of `source`, `target` or `seg-source` (`uri`: the file's XLIFF
 * namespace). Around `mrk mtype="seg"` segments, whitespace that contains a line break is
 * indentation (Okapi pretty-prints `seg-source`) and is left out; a space between two
 * segments (Trados) is kept.
 */
export function readInline12(el: XmlElement, uri: string): RichText {
  const b = new RichTextBuilder();
  let synthetic = 0;
  const next = (prefix: string) => `${prefix}${++synthetic}`;
  const segmented = el.children.some((c) => typeof c !== 'string' && c.local === 'mrk' && c.attrs.mtype === 'seg');
  const walk = (node: XmlElement, outsideSeg: boolean): void => {
    for (const child of node.children) {
      if (typeof child === 'string') {
        if (!(outsideSeg && /^\s*\n\s*$/.test(child))) b.text(child);
        continue;
      }
      const a = child.attrs;
      switch (child.uri === uri || child.uri === '' ? child.local : '') {
        case 'g':
        case 'mrk': {
          const id = (child.local === 'g' ? a.id : a.mid) ?? next(child.local === 'g' ? 'g' : 'm');
          b.code('open', id, startTag(child, uri));
          walk(child, outsideSeg && !(child.local === 'mrk' && a.mtype === 'seg'));
          b.code('close', id, endTag(child, uri));
          break;
        }
        case 'x':
        case 'ph':
          b.code('placeholder', a.id ?? next('x'), serialize(child, uri));
          break;
        case 'bx':
        case 'bpt':
          b.code('open', a.rid ?? a.id ?? next('b'), serialize(child, uri));
          break;
        case 'ex':
        case 'ept':
          b.code('close', a.rid ?? a.id ?? next('e'), serialize(child, uri));
          break;
        case 'it':
          b.code(a.pos === 'close' ? 'close' : 'open', a.rid ?? a.id ?? next('i'), serialize(child, uri));
          break;
        case 'sub':
          walk(child, outsideSeg);
          break;
        default: // a foreign element inside the text: keep it as an opaque placeholder
          b.code('placeholder', next('f'), serialize(child, uri));
      }
    }
  };
  walk(el, segmented);
  return b.build();
}

type Check = (v: string) => boolean;
const any: Check = () => true;
const yesNo: Check = (v) => v === 'yes' || v === 'no';
const xtend = (v: string) => /^x-\S+$/.test(v);
const oneOf = (...values: string[]): Check => (v) => values.includes(v) || xtend(v);
const delimiters = oneOf('bold', 'italic', 'underlined', 'link');
const placeholders = oneOf('image', 'pb', 'lb');
const MTYPES = oneOf('abbrev', 'abbreviated-form', 'abbreviation', 'acronym', 'appellation', 'collocation', 'common-name',
  'datetime', 'equation', 'expanded-form', 'formula', 'head-term', 'initialism', 'international-scientific-term',
  'internationalism', 'logical-expression', 'materials-management-unit', 'name', 'near-synonym', 'part-number', 'phrase',
  'phraseological-unit', 'protected', 'romanized-form', 'seg', 'set-phrase', 'short-form', 'sku', 'standard-text', 'symbol',
  'synonym', 'synonymous-phrase', 'term', 'transcribed-form', 'transliterated-form', 'truncated-term', 'variant');
/** XLIFF 1.2 `datatype` values (strict schema), plus `x-` extensions. */
export const DATATYPES = oneOf('asp', 'c', 'cdf', 'cfm', 'cpp', 'csharp', 'cstring', 'csv', 'database', 'documentfooter',
  'documentheader', 'filedialog', 'form', 'html', 'htmlbody', 'ini', 'interleaf', 'javaclass', 'javapropertyresourcebundle',
  'javalistresourcebundle', 'javascript', 'jscript', 'layout', 'lisp', 'margin', 'menufile', 'messagefile', 'mif', 'mimetype',
  'mo', 'msglib', 'pagefooter', 'pageheader', 'parameters', 'pascal', 'php', 'plaintext', 'po', 'report', 'resources', 'resx',
  'rtf', 'sgml', 'sgmldtd', 'svg', 'vbscript', 'warning', 'winres', 'xhtml', 'xml', 'xmldtd', 'xsl', 'xul');
const text = { id: any, xid: any, 'equiv-text': any };

/** Attributes each inline element may carry in the strict schema, with their value checks. */
const ATTRS: Record<string, Record<string, Check>> = {
  g: { ...text, ctype: delimiters, clone: yesNo },
  x: { ...text, ctype: placeholders, clone: yesNo },
  bx: { ...text, rid: isNmtoken, ctype: delimiters, clone: yesNo },
  ex: { ...text, rid: isNmtoken },
  bpt: { ...text, rid: isNmtoken, ctype: delimiters, crc: any },
  ept: { ...text, rid: isNmtoken, crc: any },
  ph: { ...text, ctype: placeholders, crc: any, assoc: (v) => ['preceding', 'following', 'both'].includes(v) },
  it: { ...text, pos: (v) => v === 'open' || v === 'close', rid: isNmtoken, ctype: delimiters, crc: any },
  mrk: { mtype: MTYPES, mid: isNmtoken, comment: any },
  sub: { datatype: DATATYPES, ctype: delimiters, xid: any },
};
const REQUIRED: Record<string, string[]> = { mrk: ['mtype'], sub: [], it: ['id', 'pos'] };
/** Elements whose content is code data (text and `sub`), and empty ones. */
const CODE_CONTENT = new Set(['bpt', 'ept', 'ph', 'it']);
const EMPTY = new Set(['x', 'bx', 'ex']);

/** The element's attributes that the strict schema allows, or undefined when a required one is missing. */
function cleanAttrs(el: XmlElement, drop: readonly string[] = []): string | undefined {
  const allowed = ATTRS[el.local];
  if (!allowed) return undefined;
  const kept: string[] = [];
  const seen = new Set<string>();
  for (const [k, v] of Object.entries(el.attrs)) {
    const check = allowed[k];
    if (!check || drop.includes(k) || !check(v)) continue;
    kept.push(` ${k}="${escapeAttr(v)}"`);
    seen.add(k);
  }
  for (const k of REQUIRED[el.local] ?? ['id']) if (!seen.has(k)) return undefined;
  return kept.join('');
}

/** An inline element re-serialised within the strict schema, or undefined when it cannot be. */
function cleanElement(el: XmlElement, drop: readonly string[] = []): string | undefined {
  const attributes = cleanAttrs(el, drop);
  if (attributes === undefined) return undefined;
  if (EMPTY.has(el.local)) return el.children.length === 0 ? `<${el.local}${attributes}/>` : undefined;
  let content = '';
  for (const c of el.children) {
    if (typeof c === 'string') content += escapeText(c);
    else if (CODE_CONTENT.has(el.local) && c.local !== 'sub') return undefined;
    else {
      const inner = cleanElement(c);
      if (inner === undefined) return undefined;
      content += inner;
    }
  }
  return content === '' && el.local !== 'g' && el.local !== 'mrk' && el.local !== 'sub'
    ? `<${el.local}${attributes}/>` : `<${el.local}${attributes}>${content}</${el.local}>`;
}

/** Options for writing one `source`, `seg-source` or `target`. */
export interface Inline12Options {
  /** Leave out `mrk mtype="seg"` markers (a `source` next to a `seg-source`). */
  dropSegMarkers?: boolean;
  /** `mid`s a target `mrk` may name (those of the seg-source); other `mid`s are dropped. */
  knownMids?: ReadonlySet<string>;
}

/** True when an open code is a `mrk mtype="seg"` marker. */
export function isSegMarker(data: string | undefined): boolean {
  const el = data === undefined ? undefined : parseStartTag(data);
  return el?.local === 'mrk' && el.attrs.mtype === 'seg';
}

/**
 * The `mid`s a target `mrk` may name: those of the `mrk`s in the `seg-source` (written only
 * when the source has seg markers); the schema keys target markers to them.
 */
export function segSourceMids(rt: RichText): Set<string> {
  const out = new Set<string>();
  if (!rt.codes.some((c) => c.type === 'open' && isSegMarker(c.data))) return out;
  for (const c of rt.codes) {
    const tag = c.type === 'open' && c.data !== undefined ? parseStartTag(c.data) : undefined;
    if (tag?.local === 'mrk' && tag.attrs.mid !== undefined) out.add(tag.attrs.mid);
  }
  return out;
}

/** Writes a rich text as XLIFF 1.2 mixed content. */
export function writeInline12(rt: RichText, opts: Inline12Options = {}): string {
  const out: string[] = [];
  const decided = new Map<number, string | null>(); // walk index of an open code -> element name written, or null (skipped)
  for (const step of walkRichText(rt)) {
    if (step.kind === 'text') {
      out.push(escapeText(step.text));
      continue;
    }
    const { code, partner } = step;
    const data = code.data ?? '';
    const id = code.id;
    if (code.type === 'open') {
      const tag = parseStartTag(data);
      if (tag && (tag.local === 'g' || tag.local === 'mrk') && partner !== undefined) {
        if (tag.local === 'mrk' && tag.attrs.mtype === 'seg' && opts.dropSegMarkers) {
          decided.set(step.index, null);
          continue;
        }
        const mid = tag.attrs.mid;
        const dropMid = tag.local === 'mrk' && mid !== undefined && opts.knownMids !== undefined && !opts.knownMids.has(mid);
        const attributes = cleanAttrs(tag, dropMid ? ['mid'] : []);
        if (attributes !== undefined) {
          out.push(`<${tag.local}${attributes}>`);
          decided.set(step.index, tag.local);
          continue;
        }
      }
      const el = parseOneElement(data);
      const ok = el && (el.local === 'bx' || el.local === 'bpt' || (el.local === 'it' && el.attrs.pos === 'open'))
        ? cleanElement(el, partner === undefined ? ['rid'] : []) : undefined;
      out.push(ok ?? (partner !== undefined ? `<bpt id="${escapeAttr(id)}">${escapeText(data)}</bpt>`
        : `<it id="${escapeAttr(id)}" pos="open">${escapeText(data)}</it>`));
    } else if (code.type === 'close') {
      const opened = partner === undefined ? undefined : decided.get(partner);
      if (opened === null) continue;
      if (opened !== undefined) {
        out.push(`</${opened}>`);
        continue;
      }
      const el = isEndTag(data, 'g') || isEndTag(data, 'mrk') ? undefined : parseOneElement(data);
      const ok = el && (el.local === 'ex' || el.local === 'ept' || (el.local === 'it' && el.attrs.pos === 'close'))
        ? cleanElement(el, partner === undefined ? ['rid'] : []) : undefined;
      out.push(ok ?? (partner !== undefined ? `<ept id="${escapeAttr(id)}">${escapeText(data)}</ept>`
        : `<it id="${escapeAttr(id)}" pos="close">${escapeText(data)}</it>`));
    } else {
      const el = parseOneElement(data);
      const ok = el && (el.local === 'x' || el.local === 'ph') ? cleanElement(el) : undefined;
      out.push(ok ?? (data === '' ? `<x id="${escapeAttr(id)}"/>` : `<ph id="${escapeAttr(id)}">${escapeText(data)}</ph>`));
    }
  }
  return out.join('');
}
