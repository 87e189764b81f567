import { ApplicationFailure } from '@temporalio/common';

// Outgoing webhooks: a JSON POST signed like Stripe's (t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">).
// Web Crypto and fetch only, so the module stays isomorphic.

/** The header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'x-boomerang-signature';

const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The signature header value for `body` sent at `unixSeconds`. */
export async function signWebhook(secret: string, body: string, unixSeconds: number): Promise<string> {
  return `t=${unixSeconds},v1=${await hmacHex(secret, `${unixSeconds}.${body}`)}`;
}

/** True when `header` signs exactly `body` with `secret` and is at most `toleranceSeconds` old: what a receiver checks. */
export async function verifyWebhookSignature(secret: string, header: string | undefined, body: string, opts: { toleranceSeconds?: number; nowMs?: number } = {}): Promise<boolean> {
  const parts = new Map((header ?? '').split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || given.length !== 64) return false;
  if (Math.abs((opts.nowMs ?? Date.now()) / 1000 - t) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = await hmacHex(secret, `${t}.${body}`);
  let diff = 0; // constant time over the fixed length
  for (let i = 0; i < expected.length; i += 1) diff |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return diff === 0;
}

/** One webhook call: where, what, signed with which secret, how long to wait. */
export interface WebhookRequest {
  url: string;
  body: unknown;
  secret: string;
  timeoutMs: number;
  /** Sent as Idempotency-Key, so a receiver can drop a retried delivery it already handled. */
  idempotencyKey: string;
  signal?: AbortSignal | undefined;
}

/**
 * POSTs signed JSON. Resolves with the status on 2xx; a 429, a 5xx, a timeout or a network error
 * throws a retryable error (Temporal retries it with backoff); any other 4xx is not retried.
 */
export async function deliverWebhook(request: WebhookRequest): Promise<{ status: number }> {
  const body = JSON.stringify(request.body);
  const signature = await signWebhook(request.secret, body, Math.floor(Date.now() / 1000));
  const timeout = AbortSignal.timeout(request.timeoutMs);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: 'POST', body, redirect: 'error',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signature, 'idempotency-key': request.idempotencyKey, 'user-agent': 'Boomerang-Webhook/1' },
      signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
    });
  } catch (error) {
    const timedOut = timeout.aborted;
    throw ApplicationFailure.retryable(
      timedOut ? `${request.url} did not answer within ${request.timeoutMs} ms` : `${request.url} could not be reached: ${error instanceof Error ? error.message : String(error)}`,
      timedOut ? 'WebhookTimeout' : 'WebhookUnreachable');
  }
  await response.body?.cancel();
  if (response.ok) return { status: response.status };
  const message = `${request.url} answered ${response.status} ${response.statusText}`;
  if (response.status === 429 || response.status >= 500) throw ApplicationFailure.retryable(message, 'WebhookRetryableStatus');
  throw ApplicationFailure.nonRetryable(message, 'WebhookRejected');
}
