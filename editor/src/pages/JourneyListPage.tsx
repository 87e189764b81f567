import { useCallback, useEffect, useState } from 'react';
import { z } from 'zod';
import { JourneyList as JourneyListShape, JourneyRecordShape } from '@boomerang/engine/api-shapes';
import { api, messageOf } from '../api/client.ts';
import { go } from '../navigation/route.ts';
import { NewJourney } from '../journeys/NewJourney.tsx';
import { duplicateOf } from '../journeys/copy.ts';

type Row = JourneyRecordShape;
const when = (iso: string) => new Date(iso).toLocaleString();

/** Every journey with its status, live version, customers in flight and last change; the actions a marketer needs. */
export function JourneyListPage() {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    try {
      setRows((await api('GET', '/v1/journeys', JourneyListShape)).journeys);
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const act = (run: () => Promise<unknown>) => async () => {
    try {
      await run();
      await reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  const taken = new Set((rows ?? []).map((r) => r.id));

  return (
    <main className="page">
      <header className="page-head">
        <h1>Journeys</h1>
        <NewJourney taken={taken} onError={setError} />
      </header>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {rows === null ? (
        <p>Loading journeys…</p>
      ) : rows.length === 0 ? (
        <p>No journeys yet. Create one from a starter above.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>Name</th>
              <th>Status</th>
              <th>Live version</th>
              <th>In flight</th>
              <th>Last change</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={`#/journeys/${encodeURIComponent(r.id)}`}>{r.name}</a>
                </td>
                <td>
                  <span className={`status status-${r.status}`}>{r.status}</span>
                </td>
                <td>{r.liveVersion === null ? '—' : `v${r.liveVersion}`}</td>
                <td>{r.inFlight ?? 0}</td>
                <td>{when(r.updatedAt)}</td>
                <td className="actions">
                  <button
                    type="button"
                    onClick={act(async () => {
                      const copy = duplicateOf(r.draft, r.id, taken);
                      await api('POST', '/v1/journeys', JourneyRecordShape, copy);
                      go({ page: 'journey', id: copy.id });
                    })}
                  >
                    Duplicate
                  </button>
                  {r.status === 'draft' && (
                    <button
                      type="button"
                      onClick={act(async () => {
                        if (window.confirm(`Delete the draft "${r.name}"? This cannot be undone.`))
                          await api('DELETE', `/v1/journeys/${encodeURIComponent(r.id)}`, z.unknown());
                      })}
                    >
                      Delete
                    </button>
                  )}
                  {r.status === 'live' && (
                    <button
                      type="button"
                      onClick={act(() =>
                        api('POST', `/v1/journeys/${encodeURIComponent(r.id)}/pause`, JourneyRecordShape),
                      )}
                    >
                      Pause
                    </button>
                  )}
                  {r.status === 'paused' && (
                    <button
                      type="button"
                      onClick={act(() =>
                        api('POST', `/v1/journeys/${encodeURIComponent(r.id)}/resume`, JourneyRecordShape),
                      )}
                    >
                      Resume
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
