import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { api, messageOf } from '../api/client.ts';
import { hashOf } from '../navigation/route.ts';
import { CustomerAudiences } from './shapes.ts';

/** The audiences a customer is in now (GET /v1/customers/:userId/audiences), each linking to its builder. */
export function CustomerAudienceList({ userId }: { userId: string }) {
  const [audiences, setAudiences] = useState<z.infer<typeof CustomerAudiences>['audiences'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setAudiences(null);
    api('GET', `/v1/customers/${encodeURIComponent(userId)}/audiences`, CustomerAudiences).then(
      (a) => setAudiences(a.audiences),
      (e: unknown) => setError(messageOf(e)),
    );
  }, [userId]);
  return (
    <>
      <h3>Audiences</h3>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {audiences && audiences.length === 0 && <p className="hint">In no audience now.</p>}
      {audiences && audiences.length > 0 && (
        <ul aria-label="Audiences of this customer">
          {audiences.map((a) => (
            <li key={a.audienceId}>
              <a href={hashOf({ page: 'audiences', id: a.audienceId })}>{a.name}</a>, since{' '}
              {new Date(a.enteredAt).toLocaleString()}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
