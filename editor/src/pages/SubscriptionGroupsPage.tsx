import { useCallback, useEffect, useState } from 'react';
import {
  SubscriptionGroup,
  SubscriptionGroupList,
  type SubscriptionGroup as Group,
} from '@boomerang/engine/api-shapes';
import { api, messageOf } from '../api/client.ts';

type Default = Group['default'];

const DEFAULT_LABEL: Record<Default, string> = {
  'opt-out': 'Everyone is in until they leave (opt-out)',
  'opt-in': 'No one is in until they join (opt-in)',
};

/** One group's default, changed in place. */
function DefaultSelect({ value, onChange, id }: { value: Default; onChange: (d: Default) => void; id?: string }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value === 'opt-in' ? 'opt-in' : 'opt-out')}>
      <option value="opt-out">{DEFAULT_LABEL['opt-out']}</option>
      <option value="opt-in">{DEFAULT_LABEL['opt-in']}</option>
    </select>
  );
}

/** Subscription groups: the topics customers join or leave on their preference page; list, create, change the default. */
export function SubscriptionGroupsPage() {
  const [groups, setGroups] = useState<Group[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [initial, setInitial] = useState<Default>('opt-out');
  const load = useCallback(
    () =>
      api('GET', '/v1/subscription-groups', SubscriptionGroupList).then(
        (list) => {
          setGroups(list.groups);
          setError(null);
        },
        (e: unknown) => setError(messageOf(e)),
      ),
    [],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      await load();
      return true;
    } catch (e) {
      setError(messageOf(e));
      return false;
    }
  };
  const create = async () => {
    const made = await act(() =>
      api('POST', '/v1/subscription-groups', SubscriptionGroup, { id: id.trim(), name: name.trim(), default: initial }),
    );
    if (made) {
      setId('');
      setName('');
    }
  };
  return (
    <main className="page subscription-groups">
      <h1>Subscription groups</h1>
      <p>
        Topics customers join or leave on their preference page. Each email step names its group (or
        &quot;transactional&quot;); a customer out of the group is skipped.
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label>
          Id <input value={id} onChange={(e) => setId(e.target.value)} placeholder="offers" />
        </label>{' '}
        <label>
          Name <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Offers" />
        </label>{' '}
        <label>
          Default <DefaultSelect value={initial} onChange={setInitial} />
        </label>{' '}
        <button type="submit" disabled={!id.trim() || !name.trim()}>
          Create
        </button>
      </form>
      {groups.length === 0 ? (
        <p>No subscription groups yet.</p>
      ) : (
        <table className="list">
          <thead>
            <tr>
              <th>Id</th>
              <th>Name</th>
              <th>Default</th>
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.id}>
                <td>{g.id}</td>
                <td>{g.name}</td>
                <td>
                  <DefaultSelect
                    id={`default-${g.id}`}
                    value={g.default}
                    onChange={(value) =>
                      void act(() =>
                        api('PUT', `/v1/subscription-groups/${encodeURIComponent(g.id)}`, SubscriptionGroup, {
                          default: value,
                        }),
                      )
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
