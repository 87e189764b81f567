import { useCallback, useEffect, useState } from 'react';
import { BroadcastShape } from '@boomerang/engine/broadcast-shapes';
import { api, messageOf } from '../api/client.ts';
import { isFinished, type Broadcast } from './progress.ts';

/** How often an unfinished broadcast is read again. */
const POLL_MS = 1500;

/**
 * One broadcast, read again every 1.5 s until it is completed or cancelled.
 * @example const { broadcast, error, reload } = useBroadcast('spring-sale');
 */
export function useBroadcast(id: string): {
  broadcast: Broadcast | null;
  error: string | null;
  reload: () => Promise<void>;
} {
  const [broadcast, setBroadcast] = useState<Broadcast | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(
    () =>
      api('GET', `/v1/broadcasts/${encodeURIComponent(id)}`, BroadcastShape).then(
        (b) => {
          setBroadcast(b);
          setError(null);
        },
        (e: unknown) => setError(messageOf(e)),
      ),
    [id],
  );
  const finished = broadcast !== null && isFinished(broadcast);
  useEffect(() => {
    void reload();
    if (finished) return;
    const timer = setInterval(() => void reload(), POLL_MS);
    return () => clearInterval(timer);
  }, [reload, finished]);
  return { broadcast, error, reload };
}
