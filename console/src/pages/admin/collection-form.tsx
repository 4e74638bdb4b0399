/** The fields of a memory or glossary (admin): id when new, name, description, tags, read-only. */
import { useState } from 'preact/hooks';
import type { Problem } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { ProblemNote } from '../../ui/problem-note.js';

/** What the form edits; tags as typed, comma-separated. */
export interface CollectionFields {
  id: string;
  name: string;
  description: string;
  tags: string;
  readOnly: boolean;
}

/** Tags typed as `client-a, legal` as the list the API takes. */
export function tagList(typed: string): string[] {
  return typed.split(',').map((x) => x.trim()).filter(Boolean);
}

/** The form; `initial.id` empty means a new collection (the id field is shown). */
export function CollectionForm({ initial, title, submit, busy, problem, onSubmit, onCancel, idPrefix }: {
  initial: CollectionFields;
  title: string;
  submit: string;
  busy: boolean;
  problem: Problem | null;
  onSubmit: (fields: CollectionFields) => void;
  onCancel?: () => void;
  idPrefix: string;
}) {
  const { t } = useT();
  const [fields, setFields] = useState(initial);
  const isNew = initial.id === '';
  return (
    <form class="stack panel" aria-labelledby={`${idPrefix}-title`} onSubmit={(e) => { e.preventDefault(); onSubmit(fields); }}>
      <h2 id={`${idPrefix}-title`}>{title}</h2>
      <div class="row">
        {isNew ? (
          <label>{t('collections.id')}
            <input value={fields.id} required maxLength={64} class="mono" aria-describedby={`${idPrefix}-id-hint`} onInput={(e) => setFields({ ...fields, id: e.currentTarget.value })} />
            <span class="hint" id={`${idPrefix}-id-hint`}>{t('collections.idHint')}</span>
          </label>
        ) : null}
        <label>{t('collections.name')}<input value={fields.name} required maxLength={200} onInput={(e) => setFields({ ...fields, name: e.currentTarget.value })} /></label>
        <label>{t('collections.tags')}<input value={fields.tags} placeholder={t('collections.tagsHint')} onInput={(e) => setFields({ ...fields, tags: e.currentTarget.value })} /></label>
      </div>
      <label>{t('collections.description')}<textarea rows={2} value={fields.description} onInput={(e) => setFields({ ...fields, description: e.currentTarget.value })} /></label>
      <label class="check"><input type="checkbox" checked={fields.readOnly} onChange={(e) => setFields({ ...fields, readOnly: e.currentTarget.checked })} />{t('collections.readOnlyLong')}</label>
      <div class="row">
        <button type="submit" class="primary" disabled={busy}>{submit}</button>
        {onCancel ? <button type="button" onClick={onCancel}>{t('common.cancel')}</button> : null}
      </div>
      <ProblemNote problem={problem} />
    </form>
  );
}
