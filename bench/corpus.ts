/**
 * The corpus of issue 12 ("Speed at a million units on the path users take"), deterministic on
 * every machine: a memory made of families of variants of the seed sentences, the lookup mix the
 * issue measures, and the 2,000-segment document it analyses.
 *
 * - Units come in families: a family's base is a seed sentence (about a third) or two to three
 *   clauses of seed sentences recombined, and its members are that base with a few characters
 *   edited, a number changed, or a clause dropped or added, as a real memory holds a sentence and
 *   its revisions across projects. Median source length is about 36 characters, as in the issue.
 * - Queries (500 by default): 60% edited copies of units (1-30% of the characters changed), 20%
 *   exact copies, 20% unrelated sentences (other seed speeches, which the memory does not hold).
 * - The document: 800 near-copies of units, 600 segments joining the clauses of two units, 600
 *   new sentences (clauses of the unrelated speeches recombined), shuffled.
 */
import type { NewUnit } from '../src/domain/tm/unit.js';
import { changeNumbers, editChars, identity, pick, prng, type SeedMaterial } from './synthetic.js';

/** Members of a family: 1 to this many (mean about half). */
const MAX_FAMILY = 16;
/** Share of families whose base is a whole seed sentence (the rest recombine clauses). */
const SENTENCE_BASES = 0.35;
/** The query mix of the issue. */
const EDITED_SHARE = 0.6;
const EXACT_SHARE = 0.2;
/** Edited queries change 1% to this share of their characters. */
const MAX_EDIT_SHARE = 0.3;
/** The analysed document of the issue. */
export const DOCUMENT_MIX = { nearCopies: 800, joins: 600, fresh: 600 };

const CLOSING = /[，、；：。！？]+$/u;

/** A family's base: clauses with their share of the English target. */
function familyBase(m: SeedMaterial, rnd: () => number): { source: string[]; target: string[] } {
  if (rnd() < SENTENCE_BASES) {
    const s = pick(rnd, m.sentences);
    return { source: [s.source.replace(CLOSING, '')], target: [s.target] };
  }
  const n = rnd() < 0.4 ? 2 : 3;
  const parts = Array.from({ length: n }, () => pick(rnd, m.clauses));
  return { source: parts.map((c) => c.source.replace(CLOSING, '')), target: parts.map((c) => c.target) };
}

/** One member of a family: the base, edited. */
function member(m: SeedMaterial, base: { source: string[]; target: string[] }, rnd: () => number): { source: string; target: string } {
  const source = [...base.source];
  const target = [...base.target];
  const r = rnd();
  if (r < 0.15 && source.length > 1) {
    const at = Math.floor(rnd() * source.length);
    source.splice(at, 1);
    target.splice(at, 1);
  } else if (r < 0.25) {
    const c = pick(rnd, m.clauses);
    source.push(c.source.replace(CLOSING, ''));
    target.push(c.target);
  }
  let text = `${source.join('，')}。`;
  text = editChars(text, Math.floor(rnd() * 4), rnd, m.alphabet);
  if (rnd() < 0.25) text = changeNumbers(text, rnd);
  const numbers = text.match(/\d+/g) ?? [];
  return { source: text, target: `${target.join(' ')}${numbers.length ? ` (${numbers.join(', ')})` : ''}`.trim() || 'Untitled.' };
}

/**
 * `count` distinct zh-CN -> en units in families of variants (no two with the same source and
 * target), deterministic for `seed`: the first n units of a larger corpus are the corpus of n.
 */
export function* familyUnits(m: SeedMaterial, count: number, seed: number): Generator<NewUnit> {
  const rnd = prng(seed);
  const seen = new Set<number>();
  for (let i = 0; i < count;) {
    const base = familyBase(m, rnd);
    const size = 1 + Math.floor(rnd() * MAX_FAMILY);
    for (let k = 0; k < size && i < count; k++) {
      const { source, target } = member(m, base, rnd);
      const id = identity(source, target);
      if (seen.has(id)) continue;
      seen.add(id);
      i++;
      yield { sourceLang: 'zh-CN', targetLang: 'en', source, target, origin: { document: `family-${seed}` } };
    }
  }
}

/**
 * Passes `units` through, keeping in `sample` a reservoir sample of `size` of their sources drawn
 * with `rnd`: the sources the lookup mix and the document are made from (the HTTP benchmark's
 * sample, when `rnd` is `prng(n + 7)`).
 */
export function* sampleSources(units: Iterable<NewUnit>, sample: string[], size: number, rnd: () => number): Generator<NewUnit> {
  let seen = 0;
  for (const u of units) {
    if (sample.length < size) sample.push(u.source);
    else if (rnd() < size / ++seen) sample[Math.floor(rnd() * size)] = u.source;
    yield u;
  }
}

/** Changes `share` of the characters of `text` (at least one). */
function editShare(m: SeedMaterial, text: string, share: number, rnd: () => number): string {
  return editChars(text, Math.max(1, Math.round([...text].length * share)), rnd, m.alphabet);
}

/** The kinds of lookup in the issue's mix. */
export type LookupKind = 'edited' | 'exact' | 'unrelated';

/** A query and the kind it was made as. */
export interface MixQuery {
  kind: LookupKind;
  source: string;
}

/** `count` queries over `sources` (sources of units in the memory), in the issue's mix. */
export function lookupMix(m: SeedMaterial, sources: readonly string[], count: number, seed: number): MixQuery[] {
  const rnd = prng(seed);
  return Array.from({ length: count }, (): MixQuery => {
    const r = rnd();
    const base = pick(rnd, sources);
    if (r < EDITED_SHARE) return { kind: 'edited', source: editShare(m, base, 0.01 + rnd() * (MAX_EDIT_SHARE - 0.01), rnd) };
    if (r < EDITED_SHARE + EXACT_SHARE) return { kind: 'exact', source: base };
    return { kind: 'unrelated', source: pick(rnd, m.unrelated) };
  });
}

/** A segment of the analysed document and what it was made as. */
export interface DocumentSegment {
  kind: 'near-copy' | 'join' | 'new';
  source: string;
}

/** The issue's 2,000-segment document of mixed content, over `sources` (sources of units in the memory). */
export function mixedDocument(m: SeedMaterial, sources: readonly string[], seed: number): DocumentSegment[] {
  const rnd = prng(seed);
  const out: DocumentSegment[] = [];
  for (let i = 0; i < DOCUMENT_MIX.nearCopies; i++) out.push({ kind: 'near-copy', source: editShare(m, pick(rnd, sources), rnd() * 0.1, rnd) });
  for (let i = 0; i < DOCUMENT_MIX.joins; i++) {
    out.push({ kind: 'join', source: `${pick(rnd, sources).replace(CLOSING, '')}，${pick(rnd, sources)}` });
  }
  const unrelatedClauses = m.unrelated.flatMap((s) => s.match(/[^，、；：。！？]+[，、；：。！？]*/g) ?? [s]).map((c) => c.replace(CLOSING, ''));
  for (let i = 0; i < DOCUMENT_MIX.fresh; i++) {
    const n = 1 + Math.floor(rnd() * 3);
    out.push({ kind: 'new', source: `${Array.from({ length: n }, () => pick(rnd, unrelatedClauses)).join('，')}。` });
  }
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j] as DocumentSegment, out[i] as DocumentSegment];
  }
  return out;
}
