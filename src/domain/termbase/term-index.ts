/**
 * The index recognition walks: every term's folded key (term-keys.ts) in a hash map, with every
 * prefix of every key counted in a second one, so a walk from a text position extends while the
 * text so far is the prefix of some key and reports the keys it completes.
 *
 * This is the trie Weblate's Aho-Corasick walks, kept as two flat maps instead of linked nodes:
 * measured with 100,000 synthetic concepts (zh/en/ru, bench/synthetic-termbase.ts), a trie of
 * `Map` nodes took 1.2 s and 130 MB to build for the Chinese terms alone, which put start-up over
 * its 5 s budget; the prefix maps take a fraction of both, and a walk costs one hash lookup per
 * step either way. Without failure links a walk restarts at every position, so a text of n
 * characters costs n walks of a few steps each (a step ends as soon as no key continues): at
 * 100k concepts a 60-character segment is recognised in well under a millisecond.
 *
 * Keys: Chinese (and other languages written without spaces) per folded code point, prefixes at
 * every code point; other languages per word, each word's key and the folded separator after it
 * joined by control characters no word or separator contains, prefixes at word ends. A word key
 * is the folded word (`exact`, recognition) or its stem (`stem`, QA of translations).
 *
 * The index is mutable: a put or delete of one entry changes only that entry's keys, so a node
 * can apply a change log without a rebuild. Adding a reference twice is a no-op, so a build that
 * runs while changes arrive cannot count a key twice.
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

/** Joins the steps of a word key. */
const STEP = '\u0001';
/** Marks a separator step, so `a b` never equals a one-word key. */
const SEP = '\u0000';

/** The key of one word step followed by a separator step (for walking a text). */
export function joinWords(left: string, sep: string, right: string): string {
  return `${left}${STEP}${SEP}${sep}${STEP}${right}`;
}

/** The key `term` is indexed under in `mode`; empty when the term folds to nothing. */
export function termKeyOf(term: string, mode: KeyMode, language: string): string {
  if (mode === 'chars') return chineseKey(term);
  const seq = tokenizeWords(term, mode === 'stem' ? (w) => stemWord(w, language) : undefined);
  let key = '';
  seq.words.forEach((w, k) => {
    key = k === 0 ? w.key : joinWords(key, seq.seps[k - 1] as string, w.key);
  });
  return key;
}

/** UTF-16 ends of the prefixes of `key` that a walk can stand on. */
function prefixEnds(key: string, mode: KeyMode): number[] {
  const ends: number[] = [];
  if (mode === 'chars') {
    let at = 0;
    for (const cp of key) ends.push((at += cp.length));
    return ends;
  }
  const marker = `${STEP}${SEP}`;
  for (let at = key.indexOf(marker); at >= 0; at = key.indexOf(marker, at + 1)) ends.push(at);
  ends.push(key.length);
  return ends;
}

function sameRef(a: TermRef, b: TermRef): boolean {
  return a.entry.id === b.entry.id && a.entry.glossary === b.entry.glossary && a.lang === b.lang && a.term.term === b.term.term;
}

/** Keys and prefixes of one language in one mode. */
export class PrefixIndex {
  /** How many indexed references have each prefix (a key counts as its own prefix). */
  private readonly prefixes = new Map<string, number>();
  private readonly refs = new Map<string, TermRef[]>();

  constructor(readonly mode: KeyMode) {}

  /** True when some key starts with `prefix`. */
  continues(prefix: string): boolean {
    return this.prefixes.has(prefix);
  }

  /** The references whose key is exactly `key`. */
  at(key: string): readonly TermRef[] | undefined {
    return this.refs.get(key);
  }

  /** Indexes `ref` under `key` (no-op for an empty key or a reference already there). */
  add(key: string, ref: TermRef): void {
    if (key === '') return;
    const list = this.refs.get(key);
    if (list?.some((r) => sameRef(r, ref))) return;
    if (list) list.push(ref);
    else this.refs.set(key, [ref]);
    for (const end of prefixEnds(key, this.mode)) {
      const p = key.slice(0, end);
      this.prefixes.set(p, (this.prefixes.get(p) ?? 0) + 1);
    }
  }

  /** Removes `ref` from `key`, and the prefixes no other key needs. */
  remove(key: string, ref: TermRef): void {
    const list = this.refs.get(key);
    const at = list?.findIndex((r) => sameRef(r, ref)) ?? -1;
    if (!list || at < 0) return;
    list.splice(at, 1);
    if (list.length === 0) this.refs.delete(key);
    for (const end of prefixEnds(key, this.mode)) {
      const p = key.slice(0, end);
      const n = (this.prefixes.get(p) ?? 1) - 1;
      if (n <= 0) this.prefixes.delete(p);
      else this.prefixes.set(p, n);
    }
  }
}
