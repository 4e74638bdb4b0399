/**
 * Creating an entry in a chosen glossary (read-only ones cannot be chosen), or editing one.
 * A save sends the whole entry with the ETag it was loaded with;
 * when someone else saved first (412), both versions are shown side by side and the user can
 * re-apply their changes onto the current version (lib/entry-merge.ts), check, and save again.
 */
import { useState } from 'preact/hooks';
import { api, send } from '../../api/client.js';
import { ApiError, problemOf } from '../../api/problem.js';
import type { EntryInput, Glossary, Problem } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { reapply, toInput } from '../../lib/entry-merge.js';
import { navigate } from '../../router.js';
import { CollectionOptions, defaultWritable } from '../../ui/collection-options.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { ConflictView } from './conflict-view.js';
import { type Versioned, loadEntry } from './entry-panel.js';
import { LanguageEditor } from './language-editor.js';

const TEXT_FIELDS = ['subjectField', 'definition', 'note', 'source'] as const;
const NEW_ENTRY: EntryInput = { languages: { 'zh-CN': [{ term: '', status: 'preferred' }], en: [{ term: '', status: 'preferred' }] } };

/** Drops blank optional fields and terms (the contract wants them absent, not empty). */
function cleaned(input: EntryInput): EntryInput {
  const out: EntryInput = { languages: {} };
  if (input.id?.trim()) out.id = input.id.trim();
  for (const f of TEXT_FIELDS) if (input[f]?.trim()) out[f] = input[f]?.trim();
  for (const [lang, terms] of Object.entries(input.languages)) {
    const kept = terms.filter((x) => x.term.trim()).map((x) => {
      const term = { ...x, term: x.term.trim() };
      if (!term.context?.trim()) delete term.context;
      if (!term.note?.trim()) delete term.note;
      if (!term.partOfSpeech) delete term.partOfSpeech;
      return term;
    });
    if (kept.length) out.languages[lang] = kept;
  }
  return out;
}

/** The editor; without `loaded` it creates a new entry. `onSaved` gets the stored version (undefined after a cancel of a conflict). */
export function EntryEditor({ loaded, glossaries, onSaved, onCancel }: { loaded?: Versioned; glossaries?: readonly Glossary[] | null; onSaved: (v?: Versioned) => void; onCancel?: () => void }) {
  const { t } = useT();
  const [chosen, setChosen] = useState('');
  const target = chosen || defaultWritable(glossaries ?? null);
  const [base, setBase] = useState<Versioned | undefined>(loaded);
  const [draft, setDraft] = useState<EntryInput>(() => (loaded ? toInput(loaded.entry) : structuredClone(NEW_ENTRY)));
  const [conflict, setConflict] = useState<Versioned | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const body = cleaned(draft);
      if (!base) {
        const { data, response } = await send(api.POST('/api/v1/glossaries/{id}/entries', { params: { path: { id: target } }, body }));
        onSaved({ entry: data, etag: response.headers.get('ETag') ?? '' });
        navigate('glossary', 'entry', data.glossary, data.id);
      } else {
        const { data, response } = await send(api.PUT('/api/v1/glossaries/{id}/entries/{entryId}', {
          params: { path: { id: base.entry.glossary, entryId: base.entry.id }, header: { 'If-Match': base.etag } }, body: { ...body, id: base.entry.id },
        }));
        onSaved({ entry: data, etag: response.headers.get('ETag') ?? '' });
      }
    } catch (err) {
      setProblem(problemOf(err));
      if (base && err instanceof ApiError && err.problem.status === 412) {
        try {
          setConflict(await loadEntry(base.entry.glossary, base.entry.id));
        } catch (again) {
          setProblem(problemOf(again));
        }
      }
    } finally {
      setBusy(false);
    }
  };

  const set = (f: (typeof TEXT_FIELDS)[number] | 'id') => (e: Event) => setDraft({ ...draft, [f]: (e.currentTarget as HTMLInputElement).value });
  const title = base ? t('editor.editTitle', { id: base.entry.id }) : t('editor.newTitle');
  return (
    <form class="editor" aria-label={title} onSubmit={save}>
      <h2>{title}</h2>
      {conflict && base ? (
        <ConflictView base={toInput(base.entry)} mine={draft} current={conflict}
          onReapply={() => { setDraft(reapply(toInput(base.entry), draft, toInput(conflict.entry))); setBase(conflict); setConflict(null); setProblem(null); }}
          onDiscard={() => onSaved(conflict)} />
      ) : null}
      {!base ? (
        <label>{t('editor.glossary')}
          <select value={target} onChange={(e) => setChosen(e.currentTarget.value)}>
            <CollectionOptions items={glossaries ?? null} forWrite />
          </select>
        </label>
      ) : null}
      {!base ? <label>{t('entry.id')}<input value={draft.id ?? ''} onInput={set('id')} pattern="[a-z0-9]+(-[a-z0-9]+)*" aria-describedby="id-hint" /><span id="id-hint" class="hint">{t('editor.idHint')}</span></label> : null}
      <label>{t('entry.subjectField')}<input value={draft.subjectField ?? ''} onInput={set('subjectField')} /></label>
      <label>{t('entry.definition')}<textarea rows={3} value={draft.definition ?? ''} onInput={set('definition')} /></label>
      <label>{t('entry.note')}<textarea rows={2} value={draft.note ?? ''} onInput={set('note')} /></label>
      <label>{t('entry.source')}<input value={draft.source ?? ''} onInput={set('source')} /></label>
      <LanguageEditor languages={draft.languages} onChange={(languages) => setDraft({ ...draft, languages })} />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || conflict !== null}>{busy ? t('common.working') : t('common.save')}</button>
        {onCancel ? <button type="button" onClick={onCancel}>{t('common.cancel')}</button> : null}
      </div>
      <ProblemNote problem={problem} />
    </form>
  );
}
