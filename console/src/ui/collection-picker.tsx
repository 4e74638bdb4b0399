/**
 * Picks memories or glossaries: a checkbox per collection the key reaches, in priority order
 * (move up and down with buttons, so it works by keyboard and for screen readers, unlike drag
 * and drop), and for memories a penalty in points. Nothing ticked means every collection the
 * key reaches; the hint says so.
 */
import { useEffect, useState } from 'preact/hooks';
import { type CollectionChoice, moveChoice, syncChoices } from '../lib/collection-choices.js';
import { useT } from '../i18n/i18n.js';

/** A collection as a picker shows it. */
export interface PickerItem {
  id: string;
  name: string;
  readOnly?: boolean;
}

/** The choices for `items`, kept in step when the list arrives or changes. */
export function useChoices(items: readonly PickerItem[] | null): [CollectionChoice[], (c: CollectionChoice[]) => void] {
  const [choices, setChoices] = useState<CollectionChoice[]>([]);
  const ids = (items ?? []).map((i) => i.id).join('\n');
  useEffect(() => setChoices((c) => syncChoices(c, ids ? ids.split('\n') : [])), [ids]);
  return [choices, setChoices];
}

/** The picker; `penalties` adds a penalty field per collection, `ordered` the move buttons. */
export function CollectionPicker({ legend, hint, items, choices, onChange, penalties, ordered, idPrefix }: {
  legend: string;
  hint: string;
  items: readonly PickerItem[] | null;
  choices: readonly CollectionChoice[];
  onChange: (c: CollectionChoice[]) => void;
  penalties?: boolean;
  ordered?: boolean;
  idPrefix: string;
}) {
  const { t } = useT();
  const byId = new Map((items ?? []).map((i) => [i.id, i]));
  const set = (index: number, change: Partial<CollectionChoice>) => onChange(choices.map((c, i) => (i === index ? { ...c, ...change } : c)));
  return (
    <fieldset class="picker">
      <legend>{legend}</legend>
      <p class="hint" id={`${idPrefix}-hint`}>{hint}</p>
      {items === null ? <p role="status">{t('common.loading')}</p> : !choices.length ? <p>{t('picker.empty')}</p> : (
        <ol class="picker-list" aria-describedby={`${idPrefix}-hint`}>
          {choices.map((c, i) => {
            const item = byId.get(c.id);
            const name = item?.name ?? c.id;
            return (
              <li key={c.id} data-collection={c.id}>
                <label class="check">
                  <input type="checkbox" checked={c.use} onChange={(e) => set(i, { use: e.currentTarget.checked })} />
                  {name} <code>{c.id}</code>{item?.readOnly ? <span class="badge">{t('collections.readOnly')}</span> : null}
                </label>
                {penalties ? (
                  <label class="penalty">{t('picker.penalty')}
                    <input type="number" min={0} max={100} step={1} value={c.penalty} disabled={!c.use} placeholder="0"
                      aria-label={t('picker.penaltyFor', { name })} onInput={(e) => set(i, { penalty: e.currentTarget.value })} />
                  </label>
                ) : null}
                {ordered ? (
                  <span class="move">
                    <button type="button" class="small" disabled={i === 0} aria-label={t('picker.up', { name })} onClick={() => onChange(moveChoice(choices, i, -1))}>↑</button>
                    <button type="button" class="small" disabled={i === choices.length - 1} aria-label={t('picker.down', { name })} onClick={() => onChange(moveChoice(choices, i, 1))}>↓</button>
                  </span>
                ) : null}
              </li>
            );
          })}
        </ol>
      )}
    </fieldset>
  );
}
