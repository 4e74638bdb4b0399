/**
 * Memories or glossaries (admin): the list with statistics, create, edit (name, description,
 * tags, read-only) and delete. A delete that documents stand in the way of is the API's 409,
 * shown next to the button with the documents it names, and a second button deletes anyway
 * (`force=true`: the collection is taken out of those documents' settings). One page for both
 * kinds: each kind brings its API calls and its statistics columns.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { type MessageKey, useT } from '../../i18n/i18n.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';
import { CollectionForm, type CollectionFields, tagList } from './collection-form.js';

/** What every collection has, whatever its kind. */
export interface CollectionView {
  id: string;
  name: string;
  description: string;
  tags: string[];
  readOnly: boolean;
  updatedAt: string;
  updatedBy: string;
}

/** A new collection as both kinds' create routes take it. */
export interface NewCollection {
  id: string;
  name: string;
  description: string;
  tags: string[];
  readOnly: boolean;
}

/** A change as both kinds' PATCH routes take it. */
export type CollectionChanges = Omit<NewCollection, 'id'>;

/** One kind of collection: its words, its API calls, and its statistics columns. */
export interface CollectionKind<C extends CollectionView> {
  title: MessageKey;
  newTitle: MessageKey;
  statsHeader: MessageKey;
  list(): Promise<C[]>;
  create(input: NewCollection): Promise<C>;
  update(id: string, patch: CollectionChanges): Promise<C>;
  remove(id: string, force: boolean): Promise<void>;
  stats(c: C): ComponentChildren;
}

const EMPTY: CollectionFields = { id: '', name: '', description: '', tags: '', readOnly: false };

function DeleteControl<C extends CollectionView>({ kind, item, onDeleted }: { kind: CollectionKind<C>; item: C; onDeleted: () => void }) {
  const { t } = useT();
  const [confirming, setConfirming] = useState(false);
  const [state, remove] = useAction(async (force: boolean) => {
    await kind.remove(item.id, force);
    onDeleted();
  });
  const label = t('collections.delete', { name: item.name });
  if (!confirming) return <button type="button" class="danger small" onClick={() => setConfirming(true)}>{label}</button>;
  const usedBy = state.problem?.status === 409 && Array.isArray(state.problem.documents);
  return (
    <span role="group" aria-label={label}>
      <button type="button" class="danger small" disabled={state.busy} onClick={() => void remove(false)}>{t('common.confirm')}</button>
      <button type="button" class="small" onClick={() => setConfirming(false)}>{t('common.cancel')}</button>
      <ProblemNote problem={state.problem} />
      {usedBy ? <button type="button" class="danger small" disabled={state.busy} onClick={() => void remove(true)}>{t('collections.force')}</button> : null}
    </span>
  );
}

/** The page for one kind of collection. */
export function CollectionsPage<C extends CollectionView>({ kind }: { kind: CollectionKind<C> }) {
  const { t, date } = useT();
  const [items, setItems] = useState<C[] | null>(null);
  const [editing, setEditing] = useState<C | null>(null);
  const [listing, load] = useAction(async () => setItems(await kind.list()));
  useEffect(() => { void load(); }, [load]);
  const [creating, create] = useAction(async (f: CollectionFields) => {
    const made = await kind.create({ id: f.id.trim(), name: f.name, description: f.description, tags: tagList(f.tags), readOnly: f.readOnly });
    void load();
    return made;
  });
  const [saving, save] = useAction(async (f: CollectionFields) => {
    if (!editing) return;
    await kind.update(editing.id, { name: f.name, description: f.description, tags: tagList(f.tags), readOnly: f.readOnly });
    setEditing(null);
    void load();
  });
  return (
    <div>
      <h1>{t(kind.title)}</h1>
      <CollectionForm key={creating.result?.id ?? 'new'} initial={EMPTY} title={t(kind.newTitle)} submit={t('collections.create')}
        busy={creating.busy} problem={creating.problem} onSubmit={(f) => void create(f)} idPrefix="new-collection" />
      {creating.result ? <p role="status">{t('collections.created', { name: creating.result.name })}</p> : null}
      <ProblemNote problem={listing.problem} />
      {items ? (
        <table class="collections">
          <caption>{t('collections.count', { n: items.length })}</caption>
          <thead><tr>
            <th scope="col">{t('collections.name')}</th><th scope="col">{t('collections.tags')}</th>
            <th scope="col">{t(kind.statsHeader)}</th><th scope="col">{t('collections.changed')}</th>
            <th scope="col"><span class="visually-hidden">{t('common.actions')}</span></th>
          </tr></thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.id}>
                <td>
                  <strong>{c.name}</strong> <code>{c.id}</code>{c.readOnly ? <span class="badge">{t('collections.readOnly')}</span> : null}
                  {c.description ? <div class="muted">{c.description}</div> : null}
                </td>
                <td>{c.tags.map((tag) => <span key={tag} class="badge">{tag}</span>)}</td>
                <td>{kind.stats(c)}</td>
                <td>{date(c.updatedAt)} · {c.updatedBy}</td>
                <td>
                  <button type="button" class="small" onClick={() => setEditing(c)}>{t('collections.edit', { name: c.name })}</button>
                  <DeleteControl kind={kind} item={c} onDeleted={() => void load()} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {editing ? (
        <CollectionForm key={editing.id} initial={{ id: editing.id, name: editing.name, description: editing.description, tags: editing.tags.join(', '), readOnly: editing.readOnly }}
          title={t('collections.editTitle', { name: editing.name })} submit={t('common.save')} busy={saving.busy} problem={saving.problem}
          onSubmit={(f) => void save(f)} onCancel={() => setEditing(null)} idPrefix="edit-collection" />
      ) : null}
    </div>
  );
}
