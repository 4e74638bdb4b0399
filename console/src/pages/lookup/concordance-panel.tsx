/** Concordance: units whose source (or target) contains a text, with the matching ranges highlighted and each unit's memory; it reads the memories the page's picker chose. */
import { useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import type { ConcordanceResult } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { type MemoryRef, memoriesParam } from '../../lib/collection-choices.js';
import { MarkedText } from '../../ui/marked-text.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';

/** The concordance form and hits. */
export function ConcordancePanel({ targets, memories }: { targets: string[]; memories: MemoryRef[] | undefined }) {
  const { t } = useT();
  const [form, setForm] = useState({ q: '', side: 'source' as 'source' | 'target', targetLang: '' });
  const targetLang = form.targetLang || targets[0] || 'en';
  const [state, run] = useAction(async (): Promise<{ side: 'source' | 'target'; lang: string; hits: ConcordanceResult }> => ({
    side: form.side, lang: targetLang,
    hits: await unwrap(api.GET('/api/v1/tm/concordance', { params: { query: { q: form.q, side: form.side, sourceLang: 'zh-CN', targetLang, limit: 20, memories: memoriesParam(memories) } } })),
  }));
  const shown = state.result;
  const hits = shown?.hits;
  return (
    <section aria-labelledby="concordance-title" class="panel">
      <h2 id="concordance-title">{t('concordance.title')}</h2>
      <form class="row" role="search" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <label>{t('concordance.q')}<input type="search" value={form.q} required onInput={(e) => setForm({ ...form, q: e.currentTarget.value })} /></label>
        <label>{t('concordance.side')}
          <select value={form.side} onChange={(e) => setForm({ ...form, side: e.currentTarget.value as 'source' | 'target' })}>
            <option value="source">{t('concordance.sideSource')}</option>
            <option value="target">{t('concordance.sideTarget')}</option>
          </select>
        </label>
        <label>{t('lookup.targetLang')}
          <select value={targetLang} onChange={(e) => setForm({ ...form, targetLang: e.currentTarget.value })}>{targets.map((l) => <option key={l} value={l}>{l}</option>)}</select>
        </label>
        <button type="submit" disabled={state.busy}>{t('concordance.submit')}</button>
      </form>
      <ProblemNote problem={state.problem} />
      {hits ? (
        <>
          <p role="status">{t('concordance.total', { total: hits.total, shown: hits.hits.length })}</p>
          <table class="concordance">
            <thead><tr><th scope="col">{t('match.source')}</th><th scope="col">{t('match.target')}</th><th scope="col">{t('match.memory')}</th></tr></thead>
            <tbody>
              {hits.hits.map((h) => (
                <tr key={h.unitId}>
                  <td><MarkedText text={h.source} lang="zh-CN" ranges={shown?.side === 'source' ? h.highlights.map((r) => ({ ...r, mark: true })) : []} /></td>
                  <td><MarkedText text={h.target} lang={shown?.lang ?? targetLang} ranges={shown?.side === 'target' ? h.highlights.map((r) => ({ ...r, mark: true })) : []} /></td>
                  <td><code>{h.memory}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
