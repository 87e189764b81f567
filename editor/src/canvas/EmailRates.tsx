import { useShallow } from 'zustand/react/shallow';
import { useStats } from '../stats/stats.ts';

const percent = (n: number, of: number) => (of > 0 ? `${Math.round((n / of) * 100)}%` : '–');

/** An email step's numbers on the canvas: sent, and opened / clicked as a share of delivered (human only). */
export function EmailRates({ id }: { id: string }) {
  // Polled rates arrive as new objects: re-render only when a number changed.
  const email = useStats(useShallow((s) => s.counts[id]?.email));
  if (!email) return null;
  const title = `delivered ${email.delivered}, bounced ${email.bounced}, unsubscribed ${email.unsubscribed}, complained ${email.complained} (machine opens and clicks left out)`;
  return (
    <div className="step-counts step-email" aria-label={`Email rates for ${id}`} title={title}>
      <span>sent {email.sent}</span>
      <span>
        opened {email.opened} ({percent(email.opened, email.delivered)})
      </span>
      <span>
        clicked {email.clicked} ({percent(email.clicked, email.delivered)})
      </span>
      {email.bounced ? <span className="failed">bounced {email.bounced}</span> : null}
    </div>
  );
}
