// Bounces and complaints: VERP return paths, DSN (RFC 3464) and ARF (RFC 5965) classification, the inbound SMTP listener and IMAP mailbox reader, refusals while sending, and what each does (suppression, events).
export { returnPath, readReturnPath, messageIdLocal } from './verp.ts';
export { classifyReport, classifyParsed, type Report, type FailedRecipient, type BounceType } from './classify.ts';
export { bounceOfSendError, type SmtpBounce } from './smtp-refusal.ts';
export { isLastAttempt, type AttemptInfo } from './last-attempt.ts';
export {
  recordBounce,
  recordComplaint,
  EMAIL_BOUNCED,
  EMAIL_MARKED_AS_SPAM,
  type BounceDeps,
  type BouncePolicy,
  type BouncedSend,
  type BounceOutcome,
} from './record.ts';
export { handleInboundReport, type InboundOutcome } from './inbound.ts';
export { startBounceListener, type BounceListener, type BounceListenerOptions } from './listener.ts';
export {
  startBounceMailbox,
  NOT_A_REPORT_KEYWORD,
  type BounceMailboxSettings,
  type BounceMailboxOptions,
  type BounceMailboxReader,
} from './mailbox.ts';
export { suppressedBecause, whySuppressed, envelopeSenderFor, noteRefusal, type SendBounces } from './sending.ts';
export {
  receiveWebhook,
  ESP_PROVIDERS,
  type EspProvider,
  type WebhookDeps,
  type WebhookKeys,
  type WebhookAnswer,
  type WebhookCall,
} from './webhooks/receive.ts';
export { sendgridPublicKey } from './webhooks/sendgrid.ts';
export { isSnsCertificateUrl, snsStringToSign, type CertificateFetcher } from './webhooks/sns.ts';
