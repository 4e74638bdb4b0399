/**
 * What one server keeps of the term base in memory: the glossaries' settings (scope and priority
 * checks on every request), the recognizer over every entry's terms (recognition and QA answer
 * synchronously, from TM lookups too), and per glossary the counts its stats report.
 *
 * It is loaded once from the store (`load`: the terms in batches and the Chinese index, in steps
 * that yield; the word indexes of other languages, exact and stemmed, are built in the background
 * after start-up, because at 100k concepts they cost seconds) and then kept in
 * step by applying the changes each write returns: one entry put or deleted at a time, never a
 * rebuild. A node reading another node's change log would apply the same changes.
 */
import type { EntryChange, EntryTerms } from '../../domain/termbase/entry.js';
import { TermRecognizer } from '../../domain/termbase/recognizer.js';
import type { GlossaryRecord, TermbaseReader } from '../../store/types.js';
import { TimeSlicer, nextTurn } from '../../time-slice.js';

/** Entries read from the store per batch at start. */
const LOAD_BATCH = 5000;

/** Terms of one language in a glossary. */
export interface LanguageCount {
  lang: string;
  terms: number;
}

/** What a glossary holds, for its `stats`. */
export interface GlossaryStats {
  entries: number;
  languages: LanguageCount[];
  /** When an entry was last written or deleted; null when never (`lastWrite` as in a memory's stats). */
  lastWrite: string | null;
}

interface Counts {
  entries: number;
  terms: Map<string, number>;
}

/** The in-memory side of the term base (see the module header). */
export class TermbaseView {
  readonly recognizer = new TermRecognizer();
  private readonly glossaries = new Map<string, GlossaryRecord>();
  private readonly counts = new Map<string, Counts>();
  private background?: Promise<void>;

  /** Loads glossaries and terms; resolves when recognition is ready (stemmed indexes may still be building). */
  async load(store: TermbaseReader): Promise<void> {
    for (const g of await store.listGlossaries()) this.setGlossary(g);
    const slicer = new TimeSlicer();
    for await (const batch of store.scanTerms(LOAD_BATCH)) {
      for (const e of batch) this.put(e);
      await slicer.check();
    }
    // Chinese recognition (TM lookups, XLIFF) before serving; the word indexes of other languages
    // after start-up, a step per turn (a request that needs one first finishes its build).
    for (const _ of this.recognizer.prepare(['chars'])) await slicer.check();
    this.background = (async () => {
      for (const modes of [['exact'], ['stem']] as const) for (const _ of this.recognizer.prepare(modes)) await nextTurn();
    })();
  }

  /** Resolves when every index is built (tests, benchmarks). */
  async settled(): Promise<void> {
    await this.background;
  }

  /** Settings of glossary `id`, if it exists. */
  glossary(id: string): GlossaryRecord | undefined {
    return this.glossaries.get(id);
  }

  /** Every glossary id, in id order. */
  glossaryIds(): string[] {
    return [...this.glossaries.keys()].sort();
  }

  /** Records a created or changed glossary. */
  setGlossary(g: GlossaryRecord): void {
    this.glossaries.set(g.id, g);
    if (!this.counts.has(g.id)) this.counts.set(g.id, { entries: 0, terms: new Map() });
  }

  /** Forgets a deleted glossary and its entries. */
  dropGlossary(id: string): void {
    for (const e of [...this.recognizer.entriesOf(id)]) this.apply([{ kind: 'delete', glossary: id, id: e.id }]);
    this.glossaries.delete(id);
    this.counts.delete(id);
  }

  /** Applies the changes of a write made at `at`, in order. */
  apply(changes: readonly EntryChange[], at?: string): void {
    for (const c of changes) {
      const glossary = c.kind === 'put' ? c.entry.glossary : c.glossary;
      const before = this.recognizer.entry(glossary, c.kind === 'put' ? c.entry.id : c.id);
      if (before) this.count(before, -1);
      if (c.kind === 'put') this.count(c.entry, 1);
      this.recognizer.apply(c);
    }
    const last = changes[changes.length - 1];
    const record = last && this.glossaries.get(last.kind === 'put' ? last.entry.glossary : last.glossary);
    if (record && at !== undefined) this.glossaries.set(record.id, { ...record, lastWriteAt: at });
  }

  /** Counts for the stats of glossary `id`. */
  stats(id: string): GlossaryStats {
    const c = this.counts.get(id);
    const languages = [...(c?.terms ?? new Map<string, number>())].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([lang, terms]) => ({ lang, terms }));
    return { entries: c?.entries ?? 0, languages, lastWrite: this.glossaries.get(id)?.lastWriteAt ?? null };
  }

  private put(e: EntryTerms): void {
    this.count(e, 1);
    this.recognizer.apply({ kind: 'put', entry: e });
  }

  private count(e: EntryTerms, sign: 1 | -1): void {
    let c = this.counts.get(e.glossary);
    if (!c) this.counts.set(e.glossary, (c = { entries: 0, terms: new Map() }));
    c.entries += sign;
    for (const [lang, terms] of Object.entries(e.languages)) c.terms.set(lang, (c.terms.get(lang) ?? 0) + sign * terms.length);
  }
}
