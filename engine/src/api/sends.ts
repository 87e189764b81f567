import { Router, type RequestHandler } from 'express';
import { z } from 'zod';
import { resendEmail } from '../activities/index.ts';
import { listSendsByStatus, type Database } from '../db/index.ts';
import type { Mailer, Renderer } from '../email/index.ts';
import { HttpError } from './errors.ts';
import { SendStatusName } from './send-shapes.ts';

/** The query of GET /v1/sends: statuses, comma-separated (default: the ones that need a person), and how many. */
export const SendsQuery = z.object({
  status: z.string().default('failed,in-doubt').transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(SendStatusName).min(1)),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const RequestId = z.string().min(1).max(200);

/** Failed and in-doubt sends, and resending one of them now (admin). */
export function sendRoutes(deps: { db: Database; renderer?: Renderer | undefined; mailer?: Mailer | undefined; publicUrl: string; linkSecret: string; requireAdmin: RequestHandler }): Router {
  const router = Router();
  router.get('/v1/sends', deps.requireAdmin, async (req, res) => {
    const query = SendsQuery.safeParse(req.query);
    if (!query.success) throw new HttpError(400, 'Invalid sends query', query.error.issues.map((i) => ({ path: i.path.join('.') || 'status', message: i.message })));
    const sends = await listSendsByStatus(deps.db, query.data.status, query.data.limit);
    res.json({ sends: sends.map(({ content: _content, smtpMessageId: _id, templateVersion: _v, ...shown }) => shown) });
  });
  router.post('/v1/sends/:key/resend', deps.requireAdmin, async (req, res) => {
    const requestId = RequestId.safeParse(req.get('idempotency-key'));
    if (!requestId.success) {
      throw new HttpError(400, 'Send an Idempotency-Key header with a new value for each resend: repeating a request with the same value never sends twice', [{ path: 'headers.idempotency-key', message: 'required, 1 to 200 characters' }]);
    }
    const { renderer, mailer } = deps;
    if (!renderer || !mailer) throw new HttpError(409, 'This server has no mailer configured, so it cannot resend; resend from the process that runs the API with SMTP_URL');
    const key = req.params['key'];
    if (typeof key !== 'string') throw new HttpError(404, 'Name the send to resend: POST /v1/sends/<key>/resend');
    const result = await resendEmail({ db: deps.db, renderer, mailer, publicUrl: deps.publicUrl, linkSecret: deps.linkSecret }, key, requestId.data);
    if (!result.ok) throw new HttpError(result.problem === 'unknown-send' ? 404 : 409, result.message);
    const { content: _content, smtpMessageId: _id, templateVersion: _v, ...shown } = result.resend;
    res.status(result.repeated ? 200 : 201).json({ resend: shown, repeated: result.repeated });
  });
  return router;
}
