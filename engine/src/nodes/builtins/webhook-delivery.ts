import type * as Dns from 'node:dns';
import type * as Http from 'node:http';
import type * as Https from 'node:https';
import type { LookupFunction } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { parseWebhookAllow, webhookRefusal, type WebhookAllowList } from './webhook-address.ts';
import { messageOf } from '../../errors/index.ts';

// Outgoing webhooks: a JSON POST signed like Stripe's (t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">).
// The module is imported by the editor and the workflow bundle (the node definitions are isomorphic), so
// it imports nothing from Node: the worker reaches node:http, node:https and node:dns at call time
// through process.getBuiltinModule.

/** The header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'x-boomerang-signature';

const encoder = new TextEncoder();

async function hmacHex(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message)));
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The signature header value for `body` sent at `unixSeconds`. */
export async function signWebhook(secret: string, body: string, unixSeconds: number): Promise<string> {
  return `t=${unixSeconds},v1=${await hmacHex(secret, `${unixSeconds}.${body}`)}`;
}

/** True when `header` signs exactly `body` with `secret` and is at most `toleranceSeconds` old: what a receiver checks. */
export async function verifyWebhookSignature(
  secret: string,
  header: string | undefined,
  body: string,
  opts: { toleranceSeconds?: number; nowMs?: number } = {},
): Promise<boolean> {
  const parts = new Map(
    (header ?? '').split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
  );
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

/** One address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** How deliverWebhookVia finds and judges the address it connects to. */
export interface WebhookNetwork {
  resolve(host: string): Promise<ResolvedAddress>;
  allow: WebhookAllowList;
}

interface NodeModules {
  'node:http': typeof Http;
  'node:https': typeof Https;
  'node:dns': typeof Dns;
}

function nodeBuiltin<K extends keyof NodeModules>(id: K): NodeModules[K] {
  const found = globalThis.process?.getBuiltinModule?.(id);
  if (!found)
    throw ApplicationFailure.nonRetryable(
      'Webhooks are called from a Node.js (20.16 or newer) worker only',
      'WebhookUnsupported',
    );
  return found;
}

/** The system resolver (as a connection would resolve) and WEBHOOK_ALLOW as it is now; loadConfig has checked it at start-up. */
function systemNetwork(): WebhookNetwork {
  return {
    resolve: (host) => nodeBuiltin('node:dns').promises.lookup(host),
    allow: parseWebhookAllow(globalThis.process?.env?.WEBHOOK_ALLOW),
  };
}

/**
 * POSTs signed JSON. Resolves with the status on 2xx; a 429, a 5xx, a timeout or a network error
 * throws a retryable error (Temporal retries it with backoff); any other 4xx, a redirect (never
 * followed) and an address that is not public (loopback, private, link-local, metadata, ... unless in
 * WEBHOOK_ALLOW) are not retried.
 */
export async function deliverWebhook(request: WebhookRequest): Promise<{ status: number }> {
  return deliverWebhookVia(request, systemNetwork());
}

/**
 * deliverWebhook over a given resolver and allow list. The host is resolved once, the address is
 * judged, and the connection goes to that very address (a pinned lookup), so a DNS answer that
 * changes between the check and the connection (DNS rebinding) cannot reach a refused address.
 */
export async function deliverWebhookVia(request: WebhookRequest, network: WebhookNetwork): Promise<{ status: number }> {
  const url = new URL(request.url);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let target: ResolvedAddress;
  try {
    target = await network.resolve(host);
  } catch (error) {
    throw ApplicationFailure.retryable(
      `${request.url} could not be reached: ${host} did not resolve (${messageOf(error)})`,
      'WebhookUnreachable',
    );
  }
  const refusal = webhookRefusal(host, target.address, network.allow);
  if (refusal)
    throw ApplicationFailure.nonRetryable(`Webhook to ${request.url} refused: ${refusal}`, 'WebhookAddressRefused');

  const body = JSON.stringify(request.body);
  const signature = await signWebhook(request.secret, body, Math.floor(Date.now() / 1000));
  const timeout = AbortSignal.timeout(request.timeoutMs);
  let response: { status: number; statusText: string; location: string | undefined };
  try {
    response = await post(
      url,
      target,
      body,
      {
        'content-type': 'application/json',
        [SIGNATURE_HEADER]: signature,
        'idempotency-key': request.idempotencyKey,
        'user-agent': 'Boomerang-Webhook/1',
      },
      request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
    );
  } catch (error) {
    const timedOut = timeout.aborted;
    throw ApplicationFailure.retryable(
      timedOut
        ? `${request.url} did not answer within ${request.timeoutMs} ms`
        : `${request.url} could not be reached: ${messageOf(error)}`,
      timedOut ? 'WebhookTimeout' : 'WebhookUnreachable',
    );
  }
  if (response.status >= 200 && response.status < 300) return { status: response.status };
  const message = `${request.url} answered ${response.status} ${response.statusText}`;
  if (response.status === 429 || response.status >= 500)
    throw ApplicationFailure.retryable(message, 'WebhookRetryableStatus');
  if (response.status >= 300 && response.status < 400) {
    throw ApplicationFailure.nonRetryable(
      `${message}; webhooks do not follow redirects${response.location ? ` (to ${response.location})` : ''}: use the final URL`,
      'WebhookRedirected',
    );
  }
  throw ApplicationFailure.nonRetryable(message, 'WebhookRejected');
}

/** One POST over a fresh connection to `target` (never a pooled one), answering with the status line. */
function post(
  url: URL,
  target: ResolvedAddress,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
): Promise<{ status: number; statusText: string; location: string | undefined }> {
  const pinned: LookupFunction = (_host, options, callback) => {
    if (options.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  const client = url.protocol === 'https:' ? nodeBuiltin('node:https') : nodeBuiltin('node:http');
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(encoder.encode(body).byteLength) },
        lookup: pinned,
        agent: false,
        signal,
      },
      (res: Http.IncomingMessage) => {
        res.resume(); // the answer's body is not read
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', location: res.headers.location });
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}
