/**
 * Document analysis against the TM, in the match bands CAT tools quote by (memoQ, Trados):
 * 101 context, 100 exact, 95-99, 85-94, 75-84, 50-74, no match, plus internal repetitions.
 *
 * Order of precedence, as memoQ and Trados apply it: a 101 context match stays 101; otherwise a
 * segment whose source already occurred earlier in the same document is a repetition (the
 * translator does it once); otherwise the best TM score decides the band. Repetitions compare
 * matching keys, so a repetition written in the other script or width still counts.
 *
 * Counts per band: segments and characters (non-whitespace code points; Chinese is counted per
 * character, the usual basis for quoting Chinese source); words only for space-delimited
 * sources, where characters are not what translators are paid by.
 */

/** Band identifiers in report order. */
export const BANDS = ['context', 'repetition', 'exact', '95-99', '85-94', '75-84', '50-74', 'none'] as const;
export type Band = (typeof BANDS)[number];

/** Labels as CAT tools print them. */
export const BAND_LABELS: Record<Band, string> = {
  context: '101% (context)', repetition: 'Repetitions', exact: '100%', '95-99': '95-99%', '85-94': '85-94%',
  '75-84': '75-84%', '50-74': '50-74%', none: 'No match',
};

/** Below this score a TM match is not worth quoting as a fuzzy match. */
export const LOWEST_FUZZY_BAND = 50;

/** The lowest score of each band that a TM score decides, ascending ({@link bandOf}: 50-74, 75-84, 85-94, 95-99, 100, 101). */
export const BAND_EDGES: readonly number[] = [LOWEST_FUZZY_BAND, 75, 85, 95, 100, 101];

/** What the analysis needs to know about one segment. */
export interface AnalysedSegment {
  /** The segment's matching key (folded source), for repetition detection. */
  key: string;
  /** The source as stored, for counting. */
  source: string;
  /** Best TM score (101 context, 100 exact, else fuzzy), or undefined without a match. */
  best: number | undefined;
}

/** Totals of one band. */
export interface BandCount {
  band: Band;
  label: string;
  segments: number;
  characters: number;
  words: number | null;
  /** The band's weight and weighted units (characters, or words for space-delimited sources). */
  weight?: number;
  weighted?: number;
}

/** A whole analysis. */
export interface AnalysisResult {
  bands: BandCount[];
  total: { segments: number; characters: number; words: number | null; weighted?: number };
  /** What weighted totals count: characters (Chinese) or words. */
  unit: 'characters' | 'words';
}

/** The band of a best score (repetitions are decided by the caller). */
export function bandOf(best: number | undefined): Band {
  if (best === undefined || best < LOWEST_FUZZY_BAND) return 'none';
  if (best >= 101) return 'context';
  if (best >= 100) return 'exact';
  if (best >= 95) return '95-99';
  if (best >= 85) return '85-94';
  if (best >= 75) return '75-84';
  return '50-74';
}

/** Non-whitespace code points. */
export function countCharacters(text: string): number {
  let n = 0;
  for (const ch of text) if (!/\s/u.test(ch)) n++;
  return n;
}

/** Words of a space-delimited text: runs of letters, digits, apostrophes and inner hyphens. */
export function countWords(text: string): number {
  return (text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? []).length;
}

/** Bands a document; `characterScored` is true for Chinese and other unspaced sources. */
export function analyse(segments: AnalysedSegment[], characterScored: boolean, weights?: Partial<Record<Band, number>>): AnalysisResult {
  const counts = new Map<Band, BandCount>(BANDS.map((b) => [b, { band: b, label: BAND_LABELS[b], segments: 0, characters: 0, words: characterScored ? null : 0 }]));
  const seen = new Set<string>();
  for (const s of segments) {
    let band = bandOf(s.best);
    if (band !== 'context' && seen.has(s.key)) band = 'repetition';
    seen.add(s.key);
    const c = counts.get(band) as BandCount;
    c.segments++;
    c.characters += countCharacters(s.source);
    if (c.words !== null) c.words += countWords(s.source);
  }
  const bands = [...counts.values()];
  const unit = characterScored ? 'characters' : 'words';
  const total: AnalysisResult['total'] = {
    segments: bands.reduce((a, b) => a + b.segments, 0),
    characters: bands.reduce((a, b) => a + b.characters, 0),
    words: characterScored ? null : bands.reduce((a, b) => a + (b.words ?? 0), 0),
  };
  if (weights) {
    let weighted = 0;
    for (const b of bands) {
      b.weight = weights[b.band] ?? 1;
      b.weighted = round2(b.weight * (characterScored ? b.characters : (b.words ?? 0)));
      weighted += b.weighted;
    }
    total.weighted = round2(weighted);
  }
  return { bands, total, unit };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Parses `context:0,repetition:0.1,exact:0.2,95-99:0.4,...` (also `101` and `100` as band names). */
export function parseWeights(spec: string): Partial<Record<Band, number>> {
  const aliases: Record<string, Band> = { '101': 'context', '100': 'exact', repetitions: 'repetition', nomatch: 'none', 'no-match': 'none' };
  const out: Partial<Record<Band, number>> = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([\w-]+)\s*[:=]\s*(\d+(?:\.\d+)?)$/.exec(part);
    const band = m ? (aliases[m[1] as string] ?? m[1]) : undefined;
    if (!m || !(BANDS as readonly string[]).includes(band as string)) {
      throw new Error(`"${part}" is not band:weight (bands: ${BANDS.join(', ')})`);
    }
    const w = Number(m[2]);
    if (w > 10) throw new Error(`"${part}": a weight is at most 10`);
    out[band as Band] = w;
  }
  return out;
}
