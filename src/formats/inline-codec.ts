/**
 * Helpers shared by the inline-code readers and writers of XLIFF 1.2, XLIFF 2 and TMX:
 * building a RichText while walking mixed content, and walking a RichText back as runs of text
 * and codes with each open code paired to its close code.
 *
 * Pairing follows nesting: a close code pairs with the innermost open code of the same id.
 * Crossed or unmatched codes stay unpaired, and writers emit them as isolated codes
 * (XLIFF 1.2 `it`, XLIFF 2 `sc`/`ec isolated="yes"`, TMX `it`), which need no nesting.
 */
import type { InlineCode, InlineCodeType, RichText } from '../domain/inline.js';

/** Accumulates text and codes, counting code points. */
export class RichTextBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  readonly codes: InlineCode[] = [];

  /** Appends text. */
  text(s: string): void {
    if (s === '') return;
    this.parts.push(s);
    for (const _ of s) this.length++;
  }

  /** Adds a code at the current position. */
  code(type: InlineCodeType, id: string, data?: string): void {
    const code: InlineCode = { id, type, offset: this.length };
    if (data !== undefined) code.data = data;
    this.codes.push(code);
  }

  /** The text so far. */
  build(): RichText {
    return { text: this.parts.join(''), codes: this.codes };
  }
}

/** One step of a walk over a rich text. */
export type RichStep =
  | { kind: 'text'; text: string }
  | { kind: 'code'; code: InlineCode; index: number; partner: number | undefined; partnerCode: InlineCode | undefined };

/** For each code index, the index of its partner (open <-> close), if paired by nesting. */
export function pairCodes(codes: readonly InlineCode[]): (number | undefined)[] {
  const partner: (number | undefined)[] = codes.map(() => undefined);
  const stack: number[] = [];
  codes.forEach((c, i) => {
    if (c.type === 'open') stack.push(i);
    else if (c.type === 'close') {
      const top = stack[stack.length - 1];
      if (top !== undefined && codes[top]?.id === c.id) {
        stack.pop();
        partner[top] = i;
        partner[i] = top;
      }
    }
  });
  return partner;
}

/** Codes in offset order (stable), clamped to the text. */
function ordered(rt: RichText, length: number): { code: InlineCode; index: number }[] {
  return rt.codes.map((code, index) => ({ code: { ...code, offset: Math.max(0, Math.min(code.offset, length)) }, index }))
    .sort((a, b) => a.code.offset - b.code.offset || a.index - b.index);
}

/** Walks text and codes in document order, each code with its partner's position in the walk. */
export function walkRichText(rt: RichText): RichStep[] {
  const chars = [...rt.text];
  const codes = ordered(rt, chars.length);
  const partner = pairCodes(codes.map((c) => c.code));
  const steps: RichStep[] = [];
  let at = 0;
  codes.forEach(({ code }, i) => {
    if (code.offset > at) steps.push({ kind: 'text', text: chars.slice(at, code.offset).join('') });
    at = code.offset;
    const p = partner[i];
    steps.push({ kind: 'code', code, index: i, partner: p, partnerCode: p === undefined ? undefined : codes[p]?.code });
  });
  if (at < chars.length) steps.push({ kind: 'text', text: chars.slice(at).join('') });
  return steps;
}

/**
 * Removes indentation around pretty-printed content: leading and trailing whitespace that
 * contains a line break, moving the codes with the text.
 */
export function trimIndentation(rt: RichText): RichText {
  const chars = [...rt.text];
  let start = 0;
  let end = chars.length;
  const lead = /^\s*\n\s*/u.exec(rt.text)?.[0];
  if (lead) start = [...lead].length;
  const trail = /\s*\n\s*$/u.exec(rt.text)?.[0];
  if (trail && end - [...trail].length >= start) end -= [...trail].length;
  if (start === 0 && end === chars.length) return rt;
  return {
    text: chars.slice(start, end).join(''),
    codes: rt.codes.map((c) => ({ ...c, offset: Math.max(0, Math.min(c.offset, end) - start) })),
  };
}

/** A valid XML NMTOKEN (ids of XLIFF 2 codes, XLIFF 1.2 `rid`/`mid`). */
export function isNmtoken(s: string | undefined): s is string {
  return s !== undefined && /^[\p{L}\p{N}._:\-\u00B7\u0300-\u036F\u203F\u2040]+$/u.test(s);
}
