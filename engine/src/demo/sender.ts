import type { Batch } from './batches.ts';

/** The import stopped: which batch, what the server answered or what went wrong. */
export class ImportError extends Error {}

/** Where to send and how hard to push. */
export interface SendOptions {
  /** Base URL of the Boomerang instance, e.g. http://127.0.0.1:3000. */
  url: string;
  writeKey: string;
  /** Batches in flight at once. */
  inFlight?: number;
  /** Tries per batch before giving up on an outage. */
  attempts?: number;
  /** Waiting time before the first retry, doubled each time (a Retry-After header wins). */
  backoffMs?: number;
  /** Live traffic (POST /v1/batch, which starts journeys) instead of history (POST /v1/import, which starts none). */
  live?: boolean;
  /** Told after each batch is stored. */
  onBatch?: (batch: Batch, answer: BatchAnswer) => void;
}

/** What /v1/import answered for one batch. */
export interface BatchAnswer {
  stored: number;
  duplicates: number;
}

/** Totals of an import. */
export interface SendResult {
  batches: number;
  calls: number;
  stored: number;
  duplicates: number;
}

/** Statuses that mean "not now": rate limited, or the server or a proxy in front of it is unavailable. */
const RETRIED_STATUSES = new Set([429, 502, 503, 504]);

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date), if it holds one. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The server's error message and problems (path: message), as short text. */
function explain(body: unknown): string {
  if (!isRecord(body)) return 'no JSON answer';
  const error = isRecord(body.error) ? body.error : {};
  const problems = [
    ...(Array.isArray(error.problems) ? error.problems : []),
    ...(Array.isArray(body.rejected)
      ? body.rejected.flatMap((r: unknown) => (isRecord(r) && Array.isArray(r.problems) ? r.problems : []))
      : []),
  ]
    .filter(isRecord)
    .slice(0, 5)
    .map((p) => `${String(p.path)}: ${String(p.message)}`);
  return [typeof error.message === 'string' ? error.message : undefined, ...problems].filter(Boolean).join('; ');
}

/** The low-level reason fetch failed (ECONNREFUSED, ECONNRESET, a timeout). */
function reasonOf(error: unknown): string {
  const cause = error instanceof Error && isRecord(error.cause) ? error.cause : undefined;
  const code = cause && typeof cause.code === 'string' ? cause.code : undefined;
  return code ?? (error instanceof Error ? error.message : String(error));
}

const where = (b: Batch) => `batch ${b.index + 1} (calls ${b.firstCall + 1}-${b.firstCall + b.calls})`;

/** Posts one batch, retrying outages with backoff; throws ImportError on anything else. */
async function sendOne(batch: Batch, options: Required<Omit<SendOptions, 'onBatch'>>): Promise<BatchAnswer> {
  const authorization = `Basic ${Buffer.from(`${options.writeKey}:`).toString('base64')}`;
  const path = options.live ? '/v1/batch' : '/v1/import';
  const headers: Record<string, string> = { 'content-type': 'application/json', authorization };
  if (!options.live) headers['boomerang-history'] = 'true';
  let last = '';
  for (let attempt = 1; attempt <= options.attempts; attempt++) {
    let waitMs = options.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2);
    try {
      const res = await fetch(`${options.url}${path}`, {
        method: 'POST',
        headers,
        body: batch.body,
        signal: AbortSignal.timeout(120_000),
      });
      const answer: unknown = await res.json().catch(() => undefined);
      if (res.ok && isRecord(answer) && typeof answer.stored === 'number' && typeof answer.duplicates === 'number') {
        if (Array.isArray(answer.rejected) && answer.rejected.length > 0) {
          throw new ImportError(
            `${where(batch)}: ${answer.rejected.length} calls were rejected (a bug in the demo generator): ${explain(answer)}`,
          );
        }
        return { stored: answer.stored, duplicates: answer.duplicates };
      }
      if (res.status === 401)
        throw new ImportError(
          `${where(batch)}: the write key was refused (HTTP 401: ${explain(answer)}). Use the instance's write key: --write-key, WRITE_KEY, or the DATA_DIR it was started with.`,
        );
      if (!RETRIED_STATUSES.has(res.status)) {
        throw new ImportError(
          `${where(batch)} was refused with HTTP ${res.status}: ${explain(answer)}. The demo generator made a call the API does not take: this is a bug.`,
        );
      }
      last = `HTTP ${res.status}${explain(answer) ? `: ${explain(answer)}` : ''}`;
      waitMs = retryAfterMs(res.headers.get('retry-after')) ?? waitMs;
    } catch (error) {
      if (error instanceof ImportError) throw error;
      last = reasonOf(error);
    }
    if (attempt < options.attempts) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
  throw new ImportError(
    `${where(batch)} could not be stored after ${options.attempts} attempts at ${options.url}${path} (last: ${last}). Is Boomerang running there? Start it with \`npm start\`.`,
  );
}

/**
 * Posts batches to /v1/import (to /v1/batch when `live`), a few at a time, pulling the next batch only when one is done (so
 * memory stays flat). Outages (429, 502-504, refused or reset connections) are retried with
 * exponential backoff, honouring Retry-After; any other refusal stops the import with an ImportError.
 */
export async function sendBatches(batches: Iterable<Batch>, options: SendOptions): Promise<SendResult> {
  const settings = {
    inFlight: 4,
    attempts: 10,
    backoffMs: 250,
    live: false,
    ...options,
    url: options.url.replace(/\/$/, ''),
  };
  const iterator = batches[Symbol.iterator]();
  const result: SendResult = { batches: 0, calls: 0, stored: 0, duplicates: 0 };
  let failed = false;
  const lane = async () => {
    while (!failed) {
      const next = iterator.next();
      if (next.done) return;
      try {
        const answer = await sendOne(next.value, settings);
        result.batches += 1;
        result.calls += next.value.calls;
        result.stored += answer.stored;
        result.duplicates += answer.duplicates;
        options.onBatch?.(next.value, answer);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: settings.inFlight }, lane));
  const failure = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failure) throw failure.reason;
  return result;
}
