import { useCallback, useEffect, useState } from 'react';
import type { z } from 'zod';
import { DeadLetterActionAnswer, DeadLetterList, HealthAnswer } from '@boomerang/engine/api-shapes';
import { api, messageOf } from '../api/client.ts';
import { useRowAction } from '../api/useRowAction.ts';
import { hashOf } from '../navigation/route.ts';

type DeadLetter = z.infer<typeof DeadLetterList>['deadLetters'][number];
type Routing = NonNullable<z.infer<typeof HealthAnswer>['routing']>;

/** "2 s", "3 min", "5 h": how far behind routing is, in words. */
function age(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** Routing: how far behind it is, and the events it parked after their retries, each with Retry and Discard. */
export function RoutingPage() {
  const [routing, setRouting] = useState<Routing | null>(null);
  const [letters, setLetters] = useState<DeadLetter[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [health, list] = await Promise.all([
        api('GET', '/healthz', HealthAnswer),
        api('GET', '/v1/dead-letters', DeadLetterList),
      ]);
      setRouting(health.routing ?? null);
      setLetters(list.deadLetters);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => {
    void load();
    const timer = setInterval(() => {
      void load();
    }, 3000);
    return () => clearInterval(timer);
  }, [load]);
  const { busy, run } = useRowAction<number>(setError, load);
  const act = (seq: number, verb: 'retry' | 'discard') =>
    run(seq, () => api('POST', `/v1/dead-letters/${seq}/${verb}`, DeadLetterActionAnswer));
  return (
    <main className="page routing">
      <h1>Routing</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {routing && (
        <p role="status" aria-label="Routing lag">
          {routing.unrouted === 0
            ? 'Every event is routed.'
            : `${routing.unrouted} event(s) waiting; the oldest for ${age(routing.oldestUnroutedSeconds)}.`}{' '}
          {routing.deadLetters === 0 ? 'No dead letters.' : `${routing.deadLetters} dead letter(s).`}
        </p>
      )}
      <h2>Dead letters</h2>
      <p>
        Events that could not be routed after their retries. The customer&apos;s later events went on without them.
        Retry puts one back in the queue; Discard gives up on it.
      </p>
      {letters.length > 0 && (
        <table className="list" aria-label="Dead letters">
          <thead>
            <tr>
              <th>Event</th>
              <th>Customer</th>
              <th>Journey</th>
              <th>Why</th>
              <th>Attempts</th>
              <th>First try</th>
              <th>Last try</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {letters.map((d) => (
              <tr key={d.seq}>
                <td>
                  {d.type === 'track' ? d.event : d.type}
                  <br />
                  <small>{d.messageId}</small>
                </td>
                <td>{d.userId ? <a href={hashOf({ page: 'customers', id: d.userId })}>{d.userId}</a> : '—'}</td>
                <td>{d.journeyId ? <a href={hashOf({ page: 'journey', id: d.journeyId })}>{d.journeyId}</a> : '—'}</td>
                <td className="why">{d.error}</td>
                <td>{d.attempts}</td>
                <td>{new Date(d.firstTriedAt).toLocaleString()}</td>
                <td>{new Date(d.lastTriedAt).toLocaleString()}</td>
                <td className="actions">
                  <button
                    type="button"
                    disabled={busy === d.seq}
                    onClick={() => {
                      void act(d.seq, 'retry');
                    }}
                    aria-label={`Retry ${d.messageId}`}
                  >
                    Retry
                  </button>
                  <button
                    type="button"
                    disabled={busy === d.seq}
                    onClick={() => {
                      void act(d.seq, 'discard');
                    }}
                    aria-label={`Discard ${d.messageId}`}
                  >
                    Discard
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
