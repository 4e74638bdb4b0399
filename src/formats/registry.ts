/**
 * The one table of exchange formats Caravan reads and writes, and the one place that sniffs and
 * reads an upload: services receive a model (an XLIFF document, a term-base file, a text) or, for
 * TMX, a stream whose format is known. XML formats are told apart by root element, namespace and
 * version — never by `<xliff ` alone (XLIFF 1.x and 2.x share the root name) — and plain formats
 * by media type, else by their first line.
 *
 * Sniffing reads the first 4 kB and hands on the whole stream. When a reader gives up half-way
 * (a wrong root), the stream it was given is returned, and that returns the source's iterator:
 * the HTTP layer (http/upload.ts) then drains or closes the connection.
 */
import { UnreadableInputError } from '../domain/errors.js';
import { quote } from '../domain/limits.js';
import type { ConceptFile } from './concepts.js';
import { readDelimitedGlossary } from './csv.js';
import { readGlossaryJson } from './glossary-json.js';
import { readTbx } from './tbx-read.js';
import { decodeText } from './text.js';
import { decoderFor, sniffEncoding } from './xml/decode.js';
import type { XliffDocument } from './xliff-model.js';
import { readXliff12 } from './xliff12.js';
import { readXliff2 } from './xliff2.js';
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
export async function peek(source: AsyncIterable<Uint8Array>, size = 4096): Promise<{ head: Uint8Array; stream: AsyncIterableIterator<Uint8Array> }> {
  const it = source[Symbol.asyncIterator]();
  const taken: Uint8Array[] = [];
  let length = 0;
  let done = false;
  try {
    while (length < size) {
      const r = await it.next();
      if (r.done) { done = true; break; }
      taken.push(r.value);
      length += r.value.length;
    }
  } catch (err) {
    await it.return?.();
    throw err;
  }
  const head = Buffer.concat(taken);
  let headPending = head.length > 0;
  let finished = done;
  // An iterator of its own rather than a generator: return() must reach the source even when
  // nobody started reading (a generator that never ran ignores return()).
  const stream: AsyncIterableIterator<Uint8Array> = {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      if (headPending) {
        headPending = false;
        return { done: false, value: head };
      }
      if (finished) return { done: true, value: undefined };
      const r = await it.next();
      if (r.done) finished = true;
      return r;
    },
    async return() {
      if (!finished) {
        finished = true;
        await it.return?.();
      }
      return { done: true, value: undefined };
    },
  };
  return { head, stream };
}

/** Most units in an XLIFF upload: a document is held in memory whole (a long speech has a few hundred). */
export const MAX_XLIFF_UNITS = 100_000;

/** An XML upload whose root is one of `accept`; otherwise `refuse(format, root)` says why not. */
async function openXml(body: AsyncIterable<Uint8Array>, accept: readonly FormatId[],
  refuse: (format: FormatId | undefined, root: XmlRoot) => string): Promise<{ format: FormatId; stream: AsyncIterableIterator<Uint8Array> }> {
  const { head, stream } = await peek(body);
  let root: XmlRoot;
  try {
    root = await sniffXmlRoot(head);
  } catch (err) {
    await stream.return?.();
    throw err;
  }
  const format = formatOfRoot(root);
  if (format !== undefined && accept.includes(format)) return { format, stream };
  await stream.return?.();
  throw new UnreadableInputError(refuse(format, root));
}

/** A TMX upload, sniffed: the stream for the TM service to read as it goes. */
export async function openTmxUpload(body: AsyncIterable<Uint8Array>): Promise<AsyncIterable<Uint8Array>> {
  return (await openXml(body, ['tmx'], (_f, root) => `expected a TMX document, found <${quote(root.local)}>`)).stream;
}

/** An XLIFF upload of either version, read into the model (400 for anything else). */
export async function readXliffUpload(body: AsyncIterable<Uint8Array>): Promise<XliffDocument> {
  const { format, stream } = await openXml(body, ['xliff-1', 'xliff-2'], (found, root) => (found === 'tmx'
    ? 'this is a TMX file; import it with POST /api/v1/tm/import' : `expected an XLIFF document, found <${quote(root.local)}>`));
  return format === 'xliff-1' ? readXliff12(stream, { maxUnits: MAX_XLIFF_UNITS }) : readXliff2(stream, { maxUnits: MAX_XLIFF_UNITS });
}

/** How a term-base file may be named (`tbx` = either TBX version, sniffed). */
export const TERMBASE_UPLOAD_FORMATS = ['tbx', 'tbx-v2', 'tbx-v3', 'csv', 'tsv', 'json'] as const;
export type TermbaseUploadFormat = (typeof TERMBASE_UPLOAD_FORMATS)[number];

/** A file's bytes: a stream (an HTTP upload), bytes, or text. */
export type UploadSource = AsyncIterable<Uint8Array> | Uint8Array | string;

const XML_TYPES = /^(application|text)\/([\w.+-]+\+)?xml$/;

/** An upload source as a byte stream. */
export async function* streamOf(source: UploadSource): AsyncGenerator<Uint8Array> {
  if (typeof source === 'string') yield Buffer.from(source, 'utf8');
  else if (source instanceof Uint8Array) yield source;
  else yield* source;
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of stream) parts.push(c);
  return Buffer.concat(parts);
}

type TermbaseKind = 'xml' | 'csv' | 'tsv' | 'json';

/** What a term-base file is: from `format`, else the media type, else its first bytes (`<` XML, `[` JSON, a tab in the first line TSV, else CSV). */
function termbaseKind(head: Uint8Array, opts: { format?: TermbaseUploadFormat; mediaType?: string }): TermbaseKind {
  const mediaType = opts.mediaType?.split(';')[0]?.trim().toLowerCase();
  if (opts.format === 'csv' || opts.format === 'tsv' || opts.format === 'json') return opts.format;
  if (opts.format !== undefined || (mediaType && XML_TYPES.test(mediaType))) return 'xml';
  if (mediaType === 'text/csv') return 'csv';
  if (mediaType === 'text/tab-separated-values') return 'tsv';
  if (mediaType === 'application/json') return 'json';
  const start = decodeText(head.subarray(0, 512), 'the file').replace(/^\uFEFF/, '').trimStart();
  return start.startsWith('<') ? 'xml' : start.startsWith('[') ? 'json' : (start.split(/\r?\n/)[0] ?? '').includes('\t') ? 'tsv' : 'csv';
}

/** Why an XML upload of root format `found` is not the term base `asked` for; undefined when it is. */
function tbxRefusal(found: FormatId | undefined, asked: TermbaseUploadFormat | undefined): string | undefined {
  if (found !== 'tbx-v2' && found !== 'tbx-v3') return found ? `the file is ${FORMATS[found].title}, not a TBX term base` : 'the root element is not <martif> (TBX v2) or <tbx> (TBX v3)';
  if ((asked === 'tbx-v2' || asked === 'tbx-v3') && asked !== found) return `format=${asked} was asked for, but the file is ${FORMATS[found].title}`;
  return undefined;
}

/**
 * Refuses, as reading it would, a term-base upload whose first bytes (`head`, at least 4 kB or the
 * whole file) show an XML file that is not the TBX asked for: for a caller that reads the rest
 * elsewhere (a worker thread) and must not take in a large upload it will refuse.
 */
export async function checkTermbaseHead(head: Uint8Array, opts: { format?: TermbaseUploadFormat; mediaType?: string }): Promise<void> {
  if (termbaseKind(head, opts) !== 'xml') return;
  const refusal = tbxRefusal(formatOfRoot(await sniffXmlRoot(head)), opts.format);
  if (refusal) throw new UnreadableInputError(refusal);
}

/** A term-base file, read (see termbaseKind for how its format is told). */
export async function readTermbaseUpload(source: UploadSource, opts: { format?: TermbaseUploadFormat; mediaType?: string }): Promise<ConceptFile> {
  const { head, stream } = await peek(streamOf(source), 4096);
  const kind = termbaseKind(head, opts);
  if (kind === 'json') return readGlossaryJson(decodeText(await collect(stream), 'the JSON file'));
  if (kind !== 'xml') return readDelimitedGlossary(decodeText(await collect(stream), `the ${kind.toUpperCase()} file`), kind);
  const { format, stream: xml } = await openXml(stream, ['tbx-v2', 'tbx-v3'], (found) => tbxRefusal(found, undefined) as string);
  const refusal = tbxRefusal(format, opts.format);
  if (refusal) {
    await xml.return?.();
    throw new UnreadableInputError(refusal);
  }
  return readTbx(xml);
}

/** Character sets a plain-text upload may declare. */
const TEXT_CHARSETS = ['utf-8', 'utf8', 'utf-16', 'utf-16le', 'utf-16be'];

/** A plain-text upload, decoded strictly (UTF-8, or UTF-16 with a BOM); `mediaType` may name its charset. */
export async function readTextUpload(body: AsyncIterable<Uint8Array>, mediaType = ''): Promise<string> {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(mediaType)?.[1]?.toLowerCase();
  if (charset && !TEXT_CHARSETS.includes(charset)) throw new UnreadableInputError(`charset ${charset} is not supported; send UTF-8`);
  return decodeText(await collect(body));
}
