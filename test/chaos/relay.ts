import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../engine/src/email/index.ts';
import type { ExpectedEmail } from './tally.ts';

/**
 * The SMTP relay the chaos harness runs in its own process: it counts what Boomerang really sent,
 * independently of Boomerang's own message log, and can refuse connections for a while (an outage).
 */
export interface CountingRelay {
  port: number;
  url: string;
  /** Every message received so far, one entry per envelope recipient. */
  delivered(): ExpectedEmail[];
  /** Stops listening: connections are refused until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a counting relay on a free port of 127.0.0.1. */
export async function startCountingRelay(): Promise<CountingRelay> {
  const received: ReceivedMail[] = [];
  const listen = (port: number) => startSmtpSink({ port, onMessage: async (mail) => { received.push(mail); } });
  let sink: SmtpSink | undefined = await listen(0);
  const port = sink.port;
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    delivered: () => received.flatMap((m) => m.to.map((recipient) => ({ recipient, subject: m.subject ?? '' }))),
    async down() { await sink?.close(); sink = undefined; },
    async up() { sink ??= await listen(port); },
    async close() { await sink?.close(); sink = undefined; },
  };
}
