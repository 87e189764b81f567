import { lazy, Suspense, useEffect, useState } from 'react';
import { useCatalog } from '../api/catalog.ts';
import { forgetToken, savedToken } from '../api/session.ts';
import { JourneyPage } from '../pages/JourneyPage.tsx';
import { JourneyListPage } from '../pages/JourneyListPage.tsx';
import { AudiencesPage } from '../pages/AudiencesPage.tsx';
import { BroadcastsPage } from '../pages/BroadcastsPage.tsx';
import { CustomerPage } from '../pages/CustomerPage.tsx';
import { ImportPage } from '../pages/ImportPage.tsx';
import { DeliverabilityPage } from '../pages/DeliverabilityPage.tsx';
import { OutboxPage } from '../pages/OutboxPage.tsx';
import { RetentionSettingsPage } from '../pages/RetentionSettingsPage.tsx';
import { RoutingPage } from '../pages/RoutingPage.tsx';
import { SendsPage } from '../pages/SendsPage.tsx';
import { SendingSettingsPage } from '../pages/SendingSettingsPage.tsx';
import { SubscriptionGroupsPage } from '../pages/SubscriptionGroupsPage.tsx';
import { SuppressionsPage } from '../pages/SuppressionsPage.tsx';
import { SignIn } from '../signin/SignIn.tsx';
import { useRoute, type Route } from '../navigation/route.ts';
import { MainNav } from './MainNav.tsx';

// The template editor brings CodeMirror and the dashboard brings charts; each loads when first opened, not with the canvas.
const DashboardPage = lazy(() => import('../pages/DashboardPage.tsx').then((m) => ({ default: m.DashboardPage })));
const TemplatesPage = lazy(() => import('../pages/TemplatesPage.tsx').then((m) => ({ default: m.TemplatesPage })));

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'retention-settings':
      return <RetentionSettingsPage />;
    case 'sending-settings':
      return <SendingSettingsPage />;
    case 'subscription-groups':
      return <SubscriptionGroupsPage />;
    case 'dashboard':
      return (
        <Suspense fallback={<p className="page">Loading the dashboard…</p>}>
          <DashboardPage />
        </Suspense>
      );
    case 'journeys':
      return <JourneyListPage />;
    case 'journey':
      return (
        <JourneyPage
          key={`${route.id}@${route.version ?? 'draft'}`}
          id={route.id}
          {...(route.version ? { version: route.version } : {})}
        />
      );
    case 'templates':
      return (
        <Suspense fallback={<p className="page">Loading the template editor…</p>}>
          <TemplatesPage {...(route.id ? { id: route.id } : {})} />
        </Suspense>
      );
    case 'outbox':
      return <OutboxPage />;
    case 'routing':
      return <RoutingPage />;
    case 'deliverability':
      return <DeliverabilityPage />;
    case 'sends':
      return <SendsPage />;
    case 'suppressions':
      return <SuppressionsPage />;
    case 'customers':
      return <CustomerPage {...(route.id ? { id: route.id } : {})} />;
    case 'import':
      return <ImportPage />;
    case 'audiences':
      return <AudiencesPage {...(route.id ? { id: route.id } : {})} />;
    case 'broadcasts':
      return <BroadcastsPage {...(route.id ? { id: route.id } : {})} />;
  }
}

/** Sign-in, then the navigation and the current page. */
export function App() {
  const [signedIn, setSignedIn] = useState(savedToken() !== null);
  const route = useRoute();
  // Node types, templates and event names are needed by every journey page: fetch them once, early.
  useEffect(() => {
    if (signedIn) void useCatalog.getState().load();
  }, [signedIn]);
  if (!signedIn) return <SignIn onSignedIn={() => setSignedIn(true)} />;
  return (
    <div className="app">
      <MainNav
        page={route.page}
        onSignOut={() => {
          forgetToken();
          setSignedIn(false);
        }}
      />
      <div className="content">
        <Page route={route} />
      </div>
    </div>
  );
}
