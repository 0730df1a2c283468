/** Routes: the sign-in gate, then the shell with one page per area (the heavy ones load on demand). */
import { lazy, Suspense, useSyncExternalStore } from 'react';
import { Center, Loader } from '@mantine/core';
import { Redirect, Route, Switch } from 'wouter';
import { getSession, subscribeSession } from './api/session';
import { SignInPage } from './pages/SignInPage';
import { Shell } from './components/Shell';

const InstancesPage = lazy(() => import('./pages/InstancesPage').then((m) => ({ default: m.InstancesPage })));
const QueriesPage = lazy(() => import('./pages/QueriesPage').then((m) => ({ default: m.QueriesPage })));
const TemplatesPage = lazy(() => import('./pages/TemplatesPage').then((m) => ({ default: m.TemplatesPage })));
const RunsPage = lazy(() => import('./pages/RunsPage').then((m) => ({ default: m.RunsPage })));
const CollectionsPage = lazy(() => import('./pages/CollectionsPage').then((m) => ({ default: m.CollectionsPage })));
const SchedulesPage = lazy(() => import('./pages/SchedulesPage').then((m) => ({ default: m.SchedulesPage })));
const SchedulePage = lazy(() => import('./pages/SchedulePage').then((m) => ({ default: m.SchedulePage })));
const WebhooksPage = lazy(() => import('./pages/WebhooksPage').then((m) => ({ default: m.WebhooksPage })));
const DataSourcesPage = lazy(() => import('./pages/DataSourcesPage').then((m) => ({ default: m.DataSourcesPage })));
const QueryEditorPage = lazy(() => import('./pages/QueryEditorPage'));
const ExecutionPage = lazy(() => import('./pages/ExecutionPage'));
const CollectionPage = lazy(() => import('./pages/CollectionPage'));

const loading = (
  <Center h={200}>
    <Loader aria-label="Loading" />
  </Center>
);

/** signInError: what the login callback reported (lib/auth-callback.ts), shown on the sign-in page. */
export function App({ signInError }: { signInError?: string }) {
  const session = useSyncExternalStore(subscribeSession, getSession);
  if (!session) return <SignInPage error={signInError} />;
  return (
    <Shell>
      <Suspense fallback={loading}>
        <Switch>
          <Route path="/">
            <Redirect to="/queries" />
          </Route>
          <Route path="/queries" component={QueriesPage} />
          <Route path="/queries/new">{() => <QueryEditorPage />}</Route>
          <Route path="/queries/:id">{(p) => <QueryEditorPage id={p.id} />}</Route>
          <Route path="/templates" component={TemplatesPage} />
          <Route path="/data-sources" component={DataSourcesPage} />
          <Route path="/runs" component={RunsPage} />
          <Route path="/runs/:id">{(p) => <ExecutionPage id={p.id} />}</Route>
          <Route path="/collections" component={CollectionsPage} />
          <Route path="/collections/:id">{(p) => <CollectionPage id={p.id} />}</Route>
          <Route path="/schedules" component={SchedulesPage} />
          <Route path="/schedules/:id">{(p) => <SchedulePage id={p.id} />}</Route>
          <Route path="/instances" component={InstancesPage} />
          <Route path="/webhooks" component={WebhooksPage} />
          <Route>
            <Center h={200}>Page not found.</Center>
          </Route>
        </Switch>
      </Suspense>
    </Shell>
  );
}
