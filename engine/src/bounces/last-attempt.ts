import type { RetryPolicy } from '@temporalio/common';
import { msOptionalToNumber } from '@temporalio/common/lib/time.js';

/** What an activity knows about its retries (the part of Temporal's activity Info this needs). */
export interface AttemptInfo {
  attempt: number;
  /** When the first attempt was scheduled, and how long all attempts may take in all (0: no limit). */
  scheduledTimestampMs: number;
  scheduleToCloseTimeoutMs: number;
  retryPolicy?: RetryPolicy | undefined;
}

/**
 * Whether Temporal will not try this activity again after it fails now with a retryable error: the
 * attempts are used up, or the next one (after the policy's backoff) would start after the
 * schedule-to-close window closes. Temporal's defaults (1 s, doubling, capped at 100 times the
 * first interval) stand in for what the policy leaves out.
 */
export function isLastAttempt(info: AttemptInfo, nowMs: number): boolean {
  const policy = info.retryPolicy;
  const maximum = policy?.maximumAttempts ?? 0;
  if (maximum > 0 && info.attempt >= maximum) return true;
  if (!info.scheduleToCloseTimeoutMs) return false;
  const initial = msOptionalToNumber(policy?.initialInterval) ?? 1000;
  const coefficient = policy?.backoffCoefficient ?? 2;
  const cap = msOptionalToNumber(policy?.maximumInterval) ?? initial * 100;
  const backoff = Math.min(initial * coefficient ** (info.attempt - 1), cap);
  return nowMs + backoff >= info.scheduledTimestampMs + info.scheduleToCloseTimeoutMs;
}
