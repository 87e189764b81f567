import express, { Router } from 'express';
import { BatchCall, BatchItem, IdentifyCall, TrackCall, normalizeCall, problemsOf, type EventStore, type IncomingEvent, type Problem } from '../events/index.ts';
import { requireKey } from './auth.ts';
import { HttpError } from './errors.ts';

/** Segment's limits: 32 KB per call, 500 KB per batch. */
export const EVENT_LIMIT_BYTES = 32 * 1024;
export const BATCH_LIMIT_BYTES = 500 * 1024;

const tooBig = (value: unknown) => Buffer.byteLength(JSON.stringify(value)) > EVENT_LIMIT_BYTES;

/** The Segment-compatible ingest API: track, identify and batch. Nothing but storing happens here. */
export function ingestRoutes(deps: { store: EventStore; writeKey: string }): Router {
  const router = Router();
  router.use(['/v1/track', '/v1/identify', '/v1/batch', '/v1/t', '/v1/i'], requireKey(deps.writeKey, 'write key'));

  const single = (type: 'track' | 'identify') => express.json({ limit: EVENT_LIMIT_BYTES, type: () => true });
  const one = (type: 'track' | 'identify'): express.RequestHandler => async (req, res) => {
    const parsed = (type === 'track' ? TrackCall : IdentifyCall).safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, `Invalid ${type} call`, problemsOf(parsed.error));
    const { stored } = await deps.store.append([normalizeCall(type, parsed.data, new Date())]);
    res.json({ success: true, stored, duplicates: 1 - stored });
  };
  router.post(['/v1/track', '/v1/t'], single('track'), one('track'));
  router.post(['/v1/identify', '/v1/i'], single('identify'), one('identify'));

  router.post('/v1/batch', express.json({ limit: BATCH_LIMIT_BYTES, type: () => true }), async (req, res) => {
    const parsed = BatchCall.safeParse(req.body);
    if (!parsed.success) throw new HttpError(400, 'Invalid batch call', problemsOf(parsed.error));
    const now = new Date();
    const accepted: IncomingEvent[] = [];
    const rejected: Array<{ index: number; messageId?: string; problems: Problem[] }> = [];
    parsed.data.batch.forEach((raw, index) => {
      const messageId = typeof (raw as { messageId?: unknown })?.messageId === 'string' ? (raw as { messageId: string }).messageId : undefined;
      if (tooBig(raw)) {
        rejected.push({ index, messageId, problems: [{ path: `batch.${index}`, message: `the event is ${Buffer.byteLength(JSON.stringify(raw))} bytes; the limit is ${EVENT_LIMIT_BYTES}` }] });
        return;
      }
      const item = BatchItem.safeParse(raw);
      if (!item.success) { rejected.push({ index, messageId, problems: problemsOf(item.error, `batch.${index}`) }); return; }
      accepted.push(normalizeCall(item.data.type, item.data, now, parsed.data.context));
    });
    const { stored, duplicates } = await deps.store.append(accepted);
    if (accepted.length === 0) throw new HttpError(400, 'No event in the batch is valid', rejected.flatMap((r) => r.problems), { rejected });
    res.json({ success: true, stored, duplicates, rejected });
  });
  return router;
}
