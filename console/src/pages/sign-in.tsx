/**
 * Sign-in: paste an API key. It is checked with `GET /api/v1/me` and kept in this tab's
 * sessionStorage; the field is a password field, so the key is not shown or autofilled
 * into the page's text.
 */
import { useState } from 'preact/hooks';
import type { Problem } from '../api/types.js';
import { useT } from '../i18n/i18n.js';
import { ProblemNote } from '../ui/problem-note.js';
import { useAction } from '../ui/use-action.js';

/** The sign-in form; `problem` is why the last session ended (a 401). */
export function SignIn({ onSignIn, problem }: { onSignIn: (key: string) => Promise<void>; problem: Problem | null }) {
  const { t } = useT();
  const [key, setKey] = useState('');
  const [state, run] = useAction(onSignIn);
  const shown = state.problem ?? (state.busy ? null : problem);
  return (
    <section class="sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <p>{t('signIn.intro')}</p>
      <form onSubmit={(e) => { e.preventDefault(); if (key.trim()) void run(key.trim()); }}>
        <label for="api-key">{t('signIn.key')}</label>
        <input id="api-key" type="password" autoComplete="off" spellcheck={false} value={key} required
          aria-describedby="api-key-hint api-key-problem" onInput={(e) => setKey(e.currentTarget.value)} />
        <p id="api-key-hint" class="hint">{t('signIn.hint')}</p>
        <ProblemNote problem={shown} id="api-key-problem" />
        <button type="submit" disabled={state.busy}>{state.busy ? t('common.working') : t('signIn.submit')}</button>
      </form>
    </section>
  );
}
