import { useCallback, useEffect, useState } from 'react';
import { BroadcastList } from '@boomerang/engine/broadcast-shapes';
import { api, messageOf } from '../api/client.ts';
import { BroadcastDetail, BroadcastForm, BroadcastTable, type Broadcast } from '../broadcasts/index.ts';
import { go } from '../navigation/route.ts';

/** Broadcasts: every broadcast with its counts, the form for a new one, and one broadcast's live progress. */
export function BroadcastsPage({ id }: { id?: string }) {
  const [list, setList] = useState<Broadcast[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      api('GET', '/v1/broadcasts', BroadcastList).then(
        (a) => {
          setList(a.broadcasts);
          setError(null);
        },
        (e: unknown) => setError(messageOf(e)),
      ),
    [],
  );
  useEffect(() => {
    if (id) return;
    void reload();
    const timer = setInterval(() => void reload(), 5000);
    return () => clearInterval(timer);
  }, [reload, id]);
  return (
    <main className="page broadcasts">
      <h1>Broadcasts</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {id ? (
        <BroadcastDetail key={id} id={id} />
      ) : creating ? (
        <>
          <h2>New broadcast</h2>
          <BroadcastForm
            onCreated={(b) => {
              setCreating(false);
              go({ page: 'broadcasts', id: b.id });
            }}
          />
          <button type="button" className="link" onClick={() => setCreating(false)}>
            Back to the list
          </button>
        </>
      ) : (
        <>
          <button type="button" onClick={() => setCreating(true)}>
            New broadcast
          </button>
          {list && <BroadcastTable broadcasts={list} />}
        </>
      )}
    </main>
  );
}
