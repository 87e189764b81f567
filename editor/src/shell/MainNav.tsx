import { useId } from 'react';
import type { Route } from '../navigation/route.ts';

/** One link of the main navigation: where it goes and which pages it is current for. */
interface NavLink {
  label: string;
  href: string;
  current: (page: Route['page']) => boolean;
}

const on =
  (...pages: Array<Route['page']>) =>
  (page: Route['page']) =>
    pages.includes(page);

/** The pages grouped the way a marketer works: build journeys, know customers, send, stay deliverable, measure, operate. */
export const NAV_GROUPS: ReadonlyArray<{ label: string; links: NavLink[] }> = [
  {
    label: 'Journeys',
    links: [
      { label: 'Journeys', href: '#/journeys', current: on('journeys', 'journey') },
      { label: 'Templates', href: '#/templates', current: on('templates') },
    ],
  },
  {
    label: 'Customers',
    links: [
      { label: 'Audiences', href: '#/audiences', current: on('audiences') },
      { label: 'Customers', href: '#/customers', current: on('customers') },
      { label: 'Import', href: '#/import', current: on('import') },
    ],
  },
  {
    label: 'Sends',
    links: [
      { label: 'Broadcasts', href: '#/broadcasts', current: on('broadcasts') },
      { label: 'Sends', href: '#/sends', current: on('sends') },
      { label: 'Outbox', href: '#/outbox', current: on('outbox') },
    ],
  },
  {
    label: 'Deliverability',
    links: [
      { label: 'Deliverability', href: '#/deliverability', current: on('deliverability') },
      { label: 'Suppressions', href: '#/suppressions', current: on('suppressions') },
      { label: 'Subscription groups', href: '#/subscription-groups', current: on('subscription-groups') },
      { label: 'Caps & quiet hours', href: '#/deliverability/sending', current: on('sending-settings') },
    ],
  },
  {
    label: 'Insights',
    links: [
      { label: 'Retention', href: '#/', current: on('dashboard') },
      { label: 'Retention settings', href: '#/retention/settings', current: on('retention-settings') },
    ],
  },
  { label: 'Operations', links: [{ label: 'Routing', href: '#/routing', current: on('routing') }] },
];

/** One titled group of links; the title names the list for screen readers. */
function NavGroup({ label, links, page }: { label: string; links: NavLink[]; page: Route['page'] }) {
  const id = useId();
  return (
    <div className="nav-group">
      <span id={id} className="nav-group-title">
        {label}
      </span>
      <ul aria-labelledby={id}>
        {links.map((link) => (
          <li key={link.href}>
            <a href={link.href} aria-current={link.current(page) ? 'page' : undefined}>
              {link.label}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The side bar: every page in its group, the current one marked, and sign out at the foot. */
export function MainNav({ page, onSignOut }: { page: Route['page']; onSignOut: () => void }) {
  return (
    <nav className="nav" aria-label="Main">
      <b>Boomerang</b>
      {NAV_GROUPS.map((group) => (
        <NavGroup key={group.label} label={group.label} links={group.links} page={page} />
      ))}
      <span className="spacer" />
      <button type="button" className="link" onClick={onSignOut}>
        Sign out
      </button>
    </nav>
  );
}
