/**
 * Writing XML that strict readers accept: escaping for text and attributes, removal of
 * characters XML 1.0 forbids (C0 controls other than tab/newline/return, U+FFFE/U+FFFF,
 * lone surrogates), and a small builder that streams indented markup in chunks.
 */

/** Characters that cannot appear in an XML 1.0 document at all. */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes characters XML 1.0 forbids. */
export function xmlSafe(s: string): string {
  return s.replace(FORBIDDEN, '');
}

/** Escapes text content (`&`, `<`, `>`). */
export function escapeText(s: string): string {
  return xmlSafe(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value for double quotes (also tabs and newlines, to survive normalisation). */
export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** Attribute list, skipping undefined values, in the given order. */
export function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values).filter(([, v]) => v !== undefined).map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`).join('');
}

/**
 * Builds a document as text, indenting block elements; `take()` returns what has been
 * written since the last call, so large documents can be streamed to a response.
 */
export class XmlWriter {
  private out: string[] = [];
  private readonly open: string[] = [];

  constructor(declaration = true) {
    if (declaration) this.out.push('<?xml version="1.0" encoding="UTF-8"?>\n');
  }

  private indent(): string {
    return '  '.repeat(this.open.length);
  }

  /** Opens a block element on its own line. */
  start(name: string, attributes: Record<string, string | number | undefined> = {}): this {
    this.out.push(`${this.indent()}<${name}${attrs(attributes)}>\n`);
    this.open.push(name);
    return this;
  }

  /** Closes the innermost open block element. */
  end(): this {
    const name = this.open.pop();
    if (name === undefined) throw new Error('XmlWriter.end() without an open element');
    this.out.push(`${this.indent()}</${name}>\n`);
    return this;
  }

  /** An element on one line with escaped text content (or empty). */
  leaf(name: string, attributes: Record<string, string | number | undefined> = {}, text?: string): this {
    this.out.push(text === undefined || text === ''
      ? `${this.indent()}<${name}${attrs(attributes)}/>\n`
      : `${this.indent()}<${name}${attrs(attributes)}>${escapeText(text)}</${name}>\n`);
    return this;
  }

  /** An element on one line whose content is already markup (inline codes). */
  inline(name: string, attributes: Record<string, string | number | undefined>, markup: string): this {
    this.out.push(`${this.indent()}<${name}${attrs(attributes)}>${markup}</${name}>\n`);
    return this;
  }

  /** Text written since the last call. */
  take(): string {
    const s = this.out.join('');
    this.out = [];
    return s;
  }

  /** Everything written, checking that every element was closed. */
  finish(): string {
    if (this.open.length) throw new Error(`XmlWriter.finish() with open elements: ${this.open.join(', ')}`);
    return this.take();
  }
}
