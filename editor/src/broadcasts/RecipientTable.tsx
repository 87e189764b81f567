import { useEffect, useState } from 'react';
import type { z } from 'zod';
import { RecipientsPage } from '@boomerang/engine/broadcast-shapes';
import { api, messageOf } from '../api/client.ts';
import { hashOf } from '../navigation/route.ts';

const PAGE_SIZE = 20;
type Page = z.infer<typeof RecipientsPage>;

/** The recipients handled so far, 20 a page by user id; `handled` changing reads the page again. */
export function RecipientTable({ broadcastId, handled }: { broadcastId: string; handled: number }) {
  // The `after` of each page shown so far: the last one is the page on screen, the others are "Previous".
  const [cursors, setCursors] = useState<string[]>(['']);
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<string | null>(null);
  const after = cursors[cursors.length - 1] ?? '';
  useEffect(() => {
    let live = true;
    const query = new URLSearchParams({ after, limit: String(PAGE_SIZE) });
    api('GET', `/v1/broadcasts/${encodeURIComponent(broadcastId)}/recipients?${query}`, RecipientsPage).then(
      (p) => live && (setPage(p), setError(null)),
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [broadcastId, after, handled]);
  return (
    <section aria-label="Recipients" className="recipients">
      <h3>Recipients</h3>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {page && page.recipients.length === 0 && cursors.length === 1 && <p className="hint">No one handled yet.</p>}
      {page && page.recipients.length > 0 && (
        <table className="list" aria-label="Recipients handled">
          <thead>
            <tr>
              <th>Customer</th>
              <th>Status</th>
              <th>Reason</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            {page.recipients.map((r) => (
              <tr key={r.userId} data-status={r.status}>
                <td>
                  <a href={hashOf({ page: 'customers', id: r.userId })}>{r.userId}</a>
                </td>
                <td>{r.status}</td>
                <td>{r.reason ?? ''}</td>
                <td>{new Date(r.updatedAt).toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
          Previous
        </button>
        <button
          type="button"
          disabled={!page?.next}
          onClick={() => page?.next !== undefined && setCursors((c) => [...c, page.next ?? ''])}
        >
          Next
        </button>
      </div>
    </section>
  );
}
