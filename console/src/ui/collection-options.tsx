/** The `<option>`s of a collection `<select>`: "name (id)", read-only ones marked and, for writes, disabled. */
import { useT } from '../i18n/i18n.js';

/** A collection as an option shows it. */
export interface OptionItem {
  id: string;
  name: string;
  readOnly: boolean;
}

/** One option per collection; `forWrite` disables read-only ones (a write there is a 403). */
export function CollectionOptions({ items, forWrite }: { items: readonly OptionItem[] | null; forWrite?: boolean }) {
  const { t } = useT();
  return (
    <>
      {(items ?? []).map((c) => (
        <option key={c.id} value={c.id} disabled={forWrite && c.readOnly}>{c.readOnly ? t('picker.readOnlyOption', { name: c.name, id: c.id }) : `${c.name} (${c.id})`}</option>
      ))}
    </>
  );
}

/** The collection to write to by default: `default` when it is listed and writable, else the first writable one. */
export function defaultWritable(items: readonly OptionItem[] | null): string {
  const writable = (items ?? []).filter((c) => !c.readOnly);
  return writable.find((c) => c.id === 'default')?.id ?? writable[0]?.id ?? 'default';
}
