/**
 * Plain text files: decoded strictly, so a wrongly encoded file is reported instead of
 * turning into replacement characters. UTF-8 with or without a BOM; UTF-16 only with a BOM.
 */
import { TextDecoder } from 'node:util';
import { UnreadableInputError } from '../domain/errors.js';

/** Decodes bytes as UTF-8 (BOM optional) or UTF-16 with a BOM; throws on invalid sequences. */
export function decodeText(bytes: Uint8Array, what = 'the body'): string {
  let encoding = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be';
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new UnreadableInputError(`${what} is not valid ${encoding.toUpperCase()} text`);
  }
}
