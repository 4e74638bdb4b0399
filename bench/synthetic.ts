/**
 * Deterministic synthetic translation memories and query mixes built from the seed memory
 * (issue 3, "Benchmark": clause recombination, character edits, number changes), used by
 * `npm run bench` and by the lossless index test. Same seed, same memory, on every machine.
 *
 * A unit is one to four clauses of seed sentences (cut after `，、；：`), joined and closed with
 * `。`, then given a few random character edits (substitute, insert, delete, drawn from the seed
 * alphabet; always at least one for a lone clause) and sometimes a number (new or changed). Its target joins the matching share of each
 * seed sentence's English target and carries the source's numbers. So the memory has what a real
 * one has and a random one lacks: thousands of near-duplicates sharing clauses, which is what
 * makes posting lists long and the count filter work hard.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalizeLanguageTag } from '../src/domain/text/language-tag.js';
import { segmentText } from '../src/domain/text/segment.js';
import type { NewUnit } from '../src/domain/tm/unit.js';
import { PACKAGE_ROOT } from '../src/version.js';

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A clause of a seed sentence with its share of the English target. */
interface Clause {
  source: string;
  target: string;
}

/** What the generator draws from. */
export interface SeedMaterial {
  sentences: { source: string; target: string }[];
  clauses: Clause[];
  alphabet: string[];
  /** Sentences of the other seed speeches, which the memory does not contain. */
  unrelated: string[];
}

/** Reads the seed memory and the untranslated seed speeches. */
export function loadSeedMaterial(): SeedMaterial {
  const dir = join(PACKAGE_ROOT, 'memory', 'tm');
  const sentences = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { units: { source: string; target: string }[] }).units);
  const clauses: Clause[] = [];
  for (const s of sentences) {
    const parts = s.source.match(/[^，、；：。！？]+[，、；：。！？]*/g) ?? [s.source];
    const words = s.target.split(/\s+/);
    parts.forEach((source, i) => {
      const target = words.slice(Math.floor((i * words.length) / parts.length), Math.floor(((i + 1) * words.length) / parts.length)).join(' ');
      clauses.push({ source, target });
    });
  }
  const alphabet = [...new Set([...sentences.map((s) => s.source).join('')])].filter((c) => /\p{Script=Han}/u.test(c)).sort();
  const zh = canonicalizeLanguageTag('zh-CN');
  const unrelated = ['001_6b220abc01d5b796.txt', '003_0a565606c369db33.txt']
    .flatMap((f) => segmentText(readFileSync(join(PACKAGE_ROOT, 'memory', 'speeches', f), 'utf8'), zh))
    .map((s) => s.text).filter((t) => [...t].length >= 8);
  return { sentences, clauses, alphabet, unrelated };
}

/** A random element of `list`. */
export function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

/** Applies `n` random character edits (substitute, insert, delete) from `alphabet`. */
export function editChars(text: string, n: number, rnd: () => number, alphabet: readonly string[]): string {
  const cps = [...text];
  for (let e = 0; e < n && cps.length > 1; e++) {
    const at = Math.floor(rnd() * cps.length);
    const r = rnd();
    if (r < 0.5) cps[at] = pick(rnd, alphabet);
    else if (r < 0.8) cps.splice(at, 0, pick(rnd, alphabet));
    else cps.splice(at, 1);
  }
  return cps.join('');
}

/** Replaces every number with a random one, or inserts one when there is none. */
export function changeNumbers(text: string, rnd: () => number): string {
  const fresh = () => String(1 + Math.floor(rnd() * 3000));
  if (/\d/.test(text)) return text.replace(/\d+/g, fresh);
  const cps = [...text];
  cps.splice(Math.floor(rnd() * cps.length), 0, `${fresh()}年`);
  return cps.join('');
}

/** A 53-bit hash of a unit's identity (source and target), to skip repeats. */
export function identity(source: string, target: string): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (const s of [source, '\u0000', target]) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      a = Math.imul(a ^ c, 0x01000193);
      b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
    }
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/**
 * `count` distinct synthetic zh-CN -> en units (no two with the same source and target, so a
 * store holds exactly `count`), deterministic for `seed`.
 */
export function* syntheticUnits(m: SeedMaterial, count: number, seed: number): Generator<NewUnit> {
  const rnd = prng(seed);
  const seen = new Set<number>();
  for (let i = 0; i < count;) {
    const r = rnd();
    const n = r < 0.15 ? 1 : r < 0.6 ? 2 : r < 0.92 ? 3 : 4;
    const parts = Array.from({ length: n }, () => pick(rnd, m.clauses));
    let source = `${parts.map((c) => c.source).join('').replace(/[，、；：。！？]+$/u, '')}。`;
    // A lone clause is always edited: there are only some 600 clauses, and a million units
    // would otherwise repeat each of them hundreds of times verbatim.
    const edits = n > 1 && rnd() < 0.3 ? 0 : 1 + Math.floor(rnd() * 3);
    source = editChars(source, edits, rnd, m.alphabet);
    if (rnd() < 0.3) source = changeNumbers(source, rnd);
    const numbers = source.match(/\d+/g) ?? [];
    const target = `${parts.map((c) => c.target).join(' ')}${numbers.length ? ` (${numbers.join(', ')})` : ''}`.trim() || 'Untitled.';
    const id = identity(source, target);
    if (seen.has(id)) continue;
    seen.add(id);
    i++;
    yield { sourceLang: 'zh-CN', targetLang: 'en', source, target, origin: { document: `synthetic-${seed}` } };
  }
}

/** The kinds of query the benchmark mixes. */
export type QueryKind = 'exact' | 'edited' | 'numbers' | 'unrelated';

/** A query with the kind it was made as. */
export interface SyntheticQuery {
  kind: QueryKind;
  source: string;
}

/** `count` queries over `sources` (sources of the memory): 25% exact, 35% edited, 15% numbers, 25% unrelated. */
export function syntheticQueries(m: SeedMaterial, sources: readonly string[], count: number, seed: number): SyntheticQuery[] {
  const rnd = prng(seed);
  return Array.from({ length: count }, (): SyntheticQuery => {
    const r = rnd();
    const base = pick(rnd, sources);
    if (r < 0.25) return { kind: 'exact', source: base };
    if (r < 0.6) return { kind: 'edited', source: editChars(base, 1 + Math.floor(rnd() * 5), rnd, m.alphabet) };
    if (r < 0.75) return { kind: 'numbers', source: changeNumbers(base, rnd) };
    return { kind: 'unrelated', source: pick(rnd, m.unrelated) };
  });
}
