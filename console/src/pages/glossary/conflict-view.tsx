/**
 * The 412 view: the entry changed since the editor loaded it. Every field that either side
 * changed is shown with the user's version and the current one side by side; fields both
 * changed differently are marked as conflicts. The user re-applies their changes onto the
 * current version (then checks and saves again) or drops them.
 */
import type { EntryInput } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { compareEntries, toInput } from '../../lib/entry-merge.js';
import { showValue } from '../../lib/values.js';
import type { Versioned } from './entry-panel.js';

/** Side-by-side comparison with the two ways out. */
export function ConflictView({ base, mine, current, onReapply, onDiscard }: {
  base: EntryInput; mine: EntryInput; current: Versioned; onReapply: () => void; onDiscard: () => void;
}) {
  const { t, date } = useT();
  const rows = compareEntries(base, mine, toInput(current.entry)).filter((r) => r.changedByMe || r.changedByThem);
  return (
    <section class="conflict" aria-labelledby="conflict-title" role="region">
      <h3 id="conflict-title">{t('conflict.title')}</h3>
      <p>{t('conflict.explain', { by: current.entry.updatedBy, at: date(current.entry.updatedAt), version: current.entry.version })}</p>
      <table>
        <thead>
          <tr><th scope="col">{t('history.field')}</th><th scope="col">{t('conflict.mine')}</th><th scope="col">{t('conflict.current', { version: current.entry.version })}</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.field} class={r.conflict ? 'is-conflict' : undefined}>
              <th scope="row"><code>{r.field}</code>{r.conflict ? <span class="badge status-forbidden">{t('conflict.both')}</span> : null}</th>
              <td class={r.changedByMe ? 'changed' : undefined}><span class="value">{showValue(r.mine)}</span></td>
              <td class={r.changedByThem ? 'changed' : undefined}><span class="value">{showValue(r.theirs)}</span></td>
            </tr>
          ))}
        </tbody>
      </table>
      <div class="actions">
        <button type="button" class="primary" onClick={onReapply}>{t('conflict.reapply')}</button>
        <button type="button" onClick={onDiscard}>{t('conflict.discard')}</button>
      </div>
    </section>
  );
}
