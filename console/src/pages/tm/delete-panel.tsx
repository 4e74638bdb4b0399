/**
 * Delete by filter (`POST /api/v1/tm/units/delete`, admins only): first the count of what the
 * filter matches and a token, then, confirmed, the delete of exactly those units with the
 * token. A stale token (409: the units changed since the count) deletes nothing and offers to
 * count again. A new filter drops the count.
 */
import { useEffect } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import { useT } from '../../i18n/i18n.js';
import type { UnitFilterBody } from '../../lib/unit-filter.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { TokenProblem } from '../../ui/token-problem.js';
import { useAction } from '../../ui/use-action.js';

/** The delete panel over `filter`; `filterKey` changes when the filter does. */
export function DeletePanel({ filter, filterKey, onChanged }: { filter: UnitFilterBody; filterKey: string; onChanged: () => void }) {
  const { t } = useT();
  const [counting, count, resetCount] = useAction(async () => {
    const answer = await unwrap(api.POST('/api/v1/tm/units/delete', { body: { filter } }));
    return 'token' in answer ? answer : { count: 0, token: '' };
  });
  const [deleting, remove, resetDelete] = useAction(async (token: string) => {
    const answer = await unwrap(api.POST('/api/v1/tm/units/delete', { body: { filter, token } }));
    resetCount();
    onChanged();
    return 'deleted' in answer ? answer.deleted : 0;
  });
  useEffect(() => { resetCount(); resetDelete(); }, [filterKey, resetCount, resetDelete]);
  const found = counting.result;
  return (
    <section class="stack panel" aria-labelledby="bulk-delete-title">
      <h2 id="bulk-delete-title">{t('bulkDelete.title')}</h2>
      <p class="hint">{t('maintenance.scopePanel')}</p>
      <button type="button" disabled={counting.busy} onClick={() => { resetDelete(); void count(); }}>{t('bulkDelete.count')}</button>
      <ProblemNote problem={counting.problem} />
      {found ? (
        <div class="report">
          <p role="status">{t('bulkDelete.found', { n: found.count })}</p>
          {found.count ? (
            <span role="group" aria-label={t('bulkDelete.title')} class="actions">
              <button type="button" class="danger" disabled={deleting.busy || deleting.problem?.status === 409} onClick={() => void remove(found.token)}>{t('bulkDelete.confirm', { n: found.count })}</button>
              <button type="button" onClick={() => resetCount()}>{t('common.cancel')}</button>
            </span>
          ) : null}
        </div>
      ) : null}
      <TokenProblem problem={deleting.problem} onPreviewAgain={() => { resetDelete(); void count(); }} />
      {deleting.result !== undefined ? <p role="status">{t('bulkDelete.deleted', { n: deleting.result })}</p> : null}
    </section>
  );
}
