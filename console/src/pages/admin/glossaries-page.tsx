/** Glossaries (admin): the collections page with the glossary routes and terms per language. */
import { api, unwrap } from '../../api/client.js';
import type { Glossary } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { type CollectionKind, CollectionsPage } from './collections-page.js';

function GlossaryStats({ glossary }: { glossary: Glossary }) {
  const { t, num, date } = useT();
  return (
    <div>
      <div>{t('glossaries.entries', { n: glossary.stats.entries })}</div>
      {glossary.stats.languages.map((l) => <div key={l.lang} class="muted">{t('glossaries.terms', { lang: l.lang, n: num(l.terms) })}</div>)}
      <div class="muted">{glossary.stats.lastWrite ? t('collections.lastWrite', { at: date(glossary.stats.lastWrite) }) : t('collections.neverWritten')}</div>
    </div>
  );
}

const GLOSSARIES: CollectionKind<Glossary> = {
  title: 'glossaries.title',
  newTitle: 'glossaries.new',
  statsHeader: 'glossaries.stats',
  list: async () => (await unwrap(api.GET('/api/v1/glossaries'))).glossaries,
  create: (body) => unwrap(api.POST('/api/v1/glossaries', { body })),
  update: (id, body) => unwrap(api.PATCH('/api/v1/glossaries/{id}', { params: { path: { id } }, body })),
  remove: async (id, force) => { await unwrap(api.DELETE('/api/v1/glossaries/{id}', { params: { path: { id }, query: { force } } })); },
  stats: (g) => <GlossaryStats glossary={g} />,
};

/** The glossaries page. */
export function GlossariesPage() {
  return <CollectionsPage kind={GLOSSARIES} />;
}
