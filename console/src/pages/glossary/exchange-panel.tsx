/**
 * Term-base import and export. An import goes into one chosen glossary (read-only ones cannot
 * be chosen) and always runs as a dry run first: the user sees what it would create, update,
 * leave and skip (and why), then commits the same file. Export downloads TBX v3, TBX v2, CSV or
 * TSV of one glossary or of every glossary the key reaches, for chosen languages.
 */
import { useState } from 'preact/hooks';
import { type Progress, download, upload } from '../../api/transfer.js';
import type { Glossary, ImportReport, QueryOf } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { CollectionOptions, defaultWritable } from '../../ui/collection-options.js';
import { FileField, extensionOf } from '../../ui/file-field.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { TransferProgress } from '../../ui/progress.js';
import { useAction } from '../../ui/use-action.js';

type ImportFormat = NonNullable<QueryOf<'importGlossaryFile'>['format']>;
type ExportFormat = NonNullable<QueryOf<'exportGlossary'>['format']>;
const MEDIA_TYPES: Record<string, string> = { tbx: 'application/x-tbx+xml', xml: 'application/x-tbx+xml', csv: 'text/csv', tsv: 'text/tab-separated-values' };

function ImportReportView({ report }: { report: ImportReport }) {
  const { t } = useT();
  return (
    <div class="report" role="status">
      <h4>{report.dryRun ? t('import.dryRunTitle') : t('import.doneTitle')}</h4>
      <p>{t('import.summary', { format: report.format, concepts: report.concepts, created: report.created, updated: report.updated, unchanged: report.unchanged, skipped: report.skipped.length })}</p>
      {report.skipped.length ? (
        <table>
          <caption>{t('import.skipped')}</caption>
          <thead><tr><th scope="col">#</th><th scope="col">{t('entry.id')}</th><th scope="col">{t('import.term')}</th><th scope="col">{t('import.reason')}</th></tr></thead>
          <tbody>{report.skipped.map((s) => <tr key={s.index}><td>{s.index}</td><td>{s.id ?? ''}</td><td>{s.term ?? ''}</td><td>{s.reason}</td></tr>)}</tbody>
        </table>
      ) : null}
    </div>
  );
}

/** Import (terminologists) and export (everyone). */
export function ExchangePanel({ canWrite, glossaries, onImported }: { canWrite: boolean; glossaries: readonly Glossary[] | null; onImported: () => void }) {
  const { t } = useT();
  const [into, setInto] = useState('');
  const target = into || defaultWritable(glossaries);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<'' | ImportFormat>('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [dry, setDry] = useState<ImportReport | null>(null);
  const [importing, runImport] = useAction(async (dryRun: boolean) => {
    if (!file) return null;
    setProgress(null);
    const query: QueryOf<'importGlossaryFile'> = { dryRun };
    if (format) query.format = format;
    const report = await upload({ operation: 'importGlossaryFile', method: 'POST', path: `/api/v1/glossaries/${encodeURIComponent(target)}/import`, query, file,
      contentType: MEDIA_TYPES[extensionOf(file.name)] ?? 'application/octet-stream', onProgress: setProgress });
    setProgress(null);
    if (dryRun) setDry(report);
    else {
      setDry(null);
      onImported();
    }
    return report;
  });
  const [exp, setExp] = useState<{ format: ExportFormat; langs: string; trad: boolean; glossary: string }>({ format: 'tbx', langs: '', trad: false, glossary: '' });
  const [exporting, runExport] = useAction(() => download('/api/v1/glossary/export',
    { format: exp.format, langs: exp.langs.replace(/\s+/g, ''), includeTraditional: exp.trad || undefined, glossaries: exp.glossary || undefined },
    `caravan-glossary.${exp.format === 'tbx-v2' ? 'tbx' : exp.format}`));

  return (
    <div>
      {canWrite ? (
        <section aria-labelledby="import-title" class="panel">
          <h2 id="import-title">{t('import.title')}</h2>
          <label>{t('import.into')}
            <select value={target} onChange={(e) => { setInto(e.currentTarget.value); setDry(null); }}><CollectionOptions items={glossaries} forWrite /></select>
          </label>
          <FileField id="glossary-file" label={t('import.file')} accept=".tbx,.xml,.csv,.tsv,.txt" onFile={(f) => { setFile(f); setDry(null); }} />
          <label>{t('import.format')}
            <select value={format} onChange={(e) => { setFormat(e.currentTarget.value as ImportFormat | ''); setDry(null); }}>
              <option value="">{t('import.formatAuto')}</option>
              {(['tbx', 'tbx-v2', 'tbx-v3', 'csv', 'tsv'] as const).map((f) => <option key={f} value={f}>{f}</option>)}
            </select>
          </label>
          <div class="actions">
            <button type="button" disabled={!file || importing.busy} onClick={() => void runImport(true)}>{t('import.check')}</button>
            <button type="button" class="primary" disabled={!dry || importing.busy} onClick={() => void runImport(false)}>{t('import.commit')}</button>
          </div>
          <TransferProgress label={t('import.title')} progress={progress} working={importing.busy && progress?.loaded === progress?.total} />
          <ProblemNote problem={importing.problem} />
          {importing.result ? <ImportReportView report={importing.result} /> : null}
        </section>
      ) : null}
      <section aria-labelledby="export-title" class="panel">
        <h2 id="export-title">{t('export.title')}</h2>
        <div class="row">
          <label>{t('glossary.glossary')}
            <select value={exp.glossary} onChange={(e) => setExp({ ...exp, glossary: e.currentTarget.value })}>
              <option value="">{t('glossary.allGlossaries')}</option>
              <CollectionOptions items={glossaries} />
            </select>
          </label>
          <label>{t('import.format')}
            <select value={exp.format} onChange={(e) => setExp({ ...exp, format: e.currentTarget.value as ExportFormat })}>
              <option value="tbx">{t('export.tbx3')}</option>
              <option value="tbx-v2">{t('export.tbx2')}</option>
              <option value="csv">CSV</option>
              <option value="tsv">TSV</option>
            </select>
          </label>
          <label>{t('export.langs')}<input value={exp.langs} placeholder="zh-CN,en,ru" onInput={(e) => setExp({ ...exp, langs: e.currentTarget.value })} /></label>
          <label class="check"><input type="checkbox" checked={exp.trad} onChange={(e) => setExp({ ...exp, trad: e.currentTarget.checked })} />{t('export.traditional')}</label>
        </div>
        <button type="button" disabled={exporting.busy} onClick={() => void runExport()}>{t('export.download')}</button>
        <ProblemNote problem={exporting.problem} />
        {exporting.result ? <p role="status">{t('export.saved', { name: exporting.result.filename, size: exporting.result.bytes })}</p> : null}
      </section>
    </div>
  );
}
