import { SMTPServer } from 'smtp-server';
import { asError, messageOf } from '../errors/index.ts';
import { handleInboundReport, type InboundOutcome } from './inbound.ts';
import type { BounceDeps } from './record.ts';
import { readReturnPath } from './verp.ts';

/** Options of the bounce listener; port 0 picks a free port. */
export interface BounceListenerOptions extends BounceDeps {
  host?: string | undefined;
  port: number;
  /** BOUNCE_DOMAIN: only `bounce@` and signed `bounce+<id>@` addresses there are accepted. */
  domain: string;
  linkSecret: string;
  /** Told of every report handled (for logs and tests). */
  onReport?: (outcome: InboundOutcome) => void;
}

/** A running bounce listener. */
export interface BounceListener {
  port: number;
  close(): Promise<void>;
}

const MAX_SIZE = 10 * 1024 * 1024;

const smtpError = (code: number, message: string): Error & { responseCode: number } =>
  Object.assign(new Error(message), { responseCode: code });

/**
 * Starts the inbound SMTP listener for bounces and complaints (BOUNCE_SMTP_PORT). It accepts mail for
 * `bounce+<signed id>@BOUNCE_DOMAIN` (a VERP return path Boomerang signed) and for the bare
 * `bounce@BOUNCE_DOMAIN` (feedback loops, servers that drop the tag: the quoted Message-ID names the
 * send); every other recipient is refused with 550. A report is acknowledged only once recorded.
 */
export async function startBounceListener(opts: BounceListenerOptions): Promise<BounceListener> {
  const bare = `bounce@${opts.domain}`.toLowerCase();
  const verpOf = (address: string): string | null | undefined => {
    if (address.toLowerCase() === bare) return null;
    return readReturnPath(opts.linkSecret, opts.domain, address) ?? undefined;
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    size: MAX_SIZE,
    logger: false,
    closeTimeout: 2000,
    onRcptTo(address, _session, callback) {
      if (verpOf(address.address) === undefined)
        return callback(
          smtpError(550, `5.1.1 <${address.address}>: no such mailbox here (this server takes bounces only)`),
        );
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (stream.sizeExceeded) return callback(smtpError(552, 'Message exceeds the 10 MB size limit'));
        const raw = Buffer.concat(chunks);
        const verpId =
          session.envelope.rcptTo.map((r) => verpOf(r.address)).find((id) => typeof id === 'string') ?? null;
        handleInboundReport(opts, raw, verpId)
          .then((outcome) => {
            opts.onReport?.(outcome);
            callback();
          })
          .catch((error: unknown) => {
            // Only what was recorded is acknowledged: a failure here makes the reporting server try again.
            console.error('[bounces]', messageOf(error));
            callback(asError(smtpError(451, `Could not record the report: ${messageOf(error)}`)));
          });
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error: Error & { code?: string }) => {
    if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') console.error('[bounces]', error.message);
  });
  const address = server.server.address();
  if (address === null || typeof address === 'string')
    throw new Error('The bounce listener is not listening on a TCP port');
  return { port: address.port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
