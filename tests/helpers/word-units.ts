/**
 * Synthetic memories in space-delimited languages (English, Russian, German, French) for the
 * word-mode tests of the index (issue 8 §1): sentences of our own, recombined clause by clause
 * and edited word by word (a word replaced, inserted or dropped, an ending changed, a comma
 * moved, a number changed), so that units share words, inflected forms and numbers as real
 * memories do.
 */
import { prng } from '../../bench/synthetic.js';

/** Our own sentences per language, split into clauses at commas. */
const SENTENCES: Record<string, string[]> = {
  en: [
    'The leaders met in Xi\'an, and they agreed to deepen cooperation on trade and transport.',
    'China and the five Central Asian countries opened 2 new border crossings in 2023.',
    'Freight trains between China and Europe crossed Kazakhstan 6,500 times last year.',
    'The new highway shortens the journey by 3 days, and farmers sell more of their produce.',
    'Young people from the region studied at universities in China, and many returned home as engineers.',
    'The summit adopted a declaration, and the ministers will meet again in Astana.',
    'Investment in green energy grew by 12 percent, while trade rose to 89 billion dollars.',
    'Our peoples have traded along the Silk Road for more than 2,100 years.',
  ],
  ru: [
    'Лидеры встретились в Сиане и договорились углублять сотрудничество в торговле и транспорте.',
    'Китай и пять стран Центральной Азии открыли 2 новых пограничных перехода в 2023 году.',
    'Грузовые поезда между Китаем и Европой прошли через Казахстан 6500 раз за прошлый год.',
    'Новая дорога сокращает путь на 3 дня, и фермеры продают больше своей продукции.',
    'Молодые люди из региона учились в университетах Китая, и многие вернулись домой инженерами.',
    'Саммит принял декларацию, а министры снова встретятся в Астане.',
    'Инвестиции в зелёную энергетику выросли на 12 процентов, а торговля достигла 89 миллиардов долларов.',
    'Наши народы торгуют на Шёлковом пути более 2100 лет.',
  ],
  de: [
    'Die Staatschefs trafen sich in Xi\'an und vereinbarten, die Zusammenarbeit im Handel zu vertiefen.',
    'China und die fünf zentralasiatischen Länder öffneten 2023 zwei neue Grenzübergänge.',
    'Güterzüge zwischen China und Europa durchquerten Kasachstan im letzten Jahr 6500 Mal.',
    'Die neue Straße verkürzt die Reise um 3 Tage, und die Bauern verkaufen mehr.',
  ],
  fr: [
    'Les dirigeants se sont réunis à Xi\'an et ont convenu d\'approfondir la coopération commerciale.',
    'La Chine et les cinq pays d\'Asie centrale ont ouvert 2 nouveaux postes frontières en 2023.',
    'Les trains de marchandises entre la Chine et l\'Europe ont traversé le Kazakhstan 6 500 fois.',
    'La nouvelle route raccourcit le voyage de 3 jours, et les agriculteurs vendent davantage.',
  ],
};

/** Endings swapped to make inflected forms of a word (the index sees a different token). */
const ENDINGS: Record<string, [string, string][]> = {
  en: [['s', ''], ['ed', 'ing'], ['', 's']],
  ru: [['а', 'ы'], ['ой', 'ую'], ['ия', 'ии'], ['ов', 'ам'], ['и', 'ей']],
  de: [['en', 'e'], ['e', 'er'], ['', 'n']],
  fr: [['s', ''], ['é', 'ée'], ['', 's']],
};

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)] as T;
}

/** One word-level edit of `text`. */
function editWords(text: string, lang: string, rnd: () => number, vocabulary: readonly string[]): string {
  const words = text.split(' ');
  const at = Math.floor(rnd() * words.length);
  const r = rnd();
  if (r < 0.25) words[at] = pick(rnd, vocabulary);
  else if (r < 0.45) words.splice(at, 0, pick(rnd, vocabulary));
  else if (r < 0.6 && words.length > 3) words.splice(at, 1);
  else if (r < 0.8) {
    const w = words[at] as string;
    const [from, to] = pick(rnd, ENDINGS[lang] ?? [['', 's']]);
    words[at] = from && w.endsWith(from) ? w.slice(0, -from.length) + to : w + to;
  } else if (r < 0.9) words[at] = `${words[at]},`;
  else return text.replace(/\d+/, String(1 + Math.floor(rnd() * 999)));
  return words.join(' ');
}

/** `count` units with `lang` sources (and a fixed target language), deterministic for `seed`. */
export function wordUnits(lang: string, count: number, seed: number): { source: string; target: string }[] {
  const rnd = prng(seed);
  const sentences = SENTENCES[lang] ?? [];
  const clauses = sentences.flatMap((s) => s.split(/(?<=,) /));
  const vocabulary = [...new Set(sentences.join(' ').split(/\s+/))];
  const out: { source: string; target: string }[] = [];
  const seen = new Set<string>();
  while (out.length < count) {
    const n = 1 + Math.floor(rnd() * 3);
    let source = Array.from({ length: n }, () => pick(rnd, clauses)).join(' ');
    for (let e = Math.floor(rnd() * 3); e > 0; e--) source = editWords(source, lang, rnd, vocabulary);
    if (seen.has(source)) continue;
    seen.add(source);
    out.push({ source, target: `译文 ${out.length}` });
  }
  return out;
}

/** Queries over `sources`: exact copies, word edits and unrelated sentences of another language's vocabulary. */
export function wordQueries(lang: string, sources: readonly string[], count: number, seed: number): string[] {
  const rnd = prng(seed);
  const vocabulary = [...new Set((SENTENCES[lang] ?? []).join(' ').split(/\s+/))];
  return Array.from({ length: count }, () => {
    const r = rnd();
    const base = pick(rnd, sources);
    if (r < 0.3) return base;
    if (r < 0.9) {
      let q = base;
      for (let e = 1 + Math.floor(rnd() * 3); e > 0; e--) q = editWords(q, lang, rnd, vocabulary);
      return q;
    }
    return Array.from({ length: 3 + Math.floor(rnd() * 8) }, () => pick(rnd, vocabulary)).join(' ');
  });
}
