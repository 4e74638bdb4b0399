/**
 * Merge duplicate units of one memory (`POST /api/v1/memories/{id}/merge-duplicates`,
 * translators): duplicates have the same source as lookups fold it (script, width, case,
 * spacing) and the same target. The preview lists the groups, a page at a time (merge-groups.ts),
 * each with the unit kept (the newest) and those merged away, read with `GET /api/v1/tm/units/{id}`
 * so the user sees the texts, not bare ids; "Merge" sends the preview's token (useTokenFlow), a
 * 409 offers to preview again (ApplyOutcome). The route acts on a whole memory, not on the
 * filter, so the panel has its own memory choice, defaulting to the filter's one memory.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import type { Memory, Unit } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { type ShownGroup, groupPage } from '../../lib/merge-groups.js';
import { ApplyOutcome } from '../../ui/apply-outcome.js';
import { MemorySelect } from '../../ui/memory-select.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';
import { useTokenFlow } from '../../ui/use-token-flow.js';

/** One unit of a group: kept or merged away. */
function GroupUnit({ id, unit, kept }: { id: number; unit: Unit | undefined; kept: boolean }) {
  const { t, date, num } = useT();
  return (
    <tr data-unit={id} class={kept ? 'kept' : 'merged-away'}>
      <td>{kept ? t('merge.kept') : t('merge.mergedAway')}</td>
      <td class="num">{id}</td>
      <td lang={unit?.sourceLang}>{unit?.source ?? '…'}</td>
      <td lang={unit?.targetLang}>{unit?.target ?? '…'}</td>
      <td>{unit ? <>{date(unit.updatedAt)}<div class="muted">{unit.updatedBy}</div></> : null}</td>
      <td class="num">{unit ? num(unit.usageCount) : null}</td>
    </tr>
  );
}

/** The groups of one page, each a table body with its kept unit first. */
function GroupTable({ groups, units }: { groups: ShownGroup[]; units: Map<number, Unit> }) {
  const { t, num } = useT();
  return (
    <table class="merge-preview">
      <thead>
        <tr><th scope="col">{t('merge.role')}</th><th scope="col">{t('units.id')}</th><th scope="col">{t('match.source')}</th><th scope="col">{t('match.target')}</th><th scope="col">{t('units.updated')}</th><th scope="col">{t('units.usage')}</th></tr>
      </thead>
      {groups.map((g) => (
        <tbody key={g.keep} data-group={g.keep}>
          <tr><th scope="rowgroup" colSpan={6}>{t('merge.group', { id: g.keep, n: g.remove.length, uses: num(g.usageCount) })}</th></tr>
          <GroupUnit id={g.keep} unit={units.get(g.keep)} kept />
          {g.shown.map((id) => <GroupUnit key={id} id={id} unit={units.get(id)} kept={false} />)}
          {g.more.length ? <tr class="merged-away"><td colSpan={6}>{t('merge.more', { n: g.more.length, ids: g.more.join(', ') })}</td></tr> : null}
        </tbody>
      ))}
    </table>
  );
}

/** The merge panel; `initial` is the memory to offer first, `onChanged` runs after a merge. */
export function MergePanel({ memories, initial, onChanged }: { memories: readonly Memory[] | null; initial: string; onChanged: () => void }) {
  const { t } = useT();
  const [memory, setMemory] = useState('');
  const chosen = memory || initial;
  const [pageNo, setPageNo] = useState(0);
  const flow = useTokenFlow(
    async () => {
      setPageNo(0);
      const answer = await unwrap(api.POST('/api/v1/memories/{id}/merge-duplicates', { params: { path: { id: chosen } }, body: {} }));
      return 'token' in answer ? answer : { groups: [], units: 0, token: '' };
    },
    async (token) => {
      const answer = await unwrap(api.POST('/api/v1/memories/{id}/merge-duplicates', { params: { path: { id: chosen } }, body: { token } }));
      return 'merged' in answer ? answer.merged : 0;
    },
    onChanged,
  );
  const { reset } = flow;
  useEffect(reset, [chosen, reset]);
  const result = flow.previewing.result;
  const shown = groupPage(result?.groups ?? [], pageNo);
  const [reading, read, resetRead] = useAction(async (ids: number[]) => {
    const units = await Promise.all(ids.map((id) => unwrap(api.GET('/api/v1/tm/units/{id}', { params: { path: { id } } }))));
    return new Map(units.map((u) => [u.id, u]));
  });
  const idsKey = shown.ids.join(',');
  useEffect(() => { if (idsKey) void read(idsKey.split(',').map(Number)); else resetRead(); }, [idsKey, read, resetRead]);

  return (
    <section class="stack panel" aria-labelledby="merge-title">
      <h2 id="merge-title">{t('merge.title')}</h2>
      <p class="hint">{t('merge.hint')}</p>
      <MemorySelect label={t('merge.memory')} memories={memories} value={chosen} onChange={setMemory} />
      <button type="button" disabled={flow.previewing.busy || !chosen} onClick={flow.preview}>{t('merge.preview')}</button>
      <ProblemNote problem={flow.previewing.problem} />
      {result ? (
        <div class="report">
          <p role="status">{result.groups.length ? t('merge.found', { groups: result.groups.length, n: result.units }) : t('merge.none')}</p>
          {result.groups.length ? (
            <>
              <ProblemNote problem={reading.problem} />
              <GroupTable groups={shown.groups} units={reading.result ?? new Map()} />
              {shown.pages > 1 ? (
                <div class="pager">
                  <button type="button" disabled={shown.page === 0} onClick={() => setPageNo(shown.page - 1)}>{t('common.previous')}</button>
                  <span>{t('merge.page', { page: shown.page + 1, pages: shown.pages })}</span>
                  <button type="button" disabled={shown.page + 1 >= shown.pages} onClick={() => setPageNo(shown.page + 1)}>{t('common.next')}</button>
                </div>
              ) : null}
              <span role="group" aria-label={t('merge.title')} class="actions">
                <button type="button" class="primary" disabled={flow.applying.busy || flow.stale} onClick={() => flow.apply(result.token)}>{t('merge.apply', { n: result.units })}</button>
                <button type="button" onClick={reset}>{t('common.cancel')}</button>
              </span>
            </>
          ) : null}
        </div>
      ) : null}
      <ApplyOutcome flow={flow} done={(n) => t('merge.merged', { n })} />
    </section>
  );
}
