/** Editing the language sections of an entry: terms with status, part of speech, context and note; add and remove terms and languages. */
import { useState } from 'preact/hooks';
import type { EntryInput, Term } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { PARTS_OF_SPEECH, TERM_STATUSES } from './terms.js';

type Languages = EntryInput['languages'];

/** The editor of `languages`. */
export function LanguageEditor({ languages, onChange }: { languages: Languages; onChange: (l: Languages) => void }) {
  const { t } = useT();
  const [newLang, setNewLang] = useState('');
  const setTerm = (lang: string, i: number, patch: Partial<Term>) =>
    onChange({ ...languages, [lang]: (languages[lang] ?? []).map((x, j) => (j === i ? { ...x, ...patch } : x)) });
  const removeTerm = (lang: string, i: number) => {
    const rest = (languages[lang] ?? []).filter((_, j) => j !== i);
    const next = { ...languages };
    if (rest.length) next[lang] = rest;
    else delete next[lang];
    onChange(next);
  };
  const addTerm = (lang: string) => onChange({ ...languages, [lang]: [...(languages[lang] ?? []), { term: '', status: 'admitted' }] });
  const addLanguage = () => {
    const tag = newLang.trim();
    if (!tag || languages[tag]) return;
    onChange({ ...languages, [tag]: [{ term: '', status: 'preferred' }] });
    setNewLang('');
  };
  return (
    <div class="languages">
      {Object.entries(languages).map(([lang, terms]) => (
        <fieldset key={lang}>
          <legend>{t('editor.language', { lang })}</legend>
          {terms.map((term, i) => (
            <div class="term-row" key={i}>
              <label>{t('editor.term', { n: i + 1 })}<input lang={lang} value={term.term} required onInput={(e) => setTerm(lang, i, { term: e.currentTarget.value })} /></label>
              <label>{t('glossary.status')}
                <select value={term.status} onChange={(e) => setTerm(lang, i, { status: e.currentTarget.value as Term['status'] })}>
                  {TERM_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
                </select>
              </label>
              <label>{t('editor.pos')}
                <select value={term.partOfSpeech ?? ''} onChange={(e) => setTerm(lang, i, { partOfSpeech: (e.currentTarget.value || undefined) as Term['partOfSpeech'] })}>
                  <option value="">{t('common.none')}</option>
                  {PARTS_OF_SPEECH.map((p) => <option key={p} value={p}>{t(`pos.${p}`)}</option>)}
                </select>
              </label>
              <label>{t('editor.context')}<textarea lang={lang} rows={1} value={term.context ?? ''} onInput={(e) => setTerm(lang, i, { context: e.currentTarget.value })} /></label>
              <label>{t('entry.note')}<input value={term.note ?? ''} onInput={(e) => setTerm(lang, i, { note: e.currentTarget.value })} /></label>
              <button type="button" class="small" onClick={() => removeTerm(lang, i)}>{t('editor.removeTerm', { term: term.term || String(i + 1) })}</button>
            </div>
          ))}
          <button type="button" class="small" onClick={() => addTerm(lang)}>{t('editor.addTerm', { lang })}</button>
        </fieldset>
      ))}
      <div class="row">
        <label>{t('editor.newLanguage')}<input value={newLang} placeholder="ru" onInput={(e) => setNewLang(e.currentTarget.value)} /></label>
        <button type="button" onClick={addLanguage}>{t('editor.addLanguage')}</button>
      </div>
    </div>
  );
}
