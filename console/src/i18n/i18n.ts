/**
 * The interface language: English or Simplified Chinese, one message catalogue per language
 * (en.ts, zh-CN.ts; the Chinese one must have every English key, the type checker sees to it).
 * Messages take named `{placeholders}`; numbers and dates are formatted with Intl for the
 * chosen locale. A library (i18next, FormatJS) would add 15-40 kB for plural rules and ICU
 * syntax that these messages do not use: Chinese has no plural forms and the English
 * messages are written so that they need none.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { type Vars, fill } from '../lib/message-format.js';
import { en, type MessageKey } from './en.js';
import { zhCN } from './zh-CN.js';

/** Interface languages. */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** Where the chosen language is remembered (not sensitive, so localStorage). */
const LOCALE_STORAGE = 'caravan.locale';

/** Translates keys and formats values for one locale. */
export interface Translator {
  locale: Locale;
  t(key: MessageKey, vars?: Vars): string;
  num(n: number, digits?: number): string;
  date(iso: string | undefined): string;
}

/** The translator for `locale`. */
export function translator(locale: Locale): Translator {
  const catalogue = CATALOGUES[locale];
  const numbers = new Map<number, Intl.NumberFormat>();
  const num = (n: number, digits = 2) => {
    let f = numbers.get(digits);
    if (!f) numbers.set(digits, (f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits })));
    return f.format(n);
  };
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    locale,
    t: (key, vars) => fill(catalogue[key], vars, (n) => num(n)),
    num,
    date: (iso) => (iso ? dates.format(new Date(iso)) : ''),
  };
}

/** The remembered language, else the browser's (Chinese for any zh-*), else English. */
export function initialLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_STORAGE);
  if (saved && (LOCALES as readonly string[]).includes(saved)) return saved as Locale;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Remembers the language and sets `<html lang>`. */
export function applyLocale(locale: Locale): void {
  localStorage.setItem(LOCALE_STORAGE, locale);
  document.documentElement.lang = locale;
}

export const I18nContext = createContext<Translator>(translator('en'));

/** The current translator. */
export function useT(): Translator {
  return useContext(I18nContext);
}

export type { MessageKey };
