import type { z } from 'zod';
import type { BroadcastShape } from '@boomerang/engine/broadcast-shapes';

/** A broadcast as GET /v1/broadcasts/:id answers it. */
export type Broadcast = z.infer<typeof BroadcastShape>;
type Counts = Broadcast['counts'];

/** One coloured part of the progress bar. */
export interface Segment {
  kind: 'sent' | 'enrolled' | 'skipped' | 'failed' | 'in-doubt' | 'held-out';
  label: string;
  count: number;
}

/** How far a broadcast is: recipients handled (sent or enrolled, skipped, failed, in doubt, held out) out of its total. */
export interface Progress {
  handled: number;
  /** The audience's size when sending began; null before it began. */
  total: number | null;
  /** 0-100, or null while the total is not known. */
  percent: number | null;
  segments: Segment[];
  /** "3 of 3 handled", or "Not started" before the total is known. */
  text: string;
}

/** Every skip, whatever the reason. */
export const skippedOf = (counts: Counts): number => Object.values(counts.skipped).reduce((a, b) => a + b, 0);

/**
 * The progress of a broadcast from its counts.
 * @example progressOf({ sent: 2, enrolled: 0, skipped: { 'skipped-unsubscribed': 1 }, failed: 0, inDoubt: 0, heldOut: 1, total: 8 })
 *   // { handled: 4, total: 8, percent: 50, text: '4 of 8 handled', segments: [...] }
 */
export function progressOf(counts: Counts): Progress {
  const segments: Segment[] = [
    { kind: 'sent', label: 'sent', count: counts.sent },
    { kind: 'enrolled', label: 'enrolled', count: counts.enrolled },
    { kind: 'skipped', label: 'skipped', count: skippedOf(counts) },
    { kind: 'failed', label: 'failed', count: counts.failed },
    { kind: 'in-doubt', label: 'in doubt', count: counts.inDoubt },
    { kind: 'held-out', label: 'held out', count: counts.heldOut },
  ];
  const handled = segments.reduce((a, s) => a + s.count, 0);
  const total = counts.total;
  if (total === null) return { handled, total, percent: null, segments, text: 'Not started' };
  const percent = total === 0 ? 100 : Math.min(100, (handled / total) * 100);
  return {
    handled,
    total,
    percent,
    segments,
    text: `${handled.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} handled`,
  };
}

/** "skipped-unsubscribed" -> "unsubscribed": a skip reason in the marketer's words. */
export const reasonText = (reason: string): string => reason.replace(/^skipped-/, '').replace(/-/g, ' ');

/** Whether the broadcast is done for good (completed or cancelled); until then its page keeps asking, as a pause or resume takes effect after the batch in hand. */
export const isFinished = (b: Pick<Broadcast, 'state'>): boolean => b.state === 'completed' || b.state === 'cancelled';
