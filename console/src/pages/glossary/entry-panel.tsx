/**
 * One entry of one glossary: its fields and terms per language, who changed it last, and (for
 * terminologists, unless the glossary is read-only) edit and delete with the entry's ETag; its
 * history below on demand.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, send } from '../../api/client.js';
import type { GlossaryEntry } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { navigate } from '../../router.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';
import { EntryEditor } from './entry-editor.js';
import { HistoryView } from './history-view.js';
import { TermList } from './terms.js';

/** A loaded entry with the ETag to send back. */
export interface Versioned {
  entry: GlossaryEntry;
  etag: string;
}

/** Reads entry `entryId` of `glossary` and its ETag. */
export async function loadEntry(glossary: string, entryId: string): Promise<Versioned> {
  const { data, response } = await send(api.GET('/api/v1/glossaries/{id}/entries/{entryId}', { params: { path: { id: glossary, entryId } } }));
  return { entry: data, etag: response.headers.get('ETag') ?? '' };
}

/** The entry `id` of `glossary`; `canWrite` is false for a read-only glossary. */
export function EntryPanel({ glossary, glossaryName, id, readOnly, canWrite, onChanged }: {
  glossary: string;
  glossaryName: string | undefined;
  id: string;
  readOnly: boolean;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const { t, date } = useT();
  const [loaded, setLoaded] = useState<Versioned | null>(null);
  const [mode, setMode] = useState<'view' | 'edit' | 'confirm-delete'>('view');
  const [showHistory, setShowHistory] = useState(false);
  const [loading, load] = useAction(async () => setLoaded(await loadEntry(glossary, id)));
  const [deleting, remove] = useAction(async (v: Versioned) => {
    await send(api.DELETE('/api/v1/glossaries/{id}/entries/{entryId}', { params: { path: { id: glossary, entryId: id }, header: { 'If-Match': v.etag } } }));
    onChanged();
    navigate('glossary');
  });
  useEffect(() => { void load(); }, [load]);

  if (!loaded) return loading.problem ? <ProblemNote problem={loading.problem} /> : <p role="status">{t('common.loading')}</p>;
  const { entry } = loaded;
  if (mode === 'edit') {
    return <EntryEditor loaded={loaded} onSaved={(v) => { setLoaded(v ?? loaded); setMode('view'); onChanged(); }} onCancel={() => setMode('view')} />;
  }
  return (
    <article aria-labelledby="entry-title" class="entry">
      <h2 id="entry-title">{entry.id}</h2>
      <p class="muted">{t('entry.meta', { version: entry.version, by: entry.updatedBy, at: date(entry.updatedAt) })}</p>
      <p>{t('entry.inGlossary', { name: glossaryName ?? entry.glossary })} <code>{entry.glossary}</code>{readOnly ? <span class="badge">{t('collections.readOnly')}</span> : null}</p>
      <dl class="fields">
        {(['subjectField', 'definition', 'note', 'source'] as const).map((f) => (entry[f] ? [<dt key={`${f}-t`}>{t(`entry.${f}`)}</dt>, <dd key={f}>{entry[f]}</dd>] : null))}
      </dl>
      {Object.entries(entry.languages).map(([lang, terms]) => (
        <section key={lang} aria-label={lang}>
          <h3>{lang}</h3>
          <TermList lang={lang} terms={terms} />
        </section>
      ))}
      {canWrite ? (
        <div class="actions">
          <button type="button" onClick={() => setMode('edit')}>{t('entry.edit')}</button>
          {mode === 'confirm-delete' ? (
            <span role="group" aria-label={t('entry.delete')}>
              <span>{t('entry.confirmDelete', { id: entry.id })}</span>{' '}
              <button type="button" class="danger" disabled={deleting.busy} onClick={() => void remove(loaded)}>{t('common.confirm')}</button>
              <button type="button" onClick={() => setMode('view')}>{t('common.cancel')}</button>
            </span>
          ) : <button type="button" class="danger" onClick={() => setMode('confirm-delete')}>{t('entry.delete')}</button>}
          <ProblemNote problem={deleting.problem} />
        </div>
      ) : null}
      <button type="button" aria-expanded={showHistory} onClick={() => setShowHistory(!showHistory)}>{t('entry.history')}</button>
      {showHistory ? <HistoryView key={entry.version} glossary={glossary} id={entry.id} /> : null}
    </article>
  );
}
