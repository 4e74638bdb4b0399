/**
 * Deterministic synthetic term bases for the term-base benchmark (issue 11): concepts with
 * Chinese, English and Russian terms and an English definition, built from the words of the
 * curated glossary and the seed memory, so that seed sentences contain some of the terms (as a
 * client's term base meets a client's texts) and the terms share prefixes the way real ones do.
 *
 * - Chinese: two to four two-character words, drawn from the curated glossary's Chinese terms
 *   and the seed speeches' frequent bigrams; unique on the folded key (as the 409 rule demands).
 * - English: one to four words of the seed memory's English side; one concept in four also has
 *   an admitted term, one in ten a deprecated one. Russian: one to three words of the glossary's
 *   Russian terms.
 * - Definition: twelve to thirty English words.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CuratedEntry, Term, TermEntry } from '../src/domain/termbase/entry.js';
import { chineseKey } from '../src/domain/termbase/term-keys.js';
import { PACKAGE_ROOT } from '../src/version.js';
import { prng } from './synthetic.js';

/** What the generator draws from. */
export interface TermMaterial {
  zhWords: string[];
  enWords: string[];
  ruWords: string[];
  /** Seed-speech sentences, for recognition queries. */
  sentences: string[];
}

const HAN = /^\p{Script=Han}+$/u;

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

/** Reads the curated glossary and the seed memory. */
export function loadTermMaterial(): TermMaterial {
  const curated = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'glossary', 'entries.json'), 'utf8')) as CuratedEntry[];
  const dir = join(PACKAGE_ROOT, 'memory', 'tm');
  const units = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as { units: { source: string; target: string }[] }).units);
  const zh = new Set<string>();
  for (const e of curated) for (const t of e.languages['zh-CN'] ?? []) {
    const cps = [...t.term].filter((c) => HAN.test(c));
    for (let i = 0; i + 1 < cps.length; i += 2) zh.add(`${cps[i]}${cps[i + 1]}`);
  }
  const counts = new Map<string, number>();
  for (const u of units) {
    const cps = [...u.source];
    for (let i = 0; i + 1 < cps.length; i++) {
      const b = `${cps[i]}${cps[i + 1]}`;
      if (HAN.test(b)) counts.set(b, (counts.get(b) ?? 0) + 1);
    }
  }
  for (const [b, n] of counts) if (n >= 3) zh.add(b);
  const en = new Set(units.flatMap((u) => u.target.toLowerCase().match(/\p{L}{3,}/gu) ?? []));
  const ru = new Set(curated.flatMap((e) => (e.languages.ru ?? []).flatMap((t) => t.term.toLowerCase().match(/\p{L}{3,}/gu) ?? [])));
  return { zhWords: [...zh].sort(), enWords: [...en].sort(), ruWords: [...ru].sort(), sentences: units.map((u) => u.source) };
}

function words(rnd: () => number, list: readonly string[], min: number, max: number, sep: string): string {
  return Array.from({ length: min + Math.floor(rnd() * (max - min + 1)) }, () => pick(rnd, list)).join(sep);
}

/** `count` concepts with distinct Chinese keys and ids `syn-<seed>-<n>`, deterministic for `seed`. */
export function* syntheticConcepts(m: TermMaterial, count: number, seed: number): Generator<TermEntry> {
  const rnd = prng(seed);
  const seen = new Set<string>();
  const at = '2025-01-01T00:00:00.000Z';
  for (let n = 0; n < count;) {
    const zh = words(rnd, m.zhWords, 2, 4, '');
    const key = chineseKey(zh);
    if (seen.has(key)) continue;
    seen.add(key);
    const en: Term[] = [{ term: words(rnd, m.enWords, 1, 4, ' '), status: 'preferred' }];
    if (rnd() < 0.25) en.push({ term: `${words(rnd, m.enWords, 1, 3, ' ')} ${n}`, status: 'admitted' });
    if (rnd() < 0.1) en.push({ term: `${words(rnd, m.enWords, 2, 3, ' ')} ${n}`, status: 'deprecated' });
    yield {
      id: `syn-${seed}-${n}`, glossary: '', subjectField: pick(rnd, ['diplomacy', 'economy-trade', 'culture-education', 'energy', 'transport']),
      definition: `${words(rnd, m.enWords, 12, 30, ' ')}.`,
      languages: { 'zh-CN': [{ term: zh, status: 'preferred' }], en, ru: [{ term: words(rnd, m.ruWords, 1, 3, ' '), status: 'preferred' }] },
      createdAt: at, createdBy: 'bench', updatedAt: at, updatedBy: 'bench', version: 1,
    };
    n++;
  }
}

/** `count` segments of about `length` characters cut from the seed sentences, for recognition. */
export function recognitionSegments(m: TermMaterial, count: number, length: number, seed: number): string[] {
  const rnd = prng(seed);
  return Array.from({ length: count }, () => {
    let text = '';
    while ([...text].length < length) text += pick(rnd, m.sentences);
    return [...text].slice(0, length).join('');
  });
}
