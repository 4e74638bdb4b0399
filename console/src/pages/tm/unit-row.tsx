/**
 * One TM unit in the unit list: source, target, memory, last update and by whom, and for
 * translators (unless its memory is read-only) an editor (`PUT /api/v1/tm/units/{id}`, which
 * replaces every field, so the rest of the unit is sent as it was) and a delete with a
 * confirmation (`DELETE`). A 409 (another unit of the memory has the edited texts) is shown
 * at the editor. The editor opens with the target focused; Escape or Cancel closes it, and focus
 * returns to the unit's Edit button.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import type { Unit } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { unitInput } from '../../lib/unit-input.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';

/** Columns of a unit row, for the editor row's span. */
export const UNIT_COLUMNS = 7;

function UnitEditor({ unit, onSaved, onCancel }: { unit: Unit; onSaved: () => void; onCancel: () => void }) {
  const { t } = useT();
  const [edit, setEdit] = useState({ source: unit.source, target: unit.target, note: unit.note ?? '' });
  const [saving, save] = useAction(async () => {
    await unwrap(api.PUT('/api/v1/tm/units/{id}', { params: { path: { id: unit.id } }, body: unitInput(unit, edit) }));
    onSaved();
  });
  const titleId = `unit-edit-${unit.id}`;
  return (
    <form class="stack unit-editor" aria-labelledby={titleId} onSubmit={(e) => { e.preventDefault(); void save(); }} onKeyDown={(e) => { if (e.key === 'Escape') onCancel(); }}>
      <h3 id={titleId}>{t('units.editTitle', { id: unit.id, memory: unit.memory, pair: `${unit.sourceLang} → ${unit.targetLang}` })}</h3>
      <label>{t('match.source')}<textarea rows={2} lang={unit.sourceLang} value={edit.source} onInput={(e) => setEdit({ ...edit, source: e.currentTarget.value })} /></label>
      <label>{t('match.target')}<textarea rows={2} lang={unit.targetLang} value={edit.target} autoFocus onInput={(e) => setEdit({ ...edit, target: e.currentTarget.value })} /></label>
      <label>{t('units.note')}<textarea rows={1} value={edit.note} onInput={(e) => setEdit({ ...edit, note: e.currentTarget.value })} /></label>
      {unit.sourceCodes?.length || unit.targetCodes?.length ? <p class="hint">{t('units.codesHint')}</p> : null}
      <ProblemNote problem={saving.problem} />
      <div class="actions">
        <button type="submit" class="primary" disabled={saving.busy}>{t('common.save')}</button>
        <button type="button" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

/** The row of `unit`; `canWrite` when the key may change it (translator, writable memory). */
export function UnitRow({ unit, canWrite, editing, onEdit, onChanged }: {
  unit: Unit;
  canWrite: boolean;
  editing: boolean;
  onEdit: (open: boolean) => void;
  onChanged: () => void;
}) {
  const { t, date, num } = useT();
  const [confirming, setConfirming] = useState(false);
  // Keyboard users return to the Edit button when the editor closes (saved or cancelled), in the
  // same task as the editor leaves the page: after paint (useEffect) focus sat on the body for a
  // moment, which a loaded machine made long enough for the browser test to see.
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(editing);
  useLayoutEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const [deleting, remove] = useAction(async () => {
    await unwrap(api.DELETE('/api/v1/tm/units/{id}', { params: { path: { id: unit.id } } }));
    onChanged();
  });
  return (
    <>
      <tr data-unit={unit.id}>
        <td class="num">{unit.id}</td>
        <td lang={unit.sourceLang}>{unit.source}</td>
        <td lang={unit.targetLang} class="unit-target">{unit.target}</td>
        <td><code>{unit.memory}</code><div class="muted">{unit.sourceLang} → {unit.targetLang}</div></td>
        <td>{date(unit.updatedAt)}<div class="muted">{unit.updatedBy}</div></td>
        <td class="num">{num(unit.usageCount)}</td>
        <td>
          {canWrite ? (
            <span class="actions">
              <button type="button" class="small" ref={editButton} aria-expanded={editing} onClick={() => onEdit(!editing)}>{t('units.edit', { id: unit.id })}</button>
              {confirming ? (
                <span role="group" aria-label={t('units.delete', { id: unit.id })}>
                  <span>{t('units.confirmDelete', { id: unit.id })}</span>{' '}
                  <button type="button" class="danger small" disabled={deleting.busy} onClick={() => void remove()}>{t('common.confirm')}</button>
                  <button type="button" class="small" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
                </span>
              ) : <button type="button" class="danger small" onClick={() => setConfirming(true)}>{t('units.delete', { id: unit.id })}</button>}
              <ProblemNote problem={deleting.problem} />
            </span>
          ) : null}
        </td>
      </tr>
      {editing ? (
        <tr class="unit-editor-row">
          <td colSpan={UNIT_COLUMNS}><UnitEditor unit={unit} onSaved={() => { onEdit(false); onChanged(); }} onCancel={() => onEdit(false)} /></td>
        </tr>
      ) : null}
    </>
  );
}
