/**
 * Term recognition: which concepts of which glossaries occur in a text, and where.
 *
 * Languages written without spaces (Chinese) are matched per character on folded keys (see
 * term-keys.ts), walking the trie (term-index.ts) from every position of the folded text,
 * as Weblate's Aho-Corasick does without a boundary test for such languages. Other languages are
 * matched on whole words, so a term never matches inside a word. Every term of the query language
 * counts, whatever its status: a deprecated Chinese variant in the source still names its
 * concept, and each hit reports its own status.
 *
 * Overlaps are resolved leftmost-longest, as OmegaT and Weblate sort glossary hits: all matches
 * are collected, then taken from the left; at one start the longest span wins, and a match that
 * overlaps one already taken is dropped. So 中国—中亚命运共同体 wins over the 命运共同体 inside it,
 * and in a chain A-B / B-C the left one wins even when the right one is longer.
 *
 * Glossaries (issue 10): a recognition names the glossaries to use in priority order. The spans
 * are chosen over all of them together (a longer term of a lower glossary still beats a shorter
 * one of a higher glossary inside it: the longer term names the more specific concept); at a
 * chosen span every glossary with a term there reports it once, the higher glossary first. Within
 * one glossary, ties (the same span from two concepts, which the 409 rule keeps out of Chinese)
 * go to the better status, then to the smaller entry id, so the result does not depend on
 * insertion order.
 *
 * Offsets are code points of the text as sent, end exclusive. The recognizer is mutable: a change
 * (put or delete of one entry) updates the indexes in place, and indexes of a language are built
 * on first use, or ahead of it in steps (`prepare`) so that start-up does not wait for them.
 */
import { type LanguageTag, canonicalizeLanguageTag, isCharacterScored } from '../text/language-tag.js';
import { type EntryChange, type EntryTerms, type Term, type TermStatus, statusRank } from './entry.js';
import { type KeyMode, NONE, type TermRef, TermTrie, separatorSymbol, termKeyOf } from './term-index.js';
import { foldChinese, isDecorativeQuote, tokenizeWords } from './term-keys.js';
import { stemWord } from '../text/stem.js';

/** A term of another language offered as a translation. */
export interface TermTranslation {
  term: string;
  status: TermStatus;
}

/** One recognised term in a text. */
export interface RecognizedTerm {
  /** The glossary whose entry matched. */
  glossary: string;
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
export interface TermMatch extends TermRef {
  start: number;
  end: number;
}

/** Glossary id -> priority (0 is the highest). */
export type GlossaryRanks = ReadonlyMap<string, number>;

/** Priorities of `glossaries` in the order given (a repeated id keeps its first place). */
export function glossaryRanks(glossaries: readonly string[]): GlossaryRanks {
  const ranks = new Map<string, number>();
  for (const g of glossaries) if (!ranks.has(g)) ranks.set(g, ranks.size);
  return ranks;
}

const primaries = new Map<string, string>();
/** Tags remembered by primaryLanguage: a term base has a few dozen; a file cannot grow the map without bound. */
const MAX_REMEMBERED_TAGS = 1000;

/** Primary language subtag of a stored (canonical) tag. */
export function primaryLanguage(tag: string): string {
  let primary = primaries.get(tag);
  if (primary === undefined) {
    primary = (tag.split('-')[0] ?? '').toLowerCase();
    if (primaries.size < MAX_REMEMBERED_TAGS) primaries.set(tag, primary);
  }
  return primary;
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

/** Orders matches for leftmost-longest selection; `ranks` puts the higher glossary first at one span. */
function compareMatches(a: TermMatch, b: TermMatch, ranks?: GlossaryRanks): number {
  return a.start - b.start || (b.end - b.start) - (a.end - a.start)
    || (ranks ? (ranks.get(a.entry.glossary) ?? 0) - (ranks.get(b.entry.glossary) ?? 0) : 0)
    || statusRank(a.term.status) - statusRank(b.term.status) || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0);
}

/** Leftmost-longest without overlaps, one match per span (see the module header), in text order. */
export function resolveOverlaps(matches: TermMatch[]): TermMatch[] {
  const taken: TermMatch[] = [];
  let end = -1;
  for (const m of [...matches].sort((a, b) => compareMatches(a, b))) {
    if (m.start < end) continue;
    taken.push(m);
    end = m.end;
  }
  return taken;
}

/** Leftmost-longest spans over several glossaries, each glossary's best match at a chosen span, the higher first. */
export function resolveAcrossGlossaries(matches: TermMatch[], ranks: GlossaryRanks): TermMatch[] {
  const taken: TermMatch[] = [];
  let span: { start: number; end: number; glossaries: Set<string> } | undefined;
  for (const m of [...matches].sort((a, b) => compareMatches(a, b, ranks))) {
    if (span && m.start === span.start && m.end === span.end) {
      if (span.glossaries.has(m.entry.glossary)) continue;
      span.glossaries.add(m.entry.glossary);
      taken.push(m);
    } else if (!span || m.start >= span.end) {
      span = { start: m.start, end: m.end, glossaries: new Set([m.entry.glossary]) };
      taken.push(m);
    }
  }
  return taken;
}

/** The entry's terms in languages other than `language`, preferred first. */
export function translationsOf(entry: EntryTerms, language: string): Record<string, TermTranslation[]> {
  const out: Record<string, TermTranslation[]> = {};
  for (const [tag, terms] of Object.entries(entry.languages)) {
    if (primaryLanguage(tag) === language) continue;
    out[tag] = [...terms].sort((a, b) => statusRank(a.status) - statusRank(b.status)).map((t) => ({ term: t.term, status: t.status }));
  }
  return out;
}

/** A language index in one mode; `job` while it is being built in steps. */
interface Slot {
  index: TermTrie;
  mode: KeyMode;
  language: string;
  job?: BuildJob;
}

/** A build of some indexes in one pass over a snapshot of the entries. */
interface BuildJob {
  steps?: Iterator<void>;
  /** Entries changed since the snapshot: `apply` indexed them already, so the build skips them. */
  touched: Set<string>;
}

/** The symbols of term `k` of section `lang` of `entry` in `slot`'s mode (a kept Chinese key spares folding it again). */
function keyOf(slot: Slot, entry: EntryTerms, lang: string, k: number): string | string[] {
  return termKeyOf((entry.languages[lang] as Term[])[k]?.term ?? '', slot.mode, slot.language, slot.mode === 'chars' ? entry.chineseKeys?.[lang]?.[k] : undefined);
}

function entryKey(glossary: string, id: string): string {
  return `${glossary}\u0000${id}`;
}

/** How many entries a build step indexes before it yields. */
const BUILD_STEP = 2000;

/** Finds the terms of several glossaries in texts; changes apply in place. */
export class TermRecognizer {
  private readonly entries = new Map<string, EntryTerms>();
  private readonly slots = new Map<string, Slot>();

  constructor(entries: Iterable<EntryTerms> = []) {
    for (const e of entries) this.entries.set(entryKey(e.glossary, e.id), e);
  }

  /** Entries known. */
  get size(): number {
    return this.entries.size;
  }

  /** The entry `id` of `glossary`, if known. */
  entry(glossary: string, id: string): EntryTerms | undefined {
    return this.entries.get(entryKey(glossary, id));
  }

  /** Applies one change (an entry put or deleted) to the entries and every index, built or being built. */
  apply(change: EntryChange): void {
    const key = change.kind === 'put' ? entryKey(change.entry.glossary, change.entry.id) : entryKey(change.glossary, change.id);
    const before = this.entries.get(key);
    for (const slot of this.slots.values()) {
      slot.job?.touched.add(key);
      if (before) this.indexEntry(slot, before, 'remove');
    }
    if (change.kind === 'delete') {
      this.entries.delete(key);
      return;
    }
    this.entries.set(key, change.entry);
    for (const slot of this.slots.values()) this.indexEntry(slot, change.entry, 'add');
  }

  /** The entries of `glossary`. */
  *entriesOf(glossary: string): Generator<EntryTerms> {
    for (const e of this.entries.values()) if (e.glossary === glossary) yield e;
  }

  /**
   * Builds the indexes of `modes` for every language the entries have (`chars` for languages
   * written without spaces, `exact` and `stem` for the others), in one pass and in steps: run
   * one step, then let other work run. Indexes not prepared are built on first use.
   */
  *prepare(modes: readonly KeyMode[]): Generator<void> {
    const languages = new Set<string>();
    for (const e of this.entries.values()) for (const tag of Object.keys(e.languages)) languages.add(primaryLanguage(tag));
    const slots: Slot[] = [];
    for (const language of languages) {
      const chars = isCharacterScored(canonicalizeLanguageTag(language));
      for (const mode of modes) {
        if ((mode === 'chars') !== chars || this.slots.has(`${mode}:${language}`)) continue;
        const slot: Slot = { index: new TermTrie(mode), mode, language };
        this.slots.set(`${mode}:${language}`, slot);
        slots.push(slot);
      }
    }
    if (slots.length === 0) return;
    const job = this.startJob(slots);
    while (!job.steps?.next().done) yield;
  }

  /** Recognised terms of `text` in language `lang` from `glossaries` (priority order), in text order. */
  recognize(text: string, lang: LanguageTag, glossaries: readonly string[]): RecognizedTerm[] {
    const ranks = glossaryRanks(glossaries);
    const cps = Array.from(text);
    return resolveAcrossGlossaries(this.matches(text, lang, 'exact', ranks), ranks).map((m) => ({
      glossary: m.entry.glossary,
      entryId: m.entry.id,
      text: cps.slice(m.start, m.end).join(''),
      start: m.start,
      end: m.end,
      term: m.term.term,
      status: m.term.status,
      translations: translationsOf(m.entry, lang.language),
    }));
  }

  /** Every match in `text` of every term of `lang`'s language in the glossaries of `ranks`, overlaps included. */
  matches(text: string, lang: LanguageTag, mode: WordMode, ranks: GlossaryRanks): TermMatch[] {
    if (ranks.size === 0) return [];
    return isCharacterScored(lang)
      ? this.charMatches(text, this.slot('chars', lang.language).index, ranks)
      : this.wordMatches(text, this.slot(mode, lang.language).index, mode, lang.language, ranks);
  }

  /** The built index of `mode` and `language`, built now (or finished) if need be. */
  private slot(mode: KeyMode, language: string): Slot {
    const name = `${mode}:${language}`;
    let slot = this.slots.get(name);
    if (!slot) {
      slot = { index: new TermTrie(mode), mode, language };
      this.slots.set(name, slot);
      this.startJob([slot]);
    }
    const steps = slot.job?.steps;
    if (steps) while (!steps.next().done);
    return slot;
  }

  private startJob(slots: Slot[]): BuildJob {
    const job: BuildJob = { touched: new Set() };
    for (const s of slots) s.job = job;
    job.steps = this.build([...this.entries], slots, job);
    return job;
  }

  /** Indexes a snapshot of the entries into `slots`, BUILD_STEP entries per step. */
  private *build(snapshot: [string, EntryTerms][], slots: Slot[], job: BuildJob): Generator<void> {
    const byLanguage = new Map<string, Slot[]>();
    for (const s of slots) byLanguage.set(s.language, [...(byLanguage.get(s.language) ?? []), s]);
    for (let i = 0; i < snapshot.length; i++) {
      const [key, entry] = snapshot[i] as [string, EntryTerms];
      if (!job.touched.has(key)) {
        for (const [lang, terms] of Object.entries(entry.languages)) {
          for (const slot of byLanguage.get(primaryLanguage(lang)) ?? []) {
            terms.forEach((term, k) => slot.index.add(keyOf(slot, entry, lang, k), { entry, lang, term }));
          }
        }
      }
      if ((i + 1) % BUILD_STEP === 0) yield;
    }
    for (const s of slots) if (s.job === job) delete s.job;
  }

  private indexEntry(slot: Slot, entry: EntryTerms, op: 'add' | 'remove'): void {
    for (const [lang, terms] of Object.entries(entry.languages)) {
      if (primaryLanguage(lang) !== slot.language) continue;
      terms.forEach((term, k) => slot.index[op](keyOf(slot, entry, lang, k), { entry, lang, term }));
    }
  }

  private charMatches(text: string, trie: TermTrie, ranks: GlossaryRanks): TermMatch[] {
    const folded = foldChinese(text);
    const cps = Array.from(text);
    const ids = folded.chars.map((c) => trie.symbol(c));
    const out: TermMatch[] = [];
    for (let i = 0; i < ids.length; i++) {
      for (let j = i, node = trie.next(trie.root, ids[i] as number); node !== NONE; node = trie.next(node, ids[++j] ?? NONE)) {
        for (const ref of trie.at(node) ?? []) {
          if (!ranks.has(ref.entry.glossary)) continue;
          out.push({ ...quotedSpan(cps, ref.term.term, folded.starts[i] as number, folded.ends[j] as number), ...ref });
        }
      }
    }
    return out;
  }

  private wordMatches(text: string, trie: TermTrie, mode: WordMode, language: string, ranks: GlossaryRanks): TermMatch[] {
    const { words, seps } = tokenizeWords(text, mode === 'stem' ? (w) => stemWord(w, language) : undefined);
    const wordIds = words.map((w) => trie.symbol(w.key));
    const sepIds = seps.map((sep) => trie.symbol(separatorSymbol(sep)));
    const out: TermMatch[] = [];
    for (let i = 0; i < words.length; i++) {
      for (let k = i, node = trie.next(trie.root, wordIds[i] as number); node !== NONE; k++) {
        for (const ref of trie.at(node) ?? []) {
          if (ranks.has(ref.entry.glossary)) out.push({ start: (words[i] as { start: number }).start, end: (words[k] as { end: number }).end, ...ref });
        }
        if (k + 1 >= words.length) break;
        node = trie.next(trie.next(node, sepIds[k] as number), wordIds[k + 1] as number);
      }
    }
    return out;
  }
}
