/**
 * The translator's page: a segment looked up in the TM (in Simplified or Traditional script:
 * the server folds both), its recognised terms highlighted with their translations, and
 * concordance search below. Pickers above both choose the memories they read, in priority
 * order with penalties, and the glossaries terms come from (none ticked: all the key reaches).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../../app.js';
import { api, unwrap } from '../../api/client.js';
import { useGlossaries, useMemories } from '../../api/collections.js';
import { chosenIds, chosenMemories } from '../../lib/collection-choices.js';
import { CollectionPicker, useChoices } from '../../ui/collection-picker.js';
import type { LookupResult, TmStats } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';
import { ConcordancePanel } from './concordance-panel.js';
import { MatchCard } from './match-card.js';
import { TermsInText } from './terms-in-text.js';

/** Source languages offered first: the server folds Traditional onto Simplified. */
const SOURCE_LANGS = ['zh-CN', 'zh-TW'];

/** Target languages of the TM's pairs (English first when there is none yet). */
export function useTargets(): string[] {
  const [stats, setStats] = useState<TmStats | null>(null);
  useEffect(() => { unwrap(api.GET('/api/v1/tm/stats')).then(setStats, () => undefined); }, []);
  const targets = [...new Set(stats?.pairs.map((p) => p.targetLang) ?? [])];
  return targets.length ? targets : ['en'];
}

/** Lookup and concordance. */
export function LookupPage({ me }: { me: Me }) {
  const { t, num } = useT();
  const targets = useTargets();
  const memories = useMemories(me);
  const [memoryChoices, setMemoryChoices] = useChoices(memories.items);
  const chosen = chosenMemories(memoryChoices);
  const names = new Map(memories.items?.map((m) => [m.id, m.name]));
  const glossaries = useGlossaries(me);
  const [glossaryChoices, setGlossaryChoices] = useChoices(glossaries.items);
  const chosenGlossaries = chosenIds(glossaryChoices);
  const [form, setForm] = useState({ source: '', sourceLang: 'zh-CN', targetLang: '', threshold: '70', limit: '5' });
  const targetLang = form.targetLang || targets[0] || 'en';
  const [state, run] = useAction(async (): Promise<LookupResult & { source: string; sourceLang: string; threshold: number }> => {
    const query = { source: form.source, sourceLang: form.sourceLang, targetLang, threshold: Number(form.threshold), limit: Number(form.limit), terms: true, ...(chosen ? { memories: chosen } : {}), ...(chosenGlossaries ? { glossaries: chosenGlossaries } : {}) };
    return { ...(await unwrap(api.POST('/api/v1/tm/lookup', { body: query }))), source: query.source, sourceLang: query.sourceLang, threshold: query.threshold };
  });
  const set = (k: keyof typeof form) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const result = state.result;
  return (
    <div>
      <h1>{t('lookup.title')}</h1>
      <section class="panel" aria-labelledby="collections-title">
        <h2 id="collections-title">{t('lookup.collections')}</h2>
        <ProblemNote problem={memories.problem ?? glossaries.problem} />
        <div class="two-columns">
          <CollectionPicker legend={t('picker.memories')} hint={t('picker.memoriesHint')} items={memories.items} choices={memoryChoices}
            onChange={setMemoryChoices} penalties ordered idPrefix="lookup-memories" />
          <CollectionPicker legend={t('picker.glossaries')} hint={t('picker.glossariesHint')} items={glossaries.items} choices={glossaryChoices}
            onChange={setGlossaryChoices} ordered idPrefix="lookup-glossaries" />
        </div>
      </section>
      <form class="stack panel" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <label>{t('lookup.source')}<textarea lang={form.sourceLang} rows={3} value={form.source} onInput={set('source')} required /></label>
        <div class="row">
          <label>{t('lookup.sourceLang')}
            <select value={form.sourceLang} onChange={set('sourceLang')}>
              {SOURCE_LANGS.map((l) => <option key={l} value={l}>{t(l === 'zh-CN' ? 'lang.zhHans' : 'lang.zhHant')}</option>)}
            </select>
          </label>
          <label>{t('lookup.targetLang')}
            <select value={targetLang} onChange={set('targetLang')}>{targets.map((l) => <option key={l} value={l}>{l}</option>)}</select>
          </label>
          <label>{t('lookup.threshold')}<input type="number" min={0} max={100} value={form.threshold} onInput={set('threshold')} /></label>
          <label>{t('lookup.limit')}<input type="number" min={1} max={50} value={form.limit} onInput={set('limit')} /></label>
        </div>
        <button type="submit" class="primary" disabled={state.busy}>{state.busy ? t('common.working') : t('lookup.submit')}</button>
        <ProblemNote problem={state.problem} />
      </form>
      {result ? (
        <section aria-labelledby="lookup-results" class="results">
          <h2 id="lookup-results">{t('lookup.results', { n: result.matches.length })}</h2>
          {result.terms.length ? <TermsInText text={result.source} lang={result.sourceLang} terms={result.terms} /> : <p>{t('lookup.noTerms')}</p>}
          {result.matches.length ? <ol class="matches">{result.matches.map((m) => <li key={m.unitId}><MatchCard match={m} memoryName={names.get(m.memory)} /></li>)}</ol>
            : <p>{t('lookup.noMatches', { threshold: num(result.threshold) })}</p>}
        </section>
      ) : null}
      <ConcordancePanel targets={targets} memories={chosen} />
    </div>
  );
}
