/**
 * Hash routes (`#/glossary/<entry>`): the server serves one page at `/` and nothing else, and a
 * hash never reaches the server or its logs. The key is never part of a route.
 *
 * Each area names the least role that may open it; the navigation shows only what the
 * signed-in key's role allows (the server checks every call regardless).
 */
import { useEffect, useState } from 'preact/hooks';
import { ROLES } from '../../src/domain/auth/roles.js';
import type { Role } from './api/types.js';
import type { MessageKey } from './i18n/i18n.js';

/** The console's areas, in navigation order. */
export const AREAS = [
  { area: 'glossary', role: 'reader', label: 'nav.glossary' },
  { area: 'lookup', role: 'reader', label: 'nav.lookup' },
  { area: 'documents', role: 'reader', label: 'nav.documents' },
  { area: 'tm', role: 'reader', label: 'nav.tm' },
  { area: 'memories', role: 'admin', label: 'nav.memories' },
  { area: 'glossaries', role: 'admin', label: 'nav.glossaries' },
  { area: 'keys', role: 'admin', label: 'nav.keys' },
] as const satisfies readonly { area: string; role: Role; label: MessageKey }[];

export type Area = (typeof AREAS)[number]['area'];

/** Where the console is: an area and the rest of the path (an entry id, a document id). */
export interface Route {
  area: Area;
  rest: string[];
}

/** True when `role` includes `need`. */
export function allows(role: Role, need: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(need);
}

/** Parses `#/area/a/b`; unknown areas fall back to the glossary. */
export function parseHash(hash: string): Route {
  const [area = '', ...rest] = hash.replace(/^#\/?/, '').split('/').map((s) => decodeURIComponent(s));
  const known = AREAS.find((a) => a.area === area);
  return { area: known ? known.area : 'glossary', rest: rest.filter(Boolean) };
}

/** The hash of a route. */
export function href(area: Area, ...rest: (string | number)[]): string {
  return `#/${[area, ...rest.map((r) => encodeURIComponent(String(r)))].join('/')}`;
}

/** Goes to a route. */
export function navigate(area: Area, ...rest: (string | number)[]): void {
  location.hash = href(area, ...rest);
}

/** The current route, updated on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
