/**
 * Word stems for inflection-tolerant matching and search: lunr's Porter stemmer for English and
 * the Snowball Russian stemmer from lunr-languages. Other languages are not stemmed (the word is
 * returned as given), which makes matching exact for them rather than wrong.
 *
 * lunr-languages ships CommonJS plugins that attach themselves to the lunr object they are
 * given (`require('lunr-languages/lunr.ru')(lunr)`); in ESM the plugin is the default export,
 * called once with lunr after the stemmer support. They are registered on first use.
 */
import lunr from 'lunr';
import stemmerSupport from 'lunr-languages/lunr.stemmer.support.js';
import russian from 'lunr-languages/lunr.ru.js';

/** A pipeline function as lunr-languages defines it. */
type LunrStemmer = (token: lunr.Token) => lunr.Token;

let russianStemmer: LunrStemmer | undefined;

function registerRussian(): LunrStemmer {
  if (!russianStemmer) {
    const host = lunr as unknown as { ru?: { stemmer: LunrStemmer }; stemmerSupport?: unknown };
    if (host.stemmerSupport === undefined) stemmerSupport(lunr);
    if (host.ru === undefined) russian(lunr);
    russianStemmer = (host.ru as { stemmer: LunrStemmer }).stemmer;
  }
  return russianStemmer;
}

function apply(stemmer: LunrStemmer, word: string): string {
  return stemmer(new lunr.Token(word, {})).toString();
}

/** Stems of recent words per language: texts and term bases repeat a small vocabulary, and a stemmer call costs microseconds. */
const stems = new Map<string, string>();
/** Most remembered stems (a few MB); the memory is cleared when full. */
const MAX_STEMS = 100_000;

/** Stems a lower-cased word of `language` (primary subtag): `communities` -> `commun`, `единой` -> `един`. */
export function stemWord(word: string, language: string): string {
  if (language !== 'en' && language !== 'ru') return word;
  const key = `${language}:${word}`;
  let stem = stems.get(key);
  if (stem === undefined) {
    stem = apply(language === 'en' ? lunr.stemmer as unknown as LunrStemmer : registerRussian(), word);
    if (stems.size >= MAX_STEMS) stems.clear();
    stems.set(key, stem);
  }
  return stem;
}
