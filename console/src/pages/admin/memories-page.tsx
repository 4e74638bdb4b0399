/** Memories (admin): the collections page with the memory routes and units per language pair. */
import { api, unwrap } from '../../api/client.js';
import type { Memory } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { type CollectionKind, CollectionsPage } from './collections-page.js';

function MemoryStats({ memory }: { memory: Memory }) {
  const { t, num, date } = useT();
  return (
    <div>
      <div>{t('memories.units', { n: memory.stats.units })}</div>
      {memory.stats.pairs.map((p) => <div key={`${p.sourceLang}|${p.targetLang}`} class="muted">{p.sourceLang} → {p.targetLang}: {num(p.units)}</div>)}
      <div class="muted">{memory.stats.lastWrite ? t('collections.lastWrite', { at: date(memory.stats.lastWrite) }) : t('collections.neverWritten')}</div>
    </div>
  );
}

const MEMORIES: CollectionKind<Memory> = {
  title: 'memories.title',
  newTitle: 'memories.new',
  statsHeader: 'memories.stats',
  list: async () => (await unwrap(api.GET('/api/v1/memories'))).memories,
  create: (body) => unwrap(api.POST('/api/v1/memories', { body })),
  update: (id, body) => unwrap(api.PATCH('/api/v1/memories/{id}', { params: { path: { id } }, body })),
  remove: async (id, force) => { await unwrap(api.DELETE('/api/v1/memories/{id}', { params: { path: { id }, query: { force } } })); },
  stats: (m) => <MemoryStats memory={m} />,
};

/** The memories page. */
export function MemoriesPage() {
  return <CollectionsPage kind={MEMORIES} />;
}
