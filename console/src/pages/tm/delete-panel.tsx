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
import { ApplyOutcome } from '../../ui/apply-outcome.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useTokenFlow } from '../../ui/use-token-flow.js';

/** The delete panel over `filter`; `filterKey` changes when the filter does. */
export function DeletePanel({ filter, filterKey, onChanged }: { filter: UnitFilterBody; filterKey: string; onChanged: () => void }) {
  const { t } = useT();
  const flow = useTokenFlow(
    async () => {
      const answer = await unwrap(api.POST('/api/v1/tm/units/delete', { body: { filter } }));
      return 'token' in answer ? answer : { count: 0, token: '' };
    },
    async (token) => {
      const answer = await unwrap(api.POST('/api/v1/tm/units/delete', { body: { filter, token } }));
      return 'deleted' in answer ? answer.deleted : 0;
    },
    onChanged,
  );
  const { reset } = flow;
  useEffect(reset, [filterKey, reset]);
  const found = flow.previewing.result;
  return (
    <section class="stack panel" aria-labelledby="bulk-delete-title">
      <h2 id="bulk-delete-title">{t('bulkDelete.title')}</h2>
      <p class="hint">{t('maintenance.scopePanel')}</p>
      <button type="button" disabled={flow.previewing.busy} onClick={flow.preview}>{t('bulkDelete.count')}</button>
      <ProblemNote problem={flow.previewing.problem} />
      {found ? (
        <div class="report">
          <p role="status">{t('bulkDelete.found', { n: found.count })}</p>
          {found.count ? (
            <span role="group" aria-label={t('bulkDelete.title')} class="actions">
              <button type="button" class="danger" disabled={flow.applying.busy || flow.stale} onClick={() => flow.apply(found.token)}>{t('bulkDelete.confirm', { n: found.count })}</button>
              <button type="button" onClick={reset}>{t('common.cancel')}</button>
            </span>
          ) : null}
        </div>
      ) : null}
      <ApplyOutcome flow={flow} done={(n) => t('bulkDelete.deleted', { n })} />
    </section>
  );
}
