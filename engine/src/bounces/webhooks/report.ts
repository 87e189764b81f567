import type { BounceType } from '../classify.ts';

/** One bounce or complaint an ESP's webhook reported. */
export type EspReport =
  | {
      kind: 'bounce';
      type: BounceType;
      address: string;
      /** The original Message-ID (`<...@...>`) when the ESP passes it on. */
      messageId: string | null;
      reason: string;
      diagnosticCode: string | null;
      /** The ESP's own id of the event: a repeated delivery of it is the same report. */
      eventId: string;
    }
  | { kind: 'complaint'; address: string; messageId: string | null; feedbackType: string; eventId: string };

/** What a provider's webhook reads: verified or not, and the reports it holds (none: an event that is neither). */
export type WebhookReading = { verified: false; why: string } | { verified: true; reports: EspReport[] };

/** A field of an untyped JSON object, as a string, or undefined. */
export function text(value: unknown, ...path: string[]): string | undefined {
  let at: unknown = value;
  for (const key of path) at = at && typeof at === 'object' ? Reflect.get(at, key) : undefined;
  return typeof at === 'string' ? at : typeof at === 'number' ? String(at) : undefined;
}

/** A field of an untyped JSON object, as an array (empty when it is not one). */
export function list(value: unknown, ...path: string[]): unknown[] {
  let at: unknown = value;
  for (const key of path) at = at && typeof at === 'object' ? Reflect.get(at, key) : undefined;
  return Array.isArray(at) ? at : [];
}

/** `<id>` for a Message-ID an ESP gives without angle brackets. */
export const bracketed = (id: string | undefined): string | null => (id ? (id.startsWith('<') ? id : `<${id}>`) : null);
