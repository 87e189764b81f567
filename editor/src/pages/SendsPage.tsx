import { useCallback, useEffect, useState } from 'react';
import { ResendAnswer, SendsAnswer } from '@boomerang/engine/api-shapes';
import type { z } from 'zod';
import { api, messageOf } from '../api/client.ts';
import { useRowAction } from '../api/useRowAction.ts';

type Send = z.infer<typeof SendsAnswer>['sends'][number];

const WHY: Record<string, string> = {
  failed: 'The mail server refused it, or could not be reached for the whole retry window.',
  'in-doubt':
    'It may have arrived: the server took it but the connection ended before it confirmed. It is never sent again by itself.',
};

/** Emails that failed or are in doubt, newest first, each with a one-click resend. */
export function SendsPage() {
  const [sends, setSends] = useState<Send[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      api('GET', '/v1/sends?status=failed,in-doubt', SendsAnswer).then(
        (s) => {
          setSends(s.sends);
          setError(null);
        },
        (e: unknown) => setError(messageOf(e)),
      ),
    [],
  );
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [load]);
  const { busy, run } = useRowAction<string>(setError, load);
  // One id per click: a retried or doubled request sends nothing more.
  const resend = (send: Send) =>
    run(send.idempotencyKey, () =>
      api('POST', `/v1/sends/${encodeURIComponent(send.idempotencyKey)}/resend`, ResendAnswer, undefined, undefined, {
        'idempotency-key': crypto.randomUUID(),
      }),
    );
  return (
    <main className="page sends">
      <h1>Sends</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <p>{sends.length === 0 ? 'No failed or in-doubt emails.' : `${sends.length} email(s) failed or in doubt.`}</p>
      {sends.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>When</th>
              <th>Customer</th>
              <th>Journey step</th>
              <th>Template</th>
              <th>Status</th>
              <th>Why</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {sends.map((s) => (
              <tr key={s.idempotencyKey} data-status={s.status}>
                <td>{new Date(s.createdAt).toLocaleString()}</td>
                <td>
                  <a href={`#/customers/${encodeURIComponent(s.userId)}`}>{s.recipient ?? s.userId}</a>
                </td>
                <td>{s.journeyId ? `${s.journeyId} / ${s.stepId ?? ''}` : ''}</td>
                <td>{s.template}</td>
                <td title={WHY[s.status]}>{s.status}</td>
                <td>{s.error}</td>
                <td>
                  {s.lastResend?.status === 'sent' ? (
                    <span>Resent {new Date(s.lastResend.at).toLocaleString()}</span>
                  ) : (
                    <button type="button" disabled={busy !== null} onClick={() => void resend(s)}>
                      {busy === s.idempotencyKey
                        ? 'Sending…'
                        : s.lastResend
                          ? `Resend again (last: ${s.lastResend.status})`
                          : 'Resend'}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
