/**
 * The one table of exchange formats Caravan reads and writes, and how an uploaded file is
 * recognised. XML formats are told apart by root element, namespace and version — never by
 * `<xliff ` alone (XLIFF 1.x and 2.x share the root name) — and plain formats by media type.
 */
import { UnreadableInputError } from '../domain/errors.js';
import { decoderFor, sniffEncoding } from './xml/decode.js';
import { SaxesParser } from 'saxes';

/** Every format the server knows. */
export type FormatId = 'xliff-1' | 'xliff-2' | 'tmx' | 'tbx-v2' | 'tbx-v3' | 'csv' | 'tsv' | 'json' | 'text';

/** What a format holds. */
export type FormatKind = 'document' | 'memory' | 'termbase';

/** A format and how it travels. */
export interface FormatInfo {
  id: FormatId;
  title: string;
  kind: FormatKind;
  /** Media type we send; we also accept `application/xml` and `text/xml` for XML formats. */
  mediaType: string;
  extension: string;
  xml: boolean;
}

/** The format table. */
export const FORMATS: Record<FormatId, FormatInfo> = {
  'xliff-1': { id: 'xliff-1', title: 'XLIFF 1.x (1.0, 1.1, 1.2, sdlxliff, mqxliff)', kind: 'document', mediaType: 'application/xliff+xml', extension: 'xlf', xml: true },
  'xliff-2': { id: 'xliff-2', title: 'XLIFF 2.x (2.0, 2.1, 2.2)', kind: 'document', mediaType: 'application/xliff+xml', extension: 'xlf', xml: true },
  tmx: { id: 'tmx', title: 'TMX 1.4b (and 1.1 on import)', kind: 'memory', mediaType: 'application/x-tmx+xml', extension: 'tmx', xml: true },
  'tbx-v2': { id: 'tbx-v2', title: 'TBX v2 (martif, TBX-Basic)', kind: 'termbase', mediaType: 'application/x-tbx+xml', extension: 'tbx', xml: true },
  'tbx-v3': { id: 'tbx-v3', title: 'TBX v3 (ISO 30042:2019, TBX-Basic/Core)', kind: 'termbase', mediaType: 'application/x-tbx+xml', extension: 'tbx', xml: true },
  csv: { id: 'csv', title: 'CSV with language-code headers', kind: 'termbase', mediaType: 'text/csv', extension: 'csv', xml: false },
  tsv: { id: 'tsv', title: 'TSV with language-code headers', kind: 'termbase', mediaType: 'text/tab-separated-values', extension: 'tsv', xml: false },
  json: { id: 'json', title: 'JSON entries (as glossary/entries.json)', kind: 'termbase', mediaType: 'application/json', extension: 'json', xml: false },
  text: { id: 'text', title: 'Plain text (UTF-8)', kind: 'document', mediaType: 'text/plain', extension: 'txt', xml: false },
};

/** Namespace of XLIFF 1.2 (1.0 and 1.1 files use their own or none). */
export const XLIFF12_NS = 'urn:oasis:names:tc:xliff:document:1.2';
/** Namespace of XLIFF 2.0 and 2.1 (2.2 uses ...:2.2). */
export const XLIFF2_NS = 'urn:oasis:names:tc:xliff:document:2.0';
/** Namespace of TBX v3 (ISO 30042:2019). */
export const TBX3_NS = 'urn:iso:std:iso:30042:ed-2';

/** The root of an XML document: what sniffing saw. */
export interface XmlRoot {
  local: string;
  uri: string;
  version: string | undefined;
  attrs: Record<string, string>;
}

/** The format of an XML document from its root element, namespace and version. */
export function formatOfRoot(root: XmlRoot): FormatId | undefined {
  const v = root.version ?? '';
  if (root.local === 'xliff') {
    if (v.startsWith('2') || /:xliff:document:2\./.test(root.uri)) return 'xliff-2';
    if (v.startsWith('1') || root.uri === XLIFF12_NS || /:xliff:document:1\./.test(root.uri) || root.uri === '') return 'xliff-1';
    return undefined;
  }
  if (root.local === 'tmx') return 'tmx';
  if (root.local === 'martif') return 'tbx-v2';
  if (root.local === 'tbx') return 'tbx-v3';
  return undefined;
}

/**
 * Reads just enough of `head` (the first bytes of a file) to find its root element. The head
 * may end inside a multi-byte character: that tail is left undecoded (the whole stream is
 * decoded strictly later); invalid bytes before it are an error.
 */
export async function sniffXmlRoot(head: Uint8Array): Promise<XmlRoot> {
  const { encoding, bomLength } = sniffEncoding(head);
  let text: string;
  try {
    text = decoderFor(encoding).decode(head.subarray(bomLength), { stream: true });
  } catch (err) {
    if (err instanceof UnreadableInputError) throw err;
    throw new UnreadableInputError(`the document is not valid ${encoding.toUpperCase()} (invalid byte sequence)`);
  }
  const parser = new SaxesParser({ xmlns: false, position: false });
  let root: XmlRoot | undefined;
  let failed: string | undefined;
  parser.on('opentag', (tag) => {
    if (root) return;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = String(v);
    const colon = tag.name.indexOf(':');
    const prefix = colon > 0 ? tag.name.slice(0, colon) : '';
    root = { local: colon > 0 ? tag.name.slice(colon + 1) : tag.name, uri: attrs[prefix ? `xmlns:${prefix}` : 'xmlns'] ?? '', version: attrs.version, attrs };
  });
  parser.on('error', (e) => { failed ??= e.message; });
  parser.on('doctype', (d) => { if (/<!ENTITY/i.test(d)) failed ??= 'the DOCTYPE declares entities; entity declarations are not accepted'; });
  try {
    parser.write(text);
  } catch (e) {
    failed ??= (e as Error).message;
  }
  if (root) return root;
  throw new UnreadableInputError(failed ? `not well-formed XML: ${failed}` : 'no root element found at the start of the file');
}

/** Splits a byte stream into its first `size` bytes (for sniffing) and the whole stream. */
export async function peek(source: AsyncIterable<Uint8Array>, size = 4096): Promise<{ head: Uint8Array; stream: AsyncIterable<Uint8Array> }> {
  const it = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const r = await it.next();
    if (r.done) { done = true; break; }
    taken.push(r.value);
    length += r.value.length;
  }
  const head = Buffer.concat(taken);
  return {
    head,
    stream: (async function* () {
      if (head.length) yield head;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    })(),
  };
}
