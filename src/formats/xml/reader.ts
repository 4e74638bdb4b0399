/**
 * Safe, streaming XML reading on top of saxes (strict XML 1.0 + namespaces).
 *
 * Hostile input is refused, not expanded: a DOCTYPE that declares entities (the
 * "billion laughs" and external-entity attacks) is rejected outright, external DTDs are
 * never fetched, undefined entity references are errors, and depth and subtree sizes are
 * bounded. Truncated or malformed documents fail with the line and column. Every failure is
 * an {@link UnreadableInputError}, so the HTTP layer answers 400 and nothing is stored.
 *
 * Callers collect only the elements they need (a TMX `tu`, an XLIFF `trans-unit`, a TBX
 * `termEntry`) as small trees and receive them one at a time, awaiting their handler
 * between input chunks, so memory stays bounded however large the file is.
 */
import { SaxesParser, type SaxesTagNS, type SaxesTagPlain } from 'saxes';
import { UnreadableInputError } from '../../domain/errors.js';
import { quote } from '../../domain/limits.js';
import { decodeXmlStream } from './decode.js';

/** An element with its attributes (by qualified name) and children. */
export interface XmlElement {
  name: string;
  local: string;
  uri: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
/** A child node: an element or a run of text (CDATA included). */
export type XmlNode = XmlElement | string;

/** An element start seen outside collected subtrees. */
export interface OpenTag {
  name: string;
  local: string;
  uri: string;
  attrs: Record<string, string>;
  depth: number;
}

/** What to do with the document as it streams by. */
export interface XmlHandlers {
  /** Called at each element start outside a collected subtree; return true to collect it. */
  onOpen?(tag: OpenTag): boolean | void;
  /** Called at each element end outside a collected subtree. */
  onClose?(tag: OpenTag): void;
  /** Receives each collected element, complete, in document order. */
  onElement?(el: XmlElement, depth: number): void | Promise<void>;
}

/** Bounds that keep hostile documents from exhausting memory. */
export interface XmlLimits {
  maxDepth: number;
  /** Most nodes in one collected subtree. */
  maxSubtreeNodes: number;
}

/** How to read. */
export interface XmlReadOptions {
  /**
   * Resolve namespaces (default true): `uri` is the element's namespace and unbound prefixes are
   * errors. Without, `uri` is always '' and `local` the name after any prefix: for a format that
   * has no namespace of its own (TMX), whose readers match local names only. Measured (issue 12,
   * a 100k-unit TMX, 48 MB): see readTmx.
   */
  namespaces?: boolean;
}

/** Deep enough for nested XLIFF groups and inline codes, far below stack trouble. */
export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 256, maxSubtreeNodes: 500_000 };

/** Longest parser message passed on (it may quote the document). */
const MAX_MESSAGE_LENGTH = 200;
/**
 * Characters handed to the parser at a time: some 1-2 ms of parsing on a quiet machine (issue 12:
 * whole chunks held the event loop 40-140 ms under load during a TMX import). saxes carries a
 * trailing half of a surrogate pair or a CR over to the next write, so any cut is safe.
 */
const MAX_WRITE = 16_384;

/** Input: text, bytes, or a stream of byte chunks (an HTTP request). */
export type XmlSource = string | Uint8Array | AsyncIterable<Uint8Array>;

async function* chunksOf(source: XmlSource): AsyncGenerator<string> {
  if (typeof source === 'string') {
    yield source.replace(/^\uFEFF/, '');
  } else if (source instanceof Uint8Array) {
    yield* decodeXmlStream((async function* () { yield source; })());
  } else {
    yield* decodeXmlStream(source);
  }
}

function toAttrs(tag: SaxesTagNS): Record<string, string> {
  const out: Record<string, string> = {};
  // A loop over the keys, not Object.entries: an array per attribute was 7% of a TMX parse (issue 12).
  const attributes = tag.attributes;
  for (const qname in attributes) out[qname] = (attributes[qname] as { value: string }).value;
  return out;
}

/** The name after a prefix (`xml:lang` -> `lang`). */
function localOf(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** Streams `source`, calling `handlers`; rejects with UnreadableInputError on bad XML. */
export async function streamXml(source: XmlSource, handlers: XmlHandlers, limits: XmlLimits = DEFAULT_XML_LIMITS,
  opts: XmlReadOptions = {}): Promise<void> {
  const namespaces = opts.namespaces !== false;
  const parser = new SaxesParser({ xmlns: namespaces, position: true });
  const ready: { el: XmlElement; depth: number }[] = [];
  const stack: OpenTag[] = [];
  let collecting: XmlElement[] = []; // open elements of the subtree being collected
  let collectDepth = -1;
  let nodes = 0;
  let failure: Error | undefined;
  let sawRoot = false;

  const fail = (message: string) => {
    // saxes quotes names and text from the document: cut what it quotes.
    failure ??= new UnreadableInputError(`${quote(message, MAX_MESSAGE_LENGTH)} (line ${parser.line}, column ${parser.column})`);
  };
  parser.on('error', (e) => fail(e.message.replace(/^(?:[^:]*:)?\d+:\d+: /, '')));
  parser.on('doctype', (text) => {
    if (/<!ENTITY/i.test(text)) fail('the DOCTYPE declares entities; entity declarations are not accepted (no entity expansion)');
  });
  const onOpenTag = (name: string, local: string, uri: string, attrs: Record<string, string>) => {
    sawRoot = true;
    if (stack.length + collecting.length >= limits.maxDepth) fail(`elements are nested deeper than ${limits.maxDepth} levels`);
    if (collecting.length > 0) {
      const el: XmlElement = { name, local, uri, attrs, children: [] };
      (collecting[collecting.length - 1] as XmlElement).children.push(el);
      collecting.push(el);
      if (++nodes > limits.maxSubtreeNodes) fail(`an element has more than ${limits.maxSubtreeNodes} nodes`);
      return;
    }
    const open: OpenTag = { name, local, uri, attrs, depth: stack.length };
    if (handlers.onOpen?.(open) === true) {
      collecting = [{ name: open.name, local: open.local, uri: open.uri, attrs: open.attrs, children: [] }];
      collectDepth = open.depth;
      nodes = 1;
      return;
    }
    stack.push(open);
  };
  // Without namespaces saxes gives each tag a fresh object of its attributes' values: kept as is.
  parser.on('opentag', (tag) => {
    if (namespaces) {
      const ns = tag as SaxesTagNS;
      onOpenTag(ns.name, ns.local, ns.uri, toAttrs(ns));
    } else onOpenTag(tag.name, localOf(tag.name), '', (tag as SaxesTagPlain).attributes);
  });
  const onText = (text: string) => {
    if (collecting.length === 0) return;
    const parent = collecting[collecting.length - 1] as XmlElement;
    const last = parent.children[parent.children.length - 1];
    if (typeof last === 'string') parent.children[parent.children.length - 1] = last + text;
    else {
      parent.children.push(text);
      if (++nodes > limits.maxSubtreeNodes) fail(`an element has more than ${limits.maxSubtreeNodes} nodes`);
    }
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', () => {
    if (collecting.length > 0) {
      const el = collecting.pop() as XmlElement;
      if (collecting.length === 0) ready.push({ el, depth: collectDepth });
      return;
    }
    const open = stack.pop();
    if (open) handlers.onClose?.(open);
  });

  const drain = async () => {
    while (ready.length > 0) {
      const item = ready.shift() as { el: XmlElement; depth: number };
      const pending = handlers.onElement?.(item.el, item.depth);
      if (pending) await pending;
    }
  };
  for await (const text of chunksOf(source)) {
    // A chunk is whatever the stream had buffered (a slow reader gets large ones): parsed in
    // pieces, each followed by its elements, so that a handler that yields to the event loop
    // (a time slicer) is reached between pieces rather than after the whole chunk.
    for (let at = 0; at < text.length; at += MAX_WRITE) {
      parser.write(at === 0 && text.length <= MAX_WRITE ? text : text.slice(at, at + MAX_WRITE));
      if (failure) throw failure;
      await drain();
    }
  }
  parser.close();
  if (failure) throw failure;
  if (!sawRoot) throw new UnreadableInputError('the document has no root element');
  await drain();
}

/** Reads a whole (small) document into one tree and returns its root element. */
export async function parseXml(source: XmlSource, limits: XmlLimits = DEFAULT_XML_LIMITS): Promise<XmlElement> {
  let root: XmlElement | undefined;
  await streamXml(source, { onOpen: (t) => t.depth === 0, onElement: (el) => { root = el; } }, limits);
  if (!root) throw new UnreadableInputError('the document has no root element');
  return root;
}

/** Child elements of `el` with local name `local` (any namespace unless `uri` is given). */
export function childrenOf(el: XmlElement, local: string, uri?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && c.local === local && (uri === undefined || c.uri === uri));
}

/** The first child element named `local`, or undefined. */
export function childOf(el: XmlElement, local: string, uri?: string): XmlElement | undefined {
  return childrenOf(el, local, uri)[0];
}

/** All text inside `el`, descendants included, in document order. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** The value of `xml:lang` on `el`, or `lang` (TMX 1.1), or undefined. */
export function xmlLang(el: { attrs: Record<string, string> }): string | undefined {
  return el.attrs['xml:lang'] ?? el.attrs.lang;
}
