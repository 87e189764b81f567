import { useEffect, useState } from 'react';
import {
  SubscriptionGroupList,
  TRANSACTIONAL_GROUP,
  type SubscriptionGroup as Group,
} from '@boomerang/engine/api-shapes';
import { api } from '../api/client.ts';

/** The subscription groups, loaded once per page (GET /v1/subscription-groups). */
let loading: Promise<Group[]> | undefined;
const loadGroups = () =>
  (loading ??= api('GET', '/v1/subscription-groups', SubscriptionGroupList).then((a) => a.groups));

/** A select of the subscription groups and `transactional`; empty means marketing without a group. */
export function GroupPicker({
  id,
  value,
  disabled,
  invalid,
  onChange,
}: {
  id: string;
  value: unknown;
  disabled: boolean;
  invalid: boolean;
  onChange: (value: string | undefined) => void;
}) {
  const [groups, setGroups] = useState<Group[]>([]);
  useEffect(() => {
    let live = true;
    loadGroups().then(
      (list) => live && setGroups(list),
      () => {
        loading = undefined; // try again next time the picker opens
      },
    );
    return () => {
      live = false;
    };
  }, []);
  const chosen = typeof value === 'string' ? value : '';
  const known = chosen === TRANSACTIONAL_GROUP || groups.some((g) => g.id === chosen);
  return (
    <select
      id={id}
      value={chosen}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    >
      <option value="">No group (marketing)</option>
      <option value={TRANSACTIONAL_GROUP}>Transactional (no unsubscribe link)</option>
      {chosen !== '' && !known && <option value={chosen}>{chosen} (does not exist)</option>}
      {groups.map((g) => (
        <option key={g.id} value={g.id}>
          {g.name}
        </option>
      ))}
    </select>
  );
}
