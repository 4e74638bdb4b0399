/**
 * Term recognition: which concepts of the term base occur in a text, and where.
 *
 * Languages written without spaces (Chinese) are matched per character on folded keys (see
 * term-keys.ts): a trie over the folded terms is walked from every position of the folded text,
 * as Weblate's Aho-Corasick does without a boundary test for such languages. Other languages are
 * matched on whole words (a trie over word and separator keys), so a term never matches inside a
 * word. Every term of the query language counts, whatever its status: a deprecated Chinese
 * variant in the source still names its concept, and each hit reports its own status.
 *
 * Overlaps are resolved leftmost-longest, as OmegaT and Weblate sort glossary hits: all matches
 * are collected, then taken from the left; at one start the longest span wins, and a match that
 * overlaps one already taken is dropped. So 中国—中亚命运共同体 wins over the 命运共同体 inside it,
 * and in a chain A-B / B-C the left one wins even when the right one is longer. Ties (the same
 * span from two concepts, which the 409 rule keeps out of Chinese) go to the better status, then
 * to the smaller entry id, so the result does not depend on insertion order.
 *
 * Offsets are code points of the text as sent, end exclusive. The recognizer is built once per
 * term-base version (the service rebuilds it after a write); tries are built lazily per language.
 */
import { type LanguageTag, isCharacterScored } from '../text/language-tag.js';
import { stemWord } from '../text/stem.js';
import { type Term, type TermEntry, type TermStatus, statusRank } from './entry.js';
import { chineseKey, foldChinese, isDecorativeQuote, tokenizeWords } from './term-keys.js';

/** A term of another language offered as a translation. */
export interface TermTranslation {
  term: string;
  status: TermStatus;
}

/** One recognised term in a text. */
export interface RecognizedTerm {
  entryId: string;
  /** The text as sent between `start` and `end`. */
  text: string;
  start: number;
  end: number;
  /** The entry's term that matched. */
  term: string;
  status: TermStatus;
  /** The entry's terms in the other languages, preferred first, keyed by language tag. */
  translations: Record<string, TermTranslation[]>;
}

/** How words are compared: as written (recognition) or on stems (checking translations). */
export type WordMode = 'exact' | 'stem';

/** A term of an entry, found in a text. */
export interface TermMatch {
  start: number;
  end: number;
  entry: TermEntry;
  /** Tag of the language section the term stands in. */
  lang: string;
  term: Term;
}

interface TermRef {
  entry: TermEntry;
  lang: string;
  term: Term;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  refs: TermRef[];
}

/** Separator steps are told apart from word steps by a prefix no word contains. */
const SEP = '\u0000';

function node(): TrieNode {
  return { next: new Map(), refs: [] };
}

function insert(root: TrieNode, steps: string[], ref: TermRef): void {
  if (steps.length === 0) return;
  let at = root;
  for (const s of steps) {
    let n = at.next.get(s);
    if (!n) {
      n = node();
      at.next.set(s, n);
    }
    at = n;
  }
  if (!at.refs.some((r) => r.entry === ref.entry && r.term.term === ref.term.term)) at.refs.push(ref);
}

/** Primary language subtag of a stored (canonical) tag. */
export function primaryLanguage(tag: string): string {
  return (tag.split('-')[0] ?? '').toLowerCase();
}

/**
 * A term written with quotation marks at its ends (`共建“一带一路”`, `“两个一百年”奋斗目标`) keeps
 * them in its span when the text has them there too; other matches end at their last character.
 */
function quotedSpan(cps: string[], term: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  let e = end;
  if (isDecorativeQuote(term.at(-1)) && isDecorativeQuote(cps[e])) e++;
  if (isDecorativeQuote(term[0]) && isDecorativeQuote(cps[s - 1])) s--;
  return { start: s, end: e };
}

/** Orders matches for leftmost-longest selection. */
function compareMatches(a: TermMatch, b: TermMatch): number {
  return a.start - b.start || (b.end - b.start) - (a.end - a.start) || statusRank(a.term.status) - statusRank(b.term.status)
    || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0);
}

/** Leftmost-longest without overlaps (see the module header), in text order. */
export function resolveOverlaps(matches: TermMatch[]): TermMatch[] {
  const taken: TermMatch[] = [];
  let end = -1;
  for (const m of [...matches].sort(compareMatches)) {
    if (m.start < end) continue;
    taken.push(m);
    end = m.end;
  }
  return taken;
}

/** The entry's terms in languages other than `language`, preferred first. */
export function translationsOf(entry: TermEntry, language: string): Record<string, TermTranslation[]> {
  const out: Record<string, TermTranslation[]> = {};
  for (const [tag, terms] of Object.entries(entry.languages)) {
    if (primaryLanguage(tag) === language) continue;
    out[tag] = [...terms].sort((a, b) => statusRank(a.status) - statusRank(b.status)).map((t) => ({ term: t.term, status: t.status }));
  }
  return out;
}

/** Finds the terms of a term base in texts; immutable once built. */
export class TermRecognizer {
  private readonly tries = new Map<string, TrieNode>();
  private readonly byId: ReadonlyMap<string, TermEntry>;

  constructor(private readonly entries: readonly TermEntry[]) {
    this.byId = new Map(entries.map((e) => [e.id, e]));
  }

  /** The entry with `id`, if the recognizer knows it. */
  entry(id: string): TermEntry | undefined {
    return this.byId.get(id);
  }

  /** Recognised terms of `text` in language `lang`, leftmost-longest, in text order. */
  recognize(text: string, lang: LanguageTag): RecognizedTerm[] {
    const cps = Array.from(text);
    return resolveOverlaps(this.matches(text, lang, 'exact')).map((m) => ({
      entryId: m.entry.id,
      text: cps.slice(m.start, m.end).join(''),
      start: m.start,
      end: m.end,
      term: m.term.term,
      status: m.term.status,
      translations: translationsOf(m.entry, lang.language),
    }));
  }

  /** Every match of every term of `lang`'s language in `text`, overlapping ones included. */
  matches(text: string, lang: LanguageTag, mode: WordMode = 'exact'): TermMatch[] {
    return isCharacterScored(lang) ? this.charMatches(text, lang.language) : this.wordMatches(text, lang.language, mode);
  }

  private trie(key: string, build: (root: TrieNode) => void): TrieNode {
    let root = this.tries.get(key);
    if (!root) {
      root = node();
      build(root);
      this.tries.set(key, root);
    }
    return root;
  }

  private eachTerm(language: string, fn: (ref: TermRef) => void): void {
    for (const entry of this.entries) {
      for (const [lang, terms] of Object.entries(entry.languages)) {
        if (primaryLanguage(lang) !== language) continue;
        for (const term of terms) fn({ entry, lang, term });
      }
    }
  }

  private charMatches(text: string, language: string): TermMatch[] {
    const root = this.trie(`chars:${language}`, (r) => this.eachTerm(language, (ref) => insert(r, Array.from(chineseKey(ref.term.term)), ref)));
    const folded = foldChinese(text);
    const cps = Array.from(text);
    const out: TermMatch[] = [];
    const n = folded.chars.length;
    for (let i = 0; i < n; i++) {
      let at: TrieNode | undefined = root;
      for (let j = i; j < n && at; j++) {
        at = at.next.get(folded.chars[j] as string);
        if (at && at.refs.length > 0) {
          for (const ref of at.refs) out.push({ ...quotedSpan(cps, ref.term.term, folded.starts[i] as number, folded.ends[j] as number), ...ref });
        }
      }
    }
    return out;
  }

  private wordMatches(text: string, language: string, mode: WordMode): TermMatch[] {
    const wordKey = mode === 'stem' ? (w: string) => stemWord(w, language) : undefined;
    const root = this.trie(`words:${language}:${mode}`, (r) => this.eachTerm(language, (ref) => {
      const seq = tokenizeWords(ref.term.term, wordKey);
      const steps: string[] = [];
      seq.words.forEach((w, k) => {
        if (k > 0) steps.push(SEP + (seq.seps[k - 1] as string));
        steps.push(w.key);
      });
      insert(r, steps, ref);
    }));
    const { words, seps } = tokenizeWords(text, wordKey);
    const out: TermMatch[] = [];
    for (let i = 0; i < words.length; i++) {
      let at = root.next.get((words[i] as { key: string }).key);
      let k = i;
      while (at) {
        for (const ref of at.refs) out.push({ start: (words[i] as { start: number }).start, end: (words[k] as { end: number }).end, ...ref });
        if (k + 1 >= words.length) break;
        at = at.next.get(SEP + (seps[k] as string))?.next.get((words[k + 1] as { key: string }).key);
        k++;
      }
    }
    return out;
  }
}
