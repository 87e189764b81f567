import { z } from 'zod';
import {
  BatchCall,
  BatchItem,
  CALLS,
  normalizeCall,
  problemsOf,
  unstorableText,
  type CallType,
  type EventStore,
  type IncomingEvent,
  type Problem,
} from '../events/index.ts';
import { MAX_JSON_DEPTH, nestedTooDeep } from './depth.ts';
import { HttpError } from './errors.ts';
import { isRecord } from '../model/index.ts';
import { defineRoute, type Answer, type Route } from './route.ts';
import { BatchResult, IngestResult } from './shapes.ts';

/** Segment's limits: 32 KB per call, 500 KB per batch (after gzip or deflate is undone). */
export const EVENT_LIMIT_BYTES = 32 * 1024;
export const BATCH_LIMIT_BYTES = 500 * 1024;

/** Each call type at its path and Segment's short path. */
export const CALL_PATHS: Record<CallType, string[]> = {
  identify: ['/v1/identify', '/v1/i'],
  track: ['/v1/track', '/v1/t'],
  page: ['/v1/page', '/v1/p'],
  screen: ['/v1/screen', '/v1/s'],
  group: ['/v1/group', '/v1/g'],
  alias: ['/v1/alias', '/v1/a'],
};
const CALL_TYPES: CallType[] = ['identify', 'track', 'page', 'screen', 'group', 'alias'];
/** The batch call; Segment's Java library posts it to /v1/import. */
export const BATCH_PATHS = ['/v1/batch', '/v1/b', '/v1/import'];

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

/** A batch entry refused: its index, its messageId when it has one, and what is wrong where. */
interface Rejected {
  index: number;
  messageId?: string | undefined;
  problems: Problem[];
}

/** Validates one call of `type` (`raw` as received), giving the stored event or the problems under `prefix`. */
function readCall(
  type: CallType,
  raw: unknown,
  receivedAt: Date,
  prefix: string,
  batch: { context?: Record<string, unknown> | undefined; sentAt?: string | undefined } = {},
): IncomingEvent | Problem[] {
  const unstorable = unstorableText(raw, prefix);
  if (unstorable.length > 0) return unstorable;
  const parsed = CALLS[type].safeParse(raw);
  if (!parsed.success) return problemsOf(parsed.error, prefix);
  const event = normalizeCall(type, parsed.data, receivedAt, batch);
  if ('problem' in event) return [{ ...event.problem, path: [prefix, event.problem.path].filter(Boolean).join('.') }];
  return event;
}

const SUMMARIES: Record<CallType, string> = {
  track: 'Record what a customer did',
  identify: 'Record who a customer is (traits, at most 64 KB merged per customer)',
  page: 'Record a page view, stored as the event "Page Viewed" with name and category among its properties',
  screen: 'Record an app screen view, stored as the event "Screen Viewed"',
  group: "Link the customer to a group (account) and merge the group's traits",
  alias: "Say that previousId (an anonymous id) is userId: its events become the customer's",
};
const PresentId = { anyOf: [{ type: 'string', minLength: 1, maxLength: 256 }, { type: 'number' }] };
/**
 * A call schema as the document shows it: the refinement "userId or anonymousId" that JSON Schema
 * cannot see from zod, written out as the two ways to satisfy it (alias needs userId anyway).
 */
function documented<T extends z.ZodType>(type: CallType, schema: T): T {
  if (type === 'alias') return schema;
  return schema.meta({
    override: {
      anyOf: [
        { required: ['userId'], properties: { userId: PresentId } },
        { required: ['anonymousId'], properties: { anonymousId: PresentId } },
      ],
    },
  });
}
/** A batch as the document shows it: a list of calls, each with its type (read leniently: one bad call does not refuse the others). */
const DocumentedBatch = BatchCall.extend({
  batch: z
    .array(z.union(CALL_TYPES.map((type) => z.object({ type: z.literal(type) }).and(documented(type, CALLS[type])))))
    .min(1),
});

const answers: Record<number, Answer> = {
  200: { description: 'Stored durably', schema: IngestResult },
  413: 'Too large: over 32 KB per call or 500 KB per batch, after gzip/deflate is undone',
  415: 'A Content-Encoding other than gzip, deflate or br, or an unsupported charset',
};

/** The envelope of a batch call (everything but its calls), refused as a whole when it is wrong. */
function readBatch(raw: unknown): BatchCall {
  const envelope = isRecord(raw) ? Object.fromEntries(Object.entries(raw).filter(([key]) => key !== 'batch')) : raw;
  const deepEnvelope = nestedTooDeep(envelope, MAX_JSON_DEPTH);
  if (deepEnvelope !== undefined)
    throw new HttpError(400, 'Invalid batch call', [
      { path: deepEnvelope.slice(0, 500), message: `nests deeper than ${MAX_JSON_DEPTH} levels` },
    ]);
  const unstorable = unstorableText(envelope);
  if (unstorable.length > 0) throw new HttpError(400, 'Invalid batch call', unstorable);
  const parsed = BatchCall.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, 'Invalid batch call', problemsOf(parsed.error));
  return parsed.data;
}

/**
 * Says a call or batch is history, whatever its timestamps (a backfill, `npm run demo`). Not the path:
 * Segment's Java library sends live traffic to /v1/import, so that path cannot mean "history".
 */
export const HISTORY_HEADER = 'boomerang-history';
const HistoryHeader = {
  schema: z.object({
    [HISTORY_HEADER]: z
      .enum(['true', 'false'])
      .optional()
      .meta({ description: 'true: store for the metrics, start and advance no journey' }),
  }),
  invalid: `The ${HISTORY_HEADER} header is "true" or "false"`,
  at: 'headers',
};

/**
 * The Segment-compatible ingest API: every call type and batch. Nothing but storing happens here.
 * History (sent with the boomerang-history header, or dated more than `historicalAfterDays` ago) is
 * stored for the metrics but reaches no journey: it neither starts runs nor moves waiting ones.
 */
export function ingestRoutes(deps: {
  store: EventStore;
  historicalAfterDays?: number | undefined;
  now?: (() => number) | undefined;
}): Route[] {
  const windowMs = (deps.historicalAfterDays ?? 7) * 86_400_000;
  const now = deps.now ?? Date.now;
  const marked = (e: IncomingEvent, imported: boolean): IncomingEvent =>
    imported || Date.parse(e.timestamp) < now() - windowMs ? { ...e, historical: true } : e;
  const calls = CALL_TYPES.map((type) =>
    defineRoute({
      method: 'post',
      path: CALL_PATHS[type],
      auth: 'write-key',
      summary: SUMMARIES[type],
      body: {
        schema: documented(type, CALLS[type]),
        invalid: `Invalid ${type} call`,
        limit: EVENT_LIMIT_BYTES,
        anyContentType: true,
        read: (raw: unknown): IncomingEvent => {
          const event = readCall(type, raw, new Date(), '');
          if (Array.isArray(event)) throw new HttpError(400, `Invalid ${type} call`, event);
          return event;
        },
      },
      headers: HistoryHeader,
      responses: answers,
      handler: async ({ body, headers, res }) => {
        const { stored, rejected } = await deps.store.append([marked(body, headers[HISTORY_HEADER] === 'true')]);
        if (rejected[0]) throw new HttpError(400, `Invalid ${type} call`, [rejected[0].problem]);
        res.json({ success: true, stored, duplicates: 1 - stored });
      },
    }),
  );

  const batch = defineRoute({
    method: 'post',
    path: BATCH_PATHS,
    auth: 'write-key',
    summary: 'Record up to 500 KB of calls of any type; valid ones are kept, invalid ones listed as rejected',
    // Each call is measured and checked on its own below, so one bad call does not refuse the others.
    headers: HistoryHeader,
    body: {
      schema: DocumentedBatch,
      invalid: 'Invalid batch call',
      limit: BATCH_LIMIT_BYTES,
      anyContentType: true,
      depthChecked: false,
      read: readBatch,
    },
    responses: {
      ...answers,
      200: { description: 'Valid calls stored durably; invalid ones listed by index', schema: BatchResult },
    },
    handler: async ({ body, headers, res }) => {
      const imported = headers[HISTORY_HEADER] === 'true';
      const receivedAt = new Date();
      const accepted: Array<{ index: number; event: IncomingEvent }> = [];
      const rejected: Rejected[] = [];
      body.batch.forEach((item, index) => {
        const messageId =
          isRecord(item) && (typeof item.messageId === 'string' || typeof item.messageId === 'number')
            ? String(item.messageId)
            : undefined;
        const prefix = `batch.${index}`;
        // Measured without recursion first, so a body of thousands of nested arrays is refused, not a crash.
        const deep = nestedTooDeep(item, MAX_JSON_DEPTH);
        if (deep !== undefined) {
          rejected.push({
            index,
            messageId,
            problems: [
              { path: `${prefix}.${deep}`.slice(0, 500), message: `nests deeper than ${MAX_JSON_DEPTH} levels` },
            ],
          });
          return;
        }
        if (bytesOf(item) > EVENT_LIMIT_BYTES) {
          rejected.push({
            index,
            messageId,
            problems: [
              { path: prefix, message: `the event is ${bytesOf(item)} bytes; the limit is ${EVENT_LIMIT_BYTES}` },
            ],
          });
          return;
        }
        const typed = BatchItem.safeParse(item);
        if (!typed.success) {
          // Text the database cannot store is named first: it is what stops an otherwise valid call.
          const unstorableItem = unstorableText(item, prefix);
          rejected.push({
            index,
            messageId,
            problems: unstorableItem.length > 0 ? unstorableItem : problemsOf(typed.error, prefix),
          });
          return;
        }
        const event = readCall(typed.data.type, item, receivedAt, prefix, body);
        if (Array.isArray(event)) rejected.push({ index, messageId, problems: event });
        else accepted.push({ index, event });
      });
      const result = await deps.store.append(accepted.map((a) => marked(a.event, imported)));
      for (const r of result.rejected) {
        const a = accepted[r.index];
        if (a)
          rejected.push({
            index: a.index,
            messageId: a.event.messageId,
            problems: [{ ...r.problem, path: `batch.${a.index}.${r.problem.path}` }],
          });
      }
      rejected.sort((a, b) => a.index - b.index);
      if (rejected.length === body.batch.length)
        throw new HttpError(
          400,
          'No event in the batch is valid',
          rejected.flatMap((r) => r.problems),
          { rejected },
        );
      res.json({ success: true, stored: result.stored, duplicates: result.duplicates, rejected });
    },
  });
  return [...calls, batch];
}
