/**
 * The terminologist's area: search and filters (the glossary among them) on the left, the chosen
 * entry (view, editor, history), a new entry in a chosen glossary, or import/export on the right.
 * Routes: `#/glossary`, `#/glossary/entry/<glossary>/<id>` (ids are unique within a glossary),
 * `#/glossary/new`, `#/glossary/exchange`. Entries of a read-only glossary get no edit controls.
 */
import { useState } from 'preact/hooks';
import type { Me } from '../../app.js';
import { useGlossaries } from '../../api/collections.js';
import { useT } from '../../i18n/i18n.js';
import { allows, href } from '../../router.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { EntryPanel } from './entry-panel.js';
import { EntryEditor } from './entry-editor.js';
import { ExchangePanel } from './exchange-panel.js';
import { SearchPanel } from './search-panel.js';

/** The glossary area for the route's `rest`. */
export function GlossaryArea({ me, rest }: { me: Me; rest: string[] }) {
  const { t } = useT();
  const [generation, setGeneration] = useState(0);
  const canWrite = allows(me.role, 'terminologist');
  const glossaries = useGlossaries(me);
  const [view, glossary, id] = rest;
  const shown = glossaries.items?.find((g) => g.id === glossary);
  const changed = () => setGeneration((g) => g + 1);
  return (
    <div class="split">
      <div class="split-side">
        <h1>{t('glossary.title')}</h1>
        <p class="actions">
          {canWrite ? <a class="button" href={href('glossary', 'new')}>{t('glossary.new')}</a> : null}
          <a class="button" href={href('glossary', 'exchange')}>{t('glossary.exchange')}</a>
        </p>
        <ProblemNote problem={glossaries.problem} />
        <SearchPanel generation={generation} glossaries={glossaries.items} selected={view === 'entry' ? `${glossary}/${id}` : undefined} />
      </div>
      <div class="split-main">
        {view === 'entry' && glossary && id ? <EntryPanel key={`${glossary}/${id}`} glossary={glossary} glossaryName={shown?.name} id={id} readOnly={shown?.readOnly ?? false} canWrite={canWrite && shown?.readOnly === false} onChanged={changed} />
          : view === 'new' && canWrite ? <EntryEditor glossaries={glossaries.items} onSaved={changed} />
            : view === 'exchange' ? <ExchangePanel canWrite={canWrite} glossaries={glossaries.items} onImported={changed} />
              : <p class="placeholder">{t('glossary.pick')}</p>}
      </div>
    </div>
  );
}
