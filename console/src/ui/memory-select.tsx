/**
 * Picks the one memory a write goes to (TMX import, a document's write memory). Read-only
 * memories are listed but cannot be chosen: a write to one would be the API's 403.
 */
import type { Memory } from '../api/types.js';
import { CollectionOptions, defaultWritable } from './collection-options.js';

/** The memory to write to by default: `default` when the key reaches it and may write there, else the first writable one. */
export const defaultWriteMemory: (memories: readonly Memory[] | null) => string = defaultWritable;

/** A labelled `<select>` of the memories; `value` empty means the default write memory. */
export function MemorySelect({ label, memories, value, onChange }: { label: string; memories: readonly Memory[] | null; value: string; onChange: (id: string) => void }) {
  const chosen = value || defaultWriteMemory(memories);
  return (
    <label>{label}
      <select value={chosen} onChange={(e) => onChange(e.currentTarget.value)}>
        <CollectionOptions items={memories} forWrite />
      </select>
    </label>
  );
}
