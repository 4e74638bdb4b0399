/**
 * API keys (admin): the list with each key's scope, a new key (role and scope: every memory and
 * glossary, or chosen ones) whose secret is shown once with a copy button, and revoking. The secret lives only in this component's state: it is gone when the page is
 * left, as it is gone from the server after the answer that carried it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Me } from '../../app.js';
import { api, unwrap } from '../../api/client.js';
import { useGlossaries, useMemories } from '../../api/collections.js';
import { scopeOf } from '../../lib/collection-choices.js';
import { useChoices } from '../../ui/collection-picker.js';
import { ScopeField, scopeText } from './scope-field.js';
import type { CreatedKey, Key, Role } from '../../api/types.js';
import { useT } from '../../i18n/i18n.js';
import { ROLES } from '../../../../src/domain/auth/roles.js';
import { ProblemNote } from '../../ui/problem-note.js';
import { useAction } from '../../ui/use-action.js';

function Secret({ created }: { created: CreatedKey }) {
  const { t } = useT();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.key);
      setCopied('yes');
    } catch {
      input.current?.select();
      setCopied('select');
    }
  };
  return (
    <div class="secret" role="region" aria-labelledby="secret-title">
      <h3 id="secret-title">{t('keys.secretTitle', { name: created.name })}</h3>
      <p>{t('keys.secretOnce')}</p>
      <div class="row">
        <label>{t('keys.secret')}<input ref={input} readOnly value={created.key} class="mono" size={44} onFocus={(e) => e.currentTarget.select()} /></label>
        <button type="button" class="primary" onClick={() => void copy()}>{t('keys.copy')}</button>
      </div>
      <p role="status">{copied === 'yes' ? t('keys.copied') : copied === 'select' ? t('keys.selectToCopy') : ''}</p>
    </div>
  );
}

/** The keys page. */
export function KeysPage({ me }: { me: Me }) {
  const { t, date } = useT();
  const [keys, setKeys] = useState<Key[] | null>(null);
  const [form, setForm] = useState<{ name: string; role: Role; allMemories: boolean; allGlossaries: boolean }>({ name: '', role: 'translator', allMemories: true, allGlossaries: true });
  const memories = useMemories(me);
  const [memoryChoices, setMemoryChoices] = useChoices(memories.items);
  const glossaries = useGlossaries(me);
  const [glossaryChoices, setGlossaryChoices] = useChoices(glossaries.items);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [listing, load] = useAction(async () => setKeys((await unwrap(api.GET('/api/v1/keys'))).keys));
  const [creating, create] = useAction(async () => {
    const scope = { memories: scopeOf(form.allMemories, memoryChoices), glossaries: scopeOf(form.allGlossaries, glossaryChoices) };
    const created = await unwrap(api.POST('/api/v1/keys', { body: { name: form.name, role: form.role, scope } }));
    setForm({ ...form, name: '' });
    void load();
    return created;
  });
  const [deleting, remove] = useAction(async (id: number) => {
    await unwrap(api.DELETE('/api/v1/keys/{id}', { params: { path: { id } } }));
    setConfirming(null);
    void load();
  });
  useEffect(() => { void load(); }, [load]);
  return (
    <div>
      <h1>{t('keys.title')}</h1>
      <form class="stack panel" aria-labelledby="new-key-title" onSubmit={(e) => { e.preventDefault(); void create(); }}>
        <h2 id="new-key-title" class="visually-hidden">{t('keys.new')}</h2>
        <div class="row">
          <label>{t('keys.name')}<input value={form.name} required maxLength={100} onInput={(e) => setForm({ ...form, name: e.currentTarget.value })} /></label>
          <label>{t('keys.role')}
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value as Role })}>
              {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
            </select>
          </label>
        </div>
        <div class="two-columns">
          <ScopeField legend={t('keys.scopeMemories')} allLabel={t('keys.allMemories')} someLabel={t('keys.someMemories')} all={form.allMemories}
            onAll={(all) => setForm({ ...form, allMemories: all })} items={memories.items} choices={memoryChoices} onChange={setMemoryChoices} idPrefix="scope-memories" />
          <ScopeField legend={t('keys.scopeGlossaries')} allLabel={t('keys.allGlossaries')} someLabel={t('keys.someGlossaries')} all={form.allGlossaries}
            onAll={(all) => setForm({ ...form, allGlossaries: all })} items={glossaries.items} choices={glossaryChoices} onChange={setGlossaryChoices} idPrefix="scope-glossaries" />
        </div>
        <ProblemNote problem={memories.problem ?? glossaries.problem} />
        <div class="row"><button type="submit" class="primary" disabled={creating.busy}>{t('keys.create')}</button></div>
        <ProblemNote problem={creating.problem} />
      </form>
      {creating.result ? <Secret created={creating.result} /> : null}
      <ProblemNote problem={listing.problem} />
      {keys ? (
        <table>
          <caption>{t('keys.count', { n: keys.length })}</caption>
          <thead><tr><th scope="col">{t('keys.name')}</th><th scope="col">{t('keys.role')}</th><th scope="col">{t('keys.scope')}</th><th scope="col">{t('keys.createdBy')}</th><th scope="col"><span class="visually-hidden">{t('common.actions')}</span></th></tr></thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td>{k.name}{k.id === me.id ? <span class="badge">{t('keys.yours')}</span> : null}</td>
                <td>{t(`role.${k.role}`)}</td>
                <td class="scope-cell">
                  <div>{t('keys.scopeMemoriesIs', { list: scopeText(k.scope.memories, t('keys.every'), t('keys.nothing')) })}</div>
                  <div>{t('keys.scopeGlossariesIs', { list: scopeText(k.scope.glossaries, t('keys.every'), t('keys.nothing')) })}</div>
                </td>
                <td>{k.createdBy} · {date(k.createdAt)}</td>
                <td>
                  {confirming === k.id ? (
                    <span role="group" aria-label={t('keys.revoke', { name: k.name })}>
                      {k.id === me.id ? <span>{t('keys.revokeOwn')} </span> : null}
                      <button type="button" class="danger small" disabled={deleting.busy} onClick={() => void remove(k.id)}>{t('common.confirm')}</button>
                      <button type="button" class="small" onClick={() => setConfirming(null)}>{t('common.cancel')}</button>
                    </span>
                  ) : <button type="button" class="danger small" onClick={() => setConfirming(k.id)}>{t('keys.revoke', { name: k.name })}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ProblemNote problem={deleting.problem} />
    </div>
  );
}
