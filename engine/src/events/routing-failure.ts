import { isGrpcServiceError } from '@temporalio/client';
import { messageOf } from '../errors/index.ts';

/** An event the router must not hand to Temporal (a limit it enforces): parked at once, with the reason. */
export class RefusedEvent extends Error {
  constructor(
    message: string,
    readonly journeyId: string,
  ) {
    super(message);
  }
}

// gRPC codes that mean "the server is not there or is overloaded", not "this request is wrong".
const OUTAGE_GRPC_CODES = new Set([
  1 /* CANCELLED */, 4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 14 /* UNAVAILABLE */,
]);
const OUTAGE_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/**
 * Whether a routing error is an outage (Temporal or the database unreachable: every event would fail
 * alike, so nobody's attempts are counted and routing pauses) rather than a problem with one event.
 */
export function isOutage(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    if (isGrpcServiceError(e) && OUTAGE_GRPC_CODES.has(e.code)) return true;
    const code = codeOf(e);
    if (typeof code === 'string' && (OUTAGE_NODE_CODES.has(code) || /^08|^57P0[1-3]$|^53300$/.test(code))) return true;
    if (
      e instanceof Error &&
      /connection (terminated|is closed|ended)|PGlite is closed|Client has encountered a connection error/i.test(
        e.message,
      )
    )
      return true;
  }
  return false;
}

/** How long an event waits before routing attempt `attempt` + 1: 1 s, 4 s, 16 s, ... at most 5 minutes. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(baseMs * 4 ** Math.max(0, attempt - 1), 5 * 60_000);
}

/** A one-line description of an error and its causes (Temporal's client wraps the server's words in `cause`), for the dead-letter list. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  for (
    let e: unknown = error, depth = 0;
    e !== undefined && e !== null && depth < 5;
    e = (e as { cause?: unknown }).cause, depth += 1
  ) {
    const message = messageOf(e);
    if (message && !parts.includes(message)) parts.push(message);
    if (!(e instanceof Error)) break;
  }
  const text = parts.join(': ');
  return text.length > 2000 ? `${text.slice(0, 2000)}...` : text;
}
