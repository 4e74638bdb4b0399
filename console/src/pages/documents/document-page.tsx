/** One document: its project settings, then its segments, its analysis, and XLIFF exchange, as tabs (`#/documents/<id>/analysis`). */
import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../../app.js';
import { api, unwrap } from '../../api/client.js';
import type { DocumentDetail } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { allows, href } from '../../router.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';
import { AnalysisView } from './analysis-view.js';
import { SEGMENT_PAGE, SegmentsView } from './segments-view.js';
import { SettingsSummary } from './project-settings.js';
import { XliffPanel } from './xliff-panel.js';

const TABS = ['segments', 'analysis', 'xliff'] as const;

/** The document `id` on `tab`. */
export function DocumentPage({ id, tab, me }: { id: number; tab: string | undefined; me: Me }) {
  const { t } = useT();
  const current = TABS.find((x) => x === tab) ?? 'segments';
  const [offset, setOffset] = useState(0);
  const [doc, setDoc] = useState<DocumentDetail | null>(null);
  const [state, load] = useAction(async (from: number) => {
    setDoc(await unwrap(api.GET('/api/v1/documents/{id}', { params: { path: { id }, query: { offset: from, limit: SEGMENT_PAGE } } })));
  });
  useEffect(() => { void load(offset); }, [load, offset]);
  if (!doc) return state.problem ? <ProblemNote problem={state.problem} /> : <p role="status">{t('common.loading')}</p>;
  return (
    <div>
      <p><a href={href('documents')}>← {t('documents.title')}</a></p>
      <h1>{doc.name}</h1>
      <p class="muted">{[doc.meta?.title, doc.meta?.date, `${doc.sourceLang} → ${doc.targetLang}`, t('documents.segmentCount', { n: doc.segmentCount })].filter(Boolean).join(' · ')}</p>
      <SettingsSummary settings={doc.settings} />
      <nav class="tabs" aria-label={t('documents.views')}>
        {TABS.map((x) => <a key={x} href={href('documents', id, x)} aria-current={x === current ? 'page' : undefined}>{t(`documents.tab.${x}`)}</a>)}
      </nav>
      {current === 'segments' ? <SegmentsView doc={doc} busy={state.busy} onPage={setOffset} />
        : current === 'analysis' ? <AnalysisView id={id} />
          : <XliffPanel doc={doc} canUpload={allows(me.role, 'translator')} onImported={() => void load(offset)} />}
    </div>
  );
}
