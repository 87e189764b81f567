import { describe, expect, it } from 'vitest';
import { hashOf, routeOf, type Route } from '../../../editor/src/navigation/route.ts';

describe('editor pages in the URL hash', () => {
  it('round-trips every page', () => {
    const routes: Route[] = [
      { page: 'dashboard' },
      { page: 'retention-settings' },
      { page: 'journeys' },
      { page: 'journey', id: 'win back' },
      { page: 'journey', id: 'onboarding', version: 3 },
      { page: 'templates' },
      { page: 'templates', id: 'welcome' },
      { page: 'outbox' },
      { page: 'routing' },
      { page: 'sends' },
      { page: 'customers', id: 'ada@x' },
      { page: 'audiences' },
      { page: 'audiences', id: 'lapsed-customers' },
      { page: 'broadcasts' },
      { page: 'broadcasts', id: 'spring-sale' },
    ];
    for (const route of routes) expect(routeOf(hashOf(route))).toEqual(route);
  });

  it('shows the journeys list for an empty or unknown hash', () => {
    expect(routeOf('')).toEqual({ page: 'dashboard' });
    expect(routeOf('#/')).toEqual({ page: 'dashboard' });
    expect(routeOf('#/nowhere')).toEqual({ page: 'dashboard' });
    expect(routeOf('#/journeys')).toEqual({ page: 'journeys' });
  });

  it('reads a broadcast from its hash', () => {
    expect(routeOf('#/broadcasts/spring-sale')).toEqual({ page: 'broadcasts', id: 'spring-sale' });
  });
});
