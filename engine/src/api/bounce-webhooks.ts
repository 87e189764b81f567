import { z } from 'zod';
import { ESP_PROVIDERS, receiveWebhook, type WebhookDeps } from '../bounces/index.ts';
import { HttpError } from './errors.ts';
import { defineRoute, rawBodyOf, type Route } from './route.ts';

const WebhookParams = z.object({ provider: z.enum(ESP_PROVIDERS) });
const WebhookAnswer = z.object({ recorded: z.number().int(), ignored: z.number().int() });

/** Bounce and complaint webhooks of ESPs (Amazon SES via SNS, Postmark, Mailgun, SendGrid), each verified by the provider's own signature. */
export function bounceWebhookRoutes(deps: { bounceWebhooks?: WebhookDeps | undefined }): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/webhooks/:provider',
      auth: 'none',
      summary:
        'An ESP reports bounces and complaints: ses (SNS message, signature checked against its SNS certificate), postmark (basic auth), mailgun (HMAC signature), sendgrid (ECDSA signature of timestamp + body)',
      params: {
        schema: WebhookParams,
        invalid: 'Unknown provider: use ses, postmark, mailgun or sendgrid',
        at: 'path',
      },
      // SNS posts JSON as text/plain.
      body: {
        // One JSON object (SendGrid: an array of events); its fields are read (and its signature checked) per provider.
        schema: z.union([z.looseObject({}), z.array(z.unknown())]),
        invalid: 'Invalid webhook body: a JSON object (SendGrid: an array of events)',
        limit: '1mb',
        anyContentType: true,
        keepRaw: true,
      },
      responses: {
        200: {
          description: 'Verified; how many reports were recorded and how many named no known send',
          schema: WebhookAnswer,
        },
        401: 'The call does not carry a valid signature (nothing was recorded)',
        404: 'This provider is not set up',
      },
      handler: async ({ params, body, req, res }) => {
        if (!deps.bounceWebhooks) throw new HttpError(404, 'Bounce webhooks are not set up on this server');
        const answer = await receiveWebhook(deps.bounceWebhooks, params.provider, {
          body,
          rawBody: rawBodyOf(req),
          headers: req.headers,
          authorization: req.headers.authorization,
          nowMs: Date.now(),
        });
        if (answer.status !== 200) throw new HttpError(answer.status, answer.message);
        res.json({ recorded: answer.recorded, ignored: answer.ignored });
      },
    }),
  ];
}
