/**
 * Picks the one memory a write goes to (TMX import, a document's write memory). Read-only
 * memories are listed but cannot be chosen: a write to one would be the API's 403.
 */
import type { Memory } from '../api/types.js';
import { useT } from '../i18n/i18n.js';

/** The memory that writes without a named target go to. */
export const DEFAULT_MEMORY = 'default';

/** The memory to write to by default: `default` when the key reaches it and may write there, else the first writable one. */
export function defaultWriteMemory(memories: readonly Memory[] | null): string {
  const writable = (memories ?? []).filter((m) => !m.readOnly);
  return writable.find((m) => m.id === DEFAULT_MEMORY)?.id ?? writable[0]?.id ?? DEFAULT_MEMORY;
}

/** A labelled `<select>` of the memories; `value` empty means the default write memory. */
export function MemorySelect({ label, memories, value, onChange }: { label: string; memories: readonly Memory[] | null; value: string; onChange: (id: string) => void }) {
  const { t } = useT();
  const chosen = value || defaultWriteMemory(memories);
  return (
    <label>{label}
      <select value={chosen} onChange={(e) => onChange(e.currentTarget.value)}>
        {(memories ?? []).map((m) => (
          <option key={m.id} value={m.id} disabled={m.readOnly}>{m.readOnly ? t('picker.readOnlyOption', { name: m.name, id: m.id }) : `${m.name} (${m.id})`}</option>
        ))}
      </select>
    </label>
  );
}
