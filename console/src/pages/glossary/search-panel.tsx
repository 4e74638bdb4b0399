/**
 * Glossary search: full text across Chinese, English and Russian (`q`), and filters by
 * glossary, language, term status and subject field, as `GET /api/v1/glossary/entries` takes
 * them (every glossary the key reaches, or the one chosen); each hit names its glossary; pages
 * are appended with the answer's `nextCursor`.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import type { EntryPage, Glossary, GlossaryEntry, QueryOf } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { href } from '../../router.js';
import { CollectionOptions } from '../../ui/collection-options.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';
import { TERM_STATUSES, termLine } from './terms.js';

const PAGE_SIZE = 50;
type Query = QueryOf<'listEntries'>;

function firstTerm(e: GlossaryEntry, prefix: string): string | undefined {
  const tag = Object.keys(e.languages).find((l) => l === prefix || l.startsWith(`${prefix}-`));
  return tag ? termLine(e.languages[tag] ?? []) : undefined;
}

/** The search form and results; `generation` changes after a write, which reloads. */
export function SearchPanel({ generation, glossaries, selected }: { generation: number; glossaries: readonly Glossary[] | null; selected: string | undefined }) {
  const { t } = useT();
  const [form, setForm] = useState({ q: '', glossary: '', lang: '', status: '', subjectField: '' });
  const [query, setQuery] = useState<Query>({ limit: PAGE_SIZE });
  const [page, setPage] = useState<EntryPage | null>(null);
  const [state, run] = useAction(async (q: Query, append: EntryPage | null) => {
    const next = await unwrap(api.GET('/api/v1/glossary/entries', { params: { query: q } }));
    setPage(append ? { ...next, entries: [...append.entries, ...next.entries] } : next);
  });
  useEffect(() => { void run(query, null); }, [query, generation, run]);

  const submit = (e: Event) => {
    e.preventDefault();
    const q: Query = { limit: PAGE_SIZE };
    if (form.q.trim()) q.q = form.q.trim();
    if (form.glossary) q.glossaries = form.glossary;
    if (form.lang) q.lang = form.lang;
    if (form.status) q.status = form.status as NonNullable<Query['status']>;
    if (form.subjectField.trim()) q.subjectField = form.subjectField.trim();
    setQuery(q);
  };
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });

  return (
    <section aria-labelledby="glossary-search">
      <h2 id="glossary-search" class="visually-hidden">{t('glossary.search')}</h2>
      <form class="stack" onSubmit={submit} role="search">
        <label>{t('glossary.q')}<input type="search" value={form.q} onInput={set('q')} /></label>
        <label>{t('glossary.glossary')}
          <select value={form.glossary} onChange={set('glossary')}>
            <option value="">{t('glossary.allGlossaries')}</option>
            <CollectionOptions items={glossaries} />
          </select>
        </label>
        <div class="row">
          <label>{t('glossary.lang')}
            <select value={form.lang} onChange={set('lang')}>
              <option value="">{t('common.any')}</option>
              <option value="zh">{t('lang.zh')}</option>
              <option value="en">{t('lang.en')}</option>
              <option value="ru">{t('lang.ru')}</option>
            </select>
          </label>
          <label>{t('glossary.status')}
            <select value={form.status} onChange={set('status')}>
              <option value="">{t('common.any')}</option>
              {TERM_STATUSES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
            </select>
          </label>
        </div>
        <label>{t('glossary.subjectField')}<input value={form.subjectField} onInput={set('subjectField')} /></label>
        <button type="submit">{t('glossary.searchButton')}</button>
      </form>
      <ProblemNote problem={state.problem} />
      {page ? (
        <>
          <p role="status">{t('glossary.found', { n: page.total })}</p>
          <ul class="entry-list">
            {page.entries.map((e) => (
              <li key={`${e.glossary}/${e.id}`}>
                <a href={href('glossary', 'entry', e.glossary, e.id)} aria-current={`${e.glossary}/${e.id}` === selected ? 'true' : undefined}>
                  <span lang="zh-CN" class="zh">{firstTerm(e, 'zh') ?? e.id}</span>
                  <span lang="en">{firstTerm(e, 'en') ?? ''}</span>
                  <span lang="ru" class="muted">{firstTerm(e, 'ru') ?? ''}</span>
                  <code class="muted entry-glossary">{e.glossary}</code>
                </a>
              </li>
            ))}
          </ul>
          {page.nextCursor ? <button type="button" disabled={state.busy} onClick={() => void run({ ...query, cursor: page.nextCursor as string }, page)}>{t('common.more')}</button> : null}
        </>
      ) : null}
    </section>
  );
}
