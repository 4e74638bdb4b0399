/**
 * TM maintenance (`#/tm/units`), as a project manager keeps a memory clean in a CAT server's
 * TM editor: filter the units, review them page by page (`GET /api/v1/tm/units`, cursor paging),
 * fix one (edit, delete), then act on everything the filter matches: search and replace in
 * targets and copy or move to another memory (translators), delete (admins; hidden for other
 * roles, the server refuses them anyway); and merge the duplicates of one memory (translators).
 *
 * The bulk actions (bulk-actions.tsx: replace, copy or move, merge duplicates, delete) sit in a
 * bar between the filter and the table, not after a page of rows. They take the filter the table
 * shows (applied with "Show units"), not the fields as they are being typed, so what is replaced
 * or deleted is what the user reviewed; changing the filter again drops their previews.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../../app.js';
import { api, unwrap } from '../../api/client.js';
import { useMemories } from '../../api/collections.js';
import type { TmStats, UnitPage } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { chosenIds } from '../../lib/collection-choices.js';
import { type UnitFilterBody, filterBody, filterQuery } from '../../lib/unit-filter.js';
import { allows } from '../../router.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';
import { BulkActions } from './bulk-actions.js';
import { UnitFilterFields, useUnitFilter } from './unit-filter-fields.js';
import { UnitRow } from './unit-row.js';

/** Units per page of the table: a screenful to review, far under the route's 1,000. */
export const UNIT_PAGE = 50;

/** The filter the table shows: its JSON form for the bulk actions and its query for the pages. */
interface Applied {
  body: UnitFilterBody;
  query: ReturnType<typeof filterQuery>;
}

/** The units view. */
export function UnitsView({ me }: { me: Me }) {
  const { t } = useT();
  const memories = useMemories(me);
  const [stats, setStats] = useState<TmStats | null>(null);
  const [statsLoading, loadStats] = useAction(async () => setStats(await unwrap(api.GET('/api/v1/tm/stats'))));
  useEffect(() => { void loadStats(); }, [loadStats]);
  const filter = useUnitFilter(memories.items);
  const [applied, setApplied] = useState<Applied>({ body: {}, query: {} });
  const [cursors, setCursors] = useState<string[]>([]);
  const [page, setPage] = useState<UnitPage | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [loading, load] = useAction(async () => {
    const cursor = cursors[cursors.length - 1];
    setPage(await unwrap(api.GET('/api/v1/tm/units', { params: { query: { ...applied.query, limit: UNIT_PAGE, ...(cursor ? { cursor } : {}) } } })));
  });
  useEffect(() => { void load(); }, [applied, cursors, load]);

  const apply = (e: Event) => {
    e.preventDefault();
    const ids = chosenIds(filter.choices);
    setApplied({ body: filterBody(filter.form, ids), query: filterQuery(filter.form, ids) });
    setCursors([]);
    setEditing(null);
  };
  const reload = () => void load();
  const writable = (id: string) => memories.items?.find((m) => m.id === id)?.readOnly === false;
  const canWrite = allows(me.role, 'translator');
  const first = cursors.length * UNIT_PAGE + 1;

  return (
    <section aria-labelledby="units-title">
      <h2 id="units-title">{t('units.title')}</h2>
      <ProblemNote problem={memories.problem} />
      <ProblemNote problem={statsLoading.problem} />
      <form class="stack panel" role="search" aria-label={t('units.filterTitle')} onSubmit={apply}>
        <UnitFilterFields filter={filter} memories={memories.items} stats={stats} idPrefix="units" legend={t('units.memories')} open />
        <p class="hint">{t('maintenance.scope')}</p>
        <button type="submit" class="primary">{t('units.show')}</button>
      </form>
      <BulkActions me={me} memories={memories.items} body={applied.body} query={applied.query} onChanged={reload} onDeleted={() => setCursors([])} />
      <ProblemNote problem={loading.problem} />
      {page ? (
        <>
          <table class="units" aria-busy={loading.busy}>
            <caption>{page.units.length ? t('units.caption', { from: first, to: first + page.units.length - 1, page: cursors.length + 1 }) : t('units.none')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('units.id')}</th><th scope="col">{t('match.source')}</th><th scope="col">{t('match.target')}</th>
                <th scope="col">{t('match.memory')}</th><th scope="col">{t('units.updated')}</th><th scope="col">{t('units.usage')}</th>
                <th scope="col"><span class="visually-hidden">{t('common.actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {page.units.map((u) => (
                <UnitRow key={u.id} unit={u} canWrite={canWrite && writable(u.memory)} editing={editing === u.id}
                  onEdit={(open) => setEditing(open ? u.id : null)} onChanged={reload} />
              ))}
            </tbody>
          </table>
          <div class="pager">
            <button type="button" disabled={loading.busy || !cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>{t('common.previous')}</button>
            <button type="button" disabled={loading.busy || !page.nextCursor} onClick={() => page.nextCursor && setCursors([...cursors, page.nextCursor])}>{t('units.nextPage')}</button>
          </div>
        </>
      ) : null}
    </section>
  );
}
