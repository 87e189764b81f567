import { SubscriptionGroupList, TRANSACTIONAL_GROUP } from '@boomerang/engine/api-shapes';
import { api } from '../api/client.ts';
import { ListPicker, loadOnce, type PickerProps } from './ListPicker.tsx';

/** The subscription groups, loaded once per page (GET /v1/subscription-groups). */
const loadGroups = loadOnce(() => api('GET', '/v1/subscription-groups', SubscriptionGroupList).then((a) => a.groups));
const TRANSACTIONAL = [{ value: TRANSACTIONAL_GROUP, label: 'Transactional (no unsubscribe link)' }];

/** A select of the subscription groups and `transactional`; empty means marketing without a group. */
export function GroupPicker(props: PickerProps) {
  return (
    <ListPicker
      {...props}
      load={loadGroups}
      choiceOf={(g) => ({ value: g.id, label: g.name })}
      empty={() => 'No group (marketing)'}
      fixed={TRANSACTIONAL}
    />
  );
}
