import express, { Router, type RequestHandler } from 'express';
import {
  BatchCall, BatchItem, CALLS, normalizeCall, problemsOf, unstorableText,
  type CallType, type EventStore, type IncomingEvent, type Problem,
} from '../events/index.ts';
import { credentialOf, same } from './auth.ts';
import { MAX_JSON_DEPTH, nestedTooDeep, refuseDeepBodies } from './depth.ts';
import { isRecord } from '../model/index.ts';
import { HttpError } from './errors.ts';

/** Segment's limits: 32 KB per call, 500 KB per batch (after gzip or deflate is undone). */
export const EVENT_LIMIT_BYTES = 32 * 1024;
export const BATCH_LIMIT_BYTES = 500 * 1024;

/** Each call type at its path and Segment's short path. */
export const CALL_PATHS: Record<CallType, string[]> = {
  identify: ['/v1/identify', '/v1/i'], track: ['/v1/track', '/v1/t'], page: ['/v1/page', '/v1/p'],
  screen: ['/v1/screen', '/v1/s'], group: ['/v1/group', '/v1/g'], alias: ['/v1/alias', '/v1/a'],
};
const CALL_TYPES: CallType[] = ['identify', 'track', 'page', 'screen', 'group', 'alias'];
/** The batch call; Segment's Java library posts it to /v1/import. */
export const BATCH_PATHS = ['/v1/batch', '/v1/b', '/v1/import'];

const bytesOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value) ?? '');

/** A batch entry refused: its index, its messageId when it has one, and what is wrong where. */
interface Rejected { index: number; messageId?: string | undefined; problems: Problem[] }

/**
 * The write key, as Segment's libraries send it: the Basic-auth username, a Bearer token, or
 * `writeKey` in the body when there is no Authorization header. A wrong header is refused
 * before the body is read.
 */
function requireWriteKey(writeKey: string): { beforeBody: RequestHandler; afterBody: RequestHandler } {
  const missing = 'Missing write key: send it as the Basic-auth username, as "Authorization: Bearer <key>" or as "writeKey" in the body';
  return {
    beforeBody: (req, _res, next) => {
      const given = credentialOf(req.headers.authorization);
      if (given !== undefined && !same(given, writeKey)) throw new HttpError(401, 'Wrong write key');
      next();
    },
    afterBody: (req, _res, next) => {
      const body: unknown = req.body;
      const inBody = isRecord(body) && typeof body.writeKey === 'string' ? body.writeKey : undefined;
      const given = credentialOf(req.headers.authorization) ?? inBody;
      if (given === undefined) throw new HttpError(401, missing);
      if (!same(given, writeKey)) throw new HttpError(401, 'Wrong write key');
      next();
    },
  };
}

/** Validates one call of `type` (`raw` as received), giving the stored event or the problems under `prefix`. */
function readCall(type: CallType, raw: unknown, receivedAt: Date, prefix: string, batch: { context?: Record<string, unknown> | undefined; sentAt?: string | undefined } = {}): IncomingEvent | Problem[] {
  const unstorable = unstorableText(raw, prefix);
  if (unstorable.length > 0) return unstorable;
  const parsed = CALLS[type].safeParse(raw);
  if (!parsed.success) return problemsOf(parsed.error, prefix);
  const event = normalizeCall(type, parsed.data, receivedAt, batch);
  if ('problem' in event) return [{ ...event.problem, path: [prefix, event.problem.path].filter(Boolean).join('.') }];
  return event;
}

/** The Segment-compatible ingest API: every call type and batch. Nothing but storing happens here. */
export function ingestRoutes(deps: { store: EventStore; writeKey: string }): Router {
  const router = Router();
  const auth = requireWriteKey(deps.writeKey);
  const body = (limit: number) => express.json({ limit, type: () => true });

  for (const type of CALL_TYPES) {
    router.post(CALL_PATHS[type], auth.beforeBody, body(EVENT_LIMIT_BYTES), auth.afterBody, refuseDeepBodies, async (req, res) => {
      const event = readCall(type, req.body, new Date(), '');
      if (Array.isArray(event)) throw new HttpError(400, `Invalid ${type} call`, event);
      const { stored, rejected } = await deps.store.append([event]);
      if (rejected[0]) throw new HttpError(400, `Invalid ${type} call`, [rejected[0].problem]);
      res.json({ success: true, stored, duplicates: 1 - stored });
    });
  }

  router.post(BATCH_PATHS, auth.beforeBody, body(BATCH_LIMIT_BYTES), auth.afterBody, async (req, res) => {
    const receivedAt = new Date();
    const raw: unknown = req.body;
    const envelope = isRecord(raw) ? Object.fromEntries(Object.entries(raw).filter(([key]) => key !== 'batch')) : raw;
    const deepEnvelope = nestedTooDeep(envelope, MAX_JSON_DEPTH);
    if (deepEnvelope !== undefined) throw new HttpError(400, 'Invalid batch call', [{ path: deepEnvelope.slice(0, 500), message: `nests deeper than ${MAX_JSON_DEPTH} levels` }]);
    const unstorable = unstorableText(envelope);
    if (unstorable.length > 0) throw new HttpError(400, 'Invalid batch call', unstorable);
    const parsed = BatchCall.safeParse(raw);
    if (!parsed.success) throw new HttpError(400, 'Invalid batch call', problemsOf(parsed.error));
    const accepted: Array<{ index: number; event: IncomingEvent }> = [];
    const rejected: Rejected[] = [];
    parsed.data.batch.forEach((item, index) => {
      const messageId = isRecord(item) && (typeof item.messageId === 'string' || typeof item.messageId === 'number') ? String(item.messageId) : undefined;
      const prefix = `batch.${index}`;
      // Measured without recursion first, so a body of thousands of nested arrays is refused, not a crash.
      const deep = nestedTooDeep(item, MAX_JSON_DEPTH);
      if (deep !== undefined) {
        rejected.push({ index, messageId, problems: [{ path: `${prefix}.${deep}`.slice(0, 500), message: `nests deeper than ${MAX_JSON_DEPTH} levels` }] });
        return;
      }
      if (bytesOf(item) > EVENT_LIMIT_BYTES) {
        rejected.push({ index, messageId, problems: [{ path: prefix, message: `the event is ${bytesOf(item)} bytes; the limit is ${EVENT_LIMIT_BYTES}` }] });
        return;
      }
      const typed = BatchItem.safeParse(item);
      if (!typed.success) {
        // Text the database cannot store is named first: it is what stops an otherwise valid call.
        const unstorableItem = unstorableText(item, prefix);
        rejected.push({ index, messageId, problems: unstorableItem.length > 0 ? unstorableItem : problemsOf(typed.error, prefix) });
        return;
      }
      const event = readCall(typed.data.type, item, receivedAt, prefix, parsed.data);
      if (Array.isArray(event)) rejected.push({ index, messageId, problems: event });
      else accepted.push({ index, event });
    });
    const result = await deps.store.append(accepted.map((a) => a.event));
    for (const r of result.rejected) {
      const a = accepted[r.index];
      if (a) rejected.push({ index: a.index, messageId: a.event.messageId, problems: [{ ...r.problem, path: `batch.${a.index}.${r.problem.path}` }] });
    }
    rejected.sort((a, b) => a.index - b.index);
    if (rejected.length === parsed.data.batch.length) throw new HttpError(400, 'No event in the batch is valid', rejected.flatMap((r) => r.problems), { rejected });
    res.json({ success: true, stored: result.stored, duplicates: result.duplicates, rejected });
  });
  return router;
}
