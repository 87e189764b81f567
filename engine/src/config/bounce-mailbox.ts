import { z } from 'zod';
import { sendgridPublicKey, type BounceMailboxSettings } from '../bounces/index.ts';

/** The bounce mailbox settings (BOUNCE_IMAP_*). */
export type BounceMailbox = BounceMailboxSettings;

/** The BOUNCE_IMAP_* variables of the environment. */
export const BounceMailboxVariables = z.object({
  BOUNCE_IMAP_URL: z
    .string()
    .regex(/^imaps?:\/\/[^@/]+@[^/]+/, 'imaps://user:password@host[:port][/folder] (or imap:// with STARTTLS)')
    .optional(),
  BOUNCE_IMAP_HOST: z.string().min(1).optional(),
  BOUNCE_IMAP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  BOUNCE_IMAP_TLS: z.enum(['tls', 'starttls', 'off']).optional(),
  BOUNCE_IMAP_USER: z.string().min(1).optional(),
  BOUNCE_IMAP_PASSWORD: z.string().min(1).optional(),
  BOUNCE_IMAP_MAILBOX: z.string().min(1).optional(),
  BOUNCE_IMAP_DONE_FOLDER: z.string().min(1).optional(),
  BOUNCE_IMAP_POLL_SECONDS: z.coerce.number().min(1).max(86_400).default(60),
});
type Variables = z.infer<typeof BounceMailboxVariables>;

/** True when `key` is a public key SendGrid could give: base64 DER (as its Mail Settings show it) or PEM. */
export function isSendgridKey(key: string): boolean {
  try {
    return sendgridPublicKey(key).asymmetricKeyType === 'ec';
  } catch {
    return false;
  }
}

/** The bounce mailbox from BOUNCE_IMAP_URL or the host/user/password variables (those win over the URL's parts), with the problems naming each variable. */
export function bounceMailboxFrom(e: Variables): { value: BounceMailbox | undefined; problems: string[] } {
  const url = e.BOUNCE_IMAP_URL ? new URL(e.BOUNCE_IMAP_URL) : undefined;
  const host = e.BOUNCE_IMAP_HOST ?? url?.hostname;
  if (!host) {
    const stray = Object.keys(BounceMailboxVariables.shape).find(
      (k) => k !== 'BOUNCE_IMAP_POLL_SECONDS' && Reflect.get(e, k) !== undefined,
    );
    return stray
      ? {
          value: undefined,
          problems: [`  ${stray}: the bounce mailbox needs BOUNCE_IMAP_URL or BOUNCE_IMAP_HOST too`],
        }
      : { value: undefined, problems: [] };
  }
  const tls = e.BOUNCE_IMAP_TLS ?? (url?.protocol === 'imap:' ? 'starttls' : 'tls');
  const user = e.BOUNCE_IMAP_USER ?? (url ? decodeURIComponent(url.username) : '');
  const password = e.BOUNCE_IMAP_PASSWORD ?? (url ? decodeURIComponent(url.password) : '');
  const problems: string[] = [];
  if (!user) problems.push('  BOUNCE_IMAP_USER: set the user of the bounce mailbox (or put it in BOUNCE_IMAP_URL)');
  if (!password)
    problems.push('  BOUNCE_IMAP_PASSWORD: set the password of the bounce mailbox (or put it in BOUNCE_IMAP_URL)');
  // The password would cross the network in the clear.
  if (tls === 'off' && !/^(127\.\d+\.\d+\.\d+|::1|\[::1\]|localhost)$/i.test(host))
    problems.push(
      `  BOUNCE_IMAP_TLS: "off" sends the mailbox password unencrypted; use tls or starttls for ${host} (off is for loopback only)`,
    );
  const folder = url && url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : undefined;
  return {
    value: problems.length
      ? undefined
      : {
          host,
          port: e.BOUNCE_IMAP_PORT ?? (url?.port ? Number(url.port) : tls === 'tls' ? 993 : 143),
          tls,
          user,
          password,
          mailbox: e.BOUNCE_IMAP_MAILBOX ?? folder ?? 'INBOX',
          doneFolder: e.BOUNCE_IMAP_DONE_FOLDER,
          pollSeconds: e.BOUNCE_IMAP_POLL_SECONDS,
        },
    problems,
  };
}
