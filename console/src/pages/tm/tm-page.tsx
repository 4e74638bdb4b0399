/**
 * The translation memory as a whole: units per language pair, TMX import into a chosen memory
 * (all or nothing, with a dry run; upload progress, then the server's reading and writing) and
 * TMX export by memory and filter (bytes received while the server streams it).
 */
import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../../app.js';
import { api, unwrap } from '../../api/client.js';
import { useMemories } from '../../api/collections.js';
import { type Progress, upload } from '../../api/transfer.js';
import type { QueryOf, TmStats } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { allows } from '../../router.js';
import { FileField } from '../../ui/file-field.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { TransferProgress } from '../../ui/progress.js';
import { MemorySelect, defaultWriteMemory } from '../../ui/memory-select.js';
import { useAction } from '../../ui/use-action.js';
import { TmxExportForm } from './tmx-export-form.js';

/** The TM overview: statistics, TMX import and export. */
export function TmOverview({ me }: { me: Me }) {
  const { t, num } = useT();
  const [stats, setStats] = useState<TmStats | null>(null);
  const [loading, load] = useAction(async () => setStats(await unwrap(api.GET('/api/v1/tm/stats'))));
  useEffect(() => { void load(); }, [load]);
  const [file, setFile] = useState<File | null>(null);
  const memories = useMemories(me);
  const [pair, setPair] = useState({ sourceLang: '', targetLang: '', dryRun: false, memory: '' });
  const [upProgress, setUpProgress] = useState<Progress | null>(null);
  const [importing, runImport] = useAction(async () => {
    if (!file) return undefined;
    setUpProgress(null);
    const query: QueryOf<'importTmx'> = { dryRun: pair.dryRun, memory: pair.memory || defaultWriteMemory(memories.items) };
    if (pair.sourceLang.trim()) query.sourceLang = pair.sourceLang.trim();
    if (pair.targetLang.trim()) query.targetLang = pair.targetLang.trim();
    const report = await upload({ operation: 'importTmx', method: 'POST', path: '/api/v1/tm/import', query, file, contentType: 'application/x-tmx+xml', onProgress: setUpProgress });
    void load();
    return report;
  });
  return (
    <div>
      <ProblemNote problem={loading.problem} />
      <ProblemNote problem={memories.problem} />
      {stats ? (
        <table>
          <caption>{t('tm.units', { n: stats.units })}</caption>
          <thead><tr><th scope="col">{t('documents.pair')}</th><th scope="col">{t('tm.unitCount')}</th></tr></thead>
          <tbody>{stats.pairs.map((p) => <tr key={`${p.sourceLang}|${p.targetLang}`}><td>{p.sourceLang} → {p.targetLang}</td><td class="num">{num(p.units)}</td></tr>)}</tbody>
        </table>
      ) : null}
      <div class="two-columns">
        {allows(me.role, 'translator') ? (
          <form class="stack panel" aria-labelledby="tmx-import-title" onSubmit={(e) => { e.preventDefault(); void runImport(); }}>
            <h2 id="tmx-import-title">{t('tm.importTitle')}</h2>
            <FileField id="tmx-file" label={t('tm.file')} accept=".tmx,.xml" onFile={setFile} />
            <MemorySelect label={t('tm.importMemory')} memories={memories.items} value={pair.memory} onChange={(memory) => setPair({ ...pair, memory })} />
            <div class="row">
              <label>{t('documents.sourceLang')}<input value={pair.sourceLang} placeholder={t('tm.fromFile')} onInput={(e) => setPair({ ...pair, sourceLang: e.currentTarget.value })} /></label>
              <label>{t('documents.targetLang')}<input value={pair.targetLang} placeholder={t('tm.allTargets')} onInput={(e) => setPair({ ...pair, targetLang: e.currentTarget.value })} /></label>
            </div>
            <label class="check"><input type="checkbox" checked={pair.dryRun} onChange={(e) => setPair({ ...pair, dryRun: e.currentTarget.checked })} />{t('tm.dryRun')}</label>
            <button type="submit" class="primary" disabled={!file || importing.busy}>{t('tm.import')}</button>
            <TransferProgress label={t('tm.importTitle')} progress={importing.busy ? upProgress : null} working={importing.busy && upProgress?.loaded === upProgress?.total} />
            <ProblemNote problem={importing.problem} />
            {importing.result ? (
              <div class="report" role="status">
                <p>{t(importing.result.dryRun ? 'tm.dryReport' : 'tm.report', { imported: importing.result.imported, updated: importing.result.updated, skipped: importing.result.skippedTotal })}</p>
                {importing.result.skipped.length ? <ul>{importing.result.skipped.map((s) => <li key={s.tu}>tu {s.tu}{s.tuid ? ` (${s.tuid})` : ''}: {s.reason}</li>)}</ul> : null}
              </div>
            ) : null}
          </form>
        ) : null}
        <TmxExportForm stats={stats} memories={memories.items} />
      </div>
    </div>
  );
}
