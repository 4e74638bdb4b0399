/**
 * The collections a signed-in key may read: memories from `GET /api/v1/memories` and glossaries
 * from `GET /api/v1/glossaries` (the server lists only those in the key's scope), kept to what
 * `GET /api/v1/me` says the scope reaches, so a picker never offers a collection the key cannot use.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../app.js';
import { inScope } from '../lib/collection-choices.js';
import { useAction } from '../ui/use-action.js';
import { api, unwrap } from './client.js';
import type { Glossary, Memory, Problem } from './types.js';

/** A list of collections as loaded: null until it arrives, with the problem of a failed load. */
export interface Loaded<T> {
  items: T[] | null;
  problem: Problem | null;
  reload: () => void;
}

function useScoped<T extends { id: string }>(scope: readonly string[], fetch: () => Promise<T[]>): Loaded<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [state, load] = useAction(async () => setItems((await fetch()).filter((c) => inScope(scope, c.id))));
  useEffect(() => { void load(); }, [load]);
  return { items, problem: state.problem, reload: () => void load() };
}

/** The memories `me` reaches, in id order. */
export function useMemories(me: Me): Loaded<Memory> {
  return useScoped(me.scope.memories, async () => (await unwrap(api.GET('/api/v1/memories'))).memories);
}

/** The glossaries `me` reaches, in id order. */
export function useGlossaries(me: Me): Loaded<Glossary> {
  return useScoped(me.scope.glossaries, async () => (await unwrap(api.GET('/api/v1/glossaries'))).glossaries);
}
