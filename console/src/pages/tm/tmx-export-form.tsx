/**
 * TMX export with the API's choices: the memories to export (none ticked: every memory the key
 * reaches), a language pair, and the maintenance filter `GET /api/v1/tm/export` takes (the same
 * form as the unit list's), read as a stream with the bytes received shown.
 */
import { useState } from 'preact/hooks';
import { type Progress, download } from '../../api/transfer.js';
import type { Memory, TmStats } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { chosenIds } from '../../lib/collection-choices.js';
import { filterQuery } from '../../lib/unit-filter.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { TransferProgress } from '../../ui/progress.js';
import { useAction } from '../../ui/use-action.js';
import { UnitFilterFields, useUnitFilter } from './unit-filter-fields.js';

/** The export form. */
export function TmxExportForm({ stats, memories }: { stats: TmStats | null; memories: readonly Memory[] | null }) {
  const { t } = useT();
  const filter = useUnitFilter(memories);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [exporting, run] = useAction(() => download('/api/v1/tm/export', { format: 'tmx', ...filterQuery(filter.form, chosenIds(filter.choices)) }, 'caravan.tmx', setProgress));
  return (
    <form class="stack panel" aria-labelledby="tmx-export-title" onSubmit={(e) => { e.preventDefault(); void run(); }}>
      <h2 id="tmx-export-title">{t('tm.exportTitle')}</h2>
      <UnitFilterFields filter={filter} memories={memories} stats={stats} idPrefix="export" legend={t('tm.exportMemories')} />
      <button type="submit" class="primary" disabled={exporting.busy}>{t('tm.export')}</button>
      <TransferProgress label={t('tm.exportTitle')} progress={exporting.busy ? progress : null} />
      <ProblemNote problem={exporting.problem} />
      {exporting.result ? <p role="status">{t('export.saved', { name: exporting.result.filename, size: exporting.result.bytes })}</p> : null}
    </form>
  );
}
