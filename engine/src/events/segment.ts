import { z } from 'zod';

// Shapes of Segment's HTTP tracking API (https://segment.com/docs/connections/sources/catalog/libraries/server/http-api/),
// with Segment's field names. Segment's libraries send `null` for fields they have no value for, so a
// top-level `null` means "absent"; inside properties and traits `null` is a value and is kept.
// Unknown top-level fields (channel, version, _metadata, ...) are accepted and ignored, as Segment does.

/** Top-level `null` is the same as leaving the field out. */
const absentOr = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

const Json = z.record(z.string(), z.unknown());

const EARLIEST_MS = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** True when `ms` is a time Postgres' timestamptz holds and ISO 8601 writes with four year digits. */
export function storableTime(ms: number): boolean {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

/** ISO 8601 as libraries write it: offset `Z`, `+01:00` or `+0100`; without an offset it is read as UTC. */
const Timestamp = z
  .string()
  .max(64)
  .meta({ format: 'date-time', description: 'ISO 8601, years 0001-9999' })
  .transform((text, ctx) => {
    const iso = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
    const shape = z.iso.datetime({ offset: true }).or(z.iso.date()).safeParse(iso);
    const local = !shape.success && z.iso.datetime({ local: true }).safeParse(iso).success;
    const ms = shape.success ? Date.parse(iso) : local ? Date.parse(`${iso}Z`) : Number.NaN;
    if (!shape.success && !local) {
      ctx.addIssue({
        code: 'custom',
        message: `"${text.slice(0, 40)}" is not an ISO 8601 date-time (such as 2026-01-31T09:30:00Z)`,
      });
      return z.NEVER;
    }
    if (!storableTime(ms)) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a date between the years 0001 and 9999` });
      return z.NEVER;
    }
    return new Date(ms).toISOString();
  });

const Id = z.union([z.string().min(1).max(256), z.number().finite()]).transform(String);

const common = {
  userId: absentOr(Id),
  anonymousId: absentOr(Id),
  messageId: absentOr(Id),
  timestamp: absentOr(Timestamp),
  originalTimestamp: absentOr(Timestamp),
  sentAt: absentOr(Timestamp),
  context: absentOr(Json),
  integrations: absentOr(Json),
  writeKey: absentOr(z.string()),
};

const needsIdentity = (v: { userId?: string | undefined; anonymousId?: string | undefined }) =>
  Boolean(v.userId ?? v.anonymousId);
const identityMessage = { message: 'userId or anonymousId is required', path: ['userId'] };
const Name = absentOr(z.string().max(200));

const fields = {
  track: { ...common, event: z.string().min(1).max(200), properties: absentOr(Json) },
  identify: { ...common, traits: absentOr(Json) },
  page: { ...common, name: Name, category: Name, properties: absentOr(Json) },
  screen: { ...common, name: Name, category: Name, properties: absentOr(Json) },
  group: { ...common, groupId: Id, traits: absentOr(Json) },
  alias: { ...common, userId: Id, previousId: Id },
};

/** A Segment `track` call: a customer did something. */
export const TrackCall = z.object(fields.track).refine(needsIdentity, identityMessage);
/** A Segment `identify` call: who the customer is (traits). */
export const IdentifyCall = z.object(fields.identify).refine(needsIdentity, identityMessage);
/** A Segment `page` call: a customer viewed a web page. */
export const PageCall = z.object(fields.page).refine(needsIdentity, identityMessage);
/** A Segment `screen` call: a customer viewed a screen of a mobile app. */
export const ScreenCall = z.object(fields.screen).refine(needsIdentity, identityMessage);
/** A Segment `group` call: the customer belongs to an account (company, team) with its own traits. */
export const GroupCall = z.object(fields.group).refine(needsIdentity, identityMessage);
/** A Segment `alias` call: `previousId` (an anonymous id) and `userId` are the same customer. */
export const AliasCall = z.object(fields.alias);

/** Every call type, by the name Segment gives it in `type`. */
export const CALLS = {
  track: TrackCall,
  identify: IdentifyCall,
  page: PageCall,
  screen: ScreenCall,
  group: GroupCall,
  alias: AliasCall,
} as const;
/** A Segment call type. */
export type CallType = keyof typeof CALLS;
/** A validated call of any type. */
export type Call = z.output<(typeof CALLS)[CallType]>;

/** One entry of a Segment `batch` call. */
export const BatchItem = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('track'), ...fields.track }).refine(needsIdentity, identityMessage),
    z.object({ type: z.literal('identify'), ...fields.identify }).refine(needsIdentity, identityMessage),
    z.object({ type: z.literal('page'), ...fields.page }).refine(needsIdentity, identityMessage),
    z.object({ type: z.literal('screen'), ...fields.screen }).refine(needsIdentity, identityMessage),
    z.object({ type: z.literal('group'), ...fields.group }).refine(needsIdentity, identityMessage),
    z.object({ type: z.literal('alias'), ...fields.alias }),
  ],
  { error: () => `type must be one of ${Object.keys(CALLS).join(', ')}` },
);
/** A Segment `batch` call (also posted to /v1/import): up to 500 KB of calls of any type. */
export const BatchCall = z.object({
  batch: z.array(z.unknown()).min(1),
  context: absentOr(Json),
  integrations: absentOr(Json),
  sentAt: absentOr(Timestamp),
  writeKey: absentOr(z.string()),
});

export type TrackCall = z.infer<typeof TrackCall>;
export type IdentifyCall = z.infer<typeof IdentifyCall>;
export type BatchItem = z.infer<typeof BatchItem>;
export type BatchCall = z.infer<typeof BatchCall>;

/** An event as the store keeps it, after validation. */
export interface IncomingEvent {
  /** The Segment call type it came from. */
  type: CallType;
  messageId: string;
  userId: string | undefined;
  anonymousId: string | undefined;
  /** The event name triggers match: the track call's `event`, "Page Viewed" or "Screen Viewed". */
  event: string | undefined;
  properties: Record<string, unknown>;
  /** Identify: the customer's traits; group: the group's traits. */
  traits: Record<string, unknown>;
  context: Record<string, unknown>;
  /** When it happened, corrected for the sender's clock skew. */
  timestamp: string;
  /** Group calls: the group (account) the customer belongs to. */
  groupId?: string | undefined;
  /** Alias calls: the anonymous id that is now `userId`. */
  previousId?: string | undefined;
  /** The sender's clock when the call was made, as sent. */
  originalTimestamp?: string | undefined;
  /** The sender's clock when the call was sent, as sent. */
  sentAt?: string | undefined;
  /** History (imported, or older than the historical window): stored for the metrics, routed to no journey. */
  historical?: boolean | undefined;
}

/** One rejected input: where (JSON path) and what. */
export interface Problem {
  path: string;
  message: string;
}

/** Formats zod issues as problems with dotted paths under `prefix`. */
export function problemsOf(error: z.ZodError, prefix = ''): Problem[] {
  return error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return { path: path || '(body)', message: issue.message };
  });
}
