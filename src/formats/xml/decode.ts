/**
 * Byte-level decoding of XML documents (XML 1.0, Appendix F "Autodetection of Character
 * Encodings"): a byte-order mark wins; UTF-16 without a BOM is recognised from `<?`; otherwise
 * the `encoding` of the XML declaration is used (e.g. the windows-1252 an Okapi Rainbow file
 * declares), and UTF-8 by default. Decoding is fatal: invalid byte sequences are an error the
 * caller reports as a 400, never silently replaced.
 */
import { TextDecoder } from 'node:util';
import { UnreadableInputError } from '../../domain/errors.js';
import { quote } from '../../domain/limits.js';

/** The encoding found and how many bytes of BOM to skip. */
export interface SniffedEncoding {
  encoding: string;
  bomLength: number;
}

/** Longest XML declaration we look into for an encoding name. */
const DECLARATION_WINDOW = 512;

/** Finds the encoding of an XML document from its first bytes. */
export function sniffEncoding(head: Uint8Array): SniffedEncoding {
  const [a, b, c, d] = [head[0], head[1], head[2], head[3]];
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (a === 0x3c && b === 0x00 && c === 0x3f && d === 0x00) return { encoding: 'utf-16le', bomLength: 0 };
  if (a === 0x00 && b === 0x3c && c === 0x00 && d === 0x3f) return { encoding: 'utf-16be', bomLength: 0 };
  let ascii = '';
  for (let i = 0; i < Math.min(head.length, DECLARATION_WINDOW); i++) {
    const byte = head[i] as number;
    if (byte === 0x3e) break; // '>' ends the declaration
    ascii += byte < 0x80 ? String.fromCharCode(byte) : '?';
  }
  const declared = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(ascii)?.[1]?.toLowerCase();
  if (!declared) return { encoding: 'utf-8', bomLength: 0 };
  if (declared === 'utf-16') {
    throw new UnreadableInputError('the document declares UTF-16 but has no byte-order mark and is not UTF-16 encoded');
  }
  return { encoding: declared, bomLength: 0 };
}

/** A fatal decoder for `encoding`, or an UnreadableInputError naming it. */
export function decoderFor(encoding: string): TextDecoder {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  } catch {
    throw new UnreadableInputError(`the encoding "${quote(encoding)}" is not supported; use UTF-8`);
  }
}

/** Decodes a stream of byte chunks to text chunks, strictly. */
export async function* decodeXmlStream(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  let encoding = 'utf-8';
  let pending: Uint8Array = new Uint8Array(0);
  const decode = (bytes: Uint8Array, stream: boolean): string => {
    try {
      return (decoder as TextDecoder).decode(bytes, { stream });
    } catch {
      throw new UnreadableInputError(`the document is not valid ${encoding.toUpperCase()} (invalid byte sequence)`);
    }
  };
  for await (const chunk of chunks) {
    if (!decoder) {
      pending = concat(pending, chunk);
      if (pending.length < DECLARATION_WINDOW) continue;
      const sniffed = sniffEncoding(pending);
      encoding = sniffed.encoding;
      decoder = decoderFor(encoding);
      yield decode(pending.subarray(sniffed.bomLength), true);
      continue;
    }
    yield decode(chunk, true);
  }
  if (!decoder) {
    const sniffed = sniffEncoding(pending);
    encoding = sniffed.encoding;
    decoder = decoderFor(encoding);
    yield decode(pending.subarray(sniffed.bomLength), false);
    return;
  }
  yield decode(new Uint8Array(0), false);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
