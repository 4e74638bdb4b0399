/**
 * The console shell: sign-in, the interface language, the navigation the key's role allows,
 * and the page of the current route. A 401 from any call signs out and shows its problem on
 * the sign-in page.
 */
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { unwrap, api } from './api/client.js';
import { onUnauthorized } from './api/problem.js';
import { clearKey, readKey, saveKey } from './api/session.js';
import type { CurrentKey, Problem } from './api/types.js';
import { I18nContext, type Locale, LOCALES, applyLocale, initialLocale, translator } from './i18n/i18n.js';
import { KeysPage } from './pages/admin/keys-page.js';
import { GlossariesPage } from './pages/admin/glossaries-page.js';
import { MemoriesPage } from './pages/admin/memories-page.js';
import { DocumentsArea } from './pages/documents/documents-area.js';
import { GlossaryArea } from './pages/glossary/glossary-area.js';
import { LookupPage } from './pages/lookup/lookup-page.js';
import { SignIn } from './pages/sign-in.js';
import { TmArea } from './pages/tm/tm-area.js';
import { AREAS, type Route, allows, href, useRoute } from './router.js';

/** The signed-in key, shared with pages that adapt to its role. */
export type Me = CurrentKey;

function Page({ route, me }: { route: Route; me: Me }) {
  switch (route.area) {
    case 'glossary': return <GlossaryArea me={me} rest={route.rest} />;
    case 'lookup': return <LookupPage me={me} />;
    case 'documents': return <DocumentsArea me={me} rest={route.rest} />;
    case 'tm': return <TmArea me={me} rest={route.rest} />;
    case 'memories': return <MemoriesPage />;
    case 'glossaries': return <GlossariesPage />;
    case 'keys': return <KeysPage me={me} />;
  }
}

/** The whole console. */
export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const tr = useMemo(() => translator(locale), [locale]);
  const [me, setMe] = useState<Me | null>(null);
  const [checking, setChecking] = useState(() => readKey() !== null);
  const [signInProblem, setSignInProblem] = useState<Problem | null>(null);
  const route = useRoute();

  useEffect(() => applyLocale(locale), [locale]);
  useEffect(() => {
    document.title = `${tr.t(AREAS.find((a) => a.area === route.area)?.label ?? 'nav.glossary')} · Caravan`;
  }, [tr, route.area]);
  useEffect(() => onUnauthorized((problem) => {
    clearKey();
    setMe(null);
    setSignInProblem(problem);
  }), []);

  const signIn = useCallback(async (key: string) => {
    saveKey(key);
    try {
      setMe(await unwrap(api.GET('/api/v1/me')));
      setSignInProblem(null);
    } catch (err) {
      clearKey();
      throw err;
    }
  }, []);
  useEffect(() => {
    const key = readKey();
    if (key) signIn(key).catch(() => undefined).finally(() => setChecking(false));
  }, [signIn]);

  const signOut = () => {
    clearKey();
    setMe(null);
    setSignInProblem(null);
  };
  const allowed = me ? AREAS.filter((a) => allows(me.role, a.role)) : [];
  const current = allowed.find((a) => a.area === route.area) ?? allowed[0];

  return (
    <I18nContext.Provider value={tr}>
      <a class="skip" href="#main">{tr.t('shell.skip')}</a>
      <header class="top">
        <span class="brand">Caravan</span>
        {me ? (
          <nav aria-label={tr.t('shell.nav')}>
            {allowed.map((a) => <a key={a.area} href={href(a.area)} aria-current={a.area === current?.area ? 'page' : undefined}>{tr.t(a.label)}</a>)}
            <a href="/docs">{tr.t('nav.docs')}</a>
          </nav>
        ) : null}
        <div class="session">
          <label>
            <span>{tr.t('shell.language')}</span>
            <select value={locale} onChange={(e) => setLocale((e.currentTarget.value as Locale))}>
              {LOCALES.map((l) => <option key={l} value={l}>{l === 'en' ? 'English' : '简体中文'}</option>)}
            </select>
          </label>
          {me ? (
            <>
              <span class="who">{tr.t('shell.signedInAs', { name: me.name, role: tr.t(`role.${me.role}` as const) })}</span>
              <button type="button" onClick={signOut}>{tr.t('shell.signOut')}</button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {checking ? <p role="status">{tr.t('shell.checking')}</p>
          : me && current ? <Page route={{ area: current.area, rest: current.area === route.area ? route.rest : [] }} me={me} />
            : <SignIn onSignIn={signIn} problem={signInProblem} />}
      </main>
    </I18nContext.Provider>
  );
}
