/**
 * Batches of units in the compact form they cross threads in during a TMX import parsed off the
 * main thread (issue 12): the parse worker sends each batch to the stage worker as its texts
 * joined into two strings, its pairs as a table and one index per unit, and only the units that
 * carry more (context, origin, note, inline codes) as objects; the main thread gets the same
 * strings for the index's fold ({@link StagedTexts}). Cloning 1M unit objects was 11% of the
 * parse worker's time at 1M units (with the pages it built again from them), and the parse worker
 * is what the import waits for; a string is copied in one piece. Texts are joined at U+0000, a
 * character XML cannot carry, so no text of a TMX file holds it.
 */
import type { NewUnit } from '../domain/tm/unit.js';
import type { StagedRepeat, StagedTexts } from './types.js';

/** The separator of joined texts. */
const SEP = '\u0000';

/** What a unit has beyond its pair and texts. */
export type UnitExtras = Omit<NewUnit, 'sourceLang' | 'targetLang' | 'source' | 'target'>;

/** A batch of units packed: texts as a page without positions, extras by index. */
export interface PackedUnits {
  texts: Omit<StagedTexts, 'first'>;
  extras: Record<number, UnitExtras>;
}

/** Packs units (see the module header). */
export function packUnits(units: readonly NewUnit[]): PackedUnits {
  const pairs: string[] = [];
  const pairOf = new Uint16Array(units.length);
  const sources = new Array<string>(units.length);
  const targets = new Array<string>(units.length);
  const extras: Record<number, UnitExtras> = {};
  let last: NewUnit | undefined;
  let p = 0;
  units.forEach((u, i) => {
    // Most files hold one pair: a unit of the same pair as the one before costs no lookup.
    if (last === undefined || u.sourceLang !== last.sourceLang || u.targetLang !== last.targetLang) {
      const pair = `${u.sourceLang}${SEP}${u.targetLang}`;
      p = pairs.indexOf(pair);
      if (p < 0) p = pairs.push(pair) - 1;
    }
    last = u;
    pairOf[i] = p;
    sources[i] = u.source;
    targets[i] = u.target;
    if (u.context || u.origin || u.note !== undefined || u.sourceCodes || u.targetCodes) extras[i] = extrasOf(u);
  });
  return { texts: { sources: sources.join(SEP), targets: targets.join(SEP), pairs, pairOf }, extras };
}

/** The fields of `u` beyond its pair and texts. */
function extrasOf(u: NewUnit): UnitExtras {
  const more: UnitExtras = {};
  if (u.context) more.context = u.context;
  if (u.origin) more.origin = u.origin;
  if (u.note !== undefined) more.note = u.note;
  if (u.sourceCodes) more.sourceCodes = u.sourceCodes;
  if (u.targetCodes) more.targetCodes = u.targetCodes;
  return more;
}

/** The units of a packed batch. */
export function unpackUnits(packed: PackedUnits): NewUnit[] {
  const { texts, extras } = packed;
  const sources = texts.sources.split(SEP);
  const targets = texts.targets.split(SEP);
  const pairs = texts.pairs.map((p) => p.split(SEP) as [string, string]);
  return Array.from(texts.pairOf, (p, i) => {
    const [sourceLang, targetLang] = pairs[p] as [string, string];
    const u: NewUnit = { sourceLang, targetLang, source: sources[i] as string, target: targets[i] as string };
    const more = extras[i];
    return more === undefined ? u : Object.assign(u, more);
  });
}

/** The page of a staged batch: its texts less its repeats, positions from `first`. */
export function stagedPage(texts: Omit<StagedTexts, 'first'>, repeats: readonly StagedRepeat[], first: number): StagedTexts {
  if (repeats.length === 0) return { first, ...texts };
  const left = new Set(repeats.map((r) => r.index));
  const keep = (_: unknown, i: number) => !left.has(i);
  return {
    first, pairs: texts.pairs, pairOf: texts.pairOf.filter(keep),
    sources: texts.sources.split(SEP).filter(keep).join(SEP), targets: texts.targets.split(SEP).filter(keep).join(SEP),
  };
}

/** The units of a page, each with its staging position as id, in `memory`, stamped `updatedAt`. */
export function unitsOfPage(page: StagedTexts, memory: string, updatedAt: string): { id: number; memory: string; sourceLang: string; targetLang: string;
  source: string; target: string; updatedAt: string; }[] {
  const sources = page.sources.split(SEP);
  const targets = page.targets.split(SEP);
  const pairs = page.pairs.map((p) => p.split(SEP) as [string, string]);
  return Array.from(page.pairOf, (p, k) => {
    const [sourceLang, targetLang] = pairs[p] as [string, string];
    return { id: page.first + k, memory, sourceLang, targetLang, source: sources[k] as string, target: targets[k] as string, updatedAt };
  });
}
