/**
 * The analysis as a horizontal bar chart in SVG, built as elements (no markup strings): one
 * bar per band, its length the band's share of the counted unit (characters for Chinese
 * sources, words otherwise), labelled with the count and, with weights, the weighted amount.
 * The table beside it carries the same numbers for screen readers.
 */
import type { AnalysisReport } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';

const ROW = 30;
const LABEL_WIDTH = 150;
const BAR_WIDTH = 420;
const VALUE_WIDTH = 190;

/** The chart of `report`. */
export function BandChart({ report }: { report: AnalysisReport }) {
  const { t, num } = useT();
  const count = (b: AnalysisReport['bands'][number]) => (report.unit === 'words' ? b.words ?? 0 : b.characters);
  const max = Math.max(1, ...report.bands.map(count));
  const height = report.bands.length * ROW + 10;
  const title = t('analysis.chartTitle', { name: report.document.name, unit: t(`analysis.unit.${report.unit}`) });
  return (
    <figure class="chart">
      <svg role="img" aria-labelledby="chart-title" viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH} ${height}`} width="100%">
        <title id="chart-title">{title}</title>
        {report.bands.map((b, i) => {
          const y = i * ROW + 5;
          const w = Math.round((count(b) / max) * BAR_WIDTH);
          return (
            <g key={b.band} class={`band band-${b.band}`}>
              <text x={LABEL_WIDTH - 8} y={y + ROW / 2 + 5} text-anchor="end">{t(`band.${b.band}`)}</text>
              <rect x={LABEL_WIDTH} y={y + 4} width={Math.max(w, count(b) ? 2 : 0)} height={ROW - 8} rx={3} />
              <text x={LABEL_WIDTH + w + 8} y={y + ROW / 2 + 5}>
                {num(count(b))}{b.weighted !== undefined ? ` × ${num(b.weight ?? 1)} = ${num(b.weighted)}` : ''}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>{title}{report.total.weighted !== undefined ? ` · ${t('analysis.weightedTotal', { n: num(report.total.weighted) })}` : ''}</figcaption>
    </figure>
  );
}
