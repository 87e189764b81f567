import { customerZone } from '../interpreter/local-time.ts';
import { firstFreeMoment } from './caps.ts';
import { quietUntil } from './quiet-hours.ts';
import { TRANSACTIONAL_GROUP, type FrequencyCap, type SendingSettings, type SendPriority } from './settings.ts';

/** One marketing email already counted against the caps: when, and in which subscription group (null: none named). */
export interface CountedSend {
  atMs: number;
  group: string | null;
}

/** Whether an email may go now; if not, why and the first moment it may (for a deferral timer). */
export type SendVerdict = { allowed: true } | { allowed: false; reason: 'capped' | 'quiet-hours'; untilMs: number };

/** What a send is judged on. */
export interface SendQuestion {
  settings: SendingSettings;
  /** The step's subscription group (absent: none named); `transactional` is exempt from every rule. */
  group?: string | undefined;
  priority: SendPriority;
  /** The customer's traits: their `timezone`, when valid, is the clock quiet hours are read on. */
  traits: Record<string, unknown>;
  nowMs: number;
  /** The customer's marketing emails counted so far (any order, older ones are ignored). */
  sent: readonly CountedSend[];
}

/** The caps a send of `group` is held to, and which of the customer's emails count against them. */
export function capsFor(
  settings: SendingSettings,
  group: string | undefined,
): {
  caps: readonly FrequencyCap[];
  counts: (send: CountedSend) => boolean;
} {
  const own = group === undefined ? undefined : settings.groups[group];
  return own ? { caps: own.caps, counts: (s) => s.group === group } : { caps: settings.caps, counts: () => true };
}

/**
 * Judges one email against quiet hours (on the customer's clock) and then the frequency caps. A
 * deferral until the end of quiet hours is judged again then, as the caps may have filled meanwhile.
 */
export function judgeSend(q: SendQuestion): SendVerdict {
  if (q.group === TRANSACTIONAL_GROUP) return { allowed: true };
  if (q.settings.quietHours) {
    const zone = customerZone(q.traits, q.settings.timezone);
    const until = quietUntil(q.nowMs, q.settings.quietHours, zone);
    if (until !== null) return { allowed: false, reason: 'quiet-hours', untilMs: until };
  }
  const { caps, counts } = capsFor(q.settings, q.group);
  const sent = q.sent.filter(counts).map((s) => s.atMs);
  const free = firstFreeMoment(caps, sent, q.nowMs, q.priority);
  return free > q.nowMs ? { allowed: false, reason: 'capped', untilMs: free } : { allowed: true };
}

/** The step config's subscription group, read tolerantly (a non-empty string, else none). */
export function groupOfConfig(config: Record<string, unknown>): string | undefined {
  const group = config['group'];
  return typeof group === 'string' && group.length > 0 ? group : undefined;
}
