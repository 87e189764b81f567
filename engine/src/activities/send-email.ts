import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { claimSend, findCustomer, finishSend, startSending, type Database, type SendContent } from '../db/index.ts';
import {
  signPreferencesToken,
  signUnsubscribeToken,
  unsubscribeHeaders,
  type Mailer,
  type Renderer,
} from '../email/index.ts';
import { consentToEmail, TRANSACTIONAL_GROUP } from '../consent/index.ts';
import { surveyLinks } from '../email/survey-links.ts';
import { recipientOf } from './recipient.ts';
import { stepIdempotencyKey } from './idempotency.ts';
import { classifySendFailure } from './send-outcome.ts';
import type { SendFailureType, StepInput, StepResult } from '../temporal/contract.ts';
import { messageOf } from '../errors/index.ts';
import { envelopeSenderFor, noteRefusal, suppressedBecause, type SendBounces } from '../bounces/index.ts';
import { senderIdFor, sendingIdentity } from '../deliverability/index.ts';
import { journeyTracksEmail, trackedEmailHtml } from '../tracking/index.ts';

/** What sending email needs from the outside world. */
export interface SendEmailDeps {
  db: Database;
  renderer: Renderer;
  mailer: Mailer;
  publicUrl: string;
  linkSecret: string;
  /** Bounce handling: the soft-bounce policy and the VERP return path (BOUNCE_DOMAIN); none: no bounces recorded. */
  bounces?: SendBounces | undefined;
  /** Open and click tracking (TRACKING, default on); a journey can still turn it off (settings.tracking). */
  tracking?: boolean | undefined;
}

/** Which email a step sends: the template and an optional subject overriding its `<mj-title>`. */
export interface EmailChoice {
  template: string;
  subject?: string | undefined;
  /** The sender identity id the step names, if any. */
  sender?: string | undefined;
  /** The subscription group the step names, or `transactional`; absent: marketing without a group. */
  group?: string | undefined;
}

const failure = (message: string, type: SendFailureType, retryable: boolean) =>
  retryable ? ApplicationFailure.retryable(message, type) : ApplicationFailure.nonRetryable(message, type);

/**
 * Renders and sends one journey email. The message log's idempotency key (workflow, run, step,
 * iteration) makes a retried or replayed activity send at most once: a clean refusal is `failed` and
 * claimed again by the next attempt; a send that may have reached the server is `in-doubt` and never
 * repeated (the attempt fails with "SendInDoubt", which the workflow records). Consent is checked here,
 * at the last moment, so an unsubscribed customer is never emailed.
 */
export async function sendJourneyEmail(deps: SendEmailDeps, input: StepInput, email: EmailChoice): Promise<StepResult> {
  const key = stepIdempotencyKey(input);
  const sender = await senderIdFor(deps.db, {
    journeyId: input.journeyId,
    version: input.version,
    sender: email.sender,
  });
  const content: SendContent = {
    subject: email.subject ? email.subject : null,
    event: { event: input.trigger.event, properties: input.trigger.properties },
    ...(sender === undefined ? {} : { sender }),
    ...(email.group === undefined ? {} : { group: email.group }),
  };
  const customer = await findCustomer(deps.db, input.userId);
  const traits = customer?.traits ?? input.traits;
  const claim = await claimSend(deps.db, {
    idempotencyKey: key,
    userId: input.userId,
    journeyId: input.journeyId,
    version: input.version,
    stepId: input.stepId,
    template: email.template,
    content,
  });
  if (claim === 'in-doubt') {
    throw failure(
      `The email of step "${input.stepId}" may already have reached the mail server (an earlier attempt broke off mid-send); it is not sent again automatically. Resend it from the Sends page if it never arrived.`,
      'SendInDoubt',
      false,
    );
  }
  if (claim !== 'claimed') return { traits, emailSent: false };
  const sent = await deliverClaimed(deps, {
    key,
    userId: input.userId,
    template: email.template,
    content,
    traits,
    unsubscribed: Boolean(customer?.unsubscribedAt),
    journey: { journeyId: input.journeyId, version: input.version },
  });
  return { traits, emailSent: sent };
}

/** One claimed send: what to render and for whom; `messageKey` (default `key`) makes its Message-ID. */
export interface ClaimedSend {
  key: string;
  messageKey?: string;
  userId: string;
  template: string;
  content: SendContent;
  traits: Record<string, unknown>;
  unsubscribed: boolean;
  /** The journey version it belongs to, whose settings may turn tracking off. */
  journey?: { journeyId: string | null; version: number | null } | undefined;
}

/**
 * Sends a claimed message and records the outcome (sent, skipped, failed or in-doubt); true when it
 * left. Throws an ApplicationFailure when it did not go out: retryable for a clean failure,
 * non-retryable for a permanent refusal ("SendRefused") or an ambiguous end ("SendInDoubt").
 */
export async function deliverClaimed(deps: SendEmailDeps, send: ClaimedSend): Promise<boolean> {
  const { key, template, traits } = send;
  const group = send.content.group;
  const consent = await consentToEmail(deps.db, { userId: send.userId, group, unsubscribedFromAll: send.unsubscribed });
  if (consent === 'group-missing') {
    const error = `The email names the subscription group "${group}", which does not exist (create it, or pick another group on the email step)`;
    await finishSend(deps.db, key, { status: 'failed', error });
    throw failure(error, 'GroupMissing', false);
  }
  if (consent !== 'send') {
    await finishSend(deps.db, key, { status: consent });
    return false;
  }
  const recipient = recipientOf(traits);
  if (!recipient.ok) {
    await finishSend(deps.db, key, { status: recipient.status, error: recipient.reason });
    return false;
  }
  const to = recipient.address;
  const suppressed = await suppressedBecause(deps.db, to);
  if (suppressed) {
    await finishSend(deps.db, key, { status: 'skipped-suppressed', recipient: to, error: suppressed });
    return false;
  }
  // Transactional mail carries no unsubscribe link; mail of a group unsubscribes from that group only.
  const transactional = group === TRANSACTIONAL_GROUP;
  const unsubscribeUrl = transactional
    ? ''
    : `${deps.publicUrl}/u/${signUnsubscribeToken(deps.linkSecret, { userId: send.userId, group })}`;
  const preferencesUrl = `${deps.publicUrl}/p/${signPreferencesToken(deps.linkSecret, send.userId)}`;
  const surveys = surveyLinks(deps.publicUrl, deps.linkSecret, send.userId);
  let rendered;
  try {
    rendered = await deps.renderer.render(template, {
      traits,
      event: send.content.event,
      unsubscribeUrl,
      preferencesUrl,
      surveys,
      subject: send.content.subject ?? undefined,
    });
  } catch (error) {
    // a broken template will not mend itself by retrying
    await finishSend(deps.db, key, { status: 'failed', error: String(error) });
    throw failure(`Template ${template} could not be rendered: ${String(error)}`, 'TemplateBroken', false);
  }
  const html = (await tracks(deps, send))
    ? trackedEmailHtml(rendered.html, { publicUrl: deps.publicUrl, linkSecret: deps.linkSecret, sendKey: key }).html
    : rendered.html;
  // Only now can an attempt that breaks off have reached the mail server; another attempt that got here first wins.
  const identity = await sendingIdentity(deps.db, send.content.sender);
  if (!(await startSending(deps.db, key))) return false;
  // A resend keeps the original's Message-ID, so a mail program that got both can tell they are one email.
  const messageId = `<${createHash('sha256')
    .update(send.messageKey ?? key)
    .digest('hex')
    .slice(0, 32)}@boomerang>`;
  try {
    const sent = await deps.mailer.send({
      to,
      subject: rendered.subject,
      html,
      text: rendered.text,
      headers: transactional ? {} : unsubscribeHeaders(unsubscribeUrl),
      messageId,
      envelopeFrom: envelopeSenderFor(deps.bounces, messageId),
      from: identity?.from,
      replyTo: identity?.replyTo,
    });
    await finishSend(deps.db, key, {
      status: 'sent',
      recipient: to,
      subject: rendered.subject,
      templateVersion: rendered.templateVersion,
      smtpMessageId: sent.messageId,
    });
    return true;
  } catch (error) {
    const verdict = classifySendFailure(error);
    const why = messageOf(error);
    await finishSend(deps.db, key, {
      status: verdict === 'in-doubt' ? 'in-doubt' : 'failed',
      recipient: to,
      subject: rendered.subject,
      error: why,
      smtpMessageId: messageId,
    });
    if (deps.bounces)
      await noteRefusal(deps.db, deps.bounces, { key, userId: send.userId, template, to, messageId }, error);
    if (verdict === 'in-doubt')
      throw failure(
        `The mail server may have taken the email to ${to} but did not confirm it (${why}); it is not sent again automatically`,
        'SendInDoubt',
        false,
      );
    if (verdict === 'refused')
      throw failure(`The mail server refused the email to ${to} for good: ${why}`, 'SendRefused', false);
    throw failure(`The email to ${to} could not be sent, trying again: ${why}`, 'SendFailed', true);
  }
}

/** Whether this send's HTML gets tracked links and the open pixel: tracking on and not turned off by its journey. */
async function tracks(deps: SendEmailDeps, send: ClaimedSend): Promise<boolean> {
  if (!deps.tracking) return false;
  const { journeyId, version } = send.journey ?? { journeyId: null, version: null };
  return journeyId === null || version === null ? true : journeyTracksEmail(deps.db, journeyId, version);
}
