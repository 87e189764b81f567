import { useSyncExternalStore } from 'react';

// Pages live in the URL's hash (#/journeys/onboarding) so the server's own paths (/outbox, /v1) never clash.

/** Where the user is. */
export type Route =
  | { page: 'dashboard' }
  | { page: 'retention-settings' }
  | { page: 'journeys' }
  | { page: 'journey'; id: string; version?: number }
  | { page: 'templates'; id?: string }
  | { page: 'outbox' }
  | { page: 'routing' }
  | { page: 'deliverability' }
  | { page: 'sending-settings' }
  | { page: 'sends' }
  | { page: 'suppressions' }
  | { page: 'subscription-groups' }
  | { page: 'customers'; id?: string }
  | { page: 'import' }
  | { page: 'audiences'; id?: string }
  | { page: 'broadcasts'; id?: string };

/** The page a hash names; no hash, or an unknown one, is the home: the retention dashboard. */
export function routeOf(hash: string): Route {
  const [page, id, extra, version] = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (page === 'journeys' && id)
    return extra === 'versions' && version
      ? { page: 'journey', id, version: Number(version) }
      : { page: 'journey', id };
  if (page === 'journeys') return { page };
  if (page === 'retention' && id === 'settings') return { page: 'retention-settings' };
  if (page === 'templates') return id ? { page, id } : { page };
  if (page === 'outbox') return { page };
  if (page === 'routing') return { page };
  if (page === 'deliverability' && id === 'sending') return { page: 'sending-settings' };
  if (page === 'deliverability') return { page };
  if (page === 'sends') return { page };
  if (page === 'suppressions') return { page };
  if (page === 'subscription-groups') return { page };
  if (page === 'customers') return id ? { page, id } : { page };
  if (page === 'import') return { page };
  if (page === 'audiences') return id ? { page, id } : { page };
  if (page === 'broadcasts') return id ? { page, id } : { page };
  return { page: 'dashboard' };
}

/** The hash of a page. */
export function hashOf(route: Route): string {
  switch (route.page) {
    case 'dashboard':
      return '#/';
    case 'retention-settings':
      return '#/retention/settings';
    case 'journeys':
      return '#/journeys';
    case 'journey':
      return `#/journeys/${encodeURIComponent(route.id)}${route.version ? `/versions/${route.version}` : ''}`;
    case 'templates':
      return `#/templates${route.id ? `/${encodeURIComponent(route.id)}` : ''}`;
    case 'outbox':
      return '#/outbox';
    case 'routing':
      return '#/routing';
    case 'deliverability':
      return '#/deliverability';
    case 'sending-settings':
      return '#/deliverability/sending';
    case 'sends':
      return '#/sends';
    case 'suppressions':
      return '#/suppressions';
    case 'subscription-groups':
      return '#/subscription-groups';
    case 'customers':
      return `#/customers${route.id ? `/${encodeURIComponent(route.id)}` : ''}`;
    case 'import':
      return '#/import';
    case 'audiences':
      return `#/audiences${route.id ? `/${encodeURIComponent(route.id)}` : ''}`;
    case 'broadcasts':
      return `#/broadcasts${route.id ? `/${encodeURIComponent(route.id)}` : ''}`;
  }
}

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
};

/** The current page, following the hash. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return routeOf(hash);
}

/** Goes to a page. */
export function go(route: Route): void {
  window.location.hash = hashOf(route);
}
