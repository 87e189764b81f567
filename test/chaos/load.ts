import { z } from 'zod';

/** One batch the load tool sends, and what became of it. */
export interface LoadBatch {
  index: number;
  messageIds: string[];
  /** Every answer, in order: an HTTP status, or the network error when there was none. */
  answers: Array<number | string>;
  /** Whether some attempt was acknowledged with 200. */
  acknowledged: boolean;
  /** What the acknowledging answer counted as stored and as duplicates. */
  stored: number;
  duplicates: number;
}

/** What the load tool did: every batch, acknowledged or not. */
export interface LoadRecord {
  batches: LoadBatch[];
}

/** Options of the load tool: where to send, how many batches in flight, how long to keep retrying one batch. */
export interface LoadOptions {
  url: () => string;
  writeKey: string;
  inFlight: number;
  retryForMs: number;
  onAcknowledged?: (acknowledged: number) => void;
  /** Says why retrying is pointless (the API process crashed), which stops the tool early. */
  giveUp?: () => string | undefined;
}

/** What `/v1/batch` answers with 200. */
const BatchAnswer = z.object({ stored: z.number().int(), duplicates: z.number().int() });

/** fetch's error names the cause (ECONNREFUSED, ECONNRESET, ...) in `cause.code`. */
function networkError(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'string')
    return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Streams batches to `/v1/batch`, `inFlight` at a time, and records which were acknowledged with 200.
 * An unacknowledged batch (a refused connection, a reset, a 5xx) is sent again, with the same
 * messageIds, until it is acknowledged or `retryForMs` has passed since its first attempt.
 */
export async function streamBatches(
  batches: Array<Array<{ messageId: string }>>,
  opts: LoadOptions,
): Promise<LoadRecord> {
  const record: LoadRecord = {
    batches: batches.map((b, index) => ({
      index,
      messageIds: b.map((e) => e.messageId),
      answers: [],
      acknowledged: false,
      stored: 0,
      duplicates: 0,
    })),
  };
  const auth = `Basic ${Buffer.from(`${opts.writeKey}:`).toString('base64')}`;
  let next = 0;
  let acknowledged = 0;
  const send = async (i: number) => {
    const batch = record.batches[i]!;
    const body = JSON.stringify({ batch: batches[i] });
    const started = Date.now();
    for (let attempt = 0; Date.now() - started < opts.retryForMs && !opts.giveUp?.(); attempt += 1) {
      try {
        const res = await fetch(`${opts.url()}/v1/batch`, {
          method: 'POST',
          headers: { authorization: auth, 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(30_000),
        });
        const text = await res.text();
        batch.answers.push(res.status);
        if (res.status === 200) {
          const counts = BatchAnswer.parse(JSON.parse(text));
          batch.acknowledged = true;
          batch.stored = counts.stored;
          batch.duplicates = counts.duplicates;
          acknowledged += 1;
          opts.onAcknowledged?.(acknowledged);
          return;
        }
        if (res.status < 500) return; // the batch itself is wrong: retrying it would not help
      } catch (error) {
        batch.answers.push(networkError(error));
      }
      await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2000)));
    }
  };
  const lane = async () => {
    for (let i = next++; i < batches.length; i = next++) await send(i);
  };
  await Promise.all(Array.from({ length: opts.inFlight }, lane));
  return record;
}
