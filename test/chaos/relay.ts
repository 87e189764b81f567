import { connect, createServer, type Server, type Socket } from 'node:net';
import { startSmtpSink, type ReceivedMail } from '../../engine/src/email/index.ts';
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
  /**
   * Stops listening: new connections are refused until `up()`. Open ones get the reply they are
   * waiting for and are then closed; with `abrupt`, they are cut at once, even mid-message.
   */
  down(opts?: { abrupt?: boolean }): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

const listen = (server: Server, port: number) =>
  new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });

/** One connection through the door, and whether its client is waiting for the relay's reply. */
interface Passage {
  client: Socket;
  upstream: Socket;
  awaitingReply: boolean;
  closing: boolean;
}

/**
 * Starts a counting relay on a free port of 127.0.0.1: Boomerang's SMTP sink (startSmtpSink) behind a
 * TCP front door. The door is what goes down in an outage, and it absorbs connections that a killed
 * process resets, which would otherwise crash the harness (the sink has no 'error' listener).
 */
export async function startCountingRelay(): Promise<CountingRelay> {
  const received: ReceivedMail[] = [];
  const sink = await startSmtpSink({
    port: 0,
    onMessage: async (mail) => {
      received.push(mail);
    },
  });
  const open = new Set<Passage>();
  const cut = (p: Passage) => {
    open.delete(p);
    p.client.destroy();
    p.upstream.destroy();
  };
  const door = createServer((client) => {
    const p: Passage = {
      client,
      upstream: connect({ host: '127.0.0.1', port: sink.port }),
      awaitingReply: false,
      closing: false,
    };
    open.add(p);
    client.on('data', (chunk) => {
      if (p.closing) {
        cut(p);
        return;
      } // the relay is going down: the client's next command is not taken
      p.awaitingReply = true;
      p.upstream.write(chunk);
    });
    p.upstream.on('data', (chunk) => {
      p.awaitingReply = false;
      client.write(chunk, () => {
        if (p.closing) cut(p);
      });
    });
    client.on('error', () => cut(p));
    p.upstream.on('error', () => cut(p));
    client.on('close', () => cut(p));
    p.upstream.on('close', () => cut(p));
  });
  const port = await listen(door, 0);
  let listening = true;
  const down = async (opts: { abrupt?: boolean } = {}) => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => door.close(() => resolve()));
    for (const p of open) {
      p.closing = true;
      // A graceful outage answers what it was asked and takes nothing more; an abrupt one (a crash)
      // may cut a client off after its message was taken but before it heard so.
      if (opts.abrupt || !p.awaitingReply) cut(p);
    }
    await closed;
  };
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    delivered: () => received.flatMap((m) => m.to.map((recipient) => ({ recipient, subject: m.subject ?? '' }))),
    down,
    async up() {
      if (!listening) {
        await listen(door, port);
        listening = true;
      }
    },
    async close() {
      await down();
      await sink.close();
    },
  };
}
