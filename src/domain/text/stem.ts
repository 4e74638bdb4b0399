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

/** Stems a lower-cased word of `language` (primary subtag): `communities` -> `commun`, `единой` -> `един`. */
export function stemWord(word: string, language: string): string {
  if (language === 'en') return apply(lunr.stemmer as unknown as LunrStemmer, word);
  if (language === 'ru') return apply(registerRussian(), word);
  return word;
}
