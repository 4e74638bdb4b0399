/**
 * Copy or move every unit the filter matches into another memory (`POST /api/v1/tm/units/copy`
 * and `/move`, translators). Those routes take unit ids, so the ids are first read page by page
 * from `GET /api/v1/tm/units` with the filter, and the user confirms the count; then they go in
 * batches of the routes' 10,000. The answer is reported as the API gives it: units written,
 * units the target memory already had (merged; a moved one is merged into it and removed).
 * Only memories the key can write are offered as the target.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import type { Memory } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import type { UnitFilterQuery } from '../../lib/unit-filter.js';
import { MemorySelect, defaultWriteMemory } from '../../ui/memory-select.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';

/** Ids read per page: the list route's largest page. */
const ID_PAGE = 1000;
/** Ids per copy or move call: the routes' `maxItems`. */
const TRANSFER_BATCH = 10_000;
/** Most units moved at once from the console: beyond this the filter is too broad to review, and a CLI or a TMX export fits better. */
export const MAX_TRANSFER = 100_000;

type Mode = 'copy' | 'move';

/** Every id the filter matches, in id order; `tooMany` (and no ids) past MAX_TRANSFER. */
async function matchingIds(filter: UnitFilterQuery): Promise<{ ids: number[]; tooMany: boolean }> {
  const ids: number[] = [];
  for (let cursor: string | undefined; ;) {
    const page = await unwrap(api.GET('/api/v1/tm/units', { params: { query: { ...filter, limit: ID_PAGE, ...(cursor ? { cursor } : {}) } } }));
    ids.push(...page.units.map((u) => u.id));
    if (ids.length > MAX_TRANSFER) return { ids: [], tooMany: true };
    if (!page.nextCursor) return { ids, tooMany: false };
    cursor = page.nextCursor;
  }
}

/** The copy/move panel over `filter`; `filterKey` changes when the filter does. */
export function TransferPanel({ filter, filterKey, memories, onChanged }: { filter: UnitFilterQuery; filterKey: string; memories: readonly Memory[] | null; onChanged: () => void }) {
  const { t } = useT();
  const [to, setTo] = useState('');
  const [mode, setMode] = useState<Mode>('copy');
  const target = to || defaultWriteMemory(memories);
  const [collecting, collect, resetCollect] = useAction(() => matchingIds(filter));
  const [moving, run, resetRun] = useAction(async (ids: number[]) => {
    const total = { written: 0, merged: 0 };
    for (let i = 0; i < ids.length; i += TRANSFER_BATCH) {
      const body = { ids: ids.slice(i, i + TRANSFER_BATCH), to: target };
      const answer = await unwrap(mode === 'copy' ? api.POST('/api/v1/tm/units/copy', { body }) : api.POST('/api/v1/tm/units/move', { body }));
      total.written += answer.written.length;
      total.merged += answer.merged;
    }
    resetCollect();
    onChanged();
    return { ...total, mode, to: target };
  });
  const reset = () => { resetCollect(); resetRun(); };
  useEffect(reset, [filterKey, resetCollect, resetRun]);
  const found = collecting.result;
  const done = moving.result;
  return (
    <form class="stack panel" aria-labelledby="transfer-title" onSubmit={(e) => { e.preventDefault(); resetRun(); void collect(); }}>
      <h2 id="transfer-title">{t('copyMove.title')}</h2>
      <p class="hint">{t('maintenance.scopePanel')}</p>
      <MemorySelect label={t('copyMove.to')} memories={memories} value={to} onChange={(id) => { setTo(id); reset(); }} />
      <fieldset>
        <legend>{t('copyMove.mode')}</legend>
        {(['copy', 'move'] as const).map((m) => (
          <label key={m} class="check"><input type="radio" name="transfer-mode" value={m} checked={mode === m} onChange={() => { setMode(m); reset(); }} />{t(`copyMove.${m}`)}</label>
        ))}
      </fieldset>
      <button type="submit" disabled={collecting.busy}>{t('copyMove.prepare')}</button>
      <ProblemNote problem={collecting.problem} />
      {!found ? null : found.tooMany ? <p role="status">{t('copyMove.tooMany', { max: MAX_TRANSFER })}</p>
        : !found.ids.length ? <p role="status">{t('copyMove.none')}</p> : (
        <span role="group" aria-label={t('copyMove.title')} class="actions">
          <button type="button" class="primary" disabled={moving.busy} onClick={() => void run(found.ids)}>{t(mode === 'copy' ? 'copyMove.confirmCopy' : 'copyMove.confirmMove', { n: found.ids.length, to: target })}</button>
          <button type="button" onClick={reset}>{t('common.cancel')}</button>
        </span>
      )}
      <ProblemNote problem={moving.problem} />
      {done ? <p role="status">{t(done.mode === 'copy' ? 'copyMove.copied' : 'copyMove.moved', { to: done.to, written: done.written, merged: done.merged })}</p> : null}
    </form>
  );
}
