/**
 * The terminologist's area: search and filters on the left, the chosen entry (view, editor,
 * history), a new entry, or import/export on the right. Routes: `#/glossary`,
 * `#/glossary/entry/<id>`, `#/glossary/new`, `#/glossary/exchange`.
 */
import { useState } from 'preact/hooks';
import type { Me } from '../../app.js';
import { useT } from '../../i18n/i18n.js';
import { allows, href } from '../../router.js';
import { EntryPanel } from './entry-panel.js';
import { EntryEditor } from './entry-editor.js';
import { ExchangePanel } from './exchange-panel.js';
import { SearchPanel } from './search-panel.js';

/** The glossary area for the route's `rest`. */
export function GlossaryArea({ me, rest }: { me: Me; rest: string[] }) {
  const { t } = useT();
  const [generation, setGeneration] = useState(0);
  const canWrite = allows(me.role, 'terminologist');
  const [view, id] = rest;
  const changed = () => setGeneration((g) => g + 1);
  return (
    <div class="split">
      <div class="split-side">
        <h1>{t('glossary.title')}</h1>
        <p class="actions">
          {canWrite ? <a class="button" href={href('glossary', 'new')}>{t('glossary.new')}</a> : null}
          <a class="button" href={href('glossary', 'exchange')}>{t('glossary.exchange')}</a>
        </p>
        <SearchPanel generation={generation} selected={view === 'entry' ? id : undefined} />
      </div>
      <div class="split-main">
        {view === 'entry' && id ? <EntryPanel key={id} id={id} canWrite={canWrite} onChanged={changed} />
          : view === 'new' && canWrite ? <EntryEditor onSaved={changed} />
            : view === 'exchange' ? <ExchangePanel canWrite={canWrite} onImported={changed} />
              : <p class="placeholder">{t('glossary.pick')}</p>}
      </div>
    </div>
  );
}
