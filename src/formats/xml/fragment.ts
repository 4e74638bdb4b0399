/**
 * Inline markup as strings: serialising collected elements back to XML (so a reader can keep
 * the native markup of an inline code, e.g. `<g id="1">` or `<bpt id="1">&lt;b&gt;</bpt>`),
 * and parsing such a string again, synchronously and strictly, when a writer wants to put it
 * back. Writers never copy a stored string into their output: they parse it, check it against
 * what their schema allows, and serialise the parsed element, so the output stays well-formed
 * whatever a stored code contains.
 */
import { SaxesParser } from 'saxes';
import type { XmlElement, XmlNode } from './reader.js';
import { escapeAttr, escapeText } from './writer.js';

/** Attributes as markup, without namespace declarations, in document order. */
function attrMarkup(attrs: Record<string, string>, name: (qname: string) => string): string {
  return Object.entries(attrs)
    .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
    .map(([k, v]) => ` ${name(k)}="${escapeAttr(v)}"`).join('');
}

/** The element's name as written: its local name when it is in `defaultUri` (or has none). */
function nameOf(el: XmlElement, defaultUri: string | undefined): string {
  return defaultUri !== undefined && (el.uri === defaultUri || el.uri === '') ? el.local : el.name;
}

/** `<name attrs>` for `el`. */
export function startTag(el: XmlElement, defaultUri?: string): string {
  return `<${nameOf(el, defaultUri)}${attrMarkup(el.attrs, (k) => k)}>`;
}

/** `</name>` for `el`. */
export function endTag(el: XmlElement, defaultUri?: string): string {
  return `</${nameOf(el, defaultUri)}>`;
}

/** `<name attrs/>` for `el`. */
export function emptyTag(el: XmlElement, defaultUri?: string): string {
  return `<${nameOf(el, defaultUri)}${attrMarkup(el.attrs, (k) => k)}/>`;
}

/** The whole element as markup (empty elements as `<name/>`). */
export function serialize(node: XmlNode, defaultUri?: string): string {
  if (typeof node === 'string') return escapeText(node);
  if (node.children.length === 0) return emptyTag(node, defaultUri);
  return startTag(node, defaultUri) + node.children.map((c) => serialize(c, defaultUri)).join('') + endTag(node, defaultUri);
}

/**
 * Parses a small piece of markup (no namespaces resolved: names keep their prefixes) into
 * nodes; undefined when it is not well-formed. Entities other than the five predefined ones
 * and character references are errors, as in the streaming reader.
 */
export function parseFragment(markup: string): XmlNode[] | undefined {
  if (markup.length > 100_000 || /<!/.test(markup)) return undefined;
  const parser = new SaxesParser({ xmlns: false, fragment: false });
  const root: XmlElement = { name: '#root', local: '#root', uri: '', attrs: {}, children: [] };
  const stack: XmlElement[] = [];
  let failed = false;
  parser.on('error', () => { failed = true; });
  parser.on('opentag', (tag) => {
    if (stack.length === 0) { stack.push(root); return; }
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = String(v);
    const colon = tag.name.indexOf(':');
    const el: XmlElement = { name: tag.name, local: colon > 0 ? tag.name.slice(colon + 1) : tag.name, uri: '', attrs, children: [] };
    (stack[stack.length - 1] as XmlElement).children.push(el);
    stack.push(el);
  });
  const onText = (text: string) => {
    const parent = stack[stack.length - 1];
    if (!parent) return;
    const last = parent.children[parent.children.length - 1];
    if (typeof last === 'string') parent.children[parent.children.length - 1] = last + text;
    else parent.children.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => { stack.pop(); });
  try {
    parser.write(`<r>${markup}</r>`).close();
  } catch {
    return undefined;
  }
  return failed ? undefined : root.children;
}

/** Parses markup that must be exactly one element (surrounding whitespace aside). */
export function parseOneElement(markup: string): XmlElement | undefined {
  const nodes = parseFragment(markup);
  if (!nodes) return undefined;
  const elements = nodes.filter((n): n is XmlElement => typeof n !== 'string');
  const strayText = nodes.some((n) => typeof n === 'string' && n.trim() !== '');
  return elements.length === 1 && !strayText ? elements[0] : undefined;
}

/** Parses a lone start tag such as `<g id="1">` into an element without children. */
export function parseStartTag(markup: string): XmlElement | undefined {
  const m = /^<([A-Za-z_][\w.:-]*)(?=[\s>])[^<>]*>$/.exec(markup);
  if (!m || markup.endsWith('/>')) return undefined;
  return parseOneElement(`${markup}</${m[1]}>`);
}

/** True when `markup` is a lone end tag of `local` (any prefix), e.g. `</g>`. */
export function isEndTag(markup: string | undefined, local: string): boolean {
  return markup !== undefined && new RegExp(`^</(?:[\\w.-]+:)?${local}\\s*>$`).test(markup);
}
