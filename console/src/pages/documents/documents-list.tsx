/** Every document, with create (from text or an XLIFF file) and delete for translators and above. */
import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../../app.js';
import { api, unwrap } from '../../api/client.js';
import type { DocumentSummary } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { allows, href } from '../../router.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';
import { CreateDocument } from './create-document.js';

function DeleteButton({ doc, onDeleted }: { doc: DocumentSummary; onDeleted: () => void }) {
  const { t } = useT();
  const [confirming, setConfirming] = useState(false);
  const [state, remove] = useAction(async () => {
    await unwrap(api.DELETE('/api/v1/documents/{id}', { params: { path: { id: doc.id } } }));
    onDeleted();
  });
  if (!confirming) return <button type="button" class="danger small" onClick={() => setConfirming(true)}>{t('documents.delete', { name: doc.name })}</button>;
  return (
    <span role="group" aria-label={t('documents.delete', { name: doc.name })}>
      <button type="button" class="danger small" disabled={state.busy} onClick={() => void remove()}>{t('common.confirm')}</button>
      <button type="button" class="small" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
      <ProblemNote problem={state.problem} />
    </span>
  );
}

/** The list page. */
export function DocumentsList({ me }: { me: Me }) {
  const { t, date } = useT();
  const [docs, setDocs] = useState<DocumentSummary[] | null>(null);
  const [state, load] = useAction(async () => setDocs((await unwrap(api.GET('/api/v1/documents'))).documents));
  useEffect(() => { void load(); }, [load]);
  const canWrite = allows(me.role, 'translator');
  return (
    <div>
      <h1>{t('documents.title')}</h1>
      {canWrite ? <CreateDocument me={me} onCreated={() => void load()} /> : null}
      <ProblemNote problem={state.problem} />
      {docs ? (
        <table class="documents">
          <caption>{t('documents.count', { n: docs.length })}</caption>
          <thead><tr><th scope="col">{t('documents.name')}</th><th scope="col">{t('documents.pair')}</th><th scope="col">{t('documents.segments')}</th><th scope="col">{t('documents.created')}</th>{canWrite ? <th scope="col"><span class="visually-hidden">{t('common.actions')}</span></th> : null}</tr></thead>
          <tbody>
            {docs.map((d) => (
              <tr key={d.id}>
                <td><a href={href('documents', d.id)}>{d.name}</a>{d.meta?.title ? <div class="muted" lang={d.sourceLang}>{d.meta.title}</div> : null}</td>
                <td>{d.sourceLang} → {d.targetLang}</td>
                <td class="num">{d.segments}</td>
                <td>{date(d.createdAt)}</td>
                {canWrite ? <td><DeleteButton doc={d} onDeleted={() => void load()} /></td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
