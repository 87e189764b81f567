import { useEffect, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import { CustomerList, CustomerView } from '@boomerang/engine/api-shapes';
import { api, messageOf } from '../api/client.ts';
import { CustomerAudienceList } from '../audiences/index.ts';
import { go, hashOf } from '../navigation/route.ts';

type View = z.infer<typeof CustomerView>;

/** Customers: a list to pick from, and one customer's traits, events, journeys (step reached) and messages. */
export function CustomerPage({ id }: { id?: string }) {
  const [list, setList] = useState<z.infer<typeof CustomerList>['customers']>([]);
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  useEffect(() => {
    api('GET', '/v1/customers', CustomerList).then(
      (c) => setList(c.customers),
      (e: unknown) => setError(messageOf(e)),
    );
  }, []);
  useEffect(() => {
    setView(null);
    if (id)
      api('GET', `/v1/customers/${encodeURIComponent(id)}`, CustomerView).then(
        (v) => {
          setView(v);
          setError(null);
        },
        (e: unknown) => setError(messageOf(e)),
      );
  }, [id]);
  const find = (event: FormEvent) => {
    event.preventDefault();
    if (search.trim()) go({ page: 'customers', id: search.trim() });
  };
  return (
    <main className="page customers">
      <h1>Customers</h1>
      <form onSubmit={find} aria-label="Find a customer">
        <input value={search} onChange={(e) => setSearch(e.target.value)} placeholder="user id" aria-label="User id" />
        <button type="submit">Open</button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="customers-body">
        <ul className="customer-list">
          {list.map((c) => (
            <li key={c.userId}>
              <a href={hashOf({ page: 'customers', id: c.userId })}>{c.userId}</a>{' '}
              <small>{typeof c.traits['email'] === 'string' ? c.traits['email'] : ''}</small>
            </li>
          ))}
        </ul>
        {view && (
          <section aria-label={`Customer ${view.customer.userId}`}>
            <h2>
              {view.customer.userId}
              {view.customer.unsubscribedAt && <span className="badge">unsubscribed</span>}
            </h2>
            <h3>Traits</h3>
            <dl className="traits">
              {Object.entries(view.customer.traits).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd>{JSON.stringify(v)}</dd>
                </div>
              ))}
            </dl>
            <CustomerAudienceList userId={view.customer.userId} />
            <h3>Journeys</h3>
            <ul>
              {view.journeys.map((j) => (
                <li key={`${j.journeyId}:${j.version}`}>
                  <a href={hashOf({ page: 'journey', id: j.journeyId, version: j.version })}>
                    {j.journeyId} v{j.version}
                  </a>
                  : {j.status}, step reached {j.stepId ?? '—'}
                </li>
              ))}
            </ul>
            <h3>Messages</h3>
            <ul>
              {view.messages.map((m, i) => (
                <li key={i}>
                  {new Date(m.createdAt).toLocaleString()}: {m.subject ?? m.template} ({m.status})
                </li>
              ))}
            </ul>
            <h3>Events</h3>
            <ol className="timeline-list">
              {view.events.map((e) => (
                <li key={e.seq}>
                  {new Date(e.timestamp).toLocaleString()}: {e.type === 'identify' ? 'identify' : e.event}
                </li>
              ))}
            </ol>
          </section>
        )}
      </div>
    </main>
  );
}
