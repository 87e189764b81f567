import { ImapFlow } from 'imapflow';
import { messageOf } from '../errors/index.ts';
import type { Logger } from '../observability/index.ts';
import { handleInboundReport, type InboundOutcome } from './inbound.ts';
import type { BounceDeps } from './record.ts';
import { readReturnPath } from './verp.ts';

/** The IMAP mailbox that DSN and ARF reports land in, as Boomerang reads it (BOUNCE_IMAP_*). */
export interface BounceMailboxSettings {
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (imaps, 993); `starttls`: upgrade the plain connection, refused without it; `off`: plain (loopback only). */
  tls: 'tls' | 'starttls' | 'off';
  user: string;
  password: string;
  /** The folder the reports arrive in (default INBOX). */
  mailbox: string;
  /** Where handled reports are moved; unset: they stay where they are, marked \Seen. */
  doneFolder: string | undefined;
  /** How often the mailbox is checked besides the server's IDLE notices. */
  pollSeconds: number;
}

/** What the mailbox reader needs: where to record, the mailbox, and the VERP secret and domain (if any) to read signed return paths. */
export interface BounceMailboxOptions extends BounceDeps {
  settings: BounceMailboxSettings;
  linkSecret: string;
  domain: string | undefined;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Told of every report handled (for logs and tests). */
  onReport?: (outcome: InboundOutcome, uid: number) => void;
}

/** A running mailbox reader. */
export interface BounceMailboxReader {
  /** Reads every unread message now (the poll does this too); resolves with how many it looked at. */
  check(): Promise<number>;
  close(): Promise<void>;
}

/** The keyword on a message that is not a report Boomerang can use: it stays in the folder, flagged, for a person to look at. */
export const NOT_A_REPORT_KEYWORD = '$BoomerangNotAReport';

// Where mail servers keep the envelope recipient (the VERP address) when they deliver to a mailbox.
const ENVELOPE_HEADERS = /^(?:delivered-to|x-original-to|envelope-to|x-envelope-to):\s*<?([^\s<>]+@[^\s<>]+)>?\s*$/gim;

/** The VERP id of the first envelope-recipient header that is a return path Boomerang signed, else null. */
function verpIdOf(raw: Buffer, opts: BounceMailboxOptions): string | null {
  if (!opts.domain) return null;
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end === -1 ? Math.min(raw.length, 64 * 1024) : end).toString('latin1');
  for (const match of head.matchAll(ENVELOPE_HEADERS)) {
    const id = match[1] ? readReturnPath(opts.linkSecret, opts.domain, match[1]) : null;
    if (id) return id;
  }
  return null;
}

/**
 * Reads the bounce mailbox over IMAP (imapflow): every unread message goes through the same path as
 * the SMTP listener's (DSN / ARF classification, then suppression and events). A handled report is
 * marked \Seen (and moved to the done folder when one is set), so a restart never reads it again;
 * a message that is no usable report is marked \Seen, \Flagged and NOT_A_REPORT_KEYWORD, and the
 * reason logged; one that could not be recorded (the database is down) stays unread for the next
 * check. Checks run on the server's IDLE notices and every `pollSeconds`; a lost connection is
 * opened again at the next check.
 */
export async function startBounceMailbox(opts: BounceMailboxOptions): Promise<BounceMailboxReader> {
  const s = opts.settings;
  let client: ImapFlow | undefined;
  let closed = false;
  let running: Promise<number> = Promise.resolve(0);

  const connect = async (): Promise<ImapFlow> => {
    if (client?.usable) return client;
    const fresh = new ImapFlow({
      host: s.host,
      port: s.port,
      secure: s.tls === 'tls',
      doSTARTTLS: s.tls === 'starttls' ? true : s.tls === 'off' ? false : undefined,
      auth: { user: s.user, pass: s.password },
      logger: false,
      // IDLE (the server's notice of new mail) a second after the last command, not imapflow's default 15.
      autoIdleDelay: 1000,
    });
    fresh.on('error', (error: Error) => opts.logger.warn({ err: messageOf(error) }, 'Bounce mailbox connection error'));
    fresh.on('exists', () => void check().catch(() => undefined));
    await fresh.connect();
    if (s.doneFolder) {
      const folders = await fresh.list();
      if (!folders.some((f) => f.path === s.doneFolder)) await fresh.mailboxCreate(s.doneFolder);
    }
    client = fresh;
    return fresh;
  };

  const readUnread = async (): Promise<number> => {
    const imap = await connect();
    const lock = await imap.getMailboxLock(s.mailbox);
    try {
      const uids = (await imap.search({ seen: false }, { uid: true })) || [];
      for (const uid of uids) {
        const message = await imap.fetchOne(String(uid), { source: true }, { uid: true });
        if (!message || !message.source) continue;
        let outcome: InboundOutcome;
        try {
          outcome = await handleInboundReport(opts, message.source, verpIdOf(message.source, opts));
        } catch (error) {
          opts.logger.error({ uid, err: messageOf(error) }, 'Could not record a bounce report; it stays unread');
          continue;
        }
        if (outcome.handled === 'ignored') {
          opts.logger.warn({ uid, why: outcome.why }, `Bounce mailbox: message ${uid} is not a usable report`);
          await imap.messageFlagsAdd(String(uid), ['\\Seen', '\\Flagged', NOT_A_REPORT_KEYWORD], { uid: true });
        } else {
          await imap.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
          if (s.doneFolder) await imap.messageMove(String(uid), s.doneFolder, { uid: true });
        }
        opts.onReport?.(outcome, uid);
      }
      return uids.length;
    } finally {
      lock.release();
    }
  };

  // One check at a time: an IDLE notice during a check queues the next one behind it.
  const check = (): Promise<number> => {
    running = running
      .catch(() => 0)
      .then(() => (closed ? 0 : readUnread()))
      .catch((error: unknown) => {
        opts.logger.warn(
          { err: messageOf(error) },
          'Could not read the bounce mailbox; trying again at the next check',
        );
        client?.close();
        client = undefined;
        throw error;
      });
    return running;
  };

  await connect();
  const timer = setInterval(() => void check().catch(() => undefined), s.pollSeconds * 1000);
  timer.unref();
  void check().catch(() => undefined);
  return {
    check,
    async close() {
      closed = true;
      clearInterval(timer);
      await running.catch(() => undefined);
      await client?.logout().catch(() => undefined);
    },
  };
}
