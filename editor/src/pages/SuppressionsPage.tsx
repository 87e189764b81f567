import { useCallback, useEffect, useState } from 'react';
import {
  SuppressionList,
  SuppressionRemoved,
  SuppressionShape,
  type SuppressionShape as Suppression,
} from '@boomerang/engine/api-shapes';
import { api, messageOf } from '../api/client.ts';
import { useRowAction } from '../api/useRowAction.ts';

const PAGE = 50;

const REASON: Record<Suppression['reason'], string> = {
  'hard-bounce': 'Hard bounce',
  'soft-bounce': 'Repeated soft bounces',
  complaint: 'Marked as spam',
  manual: 'Added by hand',
};

/** The suppression list: addresses no email goes to, why, what reported it and when; search, add, remove. */
export function SuppressionsPage() {
  const [rows, setRows] = useState<Suppression[]>([]);
  const [total, setTotal] = useState(0);
  const [search, setSearch] = useState('');
  const [offset, setOffset] = useState(0);
  const [address, setAddress] = useState('');
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(
    () =>
      api(
        'GET',
        `/v1/suppressions?limit=${PAGE}&offset=${offset}${search ? `&search=${encodeURIComponent(search)}` : ''}`,
        SuppressionList,
      ).then(
        (page) => {
          setRows(page.suppressions);
          setTotal(page.total);
          setError(null);
        },
        (e: unknown) => setError(messageOf(e)),
      ),
    [offset, search],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const { busy, run } = useRowAction<string>(setError, load);
  const add = async () => {
    try {
      await api('POST', '/v1/suppressions', SuppressionShape, { address: address.trim() });
      setAddress('');
      await load();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <main className="page suppressions">
      <h1>Suppressions</h1>
      <p>
        No email goes to these addresses: they bounced, their owner marked an email as spam, or someone added them.
        Remove one to email it again.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label>
          Add an address <input value={address} onChange={(e) => setAddress(e.target.value)} type="text" />
        </label>{' '}
        <button type="submit" disabled={!address.trim()}>
          Suppress
        </button>
      </form>
      <p>
        <label>
          Search{' '}
          <input
            type="search"
            value={search}
            onChange={(e) => {
              setOffset(0);
              setSearch(e.target.value);
            }}
          />
        </label>{' '}
        {total === 0 ? 'No suppressed addresses.' : `${total} suppressed address(es).`}
      </p>
      {rows.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th>Address</th>
              <th>Reason</th>
              <th>Source</th>
              <th>When</th>
              <th>Details</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.address} data-reason={s.reason}>
                <td>
                  {s.userId ? <a href={`#/customers/${encodeURIComponent(s.userId)}`}>{s.address}</a> : s.address}
                </td>
                <td>{REASON[s.reason]}</td>
                <td>{s.source}</td>
                <td>{new Date(s.createdAt).toLocaleString()}</td>
                <td>{s.detail}</td>
                <td>
                  <button
                    type="button"
                    disabled={busy !== null}
                    onClick={() =>
                      void run(s.address, () =>
                        api('DELETE', `/v1/suppressions/${encodeURIComponent(s.address)}`, SuppressionRemoved),
                      )
                    }
                  >
                    {busy === s.address ? 'Removing…' : 'Remove'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > PAGE && (
        <p>
          <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Newer
          </button>{' '}
          {offset + 1}–{Math.min(offset + PAGE, total)} of {total}{' '}
          <button type="button" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Older
          </button>
        </p>
      )}
    </main>
  );
}
