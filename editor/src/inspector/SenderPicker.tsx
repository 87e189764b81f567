import { SenderList } from '@boomerang/engine/api-shapes';
import { api } from '../api/client.ts';
import { ListPicker, loadOnce, type PickerProps } from './ListPicker.tsx';

/** The sender identities, loaded once per page (GET /v1/senders). */
const loadSenders = loadOnce(() => api('GET', '/v1/senders', SenderList).then((a) => a.senders));

/** A select of the sender identities; empty means the journey's sender (else the default). */
export function SenderPicker(props: PickerProps) {
  return (
    <ListPicker
      {...props}
      load={loadSenders}
      choiceOf={(s) => ({
        value: s.id,
        label: `${s.name ? `${s.name} <${s.address}>` : s.address}${s.builtIn ? ' (default)' : ''}`,
      })}
      empty={() => "The journey's sender"}
    />
  );
}
