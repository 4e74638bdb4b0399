/**
 * Numbers in matched segments: when a query differs from a TM source only in its numbers, CAT
 * tools keep the match in the 95-99 band and put the new numbers into the proposed translation
 * (domain notes, "Penalties ... different numbers (commercial tools substitute numbers)").
 *
 * A number is what the matching key calls one: digits (ASCII or full-width) with `.` or `,`
 * between digits. Its value ignores grouping, so `2100`, `２１００` and `2,100` are one value:
 * a comma or dot followed by groups of exactly three digits is grouping when it is the only kind
 * of separator (`2,100`, `1.234.567`); with both kinds, the last one is the decimal mark
 * (`1,234.5`, `1.234,5`); a lone separator followed by anything but three digits is a decimal
 * mark (`3.5`, `3,5`). `1,234` is read as one thousand two hundred thirty-four, as in English and
 * Chinese; a German `1,234` (one point two three four) is read wrongly, which costs only a missed
 * substitution.
 *
 * Substitution is one to one: a changed source number is replaced in the target only when its
 * value occurs exactly once among the source's numbers and exactly once among the target's, so
 * `2100多年前` -> `2200多年前` turns "More than 2,100 years ago" into "More than 2,200 years ago",
 * keeping the target's own grouping style. Anything ambiguous is left for the translator.
 */
import { type KeyMode, type MatchKey, matchKey } from '../match-key.js';
import { NUMBER_SYMBOL, Vocabulary } from '../vocabulary.js';

/** A number in a raw text: its code-point span, its folded text and its value. */
export interface TextNumber {
  start: number;
  end: number;
  /** As folded into the key (ASCII digits and separators). */
  text: string;
  /** Digits with at most one `.` decimal mark, grouping removed. */
  value: string;
  /** The grouping separator the text used, if any. */
  grouping: ',' | '.' | undefined;
  /** The decimal mark the text used, if any. */
  decimal: ',' | '.' | undefined;
}

/** The value and style of a folded number such as `2,100` or `3.5`. */
export function parseNumber(text: string): Pick<TextNumber, 'value' | 'grouping' | 'decimal'> {
  const seps = [...text.matchAll(/[.,]/g)].map((m) => m[0] as ',' | '.');
  const kinds = new Set(seps);
  let grouping: ',' | '.' | undefined;
  let decimal: ',' | '.' | undefined;
  if (kinds.size === 2) {
    decimal = seps[seps.length - 1];
    grouping = decimal === ',' ? '.' : ',';
  } else if (kinds.size === 1) {
    const sep = seps[0] as ',' | '.';
    const groups = text.split(sep).slice(1);
    if (groups.every((g) => g.length === 3) && (groups.length > 1 || sep === ',')) grouping = sep;
    else if (groups.length === 1) decimal = sep;
    else grouping = sep; // 1.23.45: not a number format we know; compare digits only
  }
  const [int, frac] = decimal === undefined ? [text, undefined] : [text.slice(0, text.lastIndexOf(decimal)), text.slice(text.lastIndexOf(decimal) + 1)];
  const digits = grouping === undefined ? int : int.split(grouping).join('');
  return { value: frac === undefined ? digits : `${digits}.${frac}`, grouping, decimal };
}

/** The numbers of a raw text, as the matching key of `mode` finds them. */
export function findNumbers(text: string, mode: KeyMode): TextNumber[] {
  return numbersOfKey(matchKey(text, { mode, vocabulary: new Vocabulary() }));
}

/** The numbers of a text whose matching key (with spans) is already built. */
export function numbersOfKey(key: MatchKey): TextNumber[] {
  const out: TextNumber[] = [];
  let n = 0;
  key.symbols.forEach((s, i) => {
    if (s !== NUMBER_SYMBOL) return;
    const folded = key.numbers[n++] as string;
    out.push({ start: key.starts[i] as number, end: key.ends[i] as number, text: folded, ...parseNumber(folded) });
  });
  return out;
}

/** Writes `value` in the style of `model` (its grouping and decimal mark). */
export function formatLike(value: string, model: Pick<TextNumber, 'grouping' | 'decimal'>): string {
  const [int = '', frac] = value.split('.');
  const grouped = model.grouping === undefined ? int : int.replace(/\B(?=(\d{3})+(?!\d))/g, model.grouping);
  if (frac === undefined) return grouped;
  return `${grouped}${model.decimal ?? (model.grouping === '.' ? ',' : '.')}${frac}`;
}

/** A changed number: the unit source's and the query's. */
export interface NumberChange {
  unit: TextNumber;
  query: TextNumber;
}

/** A replacement in a text: code points [start, end) became `length` code points. */
export interface TextEdit {
  start: number;
  end: number;
  length: number;
}

/** The target with changed numbers substituted, and which changes could be substituted. */
export interface Substitution {
  target: string;
  substituted: NumberChange[];
  unmapped: NumberChange[];
  /** The replacements made, left to right. */
  edits: TextEdit[];
}

/** Moves code-point offsets (of inline codes) past replacements that changed length. */
export function shiftOffset(offset: number, edits: readonly TextEdit[]): number {
  let shift = 0;
  for (const e of edits) {
    if (e.end <= offset) shift += e.length - (e.end - e.start);
    else if (e.start < offset) return e.start + shift + Math.min(offset - e.start, e.length);
  }
  return offset + shift;
}

/**
 * Puts the query's numbers into the unit's target where the mapping is one to one.
 * `sourceNumbers` are all numbers of the unit's source; `changes` those whose value differs.
 */
export function substituteNumbers(target: string, targetMode: KeyMode, sourceNumbers: readonly TextNumber[], changes: readonly NumberChange[]): Substitution {
  const targetNumbers = findNumbers(target, targetMode);
  const count = (list: readonly TextNumber[], value: string) => list.filter((x) => x.value === value).length;
  const edits: { at: TextNumber; text: string }[] = [];
  const substituted: NumberChange[] = [];
  const unmapped: NumberChange[] = [];
  for (const change of changes) {
    const at = targetNumbers.find((x) => x.value === change.unit.value);
    if (at && count(sourceNumbers, change.unit.value) === 1 && count(targetNumbers, change.unit.value) === 1) {
      edits.push({ at, text: formatLike(change.query.value, at) });
      substituted.push(change);
    } else {
      unmapped.push(change);
    }
  }
  const cps = Array.from(target);
  for (const e of [...edits].sort((a, b) => b.at.start - a.at.start)) cps.splice(e.at.start, e.at.end - e.at.start, e.text);
  const done = edits.map((e) => ({ start: e.at.start, end: e.at.end, length: [...e.text].length })).sort((a, b) => a.start - b.start);
  return { target: cps.join(''), substituted, unmapped, edits: done };
}
