/**
 * Full-text search over the term base with lunr 2.3: every language's terms, the definitions,
 * the notes (concept and term) and the contexts.
 *
 * lunr's pipeline is global to an index and its default tokenizer splits on whitespace, so it
 * would index a Chinese sentence as one token (and its stemmer would mangle it). We analyse every
 * field ourselves and hand lunr arrays of tokens (lunr takes an array as already tokenised), with
 * an empty pipeline on both sides; the analysis goes by script, not by field, so one query clause
 * can look in every field:
 * - Chinese (Han, kana) runs are folded like recognition keys (width, case, Traditional ->
 *   Simplified) and indexed as character unigrams and bigrams; a query run of two or more
 *   characters asks for each of its bigrams, a single character for its unigram;
 * - other words are lower-cased (ё -> е) and stemmed: Cyrillic words by the Snowball Russian
 *   stemmer of lunr-languages, all others by lunr's English (Porter) stemmer.
 * Every query token is required (AND), each may match in any field; lunr's BM25 ranks, with terms
 * weighted above definitions and those above notes and contexts, except that an entry with a term
 * equal to the whole query (on its folded key: `魯班工坊` = `鲁班工坊`) comes before all others. Query text is never parsed as
 * lunr query syntax, so `:`, `*`, `~` or `+` in a search are just characters.
 *
 * Built lazily per term-base version (measured: about 40 ms for the 207 seed concepts).
 */
import lunr from 'lunr';
import type { TermEntry } from '../../domain/termbase/entry.js';
import { foldChinese, foldWord } from '../../domain/termbase/term-keys.js';
import { stemWord } from '../../domain/text/stem.js';

const CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
const WORD = /^[\p{L}\p{M}\p{N}]$/u;
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** Field weights: a hit in a term matters more than one in a definition or a note. */
const FIELD_BOOST = { term: 10, definition: 3, note: 1, context: 1 } as const;
type Field = keyof typeof FIELD_BOOST;

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
    const chars = foldChinese(run).chars;
    out.push(...chars, ...bigrams(chars));
  }
  return out;
}

/** Tokens a query requires, each once. */
export function queryTokens(q: string): string[] {
  const { cjk, words } = runs(q);
  const out: string[] = words.map(stem);
  for (const run of cjk) {
    const chars = foldChinese(run).chars;
    out.push(...(chars.length === 1 ? chars : bigrams(chars)));
  }
  return [...new Set(out)];
}

function fields(e: TermEntry): Record<Field, string[]> {
  const terms = Object.values(e.languages).flat();
  return {
    term: terms.flatMap((t) => indexTokens(t.term)),
    definition: e.definition ? indexTokens(e.definition) : [],
    note: [e.note, ...terms.map((t) => t.note)].flatMap((n) => (n ? indexTokens(n) : [])),
    context: terms.flatMap((t) => (t.context ? indexTokens(t.context) : [])),
  };
}

/** A search hit: entry id and lunr score. */
export interface SearchHit {
  id: string;
  score: number;
}

/** Key for "a term equals the whole query": folded like a Chinese key (width, case, script, no spaces). */
function exactKey(s: string): string {
  return foldChinese(s).chars.join('');
}

/** Added to the score of an entry with a term equal to the query, so that it ranks first. */
const EXACT_TERM_BONUS = 1000;

/** A lunr index over one version of the term base. */
export class GlossarySearchIndex {
  private constructor(private readonly index: lunr.Index, private readonly exact: ReadonlyMap<string, ReadonlySet<string>>) {}

  /** Indexes `entries`. */
  static build(entries: readonly TermEntry[]): GlossarySearchIndex {
    const index = lunr(function () {
      this.pipeline.reset();
      this.searchPipeline.reset();
      this.ref('id');
      for (const [name, boost] of Object.entries(FIELD_BOOST)) this.field(name, { boost });
      for (const e of entries) this.add({ id: e.id, ...fields(e) });
    });
    const exact = new Map<string, Set<string>>();
    for (const e of entries) {
      for (const t of Object.values(e.languages).flat()) {
        const key = exactKey(t.term);
        exact.set(key, (exact.get(key) ?? new Set()).add(e.id));
      }
    }
    return new GlossarySearchIndex(index, exact);
  }

  /** Entries matching every token of `q`, best first (ties by id). */
  search(q: string): SearchHit[] {
    const tokens = queryTokens(q);
    if (tokens.length === 0) return [];
    const results = this.index.query((query) => {
      for (const t of tokens) query.term(t, { presence: lunr.Query.presence.REQUIRED, usePipeline: false, wildcard: lunr.Query.wildcard.NONE });
    });
    const exact = this.exact.get(exactKey(q));
    return results.map((r) => ({ id: r.ref, score: r.score + (exact?.has(r.ref) ? EXACT_TERM_BONUS : 0) })).sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}
