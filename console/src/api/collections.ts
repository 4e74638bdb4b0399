/**
 * The collections a signed-in key may read: memories from `GET /api/v1/memories` (the server
 * lists only those in the key's scope), kept to what `GET /api/v1/me` says the scope reaches,
 * so a picker never offers a collection the key cannot use.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../app.js';
import { inScope } from '../lib/collection-choices.js';
import { useAction } from '../ui/use-action.js';
import { api, unwrap } from './client.js';
import type { Memory, Problem } from './types.js';

/** A list of collections as loaded: null until it arrives, with the problem of a failed load. */
export interface Loaded<T> {
  items: T[] | null;
  problem: Problem | null;
  reload: () => void;
}

/** The memories `me` reaches, in id order. */
export function useMemories(me: Me): Loaded<Memory> {
  const [items, setItems] = useState<Memory[] | null>(null);
  const [state, load] = useAction(async () => {
    const { memories } = await unwrap(api.GET('/api/v1/memories'));
    setItems(memories.filter((m) => inScope(me.scope.memories, m.id)));
  });
  useEffect(() => { void load(); }, [load]);
  return { items, problem: state.problem, reload: () => void load() };
}
