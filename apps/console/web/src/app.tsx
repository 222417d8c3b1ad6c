import { useEffect, useState } from 'react';
import { api, setCsrfToken, whenSignedOut } from './api';
import { session } from './session-info';
import { Accuracy } from './pages/accuracy';
import { CallStory } from './pages/call-story';
import { Deliveries } from './pages/deliveries';
import { Endpoints } from './pages/endpoints';
import { Overview } from './pages/overview';
import { Rules } from './pages/rules';
import { SignIn } from './pages/sign-in';
import { Sources } from './pages/sources';

const PAGES = [
  { path: 'overview', title: 'Overview', page: Overview },
  { path: 'sources', title: 'Sources', page: Sources },
  { path: 'rules', title: 'Campaigns and rules', page: Rules },
  { path: 'endpoints', title: 'Endpoints', page: Endpoints },
  { path: 'deliveries', title: 'Deliveries', page: Deliveries },
  { path: 'calls', title: "A call's story", page: CallStory },
  { path: 'accuracy', title: 'Accuracy', page: Accuracy },
] as const;

/** `#/deliveries?call_id=x` → ['deliveries', {call_id: 'x'}]: hash routes, so the server serves one page. */
function route(): [string, URLSearchParams] {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  return [path || 'overview', new URLSearchParams(query ?? '')];
}

export function App() {
  const [signedIn, setSignedIn] = useState<boolean>();
  const [[path, params], setRoute] = useState(route);

  useEffect(() => {
    whenSignedOut(() => setSignedIn(false));
    api.session.current().then(
      (info) => {
        setCsrfToken(info.csrf_token);
        session.ingestUrl = info.ingest_url;
        setSignedIn(true);
      },
      () => setSignedIn(false),
    );
    const onHash = () => setRoute(route());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);

  const current = PAGES.find((p) => p.path === path) ?? PAGES[0];
  useEffect(() => {
    document.title = `${current.title} · Postback console`;
  }, [current]);

  if (signedIn === undefined) return <main className="loading">Loading…</main>;
  if (!signedIn)
    return (
      <SignIn
        onSignedIn={(info) => {
          setCsrfToken(info.csrf_token);
          session.ingestUrl = info.ingest_url;
          setSignedIn(true);
        }}
      />
    );
  const Page = current.page;
  return (
    <>
      {/* Not href="#main": the hash is the route here, so the link moves focus itself. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header>
        <a className="brand" href="#/overview">
          Postback
        </a>
        <nav aria-label="Pages">
          {PAGES.map((p) => (
            <a key={p.path} href={`#/${p.path}`} aria-current={p === current ? 'page' : undefined}>
              {p.title}
            </a>
          ))}
        </nav>
        <button
          type="button"
          className="link"
          onClick={() => api.session.signOut().then(() => setSignedIn(false))}
        >
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{current.title}</h1>
        <Page params={params} />
      </main>
    </>
  );
}
