/**
 * XLIFF 2 inline markup (XLIFF 2.1 §4.1 "Inline Elements": pc, sc, ec, ph, cp, mrk, sm, em)
 * <-> RichText, and the unit's `originalData` the codes point into.
 *
 * Reading: `pc`/`mrk` become an open and a close code around their content, `sc`/`sm` open,
 * `ec`/`em` close (paired through `startRef`), `ph` is a placeholder, and `cp` is the
 * character it stands for. Codes keep the element as written in `data` (`<pc id="1"
 * dataRefStart="d1">`, `</pc>`, `<ph id="2" dataRef="d2"/>`); the unit keeps its originalData.
 *
 * Writing: XLIFF 2 elements in `data` are written back with the attributes the core schema
 * allows (and their originalData); any other code — `<g id="1">` from XLIFF 1.2, `<b>` from
 * TMX — becomes a `pc` (or `sc`/`ec isolated="yes"` without a partner) or `ph` whose native
 * markup goes into originalData. Characters XML 1.0 forbids are written as `cp`.
 */
import type { InlineCode, RichText } from '../domain/inline.js';
import { RichTextBuilder, isNmtoken, trimIndentation, walkRichText } from './inline-codec.js';
import { emptyTag, parseOneElement, parseStartTag, serialize, startTag } from './xml/fragment.js';
import { type XmlElement, textOf } from './xml/reader.js';
import { escapeAttr, escapeText } from './xml/writer.js';

/** Reads the mixed content of a `source` or `target`; `trim` drops pretty-printing indentation. */
export function readInline2(el: XmlElement, uri: string, trim: boolean): RichText {
  const b = new RichTextBuilder();
  let synthetic = 0;
  const next = () => `x${++synthetic}`;
  const walk = (node: XmlElement): void => {
    for (const child of node.children) {
      if (typeof child === 'string') {
        b.text(child);
        continue;
      }
      const a = child.attrs;
      switch (child.uri === uri ? child.local : '') {
        case 'pc':
        case 'mrk': {
          const id = a.id ?? next();
          b.code('open', id, startTag(child, uri));
          walk(child);
          b.code('close', id, `</${child.local}>`);
          break;
        }
        case 'sc':
        case 'sm':
          b.code('open', a.id ?? next(), emptyTag(child, uri));
          break;
        case 'ec':
        case 'em':
          b.code('close', a.startRef ?? a.id ?? next(), emptyTag(child, uri));
          break;
        case 'ph':
          b.code('placeholder', a.id ?? next(), emptyTag(child, uri));
          break;
        case 'cp': {
          const cp = Number.parseInt(a.hex ?? '', 16);
          if (Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff) b.text(String.fromCodePoint(cp));
          break;
        }
        default:
          b.code('placeholder', next(), serialize(child, uri));
      }
    }
  };
  walk(el);
  const rt = b.build();
  return trim ? trimIndentation(rt) : rt;
}

/** The text of a `data` element, its `cp` children included. */
export function readData(el: XmlElement): string {
  return el.children.map((c) => {
    if (typeof c === 'string') return c;
    const cp = Number.parseInt(c.attrs.hex ?? '', 16);
    return c.local === 'cp' && Number.isInteger(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : textOf(c);
  }).join('');
}

/** Collects the originalData entries one unit (or one match) needs. */
export class OriginalData {
  readonly entries = new Map<string, string>();
  private readonly byContent = new Map<string, string>();
  private n = 0;

  /** `given`: the unit's originalData as read, which verbatim codes may refer to. */
  constructor(private readonly given: Readonly<Record<string, string>> = {}) {}

  /** Keeps a verbatim `dataRef`; false when the unit has no such entry. */
  keep(id: string): boolean {
    const content = this.given[id];
    if (content === undefined || !isNmtoken(id)) return false;
    this.entries.set(id, content);
    this.byContent.set(content, id);
    return true;
  }

  /** The id of an entry holding `content`, added if needed. */
  add(content: string): string {
    const known = this.byContent.get(content);
    if (known !== undefined) return known;
    let id: string;
    do id = `d${++this.n}`; while (this.entries.has(id) || id in this.given);
    this.entries.set(id, content);
    this.byContent.set(content, id);
    return id;
  }
}

type Check = (v: string) => boolean;
const yesNo: Check = (v) => v === 'yes' || v === 'no';
const any: Check = () => true;
const userDefined: Check = (v) => /^[^\s:]+:[^\s:]+$/.test(v);
const codeType: Check = (v) => ['fmt', 'ui', 'quote', 'link', 'image', 'other'].includes(v);
const common = { canCopy: yesNo, canDelete: yesNo, canReorder: (v: string) => ['yes', 'no', 'firstNo'].includes(v), subType: userDefined, type: codeType };
const mrkType: Check = (v) => ['generic', 'comment', 'term'].includes(v) || userDefined(v);

/** Attributes the core schema allows (id and data references are handled separately). */
const ATTRS: Record<string, Record<string, Check>> = {
  pc: { ...common, canOverlap: yesNo, dispEnd: any, dispStart: any, equivEnd: any, equivStart: any, dir: (v) => ['ltr', 'rtl', 'auto'].includes(v) },
  sc: { ...common, canOverlap: yesNo, disp: any, equiv: any, dir: (v) => ['ltr', 'rtl', 'auto'].includes(v) },
  ec: { ...common, canOverlap: yesNo, disp: any, equiv: any, dir: (v) => ['ltr', 'rtl', 'auto'].includes(v) },
  ph: { ...common, disp: any, equiv: any },
  mrk: { translate: yesNo, type: mrkType, ref: any, value: any },
  sm: { translate: yesNo, type: mrkType, ref: any, value: any },
};
const DATA_REFS: Record<string, string[]> = { pc: ['dataRefStart', 'dataRefEnd'], sc: ['dataRef'], ec: ['dataRef'], ph: ['dataRef'] };

function attrList(values: [string, string | undefined][]): string {
  return values.filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${escapeAttr(v as string)}"`).join('');
}

/** The allowed attributes of a verbatim element, with data references kept only when resolvable. */
function cleanAttrs(el: XmlElement, data: OriginalData): [string, string][] {
  const allowed = ATTRS[el.local] ?? {};
  const refs = DATA_REFS[el.local] ?? [];
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(el.attrs)) {
    if (allowed[k]?.(v)) out.push([k, v]);
    else if (refs.includes(k) && data.keep(v)) out.push([k, v]);
  }
  return out;
}

/** Writes a rich text as XLIFF 2 mixed content, adding the originalData it needs to `data`. */
export function writeInline2(rt: RichText, data: OriginalData): string {
  const out: string[] = [];
  const used = new Set<string>();
  const idFor = (want: string | undefined): string => {
    let id = isNmtoken(want) && !used.has(want) ? want : undefined;
    for (let n = 1; id === undefined; n++) if (!used.has(`c${n}`)) id = `c${n}`;
    used.add(id);
    return id;
  };
  const ref = (content: string | undefined): string | undefined => (content ? data.add(content) : undefined);
  /** For an open code written as an element: how its close is written. */
  const closing = new Map<number, { end: string } | { startRef: string }>();

  for (const step of walkRichText(rt)) {
    if (step.kind === 'text') {
      out.push(textWithCp(step.text));
      continue;
    }
    const { code, partner, partnerCode } = step;
    if (code.type === 'open') out.push(writeOpen(code, partner !== undefined ? partnerCode : undefined, step.index));
    else if (code.type === 'close') out.push(writeClose(code, partner));
    else {
      const el = parseOneElement(code.data ?? '');
      out.push(el?.local === 'ph' && el.children.length === 0
        ? `<ph id="${escapeAttr(idFor(el.attrs.id ?? code.id))}"${attrList(cleanAttrs(el, data))}/>`
        : `<ph id="${escapeAttr(idFor(code.id))}"${attrList([['dataRef', ref(code.data)]])}/>`);
    }
  }
  return out.join('');

  function writeOpen(code: InlineCode, close: InlineCode | undefined, index: number): string {
    const tag = parseStartTag(code.data ?? '');
    if (tag && (tag.local === 'pc' || tag.local === 'mrk')) {
      const id = idFor(tag.attrs.id ?? code.id);
      const a = attrList(cleanAttrs(tag, data));
      if (close) {
        closing.set(index, { end: `</${tag.local}>` });
        return `<${tag.local} id="${escapeAttr(id)}"${a}>`;
      }
      if (tag.local === 'mrk') return `<sm id="${escapeAttr(id)}"${a}/>`;
      const dataRef = tag.attrs.dataRefStart !== undefined && data.keep(tag.attrs.dataRefStart) ? tag.attrs.dataRefStart : undefined;
      return `<sc id="${escapeAttr(id)}"${attrList([['dataRef', dataRef], ['isolated', 'yes']])}/>`;
    }
    const el = parseOneElement(code.data ?? '');
    if (el && (el.local === 'sc' || el.local === 'sm') && el.children.length === 0) {
      const id = idFor(el.attrs.id ?? code.id);
      const a = cleanAttrs(el, data).filter(([k]) => k !== 'isolated');
      if (close) closing.set(index, { startRef: id });
      else if (el.local === 'sc') a.push(['isolated', 'yes']);
      return `<${el.local} id="${escapeAttr(id)}"${attrList(a)}/>`;
    }
    const id = idFor(code.id);
    if (close) {
      closing.set(index, { end: '</pc>' });
      return `<pc id="${escapeAttr(id)}"${attrList([['dataRefStart', ref(code.data)], ['dataRefEnd', ref(close.data)]])}>`;
    }
    return `<sc id="${escapeAttr(id)}"${attrList([['dataRef', ref(code.data)], ['isolated', 'yes']])}/>`;
  }

  function writeClose(code: InlineCode, partner: number | undefined): string {
    const how = partner === undefined ? undefined : closing.get(partner);
    const el = parseOneElement(code.data ?? '');
    if (how && 'end' in how) return how.end;
    if (how && 'startRef' in how) {
      if (el?.local === 'em') return `<em startRef="${escapeAttr(how.startRef)}"/>`;
      const a = el?.local === 'ec' ? cleanAttrs(el, data).filter(([k]) => k !== 'isolated') : [['dataRef', ref(code.data)] as [string, string | undefined]];
      return `<ec startRef="${escapeAttr(how.startRef)}"${attrList(a)}/>`;
    }
    if (el?.local === 'em') return ''; // an annotation end without its start: nothing to close
    const a = el?.local === 'ec' ? cleanAttrs(el, data).filter(([k]) => k !== 'isolated') : [['dataRef', ref(code.data)] as [string, string | undefined]];
    return `<ec id="${escapeAttr(idFor(el?.attrs.id ?? code.id))}"${attrList(a)} isolated="yes"/>`;
  }
}

/** Escapes text, writing characters XML 1.0 forbids as `<cp hex="..."/>`. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export function textWithCp(s: string): string {
  let out = '';
  let at = 0;
  for (const m of s.matchAll(FORBIDDEN)) {
    out += escapeText(s.slice(at, m.index)) + `<cp hex="${(m[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}"/>`;
    at = (m.index as number) + m[0].length;
  }
  return out + escapeText(s.slice(at));
}
