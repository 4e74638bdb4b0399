/**
 * The Units view's bulk actions as a bar above the table, as a TM editor keeps its Find and
 * replace and its maintenance commands in a toolbar over the grid rather than after a page of
 * rows: one button per action (the WAI-ARIA disclosure pattern: `aria-expanded`, `aria-controls`),
 * and the chosen action's panel opens between the bar and the table, one at a time. Closed panels
 * stay mounted but hidden, so a preview survives a look at another action; the buttons show only
 * the actions the key's role has (the server refuses the others anyway).
 */
import { useState } from 'preact/hooks';
import type { Me } from '../../app.js';
import type { Memory } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/en.js';
import { mergeMemory } from '../../lib/merge-groups.js';
import type { UnitFilterBody, UnitFilterQuery } from '../../lib/unit-filter.js';
import { allows } from '../../router.js';
import { defaultWriteMemory } from '../../ui/memory-select.js';
import { DeletePanel } from './delete-panel.js';
import { MergePanel } from './merge-panel.js';
import { ReplacePanel } from './replace-panel.js';
import { TransferPanel } from './transfer-panel.js';

type Action = 'replace' | 'transfer' | 'merge' | 'delete';

/** Each action's button label (its panel's title) and who has it. */
const ACTIONS: readonly { id: Action; label: MessageKey; role: 'translator' | 'admin' }[] = [
  { id: 'replace', label: 'replace.title', role: 'translator' },
  { id: 'transfer', label: 'copyMove.title', role: 'translator' },
  { id: 'merge', label: 'merge.title', role: 'translator' },
  { id: 'delete', label: 'bulkDelete.title', role: 'admin' },
];

/** The bar and the panels over the filter the table shows (`body` for JSON routes, `query` for the list). */
export function BulkActions({ me, memories, body, query, onChanged, onDeleted }: {
  me: Me;
  memories: readonly Memory[] | null;
  body: UnitFilterBody;
  query: UnitFilterQuery;
  onChanged: () => void;
  onDeleted: () => void;
}) {
  const { t } = useT();
  const [open, setOpen] = useState<Action | null>(null);
  const actions = ACTIONS.filter((a) => allows(me.role, a.role));
  if (!actions.length) return null;
  const filterKey = JSON.stringify(body);
  const writable = (id: string) => memories?.find((m) => m.id === id)?.readOnly === false;
  const panel = (id: Action) => {
    switch (id) {
      case 'replace': return <ReplacePanel filter={body} filterKey={filterKey} onChanged={onChanged} />;
      case 'transfer': return <TransferPanel filter={query} filterKey={filterKey} memories={memories} onChanged={onChanged} />;
      case 'merge': return <MergePanel memories={memories} initial={mergeMemory(body.memories, writable, defaultWriteMemory(memories))} onChanged={onChanged} />;
      case 'delete': return <DeletePanel filter={body} filterKey={filterKey} onChanged={onDeleted} />;
    }
  };
  return (
    <div class="bulk-actions">
      <div role="group" aria-labelledby="bulk-actions-label" class="actions action-bar">
        <span id="bulk-actions-label" class="muted">{t('units.actions')}</span>
        {actions.map((a) => (
          <button key={a.id} type="button" aria-expanded={open === a.id} aria-controls={`bulk-${a.id}`} onClick={() => setOpen(open === a.id ? null : a.id)}>{t(a.label)}</button>
        ))}
      </div>
      {actions.map((a) => <div key={a.id} id={`bulk-${a.id}`} hidden={open !== a.id}>{panel(a.id)}</div>)}
    </div>
  );
}
