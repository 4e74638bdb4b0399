/**
 * Concordance (issue 3, "Concordance"): every unit whose folded source or target contains the
 * query, served from the n-gram index, with highlights on the raw stored text.
 *
 * "Contains" is decided on the folded symbols with numbers written out (see match-key.ts): per
 * character for Chinese and other unspaced languages (so `中国 同` finds `中國同`), per token
 * for spaced languages, where the query's first token may end a longer word and its last token
 * may begin one (`ilk Roa` finds "Silk Road"; a one-token query may sit inside a word).
 *
 * Retrieval: the query is keyed like the indexed side; a query symbol is "stable" when every unit
 * that contains the query has that same symbol in its key: not a word-mode edge token (it may be
 * partial), and not a `,` next to a number or at the query's edge (inside `2,100` a comma is part
 * of one number symbol). Candidates are the intersection of the posting lists of stable adjacent
 * pairs; with no such pair, every gram ending in a stable symbol; with none at all, every gram
 * ending in a symbol that could hold the query's edge (vocabulary entries containing the partial
 * token, or the number symbol). Each candidate is then verified on its stored key.
 */
import { type KeyMode, matchKey } from './match-key.js';
import type { NgramIndex, Partition } from './ngram-index.js';
import type { DenseSymbols, GrowableU32 } from './postings.js';
import { NUMBER_SYMBOL, Vocabulary } from './vocabulary.js';

/** Which text of a unit to search. */
export type ConcordanceSide = 'source' | 'target';

/** A highlighted range in a raw text, in code points. */
export interface Highlight {
  start: number;
  end: number;
}

/** The query's folded texts (numbers written out), one per character or token. */
function queryTexts(q: string, mode: KeyMode): string[] {
  const v = new Vocabulary();
  return [...matchKey(q, { mode, vocabulary: v, keepNumbers: true, spans: false }).symbols].map((s) => v.text(s) ?? '');
}

/** A text's folded texts with numbers written out: what concordance compares. */
export function concordanceTexts(text: string, mode: KeyMode): string[] {
  return queryTexts(text, mode);
}

/** True when folded `texts` contain the folded query texts `qt` (see the module header). */
export function containsTexts(texts: readonly string[], qt: readonly string[], mode: KeyMode): boolean {
  if (qt.length === 0) return false;
  for (let p = 0; p + qt.length <= texts.length; p++) if (occursAt(texts, qt, p, mode)) return true;
  return false;
}

/** True when `texts` (a unit's folded texts) hold the query texts `qt` at position `p`. */
function occursAt(texts: readonly string[], qt: readonly string[], p: number, mode: KeyMode): boolean {
  const n = qt.length;
  for (let j = 0; j < n; j++) {
    const ut = texts[p + j];
    const want = qt[j] as string;
    if (ut === undefined) return false;
    if (mode === 'char' || (j > 0 && j < n - 1)) {
      if (ut !== want) return false;
    } else if (n === 1 ? !ut.includes(want) : j === 0 ? !ut.endsWith(want) : !ut.startsWith(want)) {
      return false;
    }
  }
  return true;
}

/** Where the query occurs in a raw text (non-overlapping, left to right), in raw code points. */
export function concordanceHighlights(text: string, q: string, mode: KeyMode): Highlight[] {
  const v = new Vocabulary();
  const key = matchKey(text, { mode, vocabulary: v, keepNumbers: true });
  const texts = [...key.symbols].map((s) => v.text(s) ?? '');
  const qt = queryTexts(q, mode);
  const out: Highlight[] = [];
  if (qt.length === 0) return out;
  for (let p = 0; p + qt.length <= texts.length; p++) {
    if (!occursAt(texts, qt, p, mode)) continue;
    const last = p + qt.length - 1;
    let start = key.starts[p] as number;
    let end = key.ends[last] as number;
    if (mode === 'word') {
      const first = texts[p] as string;
      const lastText = texts[last] as string;
      const exactWidth = (i: number, t: string) => (key.ends[i] as number) - (key.starts[i] as number) === [...t].length;
      if (qt.length === 1 && exactWidth(p, first)) {
        start += [...first.slice(0, first.indexOf(qt[0] as string))].length;
        end = start + [...(qt[0] as string)].length;
      } else if (qt.length > 1) {
        if (exactWidth(p, first)) start = (key.ends[p] as number) - [...(qt[0] as string)].length;
        if (exactWidth(last, lastText)) end = (key.starts[last] as number) + [...(qt[qt.length - 1] as string)].length;
      }
    }
    out.push({ start, end });
    p = last;
  }
  return out;
}

/** A query symbol in the side's dense ids, or undefined when no unit has it; `stable` as in the module header. */
interface QuerySymbol {
  dense: number | undefined;
  stable: boolean;
}

function querySymbols(ix: NgramIndex, dict: DenseSymbols, q: string, mode: KeyMode, side: ConcordanceSide): QuerySymbol[] {
  const v = new Vocabulary();
  const key = matchKey(q, { mode, vocabulary: v, keepNumbers: side === 'target', spans: false });
  const syms = [...key.symbols];
  return syms.map((s, i) => {
    const symbol = s === NUMBER_SYMBOL || mode === 'char' ? s : ix.vocabulary.find(v.text(s) ?? '');
    const edge = i === 0 || i === syms.length - 1;
    const nearNumber = syms[i - 1] === NUMBER_SYMBOL || syms[i + 1] === NUMBER_SYMBOL;
    // Target keys keep numbers as characters, so in char mode nothing there can be swallowed.
    const stable = mode === 'word' ? !edge : side === 'target' || !(s === 0x2c && (edge || nearNumber));
    return { dense: symbol === undefined ? undefined : dict.get(symbol), stable };
  });
}

function intersect(a: Uint32Array, b: GrowableU32): Uint32Array {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    const x = a[i] as number;
    const y = b.data[j] as number;
    if (x === y) {
      if (out[out.length - 1] !== x) out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return Uint32Array.from(out);
}

/** A sorted posting list without repeats (a unit is listed once per occurrence). */
function distinct(list: GrowableU32): Uint32Array {
  const out = new Uint32Array(list.length);
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    const s = list.data[i] as number;
    if (n === 0 || out[n - 1] !== s) out[n++] = s;
  }
  return out.subarray(0, n);
}

/** Marks for unions (searches run one at a time). */
let marks = new Uint8Array(0);

/** Every slot in a list of a gram ending in one of `symbols`, sorted. */
function unionEnding(ix: NgramIndex, p: Partition, side: ConcordanceSide, symbols: Iterable<number>): Uint32Array {
  const table = side === 'source' ? p.source : p.target;
  if (marks.length < ix.slotCount) marks = new Uint8Array(Math.max(ix.slotCount, marks.length * 2));
  const out: number[] = [];
  for (const s of symbols) {
    for (const g of table.bySecond.get(s) ?? []) {
      const list = table.lists[g] as GrowableU32;
      for (let i = 0; i < list.length; i++) {
        const slot = list.data[i] as number;
        if (marks[slot]) continue;
        marks[slot] = 1;
        out.push(slot);
      }
    }
  }
  for (const slot of out) marks[slot] = 0;
  return Uint32Array.from(out).sort();
}

function candidates(ix: NgramIndex, p: Partition, side: ConcordanceSide, qs: QuerySymbol[], qt: string[], mode: KeyMode): Uint32Array {
  const table = side === 'source' ? p.source : p.target;
  const dict = side === 'source' ? ix.sourceSymbols : ix.targetSymbols;
  if (qs.some((s) => s.stable && s.dense === undefined)) return new Uint32Array(0);
  const pairs: GrowableU32[] = [];
  for (let i = 0; i + 1 < qs.length; i++) {
    const [a, b] = [qs[i] as QuerySymbol, qs[i + 1] as QuerySymbol];
    if (!a.stable || !b.stable) continue;
    const g = table.find(a.dense as number, b.dense as number);
    if (g < 0) return new Uint32Array(0);
    pairs.push(table.lists[g] as GrowableU32);
  }
  if (pairs.length > 0) {
    pairs.sort((x, y) => x.length - y.length);
    // Lists hold a slot once per occurrence; the intersection keeps it once.
    let out: Uint32Array = distinct(pairs[0] as GrowableU32);
    for (const list of pairs.slice(1, 4)) out = intersect(out, list);
    return out;
  }
  const stable = qs.filter((s) => s.stable).map((s) => s.dense as number);
  if (stable.length > 0) return unionEnding(ix, p, side, [stable[0] as number]);
  const edge = new Set<number>();
  const number = dict.get(NUMBER_SYMBOL);
  if (number !== undefined) edge.add(number);
  if (mode === 'char') {
    for (const s of qs) if (s.dense !== undefined) edge.add(s.dense);
  } else {
    const first = qt[0] as string;
    for (const [token, symbol] of ix.vocabulary.entries()) {
      const d = dict.get(symbol);
      if (d !== undefined && (qt.length === 1 ? token.includes(first) : token.endsWith(first))) edge.add(d);
    }
  }
  return unionEnding(ix, p, side, edge);
}

/** The folded texts of a slot's side (numbers written out). */
function slotTexts(ix: NgramIndex, slot: number, side: ConcordanceSide, mode: KeyMode): string[] {
  const dense = side === 'source' ? ix.sourceOf(slot) : ix.targetOf(slot);
  const dict = side === 'source' ? ix.sourceSymbols : ix.targetSymbols;
  const numbers = ix.numbers.get(slot) ?? [];
  const out: string[] = [];
  let n = 0;
  for (const d of dense) {
    const s = dict.symbols[d] as number;
    if (s !== NUMBER_SYMBOL) out.push(ix.vocabulary.text(s) ?? '');
    else if (mode === 'char') for (const d of numbers[n++] ?? '') out.push(d);
    else out.push(numbers[n++] ?? '');
  }
  return out;
}

/**
 * A test on the stored dense ids, without writing any text out, when no number can take part:
 * the query has no digit or separator that could sit inside a source's number symbol. Interior
 * symbols compare as ids; word-mode edge tokens by their text. Undefined: use the texts.
 */
function denseTest(ix: NgramIndex, side: ConcordanceSide, mode: KeyMode, qt: readonly string[]): ((slot: number) => boolean) | undefined {
  if (side === 'source' && qt.some((t) => /[0-9.,]/.test(t))) return undefined;
  const dict = side === 'source' ? ix.sourceSymbols : ix.targetSymbols;
  const dense = (t: string) => {
    const symbol = mode === 'char' ? t.codePointAt(0) : ix.vocabulary.find(t);
    return symbol === undefined ? undefined : dict.get(symbol);
  };
  const keyOf = (slot: number) => (side === 'source' ? ix.sourceOf(slot) : ix.targetOf(slot));
  const n = qt.length;
  const exact = mode === 'char' ? qt.map(dense) : qt.slice(1, -1).map(dense);
  if (exact.some((d) => d === undefined)) return () => false;
  const offset = mode === 'char' ? 0 : 1;
  const text = (d: number) => ix.vocabulary.text(dict.symbols[d] as number) ?? '';
  return (slot) => {
    const u = keyOf(slot);
    for (let p = 0; p + n <= u.length; p++) {
      let ok = true;
      for (let j = 0; ok && j < exact.length; j++) ok = u[p + offset + j] === exact[j];
      if (!ok) continue;
      if (mode === 'char') return true;
      const first = text(u[p] as number);
      if (n === 1 ? first.includes(qt[0] as string) : first.endsWith(qt[0] as string) && text(u[p + n - 1] as number).startsWith(qt[n - 1] as string)) return true;
    }
    return false;
  };
}

/** Ids of every unit in partition `part` whose folded `side` contains `q`, ascending. */
export function concordanceUnits(ix: NgramIndex, part: number, side: ConcordanceSide, q: string): number[] {
  const p = ix.partitions[part] as Partition;
  const mode = side === 'source' ? p.sourceMode : p.targetMode;
  const qt = queryTexts(q, mode);
  if (qt.length === 0) return [];
  const qs = querySymbols(ix, side === 'source' ? ix.sourceSymbols : ix.targetSymbols, q, mode, side);
  const test = denseTest(ix, side, mode, qt) ?? ((slot: number) => containsTexts(slotTexts(ix, slot, side, mode), qt, mode));
  const ids: number[] = [];
  for (const slot of candidates(ix, p, side, qs, qt, mode)) {
    if (ix.alive[slot] && test(slot)) ids.push(ix.unitIds[slot] as number);
  }
  return ids.sort((a, b) => a - b);
}
