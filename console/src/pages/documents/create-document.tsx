/**
 * A new document from pasted text (segmented by the server) or from an XLIFF file (its languages
 * come from the file), either with the project settings chosen above both forms.
 */
import { useState } from 'preact/hooks';
import type { Me } from '../../app.js';
import { api, unwrap } from '../../api/client.js';
import { useGlossaries, useMemories } from '../../api/collections.js';
import { type Progress, upload } from '../../api/transfer.js';
import type { QueryOf } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { FileField } from '../../ui/file-field.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { TransferProgress } from '../../ui/progress.js';
import { useChoices } from '../../ui/collection-picker.js';
import { useAction } from '../../ui/use-action.js';
import { ProjectSettingsFields, settingsBody, settingsQuery } from './project-settings.js';

/** The two ways to create a document. */
export function CreateDocument({ me, onCreated }: { me: Me; onCreated: () => void }) {
  const { t } = useT();
  const memories = useMemories(me);
  const [memoryChoices, setMemoryChoices] = useChoices(memories.items);
  const [writeMemory, setWriteMemory] = useState('');
  const glossaries = useGlossaries(me);
  const [glossaryChoices, setGlossaryChoices] = useChoices(glossaries.items);
  const choice = { memories: memoryChoices, writeMemory, glossaries: glossaryChoices };
  const [form, setForm] = useState({ name: '', sourceLang: 'zh-CN', targetLang: 'en', text: '' });
  const [file, setFile] = useState<File | null>(null);
  const [xliffName, setXliffName] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [fromText, createFromText] = useAction(async () => {
    const doc = await unwrap(api.POST('/api/v1/documents', { body: { ...form, settings: settingsBody(choice, memories.items) } }));
    onCreated();
    return doc;
  });
  const [fromFile, createFromFile] = useAction(async () => {
    if (!file) return undefined;
    const query: QueryOf<'createDocument'> = { ...settingsQuery(choice, memories.items), ...(xliffName.trim() ? { name: xliffName.trim() } : {}) };
    const doc = await upload({ operation: 'createDocument', method: 'POST', path: '/api/v1/documents', query, file, contentType: 'application/xliff+xml', onProgress: setProgress });
    setProgress(null);
    onCreated();
    return doc;
  });
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <>
    <ProblemNote problem={memories.problem ?? glossaries.problem} />
    <ProjectSettingsFields memories={memories.items} glossaries={glossaries.items} choice={choice}
      onChange={(c) => { setMemoryChoices(c.memories); setWriteMemory(c.writeMemory); setGlossaryChoices(c.glossaries); }} />
    <div class="two-columns">
      <form class="stack panel" aria-labelledby="new-text-title" onSubmit={(e) => { e.preventDefault(); void createFromText(); }}>
        <h2 id="new-text-title">{t('documents.fromText')}</h2>
        <label>{t('documents.name')}<input value={form.name} required maxLength={200} onInput={set('name')} /></label>
        <div class="row">
          <label>{t('documents.sourceLang')}<input value={form.sourceLang} required onInput={set('sourceLang')} /></label>
          <label>{t('documents.targetLang')}<input value={form.targetLang} required onInput={set('targetLang')} /></label>
        </div>
        <label>{t('documents.text')}<textarea lang={form.sourceLang} rows={6} value={form.text} required onInput={set('text')} /></label>
        <button type="submit" class="primary" disabled={fromText.busy}>{t('documents.create')}</button>
        <ProblemNote problem={fromText.problem} />
        {fromText.result ? <p role="status">{t('documents.created', { name: fromText.result.name, n: fromText.result.segments })}</p> : null}
      </form>
      <form class="stack panel" aria-labelledby="new-xliff-title" onSubmit={(e) => { e.preventDefault(); void createFromFile(); }}>
        <h2 id="new-xliff-title">{t('documents.fromXliff')}</h2>
        <FileField id="new-xliff-file" label={t('documents.xliffFile')} accept=".xlf,.xliff,.sdlxliff,.mqxliff,.xml" onFile={setFile} />
        <label>{t('documents.nameOptional')}<input value={xliffName} maxLength={200} onInput={(e) => setXliffName(e.currentTarget.value)} /></label>
        <button type="submit" class="primary" disabled={!file || fromFile.busy}>{t('documents.upload')}</button>
        <TransferProgress label={t('documents.fromXliff')} progress={progress} working={fromFile.busy && progress?.loaded === progress?.total} />
        <ProblemNote problem={fromFile.problem} />
        {fromFile.result ? <p role="status">{t('documents.created', { name: fromFile.result.name, n: fromFile.result.segments })}</p> : null}
      </form>
    </div>
    </>
  );
}
