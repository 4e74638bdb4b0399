/** Every version of an entry, newest first, with who, when and each field's value before and after. */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import type { HistoryRecord } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { showValue } from '../../lib/values.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';

/** The history of entry `id` of `glossary`. */
export function HistoryView({ glossary, id }: { glossary: string; id: string }) {
  const { t, date } = useT();
  const [records, setRecords] = useState<HistoryRecord[] | null>(null);
  const [state, load] = useAction(async () => {
    setRecords((await unwrap(api.GET('/api/v1/glossaries/{id}/entries/{entryId}/history', { params: { path: { id: glossary, entryId: id } } }))).history);
  });
  useEffect(() => { void load(); }, [load]);
  if (state.problem) return <ProblemNote problem={state.problem} />;
  if (!records) return <p role="status">{t('common.loading')}</p>;
  return (
    <section class="history" aria-label={t('entry.history')}>
      {[...records].reverse().map((r) => (
        <div key={r.version} class="history-record">
          <h4>{t('history.record', { version: r.version, action: t(`history.${r.action}`), by: r.by, at: date(r.at) })}</h4>
          {r.changes.length ? (
            <table>
              <thead><tr><th scope="col">{t('history.field')}</th><th scope="col">{t('history.from')}</th><th scope="col">{t('history.to')}</th></tr></thead>
              <tbody>
                {r.changes.map((c, i) => (
                  <tr key={i}>
                    <td><code>{c.path}</code></td>
                    <td><del class="value">{showValue(c.from)}</del></td>
                    <td><ins class="value">{showValue(c.to)}</ins></td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ))}
    </section>
  );
}
