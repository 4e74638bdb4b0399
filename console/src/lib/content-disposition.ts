/**
 * The file name of a `Content-Disposition: attachment` header (RFC 6266): `filename*`
 * (RFC 8187, UTF-8 percent-encoded, which Express writes for non-ASCII names) before the
 * plain `filename`. The npm `content-disposition` package decodes with Node's Buffer, which
 * the browser lacks; this is the little of it the console needs.
 */

/** The file name the header names, or undefined. */
export function filenameFromDisposition(header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*([\w!#$&+.^`|~-]+)'[^']*'([^;\s]+)/i.exec(header);
  if (extended && extended[1]?.toLowerCase() === 'utf-8') {
    try {
      return decodeURIComponent(extended[2] ?? '');
    } catch {
      // fall through to the plain name
    }
  }
  const quoted = /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header);
  if (quoted) return (quoted[1] ?? '').replace(/\\(.)/g, '$1');
  const token = /filename\s*=\s*([^;\s]+)/i.exec(header);
  return token?.[1];
}
