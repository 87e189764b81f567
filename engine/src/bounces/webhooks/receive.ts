import { findLatestSendTo, findSendByMessageIdLocal } from '../../db/index.ts';
import { recordBounce, recordComplaint, type BounceDeps } from '../record.ts';
import { messageIdLocal } from '../verp.ts';
import { readMailgun } from './mailgun.ts';
import { readPostmark } from './postmark.ts';
import type { EspReport, WebhookReading } from './report.ts';
import { readSendgrid, sendgridPublicKey } from './sendgrid.ts';
import { readSesNotification } from './ses.ts';
import { fetchSnsCertificate, isSnsEndpoint, snsProblem, type CertificateFetcher } from './sns.ts';
import { text } from './report.ts';

/** The ESPs whose webhooks Boomerang reads. */
export const ESP_PROVIDERS = ['ses', 'postmark', 'mailgun', 'sendgrid'] as const;
export type EspProvider = (typeof ESP_PROVIDERS)[number];

/** Each provider's key; a provider without one is not accepted. */
export interface WebhookKeys {
  /** MAILGUN_WEBHOOK_SIGNING_KEY. */
  mailgunSigningKey?: string | undefined;
  /** POSTMARK_WEBHOOK_AUTH: "user:password" of the webhook URL's basic auth. */
  postmarkAuth?: string | undefined;
  /** SES_SNS_TOPIC_ARN: the SNS topic SES notifies; only its messages are taken. */
  sesTopicArn?: string | undefined;
  /** SENDGRID_WEBHOOK_PUBLIC_KEY: the Signed Event Webhook's verification key (base64 DER, as SendGrid shows it, or PEM). */
  sendgridPublicKey?: string | undefined;
}

/** What receiving webhooks needs: where to record, the keys, and (tests) how SNS certificates and confirmations are fetched. */
export interface WebhookDeps extends BounceDeps {
  keys: WebhookKeys;
  fetchCertificate?: CertificateFetcher | undefined;
  confirmSubscription?: ((url: string) => Promise<void>) | undefined;
}

/** What a webhook call came to: 200 with how many reports were recorded, 401 bad signature, 404 provider not set up. */
export type WebhookAnswer = { status: 200; recorded: number; ignored: number } | { status: 401 | 404; message: string };

async function readSes(deps: WebhookDeps, body: unknown): Promise<WebhookReading> {
  const problem = await snsProblem(body, deps.fetchCertificate ?? fetchSnsCertificate, deps.keys.sesTopicArn);
  if (problem) return { verified: false, why: problem };
  const type = text(body, 'Type');
  if (type === 'SubscriptionConfirmation') {
    const url = text(body, 'SubscribeURL') ?? '';
    // Confirming subscribes this endpoint; only ever to an SNS endpoint, as for certificates.
    if (isSnsEndpoint(url))
      await (deps.confirmSubscription ?? (async (u: string) => void (await fetch(u, { redirect: 'error' }))))(url);
    return { verified: true, reports: [] };
  }
  if (type !== 'Notification') return { verified: true, reports: [] };
  let notification: unknown;
  try {
    notification = JSON.parse(text(body, 'Message') ?? '');
  } catch {
    return { verified: true, reports: [] };
  }
  return { verified: true, reports: readSesNotification(notification, `ses:${text(body, 'MessageId') ?? ''}`) };
}

/** The send a report is about: by the Message-ID it quotes, else the latest send to its address. */
async function sendOf(deps: WebhookDeps, report: EspReport) {
  const local = report.messageId ? messageIdLocal(report.messageId) : null;
  return (
    (local ? await findSendByMessageIdLocal(deps.db, local) : undefined) ?? findLatestSendTo(deps.db, report.address)
  );
}

/** One webhook call as it arrived: the parsed body, its exact bytes (signatures over them), its headers (lower-case names). */
export interface WebhookCall {
  body: unknown;
  rawBody?: Buffer | undefined;
  headers?: Readonly<Record<string, string | string[] | undefined>> | undefined;
  authorization: string | undefined;
  nowMs: number;
}

const header = (call: WebhookCall, name: string): string | undefined => {
  const value = call.headers?.[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Receives one ESP webhook call: verifies it by the provider's own scheme (nothing is recorded when it
 * does not verify), then records each bounce and complaint it reports against the send it is about.
 */
export async function receiveWebhook(
  deps: WebhookDeps,
  provider: EspProvider,
  call: WebhookCall,
): Promise<WebhookAnswer> {
  let reading: WebhookReading;
  if (provider === 'sendgrid') {
    if (!deps.keys.sendgridPublicKey)
      return { status: 404, message: 'SendGrid webhooks are not set up: set SENDGRID_WEBHOOK_PUBLIC_KEY' };
    reading = readSendgrid(sendgridPublicKey(deps.keys.sendgridPublicKey), {
      rawBody: call.rawBody,
      signature: header(call, 'x-twilio-email-event-webhook-signature'),
      timestamp: header(call, 'x-twilio-email-event-webhook-timestamp'),
      nowMs: call.nowMs,
    });
  } else if (provider === 'mailgun') {
    if (!deps.keys.mailgunSigningKey)
      return { status: 404, message: 'Mailgun webhooks are not set up: set MAILGUN_WEBHOOK_SIGNING_KEY' };
    reading = readMailgun(deps.keys.mailgunSigningKey, call.body, call.nowMs);
  } else if (provider === 'postmark') {
    if (!deps.keys.postmarkAuth)
      return { status: 404, message: 'Postmark webhooks are not set up: set POSTMARK_WEBHOOK_AUTH' };
    reading = readPostmark(deps.keys.postmarkAuth, call.authorization, call.body);
  } else {
    if (!deps.keys.sesTopicArn) return { status: 404, message: 'SES webhooks are not set up: set SES_SNS_TOPIC_ARN' };
    reading = await readSes(deps, call.body);
  }
  if (!reading.verified) return { status: 401, message: `The ${provider} webhook call is not genuine: ${reading.why}` };
  let recorded = 0;
  let ignored = 0;
  for (const report of reading.reports) {
    const found = await sendOf(deps, report);
    if (!found) {
      ignored += 1;
      continue;
    }
    const send = {
      idempotencyKey: found.idempotencyKey,
      userId: found.userId,
      journeyId: found.journeyId,
      stepId: found.stepId,
      template: found.template,
      address: report.address,
      messageId: found.smtpMessageId,
    };
    const reportKey = `${provider}:${report.eventId}`;
    const outcome =
      report.kind === 'bounce'
        ? await recordBounce(deps, send, {
            type: report.type,
            reason: report.reason,
            diagnosticCode: report.diagnosticCode,
            source: provider,
            reportKey,
          })
        : await recordComplaint(deps, send, { feedbackType: report.feedbackType, source: provider, reportKey });
    if (outcome.recorded) recorded += 1;
  }
  return { status: 200, recorded, ignored };
}
