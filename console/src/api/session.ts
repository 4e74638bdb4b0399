/**
 * The signed-in key, kept in `sessionStorage` (per browser tab, gone when the tab closes) and
 * never in a URL or in `localStorage`. `/docs` reads the same entry to fill in "try it".
 */

/** The `sessionStorage` entry holding the API key. */
export const KEY_STORAGE = 'caravan.key';

/** The stored key, if any. */
export function readKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

/** Stores the key for this tab. */
export function saveKey(key: string): void {
  sessionStorage.setItem(KEY_STORAGE, key);
}

/** Forgets the key. */
export function clearKey(): void {
  sessionStorage.removeItem(KEY_STORAGE);
}
