/**
 * Analysis reports as agencies send them with a quote: CSV (one row per band, spreadsheet
 * friendly) and a self-contained HTML page with an inline SVG bar chart (no script, no
 * network) that prints on one A4 page.
 */
import type { AnalysisResult, BandCount } from '../domain/analysis/bands.js';
import { escapeAttr, escapeText } from './xml/writer.js';

/** What the report is about. */
export interface ReportSubject {
  document: string;
  sourceLang: string;
  targetLang: string;
  title?: string;
  /** The section analysed, when the analysis covers one section (segment indexes inclusive). */
  section?: { index: number; title: string | null; start: number; end: number };
  generatedAt: string;
}

function csvCell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The analysis as CSV: band rows, then a total row (RFC 4180, CRLF). */
export function analysisCsv(result: AnalysisResult): string {
  const weighted = result.total.weighted !== undefined;
  const header = ['band', 'segments', 'characters', 'words', ...(weighted ? ['weight', `weighted ${result.unit}`] : [])];
  const row = (b: BandCount) => [b.label, b.segments, b.characters, b.words, ...(weighted ? [b.weight, b.weighted] : [])];
  const lines = [header, ...result.bands.map(row),
    ['Total', result.total.segments, result.total.characters, result.total.words, ...(weighted ? ['', result.total.weighted] : [])]];
  return `${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Bar colours from exact (dark) to no match (light). */
const BAR_COLORS = ['#1b5e20', '#33691e', '#2e7d32', '#558b2f', '#7cb342', '#c0ca33', '#fdd835', '#e0e0e0'];

function chart(result: AnalysisResult): string {
  const width = 640;
  const rowHeight = 26;
  const labelWidth = 130;
  const max = Math.max(1, ...result.bands.map((b) => b.characters));
  const rows = result.bands.map((b, i) => {
    const w = Math.round(((width - labelWidth - 90) * b.characters) / max);
    const y = i * rowHeight;
    return `<g transform="translate(0 ${y})"><text x="${labelWidth - 8}" y="17" text-anchor="end">${escapeText(b.label)}</text>` +
      `<rect x="${labelWidth}" y="4" width="${w}" height="18" fill="${BAR_COLORS[i] ?? '#999'}"><title>${escapeText(`${b.label}: ${b.characters} characters`)}</title></rect>` +
      `<text x="${labelWidth + w + 6}" y="17">${b.characters}</text></g>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="characters per match band" width="${width}" height="${rowHeight * result.bands.length}" viewBox="0 0 ${width} ${rowHeight * result.bands.length}" font-family="system-ui, sans-serif" font-size="13">${rows.join('')}</svg>`;
}

/** The report's line naming the section analysed, if any. */
function sectionRow(subject: ReportSubject): string {
  const s = subject.section;
  if (s === undefined) return '';
  const title = s.title === null ? '' : ` <span lang="${escapeAttr(subject.sourceLang)}">${escapeText(s.title)}</span>`;
  return `<dt>Section</dt><dd>${s.index}${title} (segments ${s.start}-${s.end})</dd>`;
}

/** The analysis as a printable HTML page. */
export function analysisHtml(result: AnalysisResult, subject: ReportSubject): string {
  const weighted = result.total.weighted !== undefined;
  const th = ['Band', 'Segments', 'Characters', ...(result.total.words !== null ? ['Words'] : []), ...(weighted ? ['Weight', `Weighted ${result.unit}`] : [])];
  const cells = (b: BandCount) => [escapeText(b.label), b.segments, b.characters, ...(result.total.words !== null ? [b.words ?? 0] : []), ...(weighted ? [b.weight, b.weighted] : [])];
  const body = result.bands.map((b) => `<tr>${cells(b).map((c, i) => `<td${i ? ' class="n"' : ''}>${c}</td>`).join('')}</tr>`).join('\n');
  const total = ['Total', result.total.segments, result.total.characters, ...(result.total.words !== null ? [result.total.words] : []), ...(weighted ? ['', result.total.weighted] : [])];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeText(`Analysis: ${subject.document}`)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;max-width:760px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}tfoot td{font-weight:bold}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2em 1em}
@page{size:A4;margin:15mm}@media print{body{margin:0;max-width:none}}
</style></head><body>
<h1>Analysis against the translation memory</h1>
<dl><dt>Document</dt><dd>${escapeText(subject.document)}</dd>${subject.title ? `<dt>Title</dt><dd lang="${escapeAttr(subject.sourceLang)}">${escapeText(subject.title)}</dd>` : ''}${sectionRow(subject)}
<dt>Languages</dt><dd>${escapeText(subject.sourceLang)} → ${escapeText(subject.targetLang)}</dd><dt>Generated</dt><dd>${escapeText(subject.generatedAt)}</dd></dl>
${chart(result)}
<table><thead><tr>${th.map((h, i) => `<th${i ? ' class="n"' : ''}>${escapeText(h)}</th>`).join('')}</tr></thead>
<tbody>
${body}
</tbody><tfoot><tr>${total.map((c, i) => `<td${i ? ' class="n"' : ''}>${c}</td>`).join('')}</tr></tfoot></table>
<p>Characters are non-whitespace characters of the source. Repetitions are segments that occur earlier in the same document; 101% matches have the same source and the same neighbouring segments in the memory.</p>
</body></html>
`;
}
