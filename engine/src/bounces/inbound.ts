import { createHash } from 'node:crypto';
import { findSendByMessageIdLocal } from '../db/index.ts';
import { classifyReport, type Report } from './classify.ts';
import { recordBounce, recordComplaint, type BounceDeps, type BouncedSend } from './record.ts';

/** What became of one incoming report. */
export type InboundOutcome =
  | { handled: 'bounce' | 'complaint'; userId: string; address: string; suppressed: boolean; repeated: boolean }
  | { handled: 'ignored'; why: string };

/** The send a report is about: the one its VERP return path names, else the first quoted Boomerang Message-ID we sent. */
async function sendOf(deps: BounceDeps, verpId: string | null, report: Report) {
  const candidates = [
    ...(verpId ? [verpId] : []),
    ...('originalMessageIds' in report ? report.originalMessageIds : []),
  ];
  for (const local of candidates) {
    const send = await findSendByMessageIdLocal(deps.db, local);
    if (send) return send;
  }
  return undefined;
}

/**
 * Handles one message that came back to the bounce address: a DSN's failed recipient is a hard or
 * soft bounce, an ARF report a complaint, both recorded against the send they name (its VERP id,
 * `verpId`, or the Message-ID they quote). Anything else (an auto-reply, a delayed-delivery notice) is
 * ignored, as is a report about a send Boomerang does not know.
 */
export async function handleInboundReport(
  deps: BounceDeps,
  raw: Buffer,
  verpId: string | null,
): Promise<InboundOutcome> {
  const report = await classifyReport(raw);
  if (report.kind === 'other') return { handled: 'ignored', why: 'neither a delivery report nor a feedback report' };
  // What reported it, as the suppression list shows it: an RFC 3464 DSN, a bounce in prose, an ARF report.
  const source = report.kind === 'complaint' ? 'arf' : report.format === 'dsn' ? 'dsn' : 'bounce-mail';
  const found = await sendOf(deps, verpId, report);
  if (!found) return { handled: 'ignored', why: 'it names no email Boomerang sent' };
  const reportKey = `${source}:${report.reportId ?? createHash('sha256').update(raw).digest('hex')}:${found.idempotencyKey}`;
  const send = (address: string): BouncedSend => ({
    idempotencyKey: found.idempotencyKey,
    userId: found.userId,
    journeyId: found.journeyId,
    stepId: found.stepId,
    template: found.template,
    address,
    messageId: found.smtpMessageId,
  });
  if (report.kind === 'complaint') {
    const address = found.recipient ?? report.recipient;
    if (!address) return { handled: 'ignored', why: 'the complaint names no address' };
    const outcome = await recordComplaint(deps, send(address), {
      feedbackType: report.feedbackType,
      source,
      reportKey,
    });
    return {
      handled: 'complaint',
      userId: found.userId,
      address,
      suppressed: outcome.suppressed,
      repeated: !outcome.recorded,
    };
  }
  // A report about several recipients: the one this send went to (our sends have exactly one).
  const failed = report.failed.find((f) => f.address === found.recipient?.toLowerCase()) ?? report.failed[0];
  if (!failed) return { handled: 'ignored', why: 'no recipient failed (a delay or success notice)' };
  const address = found.recipient ?? failed.address;
  if (!address) return { handled: 'ignored', why: 'the bounce names no address' };
  const outcome = await recordBounce(deps, send(address), {
    type: failed.type,
    reason: failed.diagnosticCode ?? failed.status ?? 'bounced',
    diagnosticCode: failed.status,
    source,
    reportKey,
  });
  return {
    handled: 'bounce',
    userId: found.userId,
    address,
    suppressed: outcome.suppressed,
    repeated: !outcome.recorded,
  };
}
