import { z } from 'zod';

// Shapes of Segment's HTTP tracking API (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/).
// Unknown top-level fields (integrations, channel, sentAt, ...) are accepted and ignored, as Segment does.

const Json = z.record(z.string(), z.unknown());
const Timestamp = z.iso.datetime({ offset: true, local: false }).or(z.iso.date());

const common = {
  userId: z.union([z.string().min(1).max(256), z.number()]).transform(String).optional(),
  anonymousId: z.union([z.string().min(1).max(256), z.number()]).transform(String).optional(),
  messageId: z.string().min(1).max(256).optional(),
  timestamp: Timestamp.optional(),
  context: Json.optional(),
};

function needsIdentity(v: { userId?: string | undefined; anonymousId?: string | undefined }) {
  return Boolean(v.userId ?? v.anonymousId);
}
const identityMessage = { message: 'userId or anonymousId is required', path: ['userId'] };

/** A Segment `track` call: a customer did something. */
export const TrackCall = z.object({ ...common, event: z.string().min(1).max(200), properties: Json.optional() })
  .refine(needsIdentity, identityMessage);
/** A Segment `identify` call: who the customer is (traits). */
export const IdentifyCall = z.object({ ...common, traits: Json.optional() }).refine(needsIdentity, identityMessage);
/** One entry of a Segment `batch` call. */
export const BatchItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('track'), ...common, event: z.string().min(1).max(200), properties: Json.optional() }).refine(needsIdentity, identityMessage),
  z.object({ type: z.literal('identify'), ...common, traits: Json.optional() }).refine(needsIdentity, identityMessage),
]);
/** A Segment `batch` call: up to 500 KB of track and identify calls. */
export const BatchCall = z.object({ batch: z.array(z.unknown()).min(1), context: Json.optional() });

export type TrackCall = z.infer<typeof TrackCall>;
export type IdentifyCall = z.infer<typeof IdentifyCall>;
export type BatchItem = z.infer<typeof BatchItem>;

/** An event as the store keeps it, after validation. */
export interface IncomingEvent {
  type: 'track' | 'identify';
  messageId: string;
  userId: string | undefined;
  anonymousId: string | undefined;
  event: string | undefined;
  properties: Record<string, unknown>;
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  timestamp: string;
}

/** One rejected input: where (JSON path) and what. */
export interface Problem { path: string; message: string }

/** Formats zod issues as problems with dotted paths under `prefix`. */
export function problemsOf(error: z.ZodError, prefix = ''): Problem[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return { path: path || '(body)', message: issue.message };
  });
}
