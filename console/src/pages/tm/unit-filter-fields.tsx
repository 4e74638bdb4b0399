/**
 * The TM filter, one form for every view that selects units: the unit list (and so delete,
 * replace, copy and move, which act on the filter the list shows) and the TMX export. The
 * memories are ticked in a collection picker (none: every memory the key reaches); the pair
 * comes from the TM's statistics; the rest are the filter fields of `GET /api/v1/tm/units`.
 */
import { useState } from 'preact/hooks';
import type { Memory, TmStats } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import type { CollectionChoice } from '../../lib/collection-choices.js';
import { EMPTY_FILTER, FILTER_DAYS, FILTER_TEXTS, FILTER_USAGE, type UnitFilterForm } from '../../lib/unit-filter.js';
import { CollectionPicker, useChoices } from '../../ui/collection-picker.js';

/** The filter as a view holds it: the form and the memory choices. */
export interface UnitFilterState {
  form: UnitFilterForm;
  setForm: (f: UnitFilterForm) => void;
  choices: CollectionChoice[];
  setChoices: (c: CollectionChoice[]) => void;
}

/** A filter's state, its memory choices kept in step with the memories the key reaches. */
export function useUnitFilter(memories: readonly Memory[] | null): UnitFilterState {
  const [form, setForm] = useState<UnitFilterForm>(EMPTY_FILTER);
  const [choices, setChoices] = useChoices(memories);
  return { form, setForm, choices, setChoices };
}

/** The filter's fields; `idPrefix` keeps ids unique when two filters share a page; `open` shows the text and date fields unfolded. */
export function UnitFilterFields({ filter, memories, stats, idPrefix, legend, open }: {
  filter: UnitFilterState;
  memories: readonly Memory[] | null;
  stats: TmStats | null;
  idPrefix: string;
  legend: string;
  open?: boolean;
}) {
  const { t } = useT();
  const { form, setForm } = filter;
  const set = (f: keyof UnitFilterForm) => (e: { currentTarget: HTMLInputElement | HTMLSelectElement }) => setForm({ ...form, [f]: e.currentTarget.value });
  return (
    <>
      <CollectionPicker legend={legend} hint={t('picker.memoriesHint')} items={memories} choices={filter.choices} onChange={filter.setChoices} idPrefix={`${idPrefix}-memories`} />
      <label>{t('documents.pair')}
        <select value={form.pair} onChange={set('pair')}>
          <option value="">{t('tm.allPairs')}</option>
          {stats?.pairs.map((p) => <option key={`${p.sourceLang}|${p.targetLang}`} value={`${p.sourceLang}|${p.targetLang}`}>{p.sourceLang} → {p.targetLang}</option>)}
        </select>
      </label>
      <details open={open}>
        <summary>{t('tm.filters')}</summary>
        <div class="row">
          {FILTER_TEXTS.map((f) => <label key={f}>{t(`tm.filter.${f}`)}<input value={form[f]} onInput={set(f)} /></label>)}
        </div>
        <div class="row">
          {FILTER_DAYS.map((f) => <label key={f}>{t(`tm.filter.${f}`)}<input type="date" value={form[f]} onInput={set(f)} /></label>)}
          {FILTER_USAGE.map((f) => <label key={f}>{t(`tm.filter.${f}`)}<input type="number" min={0} step={1} value={form[f]} onInput={set(f)} /></label>)}
        </div>
      </details>
    </>
  );
}
