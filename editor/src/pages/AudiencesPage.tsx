import { useCallback, useEffect, useState } from 'react';
import { api, messageOf } from '../api/client.ts';
import { AudienceBuilder, AudienceList, AudienceRecord } from '../audiences/index.ts';
import { hashOf } from '../navigation/route.ts';

/** Audiences: every audience with its size and last change, and the builder for a new or a saved one. */
export function AudiencesPage({ id }: { id?: string }) {
  const [list, setList] = useState<AudienceRecord[] | null>(null);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    api('GET', '/v1/audiences', AudienceList).then(
      (a) => {
        setList(a.audiences);
        setError(null);
      },
      (e: unknown) => setError(messageOf(e)),
    );
  }, []);
  useEffect(reload, [reload, id]);
  return (
    <main className="page audiences">
      <h1>Audiences</h1>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {id ? (
        <SavedAudience key={id} id={id} onSaved={reload} />
      ) : creating ? (
        <>
          <h2>New audience</h2>
          <AudienceBuilder onSaved={() => setCreating(false)} />
        </>
      ) : (
        <>
          <button type="button" onClick={() => setCreating(true)}>
            New audience
          </button>
          {list && <AudienceTable audiences={list} />}
        </>
      )}
    </main>
  );
}

function AudienceTable({ audiences }: { audiences: AudienceRecord[] }) {
  if (audiences.length === 0)
    return <p className="hint">No audiences yet. An audience is a group of customers that updates on every event.</p>;
  return (
    <table className="audience-list" aria-label="Audiences">
      <thead>
        <tr>
          <th>Name</th>
          <th>Members</th>
          <th>Updated</th>
        </tr>
      </thead>
      <tbody>
        {audiences.map((a) => (
          <tr key={a.id}>
            <td>
              <a href={hashOf({ page: 'audiences', id: a.id })}>{a.name}</a>
            </td>
            <td className="number">{a.size.toLocaleString('en-US')}</td>
            <td>{new Date(a.updatedAt).toLocaleString()}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One saved audience in the builder, read from the API; saving keeps the builder and refreshes the chart. */
function SavedAudience({ id, onSaved }: { id: string; onSaved: () => void }) {
  const [record, setRecord] = useState<AudienceRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api('GET', `/v1/audiences/${encodeURIComponent(id)}`, AudienceRecord).then(setRecord, (e: unknown) =>
      setError(messageOf(e)),
    );
  }, [id]);
  return (
    <>
      <p>
        <a href={hashOf({ page: 'audiences' })}>All audiences</a>
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {record && (
        <>
          <h2>
            {record.name} <small>version {record.version}</small>
          </h2>
          <AudienceBuilder
            saved={record}
            onSaved={(next) => {
              setRecord(next);
              onSaved();
            }}
          />
        </>
      )}
    </>
  );
}
