import { useState, type FormEvent } from 'react';
import { messageOf } from '../api/client.ts';
import { useSaving } from './saving.ts';

/**
 * A form's submit that first saves the draft's pending edits, then sends the request that needs them
 * saved (publish, simulate). The error of the last try is kept for the form to show.
 * @example const { submit, error } = useSubmitDraft(async () => { await api('POST', path, Shape, body); });
 */
export function useSubmitDraft(send: () => Promise<void>): {
  submit: (event: FormEvent) => Promise<void>;
  error: string | null;
} {
  const [error, setError] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await useSaving.getState().flush();
      await send();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return { submit, error };
}
