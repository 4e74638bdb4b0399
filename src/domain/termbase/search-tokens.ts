/**
 * How term-base text is cut into search tokens: every language's terms, the definitions, the
 * notes (concept and term) and the contexts are indexed under the same tokens a query asks for,
 * whatever store holds the index (SQLite FTS5 in the embedded store).
 *
 * Analysis goes by script, not by field, so one query token can match in any field:
 * - Chinese (Han, kana) runs are folded like recognition keys (width, case, Traditional ->
 *   Simplified) and indexed as character unigrams and bigrams; a query run of two or more
 *   characters asks for each of its bigrams, a single character for its unigram (CJK bigrams, as
 *   CJK full-text engines index text without word boundaries);
 * - other words are lower-cased (ё -> е) and stemmed: Cyrillic words by the Snowball Russian
 *   stemmer of lunr-languages, all others by lunr's English (Porter) stemmer.
 * Tokens hold letters, marks and digits only, so a store may join them with spaces and split on
 * ASCII punctuation and whitespace. Query text is never parsed as query syntax: `:`, `*`, `~` or
 * `"` in a search are just characters.
 */
import { stemWord } from '../text/stem.js';
import type { EntryContent } from './entry.js';
import { chineseKey, foldWord } from './term-keys.js';

const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
const WORD = /^[\p{L}\p{M}\p{N}]$/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

interface Runs {
  cjk: string[];
  words: string[];
}

function runs(text: string): Runs {
  const out: Runs = { cjk: [], words: [] };
  let run = '';
  let kind: 'cjk' | 'word' | undefined;
  const flush = () => {
    if (kind === 'cjk') out.cjk.push(run);
    else if (kind === 'word') out.words.push(run);
    run = '';
    kind = undefined;
  };
  for (const cp of text) {
    const k = CJK.test(cp) ? 'cjk' : WORD.test(cp) ? 'word' : undefined;
    if (k !== kind) flush();
    if (k) {
      kind = k;
      run += cp;
    }
  }
  flush();
  return out;
}

function stem(word: string): string {
  const folded = foldWord(word);
  return stemWord(folded, CYRILLIC.test(folded) ? 'ru' : 'en');
}

function bigrams(chars: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}

/** Tokens under which `text` is indexed. */
export function indexTokens(text: string): string[] {
  const { cjk, words } = runs(text);
  const out: string[] = words.map(stem);
  for (const run of cjk) {
    const chars = Array.from(chineseKey(run)); // the folded characters, as foldChinese gives them (chineseKey remembers)
    out.push(...chars, ...bigrams(chars));
  }
  return out;
}

/** Tokens a query requires, each once. */
export function queryTokens(q: string): string[] {
  const { cjk, words } = runs(q);
  const out: string[] = words.map(stem);
  for (const run of cjk) {
    const chars = Array.from(chineseKey(run));
    out.push(...(chars.length === 1 ? chars : bigrams(chars)));
  }
  return [...new Set(out)];
}

/** The searchable fields of an entry. */
export type SearchField = 'term' | 'definition' | 'note' | 'context';

/** The tokens of each searchable field of an entry. */
export function entryTokens(e: EntryContent): Record<SearchField, string[]> {
  const terms = Object.values(e.languages).flat();
  return {
    term: terms.flatMap((t) => indexTokens(t.term)),
    definition: e.definition ? indexTokens(e.definition) : [],
    note: [e.note, ...terms.map((t) => t.note)].flatMap((n) => (n ? indexTokens(n) : [])),
    context: terms.flatMap((t) => (t.context ? indexTokens(t.context) : [])),
  };
}

/**
 * The key on which a term equals a whole query ("an entry with a term equal to the query comes
 * first"): folded like a Chinese key (width, case, script, no spaces or decorative quotes), for
 * terms of every language.
 */
export function exactSearchKey(s: string): string {
  return chineseKey(s);
}
