/**
 * XLIFF for a CAT tool: export 1.2 or 2.1 with its options (the lowest match that fills a
 * target, what unfilled units get), and the translated file back, with what it updated, what
 * it added to the TM, what it skipped, and the terminology QA of every unit.
 */
import { useState } from 'preact/hooks';
import { type Progress, download, upload } from '../../api/transfer.js';
import type { DocumentDetail, QueryOf, XliffImportReport } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { FileField } from '../../ui/file-field.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { TransferProgress } from '../../ui/progress.js';
import { useAction } from '../../ui/use-action.js';

type ExportQuery = QueryOf<'exportDocumentXliff'>;

function QaReport({ report }: { report: XliffImportReport }) {
  const { t } = useT();
  const issues = report.qa.flatMap((u) => u.issues.map((issue) => ({ ...issue, index: u.index, unit: u.unit })));
  return (
    <div class="report" role="status">
      <p>{t('xliff.summary', { updated: report.updated, added: report.addedToTm, skipped: report.skipped.length, issues: issues.length })}</p>
      {issues.length ? (
        <table>
          <caption>{t('xliff.qa')}</caption>
          <thead><tr><th scope="col">#</th><th scope="col">{t('xliff.unit')}</th><th scope="col">{t('xliff.severity')}</th><th scope="col">{t('xliff.issue')}</th><th scope="col">{t('xliff.expected')}</th><th scope="col">{t('xliff.found')}</th></tr></thead>
          <tbody>
            {issues.map((x, i) => (
              <tr key={i} class={`severity-${x.severity}`}>
                <td class="num">{x.index + 1}</td><td>{x.unit}</td><td>{t(`severity.${x.severity}`)}</td>
                <td>{t(`qa.${x.code}`)}{x.sourceTerm ? <> · <span lang="zh-CN">{x.sourceTerm}</span></> : null}</td>
                <td>{x.expected.join(' / ')}</td><td>{x.found ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {report.skipped.length ? (
        <details><summary>{t('xliff.skipped', { n: report.skipped.length })}</summary>
          <ul>{report.skipped.map((s, i) => <li key={i}><code>{s.unit}</code> {s.reason}</li>)}</ul>
        </details>
      ) : null}
    </div>
  );
}

/** Export and import of the document's XLIFF. */
export function XliffPanel({ doc, canUpload, onImported }: { doc: DocumentDetail; canUpload: boolean; onImported: () => void }) {
  const { t } = useT();
  const [opts, setOpts] = useState<Required<Pick<ExportQuery, 'version' | 'fill' | 'untranslatedTarget'>>>({ version: '1.2', fill: 75, untranslatedTarget: 'source' });
  const [progress, setProgress] = useState<Progress | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [exporting, runExport] = useAction(() => download(`/api/v1/documents/${doc.id}/xliff`, opts, `${doc.name}.${doc.targetLang}.xlf`, setProgress));
  const [importing, runImport] = useAction(async () => {
    if (!file) return undefined;
    const report = await upload({ operation: 'importDocumentXliff', method: 'PUT', path: `/api/v1/documents/${doc.id}/xliff`, file, contentType: 'application/xliff+xml', onProgress: setProgress });
    onImported();
    return report;
  });
  return (
    <div class="two-columns">
      <form class="stack panel" aria-labelledby="xliff-export-title" onSubmit={(e) => { e.preventDefault(); void runExport(); }}>
        <h2 id="xliff-export-title">{t('xliff.exportTitle')}</h2>
        <fieldset>
          <legend>{t('xliff.version')}</legend>
          {(['1.2', '2.1'] as const).map((v) => (
            <label key={v} class="check"><input type="radio" name="xliff-version" value={v} checked={opts.version === v} onChange={() => setOpts({ ...opts, version: v })} />XLIFF {v}</label>
          ))}
        </fieldset>
        <label>{t('xliff.fill')}<input type="number" min={0} max={101} value={opts.fill} onInput={(e) => setOpts({ ...opts, fill: Number(e.currentTarget.value) })} /></label>
        <label>{t('xliff.untranslated')}
          <select value={opts.untranslatedTarget} onChange={(e) => setOpts({ ...opts, untranslatedTarget: e.currentTarget.value as 'source' | 'empty' })}>
            <option value="source">{t('xliff.copySource')}</option>
            <option value="empty">{t('xliff.empty')}</option>
          </select>
        </label>
        <button type="submit" class="primary" disabled={exporting.busy}>{t('xliff.download')}</button>
        <ProblemNote problem={exporting.problem} />
        {exporting.result ? <p role="status">{t('export.saved', { name: exporting.result.filename, size: exporting.result.bytes })}</p> : null}
      </form>
      {canUpload ? (
        <form class="stack panel" aria-labelledby="xliff-import-title" onSubmit={(e) => { e.preventDefault(); void runImport(); }}>
          <h2 id="xliff-import-title">{t('xliff.importTitle')}</h2>
          <FileField id="xliff-upload" label={t('xliff.file')} accept=".xlf,.xliff,.sdlxliff,.mqxliff,.xml" onFile={setFile} />
          <button type="submit" class="primary" disabled={!file || importing.busy}>{t('xliff.upload')}</button>
          <TransferProgress label={t('xliff.importTitle')} progress={importing.busy ? progress : null} working={importing.busy && progress?.loaded === progress?.total} />
          <ProblemNote problem={importing.problem} />
          {importing.result ? <QaReport report={importing.result} /> : null}
        </form>
      ) : null}
    </div>
  );
}
