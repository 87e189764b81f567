import { hashOf } from '../navigation/route.ts';
import { progressOf, type Broadcast } from './progress.ts';
import { startsColumnText } from './schedule.ts';

/** Every broadcast with its state and counts, newest first. */
export function BroadcastTable({ broadcasts }: { broadcasts: Broadcast[] }) {
  if (broadcasts.length === 0)
    return <p className="hint">No broadcasts yet. A broadcast sends one email to an audience, once.</p>;
  return (
    <table className="list" aria-label="Broadcasts">
      <thead>
        <tr>
          <th>Name</th>
          <th>State</th>
          <th>Audience</th>
          <th>Handled</th>
          <th>Sent or enrolled</th>
          <th>Skipped</th>
          <th>Failed</th>
          <th>Held out</th>
          <th>Starts</th>
        </tr>
      </thead>
      <tbody>
        {broadcasts.map((b) => {
          const progress = progressOf(b.counts);
          const count = (kind: string) => progress.segments.find((s) => s.kind === kind)?.count ?? 0;
          return (
            <tr key={b.id} data-state={b.state}>
              <td>
                <a href={hashOf({ page: 'broadcasts', id: b.id })}>{b.name}</a>
              </td>
              <td>{b.state}</td>
              <td>{b.audienceId}</td>
              <td>{progress.text}</td>
              <td className="number">{count('sent') + count('enrolled')}</td>
              <td className="number">{count('skipped')}</td>
              <td className="number">{count('failed') + count('in-doubt')}</td>
              <td className="number">{count('held-out')}</td>
              <td>{startsColumnText(b)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
