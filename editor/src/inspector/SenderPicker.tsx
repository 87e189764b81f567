import { useEffect, useState } from 'react';
import { SenderList, type SenderShape } from '@boomerang/engine/api-shapes';
import { api } from '../api/client.ts';

/** The sender identities, loaded once per page (GET /v1/senders). */
let loading: Promise<SenderShape[]> | undefined;
const loadSenders = () => (loading ??= api('GET', '/v1/senders', SenderList).then((a) => a.senders));

/** A select of the sender identities; empty means the journey's sender (else the default). */
export function SenderPicker({
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
  const [senders, setSenders] = useState<SenderShape[]>([]);
  useEffect(() => {
    let live = true;
    loadSenders().then(
      (list) => live && setSenders(list),
      () => {
        loading = undefined; // try again next time the picker opens
      },
    );
    return () => {
      live = false;
    };
  }, []);
  const chosen = typeof value === 'string' ? value : '';
  const known = senders.some((s) => s.id === chosen);
  return (
    <select
      id={id}
      value={chosen}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
    >
      <option value="">The journey&apos;s sender</option>
      {chosen !== '' && !known && <option value={chosen}>{chosen} (does not exist)</option>}
      {senders.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name ? `${s.name} <${s.address}>` : s.address}
          {s.builtIn ? ' (default)' : ''}
        </option>
      ))}
    </select>
  );
}
