// The app: the sign-in screen until there is a key, then the page of the current path inside the
// shell (skip link, navigation, sign out). Moving to a page moves focus to its heading.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiContext } from './api/api-context.js';
import { clearApiKey, readApiKey, saveApiKey } from './api/api-key.js';
import { ApiClient } from './api/client.js';
import { KeyIdentityProvider } from './api/key-identity.js';
import { timeZoneName } from './format/format-time.js';
import { AlertPage, AlertsPage } from './pages/alerts-page.js';
import { AuditPage } from './pages/audit-page.js';
import { ChannelsPage } from './pages/channels-page.js';
import { ExperimentPage } from './pages/experiment-page.js';
import { ExperimentsPage } from './pages/experiments-page.js';
import { CostPage } from './pages/cost-page.js';
import { HostPage, HostsPage } from './pages/hosts-page.js';
import { FeaturePage } from './pages/feature-page.js';
import { LoginPage } from './pages/login-page.js';
import { ModelPage } from './pages/model-page.js';
import { MonitorsPage } from './pages/monitors-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { OverviewPage } from './pages/overview-page.js';
import { ReferencePage } from './pages/reference-page.js';
import { Link, useLocation } from './routing/router.js';
import { parseRoute } from './routing/routes.js';
import type { Route } from './routing/routes.js';

export function App() {
  const [key, setKey] = useState(readApiKey);
  const signOut = () => {
    clearApiKey();
    setKey(null);
  };
  const api = useMemo(() => (key === null ? null : new ApiClient(key, signOut)), [key]);
  const location = useLocation();
  const route = parseRoute(location.pathname);

  useEffect(() => {
    document.title = titleOf(route);
  });

  if (api === null) {
    return (
      <LoginPage
        onSignedIn={(k) => {
          saveApiKey(k);
          setKey(k);
        }}
      />
    );
  }
  return (
    <ApiContext.Provider value={api}>
      <KeyIdentityProvider>
        <Shell route={route} pathname={location.pathname} onSignOut={signOut}>
          {pageOf(route)}
        </Shell>
      </KeyIdentityProvider>
    </ApiContext.Provider>
  );
}

function pageOf(route: Route): ReactNode {
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'model':
      return <ModelPage key={route.model} model={route.model} />;
    case 'feature':
      return <FeaturePage key={`${route.model}/${route.feature}`} model={route.model} feature={route.feature} />;
    case 'reference':
      return <ReferencePage key={route.model} model={route.model} />;
    case 'alerts':
      return <AlertsPage />;
    case 'alert':
      return <AlertPage key={route.fingerprint} fingerprint={route.fingerprint} />;
    case 'monitors':
      return <MonitorsPage />;
    case 'channels':
      return <ChannelsPage />;
    case 'experiments':
      return <ExperimentsPage />;
    case 'experiment':
      return <ExperimentPage key={route.experiment} experiment={route.experiment} />;
    case 'hosts':
      return <HostsPage />;
    case 'host':
      return <HostPage key={route.host} host={route.host} />;
    case 'cost':
      return <CostPage />;
    case 'audit':
      return <AuditPage />;
    case 'not-found':
      return <NotFoundPage path={route.path} />;
  }
}

function titleOf(route: Route): string {
  switch (route.page) {
    case 'overview':
      return 'Models · Vigil';
    case 'model':
      return `${route.model} · Vigil`;
    case 'feature':
      return `${route.feature} · ${route.model} · Vigil`;
    case 'reference':
      return `Reference data · ${route.model} · Vigil`;
    case 'alert':
      return 'Alert · Vigil';
    case 'experiment':
      return `${route.experiment} · Experiments · Vigil`;
    case 'host':
      return `${route.host} · Hosts · Vigil`;
    case 'audit':
      return 'Audit log · Vigil';
    case 'not-found':
      return 'Not found · Vigil';
    default:
      return `${route.page[0]!.toUpperCase()}${route.page.slice(1)} · Vigil`;
  }
}

const NAV = [
  { to: '/', label: 'Models', pages: ['overview', 'model', 'feature', 'reference'] },
  { to: '/alerts', label: 'Alerts', pages: ['alerts', 'alert'] },
  { to: '/monitors', label: 'Monitors', pages: ['monitors'] },
  { to: '/channels', label: 'Channels', pages: ['channels'] },
  { to: '/experiments', label: 'Experiments', pages: ['experiments', 'experiment'] },
  { to: '/hosts', label: 'Hosts', pages: ['hosts', 'host'] },
  { to: '/cost', label: 'Cost', pages: ['cost'] },
  { to: '/audit', label: 'Audit', pages: ['audit'] },
] as const;

function Shell({ route, pathname, onSignOut, children }: { route: Route; pathname: string; onSignOut: () => void; children: ReactNode }) {
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    // Keyboard and screen-reader users land on the new page's heading, not on the link they left.
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [pathname]);
  return (
    <>
      <a className="skip" href="#content">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          Vigil
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.to}>
                <Link to={n.to} {...((n.pages as readonly string[]).includes(route.page) && { 'aria-current': 'page' as const })}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <span className="tz" title="Times on every page are in this time zone">
          {timeZoneName()}
        </span>
        <button type="button" className="link" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="content" ref={main} tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
