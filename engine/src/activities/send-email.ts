import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { claimSend, findCustomer, finishSend, type Database } from '../db/index.ts';
import { signUnsubscribeToken, unsubscribeHeaders, type Mailer, type Renderer } from '../email/index.ts';
import { surveyLinks } from '../email/survey-links.ts';
import type { StepInput, StepResult } from './types.ts';

/** What sending email needs from the outside world. */
export interface SendEmailDeps { db: Database; renderer: Renderer; mailer: Mailer; publicUrl: string; linkSecret: string }

/** Which email a step sends: the template and an optional subject overriding its `<mj-title>`. */
export interface EmailChoice { template: string; subject?: string | undefined }

/**
 * Renders and sends one journey email. The message log's idempotency key (workflow, run, step,
 * iteration) makes a retried or replayed activity send at most once; consent is checked here, at the
 * last moment, so an unsubscribed customer is never emailed.
 */
export async function sendJourneyEmail(deps: SendEmailDeps, input: StepInput, email: EmailChoice): Promise<StepResult> {
  const { template } = email;
  const subject = email.subject ? email.subject : undefined;
  const key = `${input.workflowId}:${input.runId}:${input.stepId}:${input.iteration}`;
  const customer = await findCustomer(deps.db, input.userId);
  const traits = customer?.traits ?? input.traits;
  const claim = await claimSend(deps.db, { idempotencyKey: key, userId: input.userId, journeyId: input.journeyId, version: input.version, stepId: input.stepId, template });
  if (claim !== 'claimed') return { traits, emailSent: false };
  if (customer?.unsubscribedAt) {
    await finishSend(deps.db, key, { status: 'skipped-unsubscribed' });
    return { traits, emailSent: false };
  }
  const to = typeof traits.email === 'string' ? traits.email : undefined;
  if (!to) {
    await finishSend(deps.db, key, { status: 'skipped-no-email', error: 'the customer has no email trait' });
    return { traits, emailSent: false };
  }
  const unsubscribeUrl = `${deps.publicUrl}/u/${signUnsubscribeToken(deps.linkSecret, { userId: input.userId })}`;
  const surveys = surveyLinks(deps.publicUrl, deps.linkSecret, input.userId);
  let rendered;
  try {
    rendered = await deps.renderer.render(template, { traits, event: { event: input.trigger.event, properties: input.trigger.properties }, unsubscribeUrl, surveys, subject });
  } catch (error) {
    // a broken template will not mend itself by retrying
    await finishSend(deps.db, key, { status: 'failed', error: String(error) });
    throw ApplicationFailure.nonRetryable(`Template ${template} could not be rendered: ${String(error)}`);
  }
  try {
    const messageId = `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@boomerang>`;
    const sent = await deps.mailer.send({ to, subject: rendered.subject, html: rendered.html, text: rendered.text, headers: unsubscribeHeaders(unsubscribeUrl), messageId });
    await finishSend(deps.db, key, { status: 'sent', recipient: to, subject: rendered.subject, templateVersion: rendered.templateVersion, smtpMessageId: sent.messageId });
    return { traits, emailSent: true };
  } catch (error) {
    await finishSend(deps.db, key, { status: 'failed', recipient: to, error: String(error) });
    throw error;
  }
}
