import { useEffect, useMemo, useState } from 'react';
import { api, messageOf } from '../api/client.ts';
import { LazyChart } from '../charts/LazyChart.tsx';
import { membershipLabel, membershipOption } from './history-option.ts';
import { AudienceHistory } from './shapes.ts';

/** A saved audience's membership over the last 30 days (GET /v1/audiences/:id/history); `version` refetches after a save. */
export function MembershipChart({ id, version }: { id: string; version: number }) {
  const [days, setDays] = useState<AudienceHistory['days'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api('GET', `/v1/audiences/${encodeURIComponent(id)}/history`, AudienceHistory).then(
      (h) => {
        setDays(h.days);
        setError(null);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, [id, version]);
  const option = useMemo(() => (days ? membershipOption(days) : null), [days]);
  return (
    <section className="audience-history" aria-label="Membership over time">
      <h2>Membership over time</h2>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {days && option && <LazyChart option={option} label={membershipLabel(days)} height={200} />}
    </section>
  );
}
