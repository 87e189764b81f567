import { z } from 'zod';
import { resendEmail } from '../activities/index.ts';
import { listSendsByStatus, type Database } from '../db/index.ts';
import type { Mailer, Renderer } from '../email/index.ts';
import { HttpError } from './errors.ts';
import { defineRoute, type Route } from './route.ts';
import { ResendAnswer, SendsAnswer, SendsQuery } from './shapes.ts';

const REQUEST_ID = 'required, 1 to 200 characters';
/** The Idempotency-Key header of a resend: a new value per resend, the same one when repeating a request. */
const ResendHeaders = z.object({
  'idempotency-key': z.string({ error: REQUEST_ID }).min(1, REQUEST_ID).max(200, REQUEST_ID),
});

/** Failed and in-doubt sends, and resending one of them now (admin). */
export function sendRoutes(deps: {
  db: Database;
  renderer?: Renderer | undefined;
  mailer?: Mailer | undefined;
  publicUrl: string;
  linkSecret: string;
}): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/sends',
      auth: 'admin',
      summary:
        'Sends by status (default failed,in-doubt: the ones that need a person), newest first, each with its latest resend',
      query: { schema: SendsQuery, invalid: 'Invalid sends query' },
      responses: { 200: { description: 'Sends', schema: SendsAnswer } },
      handler: async ({ query, res }) => {
        const sends = await listSendsByStatus(deps.db, query.status, query.limit);
        res.json({
          sends: sends.map(({ content: _content, smtpMessageId: _id, templateVersion: _v, ...shown }) => shown),
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/sends/:key/resend',
      auth: 'admin',
      summary:
        'Send a failed or in-doubt email again now; the Idempotency-Key header makes a repeated request send nothing more',
      params: { schema: z.object({ key: z.string() }), invalid: 'Invalid send key' },
      headers: {
        schema: ResendHeaders,
        invalid:
          'Send an Idempotency-Key header with a new value for each resend: repeating a request with the same value never sends twice',
        at: 'headers',
      },
      responses: {
        201: { description: 'Resent: the outcome (sent, failed, in-doubt, skipped-...)', schema: ResendAnswer },
        200: { description: 'This request was answered before; its resend', schema: ResendAnswer },
        404: 'Unknown send',
        409: 'Not failed or in doubt, or this server has no mailer',
      },
      handler: async ({ params, headers, res }) => {
        const { renderer, mailer } = deps;
        if (!renderer || !mailer)
          throw new HttpError(
            409,
            'This server has no mailer configured, so it cannot resend; resend from the process that runs the API with SMTP_URL',
          );
        const result = await resendEmail(
          { db: deps.db, renderer, mailer, publicUrl: deps.publicUrl, linkSecret: deps.linkSecret },
          params.key,
          headers['idempotency-key'],
        );
        if (!result.ok) throw new HttpError(result.problem === 'unknown-send' ? 404 : 409, result.message);
        const { content: _content, smtpMessageId: _id, templateVersion: _v, ...shown } = result.resend;
        res.status(result.repeated ? 200 : 201).json({ resend: shown, repeated: result.repeated });
      },
    }),
  ];
}
