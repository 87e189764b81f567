import { useState } from 'react';
import { messageOf } from './client.ts';

/**
 * A table row's button (retry, discard, resend): the row is busy while its request runs, the table is
 * reloaded after it, and a failure is handed to `onError` in words.
 * @example const { busy, run } = useRowAction<number>(setError, load); run(row.seq, () => api('POST', path, Shape));
 */
export function useRowAction<Row>(
  onError: (message: string) => void,
  reload: () => Promise<unknown>,
): { busy: Row | null; run: (row: Row, request: () => Promise<unknown>) => Promise<void> } {
  const [busy, setBusy] = useState<Row | null>(null);
  const run = async (row: Row, request: () => Promise<unknown>) => {
    setBusy(row);
    try {
      await request();
      await reload();
    } catch (e) {
      onError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };
  return { busy, run };
}
