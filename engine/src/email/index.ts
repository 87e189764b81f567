// The email module: template storage, MJML + Liquid rendering, signed customer links (unsubscribe, surveys), SMTP out and the dev SMTP sink.
export {
  FileTemplateStore,
  defaultTemplateDir,
  saveTemplateFile,
  isTemplateId,
  templateVersion,
  type Template,
  type TemplateInfo,
  type TemplateStore,
} from './templates.ts';
export {
  createRenderer,
  renderUnsaved,
  type RenderVars,
  type RenderedEmail,
  type RenderStats,
  type Renderer,
} from './render.ts';
export { keyId, linkKeyring, LinkPurpose, signLink, verifyLink, type LinkCheck } from './links.ts';
export {
  signUnsubscribeToken,
  signPreferencesToken,
  verifyPreferencesToken,
  verifyUnsubscribeToken,
  unsubscribeHeaders,
  type UnsubscribeClaim,
} from './unsubscribe.ts';
export { CancellationReason, surveyLinks, surveys, verifySurveyToken, type SurveyName } from './survey-links.ts';
export {
  createMailer,
  smtpOptions,
  SmtpSendError,
  type Mailer,
  type OutgoingMail,
  type SendResult,
} from './transport.ts';
export { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from './sink.ts';
export { readMail, type RawMail, type ReceivedMail } from './received-mail.ts';
export {
  checkDkimPrivateKey,
  dkimOptions,
  dkimPublicKey,
  SIGNED_HEADERS,
  type DkimKeyCheck,
  type DkimSigning,
} from './dkim.ts';
export { dkimRecord, txtStrings, type DkimRecord } from './dkim-record.ts';
