/**
 * A page of segments: source with its recognised terms, target, state, and the best TM score.
 * Terms and scores come from one batch lookup of the page's sources (`POST /tm/lookup/batch`,
 * one match each, over the document's memories and glossaries), so the terms are exactly what
 * a lookup of each segment reports.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, unwrap } from '../../api/client.js';
import type { DocumentDetail, LookupResult } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';
import { TermsInText } from '../lookup/terms-in-text.js';

/** Segments per page: one batch lookup each, well under its limit of 1,000. */
export const SEGMENT_PAGE = 50;

/** The segment table with paging. */
export function SegmentsView({ doc, busy, onPage }: { doc: DocumentDetail; busy: boolean; onPage: (offset: number) => void }) {
  const { t } = useT();
  const [lookups, setLookups] = useState<LookupResult[]>([]);
  const [state, lookUp] = useAction(async () => {
    setLookups([]);
    if (!doc.segments.length) return;
    const { memories, glossaries } = doc.settings ?? {};
    const body = { sourceLang: doc.sourceLang, targetLang: doc.targetLang, limit: 1, memories, glossaries, segments: doc.segments.map((s) => ({ source: s.source })) };
    setLookups((await unwrap(api.POST('/api/v1/tm/lookup/batch', { body }))).results);
  });
  useEffect(() => { void lookUp(); }, [doc, lookUp]);
  const last = Math.min(doc.offset + doc.segments.length, doc.segmentCount);
  return (
    <section aria-label={t('documents.tab.segments')}>
      <ProblemNote problem={state.problem} />
      <table class="segments">
        <thead><tr><th scope="col">#</th><th scope="col">{t('match.source')}</th><th scope="col">{t('match.target')}</th><th scope="col">{t('segments.state')}</th><th scope="col">{t('segments.best')}</th></tr></thead>
        <tbody>
          {doc.segments.map((s, i) => {
            const found = lookups[i];
            return (
              <tr key={s.index}>
                <td class="num">{s.index + 1}</td>
                <td>{found ? <TermsInText compact text={s.source} lang={doc.sourceLang} terms={found.terms} /> : <span lang={doc.sourceLang}>{s.source}</span>}</td>
                <td lang={doc.targetLang}>{s.target ?? ''}</td>
                <td><span class={`badge state-${s.state}`}>{t(`state.${s.state}`)}</span></td>
                <td class="num">{found?.matches[0] ? `${found.matches[0].score}%` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div class="pager">
        <button type="button" disabled={busy || doc.offset === 0} onClick={() => onPage(Math.max(0, doc.offset - SEGMENT_PAGE))}>{t('common.previous')}</button>
        <span role="status">{t('segments.range', { from: doc.segmentCount ? doc.offset + 1 : 0, to: last, total: doc.segmentCount })}</span>
        <button type="button" disabled={busy || last >= doc.segmentCount} onClick={() => onPage(doc.offset + SEGMENT_PAGE)}>{t('common.next')}</button>
      </div>
    </section>
  );
}
