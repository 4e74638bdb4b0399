/**
 * The index recognition walks: a trie over every term's folded key (term-keys.ts), walked from
 * every position of a text while the text so far continues some key, reporting the keys it
 * completes (as Weblate's Aho-Corasick does for languages without word boundaries).
 *
 * Keys are sequences of symbols: for Chinese (and other languages written without spaces) the
 * folded code points; for other languages each word's key (the folded word, `exact`, for
 * recognition, or its stem, `stem`, for QA of translations) with the folded separator between
 * two words as a symbol of its own. Symbols get integer ids (a BMP character's from a table
 * indexed by its code unit), and nodes are integers too: each node keeps its first child in two
 * typed arrays and any further children in a small map, so a walk step is an array read (or one
 * integer-keyed lookup) and building a Chinese key allocates nothing.
 *
 * Measured on 100,000 synthetic concepts (bench/synthetic-termbase.ts, zh/en/ru): a trie of
 * `Map` nodes (the previous recognizer) took 1.2 s and 130 MB for the Chinese terms alone; flat
 * maps of key prefixes (strings) took 3-6 s for all languages, mostly hashing and collecting the
 * prefix strings. Without failure links a walk restarts at every position, so a text of n
 * symbols costs n walks of a few steps each (a walk ends as soon as no key continues).
 *
 * The index is mutable: a put or delete of one entry changes only that entry's terms, so a node
 * can apply a change log without a rebuild (the recognizer makes sure a term is not added twice).
 * Removing a term leaves its nodes: a walk may then go one step further than it must, never to
 * a wrong match.
 */
import { stemWord } from '../text/stem.js';
import type { EntryTerms, Term } from './entry.js';
import { chineseKey, tokenizeWords } from './term-keys.js';

/** How a term is keyed: per character, per folded word, or per stemmed word. */
export type KeyMode = 'chars' | 'exact' | 'stem';

/** A term of an entry, as the index refers to it. */
export interface TermRef {
  entry: EntryTerms;
  /** Tag of the language section the term stands in. */
  lang: string;
  term: Term;
}

/** Marks a separator symbol, so a separator never equals a word. */
const SEP = '\u0000';

/** The separator symbol between two words of a word key. */
export function separatorSymbol(sep: string): string {
  return `${SEP}${sep}`;
}

/**
 * The key `term` is indexed under in `mode` (`folded`: its chineseKey, if known): for `chars`
 * the folded text (one symbol per code point), otherwise the word and separator symbols; empty
 * when the term folds to nothing.
 */
export function termKeyOf(term: string, mode: KeyMode, language: string, folded?: string): string | string[] {
  if (mode === 'chars') return folded ?? chineseKey(term);
  const seq = tokenizeWords(term, mode === 'stem' ? (w) => stemWord(w, language) : undefined);
  const steps: string[] = [];
  seq.words.forEach((w, k) => {
    if (k > 0) steps.push(separatorSymbol(seq.seps[k - 1] as string));
    steps.push(w.key);
  });
  return steps;
}

function sameRef(a: TermRef, b: TermRef): boolean {
  return a.entry.id === b.entry.id && a.entry.glossary === b.entry.glossary && a.lang === b.lang && a.term.term === b.term.term;
}

/** No node, or no symbol id. */
export const NONE = -1;
const ROOT = 0;

/** The trie of one language in one mode. */
export class TermTrie {
  /** Symbol ids of one-unit symbols (BMP characters), so Chinese keys need no lookup by string. */
  private readonly unitSymbols = new Int32Array(0x10000).fill(NONE);
  private readonly symbols = new Map<string, number>();
  private symbolCount = 0;
  private firstSymbol = new Int32Array(1024).fill(NONE);
  private firstChild = new Int32Array(1024).fill(NONE);
  /** Per node, NONE or the index in `moreChildren` of its further children. */
  private moreIndex = new Int32Array(1024).fill(NONE);
  private readonly moreChildren: Map<number, number>[] = [];
  private readonly refs = new Map<number, TermRef[]>();
  private nodes = 1;

  constructor(readonly mode: KeyMode) {}

  /** The id of a symbol (a code point, a word or a separator), or NONE when no key has it. */
  symbol(s: string): number {
    return s.length === 1 ? this.unitSymbols[s.charCodeAt(0)] as number : this.symbols.get(s) ?? NONE;
  }

  /** The node after `node` on symbol id `sym`, or NONE. */
  next(node: number, sym: number): number {
    if (sym === NONE || node === NONE) return NONE;
    if (this.firstSymbol[node] === sym) return this.firstChild[node] as number;
    const more = this.moreIndex[node] as number;
    return more === NONE ? NONE : this.moreChildren[more]?.get(sym) ?? NONE;
  }

  /** The references whose key ends at `node`. */
  at(node: number): readonly TermRef[] | undefined {
    return this.refs.get(node);
  }

  /** The root, where every walk starts. */
  get root(): number {
    return ROOT;
  }

  /** Indexes `ref` under `key` (termKeyOf; no-op for an empty key). */
  add(key: string | readonly string[], ref: TermRef): void {
    if (key.length === 0) return;
    let node = ROOT;
    this.eachSymbol(key, (s) => { node = this.child(node, this.symbolId(s)); });
    const list = this.refs.get(node);
    if (list) list.push(ref);
    else this.refs.set(node, [ref]);
  }

  /** Removes `ref` from `key`. */
  remove(key: string | readonly string[], ref: TermRef): void {
    let node = key.length ? ROOT : NONE;
    this.eachSymbol(key, (s) => { node = this.next(node, this.symbol(s)); });
    const list = node === NONE ? undefined : this.refs.get(node);
    const at = list?.findIndex((r) => sameRef(r, ref)) ?? -1;
    if (!list || at < 0) return;
    list.splice(at, 1);
    if (list.length === 0) this.refs.delete(node);
  }

  /** Calls `fn` with each symbol of a key: code points of a string, elements of an array. */
  private eachSymbol(key: string | readonly string[], fn: (s: string) => void): void {
    if (typeof key !== 'string') {
      for (const s of key) fn(s);
      return;
    }
    for (let i = 0; i < key.length; i++) {
      const unit = key.charCodeAt(i);
      const astral = unit >= 0xd800 && unit <= 0xdbff && i + 1 < key.length;
      fn(astral ? key.slice(i, i + 2) : key[i] as string);
      if (astral) i++;
    }
  }

  private symbolId(s: string): number {
    const known = this.symbol(s);
    if (known !== NONE) return known;
    const id = this.symbolCount++;
    if (s.length === 1) this.unitSymbols[s.charCodeAt(0)] = id;
    else this.symbols.set(s, id);
    return id;
  }

  private child(node: number, sym: number): number {
    const found = this.next(node, sym);
    if (found !== NONE) return found;
    const id = this.nodes++;
    if (id >= this.firstSymbol.length) this.grow();
    if (this.firstSymbol[node] === NONE) {
      this.firstSymbol[node] = sym;
      this.firstChild[node] = id;
    } else {
      let more = this.moreIndex[node] as number;
      if (more === NONE) {
        more = this.moreChildren.push(new Map()) - 1;
        this.moreIndex[node] = more;
      }
      (this.moreChildren[more] as Map<number, number>).set(sym, id);
    }
    return id;
  }

  private grow(): void {
    const size = this.firstSymbol.length * 2;
    const widen = (a: Int32Array) => {
      const b = new Int32Array(size).fill(NONE);
      b.set(a);
      return b;
    };
    this.firstSymbol = widen(this.firstSymbol);
    this.firstChild = widen(this.firstChild);
    this.moreIndex = widen(this.moreIndex);
  }
}
