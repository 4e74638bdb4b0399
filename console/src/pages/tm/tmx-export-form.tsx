/**
 * TMX export with the API's choices: the memories to export (none ticked: every memory the key
 * reaches), a language pair, and the maintenance filters `GET /api/v1/tm/export` takes (text in
 * source or target, author, origin document, updated dates, least uses), read as a stream with
 * the bytes received shown.
 */
import { useState } from 'preact/hooks';
import { type Progress, download } from '../../api/transfer.js';
import type { Memory, QueryOf, TmStats } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { chosenIds, memoriesParam } from '../../lib/collection-choices.js';
import { CollectionPicker, useChoices } from '../../ui/collection-picker.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { TransferProgress } from '../../ui/progress.js';
import { useAction } from '../../ui/use-action.js';

type ExportQuery = QueryOf<'exportTmx'>;
const FILTERS = ['source', 'target', 'author', 'originDocument', 'updatedFrom', 'updatedTo', 'minUsage'] as const;
type Filter = (typeof FILTERS)[number];

/** The export form. */
export function TmxExportForm({ stats, memories }: { stats: TmStats | null; memories: readonly Memory[] | null }) {
  const { t } = useT();
  const [choices, setChoices] = useChoices(memories);
  const [pair, setPair] = useState('');
  const [filters, setFilters] = useState<Record<Filter, string>>({ source: '', target: '', author: '', originDocument: '', updatedFrom: '', updatedTo: '', minUsage: '' });
  const [progress, setProgress] = useState<Progress | null>(null);
  const [exporting, run] = useAction(() => {
    const [sourceLang, targetLang] = pair ? pair.split('|') : [];
    const query: ExportQuery = { format: 'tmx', sourceLang, targetLang, memories: memoriesParam(chosenIds(choices)?.map((id) => ({ id }))) };
    for (const f of FILTERS) {
      const v = filters[f].trim();
      if (!v) continue;
      if (f === 'minUsage') query.minUsage = Number(v);
      else query[f] = v;
    }
    return download('/api/v1/tm/export', query, 'caravan.tmx', setProgress);
  });
  const field = (f: Filter, type: 'text' | 'date' | 'number' = 'text') => {
    const onInput = (e: { currentTarget: HTMLInputElement }) => setFilters({ ...filters, [f]: e.currentTarget.value });
    return (
      <label key={f}>{t(`tm.filter.${f}`)}
        {type === 'number' ? <input type="number" min={0} value={filters[f]} onInput={onInput} />
          : type === 'date' ? <input type="date" value={filters[f]} onInput={onInput} /> : <input value={filters[f]} onInput={onInput} />}
      </label>
    );
  };
  return (
    <form class="stack panel" aria-labelledby="tmx-export-title" onSubmit={(e) => { e.preventDefault(); void run(); }}>
      <h2 id="tmx-export-title">{t('tm.exportTitle')}</h2>
      <CollectionPicker legend={t('tm.exportMemories')} hint={t('picker.memoriesHint')} items={memories} choices={choices} onChange={setChoices} idPrefix="export-memories" />
      <label>{t('documents.pair')}
        <select value={pair} onChange={(e) => setPair(e.currentTarget.value)}>
          <option value="">{t('tm.allPairs')}</option>
          {stats?.pairs.map((p) => <option key={`${p.sourceLang}|${p.targetLang}`} value={`${p.sourceLang}|${p.targetLang}`}>{p.sourceLang} → {p.targetLang}</option>)}
        </select>
      </label>
      <details>
        <summary>{t('tm.filters')}</summary>
        <div class="row">
          {field('source')}{field('target')}{field('author')}{field('originDocument')}
          {field('updatedFrom', 'date')}{field('updatedTo', 'date')}{field('minUsage', 'number')}
        </div>
      </details>
      <button type="submit" class="primary" disabled={exporting.busy}>{t('tm.export')}</button>
      <TransferProgress label={t('tm.exportTitle')} progress={exporting.busy ? progress : null} />
      <ProblemNote problem={exporting.problem} />
      {exporting.result ? <p role="status">{t('export.saved', { name: exporting.result.filename, size: exporting.result.bytes })}</p> : null}
    </form>
  );
}
