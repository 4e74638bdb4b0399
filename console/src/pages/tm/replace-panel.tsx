/**
 * Search and replace in targets over the filter (`POST /api/v1/tm/units/replace`), preview
 * first: every change is listed with what it removes and inserts marked (text-changes.ts), and
 * the units left alone with the server's reason; "Apply" sends the preview's token, which
 * applies exactly those changes. A stale token (409: the units changed since the preview)
 * offers to preview again; a pattern the server refuses (400 at `/find`) is shown at the field.
 * Editing the rule or the filter drops the preview, so a token is never applied to a rule the
 * user did not see.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import type { ReplacePreview } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { textChanges } from '../../lib/text-changes.js';
import { type UnitFilterBody, fieldAtFault } from '../../lib/unit-filter.js';
import { MarkedText } from '../../ui/marked-text.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { ApplyOutcome } from '../../ui/apply-outcome.js';
import { useTokenFlow } from '../../ui/use-token-flow.js';

/** Changes shown at first, and added per "show more": a long preview stays quick to draw. */
export const PREVIEW_PAGE = 100;

interface Rule {
  find: string;
  replacement: string;
  regex: boolean;
  caseSensitive: boolean;
}

function ChangeRow({ change }: { change: ReplacePreview['changes'][number] }) {
  const { t } = useT();
  const marks = textChanges(change.before, change.after);
  return (
    <tr data-unit={change.unitId}>
      <td class="num">{change.unitId}</td>
      <td><code>{change.memory}</code></td>
      <td>{change.source}</td>
      <td class="before"><MarkedText text={change.before} ranges={marks.before} render={(p, _m, i) => <del key={i} title={t('replace.removed')}>{p}</del>} /></td>
      <td class="after"><MarkedText text={change.after} ranges={marks.after} render={(p, _m, i) => <ins key={i} title={t('replace.inserted')}>{p}</ins>} /></td>
    </tr>
  );
}

/** The replace panel over `filter`; `filterKey` changes when the filter does. */
export function ReplacePanel({ filter, filterKey, onChanged }: { filter: UnitFilterBody; filterKey: string; onChanged: () => void }) {
  const { t } = useT();
  const [rule, setRule] = useState<Rule>({ find: '', replacement: '', regex: false, caseSensitive: true });
  const [shown, setShown] = useState(PREVIEW_PAGE);
  const flow = useTokenFlow(
    async () => {
      setShown(PREVIEW_PAGE);
      return (await unwrap(api.POST('/api/v1/tm/units/replace', { body: { filter, ...rule } }))) as ReplacePreview;
    },
    async (token) => {
      const answer = await unwrap(api.POST('/api/v1/tm/units/replace', { body: { filter, ...rule, token } }));
      return 'changed' in answer ? answer.changed : 0;
    },
    onChanged,
  );
  const { reset } = flow;
  useEffect(reset, [filterKey, reset]);
  const edit = (change: Partial<Rule>) => { setRule({ ...rule, ...change }); reset(); };
  const result = flow.previewing.result;
  const findProblem = fieldAtFault(flow.previewing.problem?.errors, 'find') ? flow.previewing.problem : null;

  return (
    <form class="stack panel" aria-labelledby="replace-title" onSubmit={(e) => { e.preventDefault(); flow.preview(); }}>
      <h2 id="replace-title">{t('replace.title')}</h2>
      <p class="hint">{t('maintenance.scopePanel')}</p>
      <label>{t('replace.find')}
        <input value={rule.find} required aria-invalid={findProblem ? true : undefined} aria-describedby={findProblem ? 'replace-find-problem' : undefined}
          onInput={(e) => edit({ find: e.currentTarget.value })} />
      </label>
      <ProblemNote problem={findProblem} id="replace-find-problem" />
      <label>{t('replace.replacement')}<input value={rule.replacement} onInput={(e) => edit({ replacement: e.currentTarget.value })} /></label>
      <label class="check"><input type="checkbox" checked={rule.regex} onChange={(e) => edit({ regex: e.currentTarget.checked })} />{t('replace.regex')}</label>
      <label class="check"><input type="checkbox" checked={rule.caseSensitive} onChange={(e) => edit({ caseSensitive: e.currentTarget.checked })} />{t('replace.caseSensitive')}</label>
      <button type="submit" disabled={flow.previewing.busy || !rule.find}>{t('replace.preview')}</button>
      {findProblem ? null : <ProblemNote problem={flow.previewing.problem} />}
      {result ? (
        <div class="report">
          <p role="status">{result.changes.length ? t('replace.changes', { n: result.changes.length }) : t('replace.nothing')}</p>
          {result.changes.length ? (
            <table class="replace-preview">
              <caption>{t('replace.showing', { shown: Math.min(shown, result.changes.length), n: result.changes.length })}</caption>
              <thead><tr><th scope="col">{t('units.id')}</th><th scope="col">{t('match.memory')}</th><th scope="col">{t('match.source')}</th><th scope="col">{t('replace.before')}</th><th scope="col">{t('replace.after')}</th></tr></thead>
              <tbody>{result.changes.slice(0, shown).map((c) => <ChangeRow key={c.unitId} change={c} />)}</tbody>
            </table>
          ) : null}
          {shown < result.changes.length ? <button type="button" onClick={() => setShown(shown + PREVIEW_PAGE)}>{t('common.more')}</button> : null}
          {result.skipped.length ? (
            <>
              <h3>{t('replace.skipped', { n: result.skipped.length })}</h3>
              <ul class="skipped">{result.skipped.map((s) => <li key={s.unitId}>{t('replace.skippedUnit', { id: s.unitId, reason: s.reason })}</li>)}</ul>
            </>
          ) : null}
          {result.changes.length ? (
            <button type="button" class="primary" disabled={flow.applying.busy || flow.stale} onClick={() => flow.apply(result.token)}>{t('replace.apply', { n: result.changes.length })}</button>
          ) : null}
        </div>
      ) : null}
      <ApplyOutcome flow={flow} done={(n) => t('replace.applied', { n })} />
    </form>
  );
}
