/**
 * Concordance from the n-gram index (issue 3, "Concordance": served from the index, not a table
 * scan): the units whose folded source or target contains the query, as concordance.ts defines
 * containment, every one of them, since `total` counts them all.
 *
 * Retrieval: the query is keyed like the indexed side; a query symbol is "stable" when every unit
 * that contains the query has that same symbol in its key: not a word-mode edge token (it may be
 * partial), and not a `,` next to a number or at the query's edge (inside `2,100` a comma is part
 * of one number symbol). Candidates are the intersection of the posting lists of stable adjacent
 * pairs; with no such pair, every gram ending in a stable symbol; with none at all, every gram
 * ending in a symbol that could hold the query's edge (vocabulary entries containing the partial
 * token, or the number symbol).
 *
 * Verification runs on the stored keys without writing texts out: characters are compared as
 * code points (a number symbol spelled out from the slot's numbers), and word-mode edge tokens
 * through per-query tables of which token ids end (or start, or contain) the query's partial
 * edges. A query as common as "Central Asia" hits 40% of a million units; at one string
 * comparison per token that took 450 ms, with the tables it is integer lookups.
 */
import { type KeyMode, matchKey } from '../match-key.js';
import type { NgramIndex, Partition } from './ngram-index.js';
import type { DenseSymbols, GrowableU32 } from './postings.js';
import { type ConcordanceSide, concordanceTexts } from '../concordance.js';
import { NUMBER_SYMBOL, Vocabulary } from '../vocabulary.js';

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

/** Marks for unions, and code points of a written-out key (searches run one at a time). */
let marks = new Uint8Array(0);
let spelled = new Int32Array(1024);

/** Every slot in a list of a gram ending in one of `symbols`, in slot order (marked, then swept). */
function unionEnding(ix: NgramIndex, table: Partition['source'], symbols: Iterable<number>): Uint32Array {
  if (marks.length < ix.slotCount) marks = new Uint8Array(Math.max(ix.slotCount, marks.length * 2));
  let count = 0;
  for (const s of symbols) {
    for (const g of table.bySecond.get(s) ?? []) {
      const list = table.posting(g);
      for (let i = 0; i < list.length; i++) {
        const slot = list.data[i] as number;
        if (marks[slot]) continue;
        marks[slot] = 1;
        count++;
      }
    }
  }
  const out = new Uint32Array(count);
  for (let slot = 0, n = 0; n < count; slot++) {
    if (!marks[slot]) continue;
    marks[slot] = 0;
    out[n++] = slot;
  }
  return out;
}

/** Which token ids may stand first and last in a word-mode match (one token: may contain the query). */
interface EdgeTables {
  first: Uint8Array;
  last: Uint8Array;
}

function edgeTables(ix: NgramIndex, dict: DenseSymbols, qt: readonly string[]): EdgeTables {
  const n = qt.length;
  const first = new Uint8Array(dict.size);
  const last = new Uint8Array(dict.size);
  for (const [token, symbol] of ix.vocabulary.entries()) {
    const d = dict.get(symbol);
    if (d === undefined) continue;
    if (n === 1 ? token.includes(qt[0] as string) : token.endsWith(qt[0] as string)) first[d] = 1;
    if (n > 1 && token.startsWith(qt[n - 1] as string)) last[d] = 1;
  }
  return { first, last };
}

function candidates(ix: NgramIndex, table: Partition['source'], dict: DenseSymbols, qs: QuerySymbol[], mode: KeyMode, edges: EdgeTables | undefined): Uint32Array {
  if (qs.some((s) => s.stable && s.dense === undefined)) return new Uint32Array(0);
  const pairs: GrowableU32[] = [];
  for (let i = 0; i + 1 < qs.length; i++) {
    const [a, b] = [qs[i] as QuerySymbol, qs[i + 1] as QuerySymbol];
    if (!a.stable || !b.stable) continue;
    const g = table.find(a.dense as number, b.dense as number);
    if (g < 0) return new Uint32Array(0);
    pairs.push(table.posting(g));
  }
  if (pairs.length > 0) {
    pairs.sort((x, y) => x.length - y.length);
    let out: Uint32Array = distinct(pairs[0] as GrowableU32);
    for (const list of pairs.slice(1, 4)) out = intersect(out, list);
    return out;
  }
  const stable = qs.filter((s) => s.stable).map((s) => s.dense as number);
  if (stable.length > 0) return unionEnding(ix, table, [stable[0] as number]);
  const edge = new Set<number>();
  const number = dict.get(NUMBER_SYMBOL);
  if (number !== undefined) edge.add(number);
  if (mode === 'char') for (const s of qs) if (s.dense !== undefined) edge.add(s.dense);
  edges?.first.forEach((ok, d) => { if (ok) edge.add(d); });
  return unionEnding(ix, table, edge);
}

/** Writes a key (`arena[from, to)`) out as code points, a number symbol as its characters, into `spelled`; returns the length. */
function spell(dict: DenseSymbols, arena: Uint32Array, from: number, to: number, numbers: readonly string[]): number {
  const size = numbers.reduce((sum, num) => sum + num.length, to - from);
  if (spelled.length < size) spelled = new Int32Array(size * 2);
  let n = 0;
  let k = 0;
  for (let i = from; i < to; i++) {
    const s = dict.symbols[arena[i] as number] as number;
    if (s !== NUMBER_SYMBOL) spelled[n++] = s;
    else for (const c of numbers[k++] ?? '') spelled[n++] = c.codePointAt(0) as number;
  }
  return n;
}

/** True when `q` occurs in `a[from, to)`. */
function occurs(a: ArrayLike<number>, from: number, to: number, q: ArrayLike<number>): boolean {
  const n = q.length;
  outer: for (let p = from; p + n <= to; p++) {
    for (let j = 0; j < n; j++) if (a[p + j] !== q[j]) continue outer;
    return true;
  }
  return false;
}

/** The test a candidate must pass: the query occurs in its stored key (see the module header). */
function verifier(ix: NgramIndex, side: ConcordanceSide, dict: DenseSymbols, mode: KeyMode, qt: readonly string[], edges: EdgeTables | undefined): (slot: number) => boolean {
  const [starts, lengths] = side === 'source' ? [ix.sourceStart, ix.sourceLength] : [ix.targetStart, ix.targetLength];
  const numbersOf = (slot: number) => (side === 'source' ? ix.numbers.get(ix.unitIds[slot] as number) : undefined);
  const n = qt.length;
  if (mode === 'char') {
    const q = qt.map((t) => t.codePointAt(0) as number);
    const dense = q.map((c) => dict.get(c) ?? -1);
    return (slot) => {
      const arena = ix.arena.data;
      const from = starts[slot] as number;
      const to = from + (lengths[slot] as number);
      const numbers = numbersOf(slot);
      // Without numbers the stored ids are the characters; with them, spell the key out.
      if (numbers === undefined) return occurs(arena, from, to, dense);
      return occurs(spelled, 0, spell(dict, arena, from, to, numbers), q);
    };
  }
  const { first, last } = edges as EdgeTables;
  const inner = qt.slice(1, -1).map((t) => { const s = ix.vocabulary.find(t); return s === undefined ? -1 : dict.get(s) ?? -1; });
  const num = dict.get(NUMBER_SYMBOL) ?? -1;
  /** A number token (source side) compared by its text, like any token of the texts would be. */
  const numberFits = (text: string, j: number) => (n === 1 ? text.includes(qt[0] as string) : j === 0 ? text.endsWith(qt[0] as string)
    : j === n - 1 ? text.startsWith(qt[n - 1] as string) : text === qt[j]);
  /** The text of the number symbol at `pos` of the key starting at `from` (rare: source keys only). */
  const numberAt = (slot: number, from: number, pos: number) => {
    let k = 0;
    for (let i = from; i < pos; i++) if (ix.arena.data[i] === num) k++;
    return numbersOf(slot)?.[k] ?? '';
  };
  return (slot) => {
    const u = ix.arena.data;
    const from = starts[slot] as number;
    const to = from + (lengths[slot] as number);
    for (let p = from; p + n <= to; p++) {
      let ok = true;
      for (let j = 0; ok && j < n; j++) {
        const d = u[p + j] as number;
        if (d === num) ok = numberFits(numberAt(slot, from, p + j), j);
        else if (j === 0) ok = first[d] === 1;
        else if (j === n - 1) ok = last[d] === 1;
        else ok = d === inner[j - 1];
      }
      if (ok) return true;
    }
    return false;
  };
}

/** Ids of every unit in partition `part` whose folded `side` contains `q`, ascending. */
export function concordanceUnits(ix: NgramIndex, part: number, side: ConcordanceSide, q: string): number[] {
  return Array.from(concordanceIds(ix, part, side, q).sort());
}

/**
 * Where a concordance search puts its hits: it counts every one in `total` and hands `take` only
 * the ids below `bound` (a page keeps its lowest few and lowers the bound as it fills).
 */
export interface ConcordanceSink {
  total: number;
  bound: number;
  take(unitId: number): void;
}

/**
 * {@link concordanceUnits} in slot order (no sort), for callers that merge several partitions.
 */
export function concordanceIds(ix: NgramIndex, part: number, side: ConcordanceSide, q: string): Float64Array {
  const ids: number[] = [];
  scanConcordance(ix, part, side, q, { total: 0, bound: Infinity, take: (id) => { ids.push(id); } });
  return Float64Array.from(ids);
}

/**
 * Puts every unit of partition `part` whose folded `side` contains `q` into `sink`, once each,
 * in slot order, without collecting them: a concordance page needs only the count and the
 * lowest few ids (`TmSeeker.concordancePage`). 中亚 is in 465,549 of a million units; copying
 * every hit into an array (twice: the distinct slots, then the ids) and selecting from it was
 * most of the request and its p95 (megabytes of garbage per request, issue 12), and a callback
 * per hit still cost twice the count itself.
 */
export function scanConcordance(ix: NgramIndex, part: number, side: ConcordanceSide, q: string, sink: ConcordanceSink): void {
  const p = ix.partitions[part] as Partition;
  const mode = side === 'source' ? p.sourceMode : p.targetMode;
  const dict = side === 'source' ? ix.sourceSymbols : ix.targetSymbols;
  const table = side === 'source' ? p.source : p.target;
  const qt = concordanceTexts(q, mode);
  if (qt.length === 0) return;
  const edges = mode === 'word' ? edgeTables(ix, dict, qt) : undefined;
  const qs = querySymbols(ix, dict, q, mode, side);
  const { alive, unitIds } = ix;
  // Two characters that are one stable bigram, not a number: the posting list is the answer,
  // read in place (a slot is listed once per occurrence, consecutively).
  const numberDense = dict.get(NUMBER_SYMBOL);
  if (mode === 'char' && qs.length === 2 && qs.every((x) => x.stable && x.dense !== undefined && x.dense !== numberDense)) {
    const g = table.find((qs[0] as QuerySymbol).dense as number, (qs[1] as QuerySymbol).dense as number);
    if (g < 0) return;
    const list = table.posting(g);
    for (let i = 0, last = -1; i < list.length; i++) {
      const slot = list.data[i] as number;
      if (slot === last || !alive[slot]) continue;
      last = slot;
      sink.total++;
      const id = unitIds[slot] as number;
      if (id < sink.bound) sink.take(id);
    }
    return;
  }
  const test = verifier(ix, side, dict, mode, qt, edges);
  const found = candidates(ix, table, dict, qs, mode, edges);
  for (let i = 0; i < found.length; i++) {
    const slot = found[i] as number;
    if (!alive[slot] || !test(slot)) continue;
    sink.total++;
    const id = unitIds[slot] as number;
    if (id < sink.bound) sink.take(id);
  }
}
