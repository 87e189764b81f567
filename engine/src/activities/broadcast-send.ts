import { createHash } from 'node:crypto';
import {
  broadcastCustomers,
  broadcastSendStatuses,
  claimBroadcastSends,
  finishBroadcastSends,
  findSuppressions,
  startBroadcastSends,
  suppressionKey,
  type BatchOutcome,
  type SendContent,
} from '../db/index.ts';
import { signPreferencesToken, signUnsubscribeToken, unsubscribeHeaders } from '../email/index.ts';
import { emailConsent } from '../consent/index.ts';
import { surveyLinks } from '../email/survey-links.ts';
import { messageOf } from '../errors/index.ts';
import { envelopeSenderFor, noteRefusal, whySuppressed } from '../bounces/index.ts';
import { trackedEmailHtml } from '../tracking/index.ts';
import { recipientOf } from './recipient.ts';
import { classifySendFailure } from './send-outcome.ts';
import type { SendEmailDeps } from './send-email.ts';

// A broadcast batch through the journey email's checks and message log, set-based: the claim, the
// customers, the suppressions, the skips, each wave's start and finish and the read-back are one
// statement each for the whole batch (or wave), not one per recipient. Only rendering and the SMTP
// transaction are per recipient, `sendsInFlight` at a time.

/** A recipient's outcome: the message log's status and why, its key, and whether a later attempt may send it. */
export interface BroadcastSendOutcome {
  status: string;
  reason: string | null;
  key: string;
  retry: boolean;
}

/** What one batch sends: the same template, subject and content to every recipient. */
export interface BroadcastEmails {
  template: string;
  subject?: string | undefined;
  content: SendContent;
  /** Each recipient's user id and idempotency key, in batch order. */
  recipients: Array<{ userId: string; key: string }>;
}

/** One email ready for SMTP. */
interface Ready {
  key: string;
  userId: string;
  to: string;
  traits: Record<string, unknown>;
}

/**
 * Sends a batch's emails: claims every key, skips (unsubscribed, no or invalid address, suppressed) in one
 * statement, then renders and sends the rest in waves of `sendsInFlight`, each wave marked `sending`
 * right before it goes and finished right after (so a kill leaves at most one wave in doubt). Every
 * outcome is read back from the message log, so a batch tried again reports what the first attempt did.
 */
export async function sendBroadcastEmails(
  deps: SendEmailDeps,
  batch: BroadcastEmails,
  opts: { sendsInFlight: number; heartbeat: () => void },
): Promise<Map<string, BroadcastSendOutcome>> {
  const { template, content } = batch;
  const claims = await claimBroadcastSends(
    deps.db,
    batch.recipients.map((r) => ({ key: r.key, userId: r.userId, template, content })),
  );
  const claimed = batch.recipients.filter((r) => claims.get(r.key) === 'claimed');
  const customers = await broadcastCustomers(
    deps.db,
    claimed.map((r) => r.userId),
  );
  const skips: BatchOutcome[] = [];
  const addressed: Ready[] = [];
  for (const r of claimed) {
    const customer = customers.get(r.userId);
    const traits = customer?.traits ?? {};
    const consent = emailConsent({
      group: content.group,
      unsubscribedFromAll: customer?.unsubscribed ?? false,
      groupDefault: undefined,
      choice: undefined,
    });
    if (consent !== 'send') {
      skips.push({ key: r.key, status: consent === 'group-missing' ? 'failed' : consent });
      continue;
    }
    const recipient = recipientOf(traits);
    if (!recipient.ok) skips.push({ key: r.key, status: recipient.status, error: recipient.reason });
    else addressed.push({ key: r.key, userId: r.userId, to: recipient.address, traits });
  }
  const suppressions = await findSuppressions(
    deps.db,
    addressed.map((a) => a.to),
  );
  const ready: Ready[] = [];
  for (const a of addressed) {
    const s = suppressions.get(suppressionKey(a.to));
    if (s) skips.push({ key: a.key, status: 'skipped-suppressed', recipient: a.to, error: whySuppressed(a.to, s) });
    else ready.push(a);
  }
  await finishBroadcastSends(deps.db, skips);
  const retry = new Set<string>();
  for (let i = 0; i < ready.length; i += opts.sendsInFlight) {
    for (const key of await sendWave(deps, batch, ready.slice(i, i + opts.sendsInFlight))) retry.add(key);
    opts.heartbeat();
  }
  const statuses = await broadcastSendStatuses(
    deps.db,
    batch.recipients.map((r) => r.key),
  );
  return new Map(
    batch.recipients.map((r) => {
      const line = statuses.get(r.key);
      return [
        r.userId,
        { status: line?.status ?? 'in-doubt', reason: line?.error ?? null, key: r.key, retry: retry.has(r.key) },
      ];
    }),
  );
}

/** Renders, marks, sends and records one wave; returns the keys that failed cleanly (a later attempt may send them). */
async function sendWave(deps: SendEmailDeps, batch: BroadcastEmails, wave: Ready[]): Promise<string[]> {
  const outcomes: BatchOutcome[] = [];
  const rendered = [];
  for (const r of wave) {
    const unsubscribeUrl = `${deps.publicUrl}/u/${signUnsubscribeToken(deps.linkSecret, { userId: r.userId, group: batch.content.group })}`;
    try {
      const email = await deps.renderer.render(batch.template, {
        traits: r.traits,
        event: batch.content.event,
        unsubscribeUrl,
        preferencesUrl: `${deps.publicUrl}/p/${signPreferencesToken(deps.linkSecret, r.userId)}`,
        surveys: surveyLinks(deps.publicUrl, deps.linkSecret, r.userId),
        subject: batch.content.subject ?? undefined,
      });
      const html = deps.tracking
        ? trackedEmailHtml(email.html, { publicUrl: deps.publicUrl, linkSecret: deps.linkSecret, sendKey: r.key }).html
        : email.html;
      rendered.push({ ...r, email, html, unsubscribeUrl });
    } catch (error) {
      // a broken template will not mend itself by retrying
      outcomes.push({ key: r.key, status: 'failed', error: String(error) });
    }
  }
  // Only now can an attempt that breaks off have reached the mail server; another attempt that got here first wins.
  const mine = await startBroadcastSends(
    deps.db,
    rendered.map((r) => r.key),
  );
  const retry: string[] = [];
  const refusals: Array<{ send: { key: string; userId: string; to: string; messageId: string }; error: unknown }> = [];
  await Promise.all(
    rendered
      .filter((r) => mine.has(r.key))
      .map(async (r) => {
        const messageId = `<${createHash('sha256').update(r.key).digest('hex').slice(0, 32)}@boomerang>`;
        const written = { recipient: r.to, subject: r.email.subject };
        try {
          const sent = await deps.mailer.send({
            to: r.to,
            subject: r.email.subject,
            html: r.html,
            text: r.email.text,
            headers: unsubscribeHeaders(r.unsubscribeUrl),
            messageId,
            envelopeFrom: envelopeSenderFor(deps.bounces, messageId),
          });
          outcomes.push({
            key: r.key,
            status: 'sent',
            ...written,
            templateVersion: r.email.templateVersion,
            smtpMessageId: sent.messageId,
          });
        } catch (error) {
          const verdict = classifySendFailure(error);
          const status = verdict === 'in-doubt' ? 'in-doubt' : 'failed';
          outcomes.push({ key: r.key, status, ...written, error: messageOf(error), smtpMessageId: messageId });
          if (verdict === 'retry') retry.push(r.key);
          refusals.push({ send: { key: r.key, userId: r.userId, to: r.to, messageId }, error });
        }
      }),
  );
  await finishBroadcastSends(deps.db, outcomes);
  const { bounces } = deps;
  if (bounces)
    for (const { send, error } of refusals)
      await noteRefusal(deps.db, bounces, { ...send, template: batch.template }, error);
  return retry;
}
