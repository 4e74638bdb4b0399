/**
 * The analysis of a document against the TM: a bar chart of the match bands (characters for
 * Chinese sources, words otherwise), the counts, and weights per band with the weighted
 * total, as agencies quote. Blank weights are left to the server's default of 1.
 */
import { useEffect, useState } from 'preact/hooks';
import { BANDS } from '../../../../src/domain/analysis/bands.js';
import { api, unwrap } from '../../api/client.js';
import { download } from '../../api/transfer.js';
import type { AnalysisReport } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { type WeightInputs, weightsParam } from '../../lib/weights.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';
import { BandChart } from './band-chart.js';

/** The analysis tab of document `id`. */
export function AnalysisView({ id }: { id: number }) {
  const { t, num } = useT();
  const [weights, setWeights] = useState<WeightInputs>({});
  const [invalid, setInvalid] = useState<string | null>(null);
  const [state, analyse] = useAction(async (w: string | undefined): Promise<AnalysisReport> =>
    unwrap(api.GET('/api/v1/documents/{id}/analysis', { params: { path: { id }, query: w ? { format: 'json', weights: w } : { format: 'json' } } })) as Promise<AnalysisReport>);
  const [csv, saveCsv] = useAction((w: string | undefined) => download(`/api/v1/documents/${id}/analysis`, { format: 'csv', weights: w }, `analysis-${id}.csv`));
  useEffect(() => { void analyse(undefined); }, [analyse]);
  const param = (): string | undefined | null => {
    try {
      setInvalid(null);
      return weightsParam(weights, BANDS);
    } catch (err) {
      setInvalid(err instanceof RangeError ? err.message : String(err));
      return null;
    }
  };
  const report = state.result;
  const unit = report?.unit ?? 'characters';
  return (
    <section aria-label={t('documents.tab.analysis')}>
      <ProblemNote problem={state.problem} />
      {report ? <BandChart report={report} /> : <p role="status">{t('common.loading')}</p>}
      <form class="panel" onSubmit={(e) => { e.preventDefault(); const w = param(); if (w !== null) void analyse(w); }}>
        <table class="bands">
          <caption>{t('analysis.caption', { unit: t(`analysis.unit.${unit}`) })}</caption>
          <thead><tr><th scope="col">{t('analysis.band')}</th><th scope="col">{t('documents.segments')}</th><th scope="col">{t('analysis.characters')}</th><th scope="col">{t('analysis.words')}</th><th scope="col">{t('analysis.weight')}</th><th scope="col">{t('analysis.weighted')}</th></tr></thead>
          <tbody>
            {BANDS.map((band) => {
              const row = report?.bands.find((b) => b.band === band);
              return (
                <tr key={band}>
                  <th scope="row">{t(`band.${band}`)}</th>
                  <td class="num">{row ? num(row.segments) : ''}</td>
                  <td class="num">{row ? num(row.characters) : ''}</td>
                  <td class="num">{row?.words != null ? num(row.words) : '—'}</td>
                  <td><input class="weight" inputMode="decimal" aria-label={t('analysis.weightOf', { band: t(`band.${band}`) })} placeholder="1"
                    value={weights[band] ?? ''} onInput={(e) => setWeights({ ...weights, [band]: e.currentTarget.value })} /></td>
                  <td class="num">{row?.weighted !== undefined ? num(row.weighted) : ''}</td>
                </tr>
              );
            })}
          </tbody>
          {report ? (
            <tfoot><tr><th scope="row">{t('analysis.total')}</th><td class="num">{num(report.total.segments)}</td><td class="num">{num(report.total.characters)}</td>
              <td class="num">{report.total.words != null ? num(report.total.words) : '—'}</td><td /><td class="num" data-testid="weighted-total">{report.total.weighted !== undefined ? num(report.total.weighted) : ''}</td></tr></tfoot>
          ) : null}
        </table>
        {invalid ? <p class="problem" role="alert">{t('analysis.badWeight', { band: t(`band.${invalid as (typeof BANDS)[number]}`) })}</p> : null}
        <div class="actions">
          <button type="submit" class="primary" disabled={state.busy}>{t('analysis.apply')}</button>
          <button type="button" disabled={csv.busy} onClick={() => { const w = param(); if (w !== null) void saveCsv(w); }}>{t('analysis.csv')}</button>
        </div>
        <ProblemNote problem={csv.problem} />
      </form>
    </section>
  );
}
