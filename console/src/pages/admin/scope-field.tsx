/** One half of a key's scope (memories or glossaries): every collection, or only those ticked. */
import type { CollectionChoice } from '../../lib/collection-choices.js';
import { useT } from '../../i18n/i18n.js';
import { CollectionPicker, type PickerItem } from '../../ui/collection-picker.js';

/** The scope's radio pair and, for "only these", the collections to tick. */
export function ScopeField({ legend, allLabel, someLabel, all, onAll, items, choices, onChange, idPrefix }: {
  legend: string;
  allLabel: string;
  someLabel: string;
  all: boolean;
  onAll: (all: boolean) => void;
  items: readonly PickerItem[] | null;
  choices: readonly CollectionChoice[];
  onChange: (c: CollectionChoice[]) => void;
  idPrefix: string;
}) {
  const { t } = useT();
  return (
    <fieldset class="scope">
      <legend>{legend}</legend>
      <label class="check"><input type="radio" name={idPrefix} checked={all} onChange={() => onAll(true)} />{allLabel}</label>
      <label class="check"><input type="radio" name={idPrefix} checked={!all} onChange={() => onAll(false)} />{someLabel}</label>
      {all ? null : <CollectionPicker legend={someLabel} hint={t('keys.scopeHint')} items={items} choices={choices} onChange={onChange} idPrefix={`${idPrefix}-list`} />}
    </fieldset>
  );
}

/** A scope list as text: "all", or the ids. */
export function scopeText(list: readonly string[], all: string, none: string): string {
  return list.includes('*') ? all : list.length ? list.join(', ') : none;
}
