import { createServer, connect, type Server, type Socket } from 'node:net';
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
  /** Stops listening and drops open connections: new ones are refused until `up()`. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

const listen = (server: Server, port: number) => new Promise<number>((resolve, reject) => {
  server.once('error', reject);
  server.listen(port, '127.0.0.1', () => {
    server.off('error', reject);
    const address = server.address();
    resolve(typeof address === 'object' && address ? address.port : port);
  });
});

/**
 * Starts a counting relay on a free port of 127.0.0.1: Boomerang's SMTP sink (startSmtpSink) behind a
 * TCP front door. The door is what goes down in an outage, and it absorbs connections that a killed
 * process resets, which would otherwise crash the harness (the sink has no 'error' listener).
 */
export async function startCountingRelay(): Promise<CountingRelay> {
  const received: ReceivedMail[] = [];
  const sink = await startSmtpSink({ port: 0, onMessage: async (mail) => { received.push(mail); } });
  const open = new Set<Socket>();
  const door = createServer((client) => {
    const upstream = connect({ host: '127.0.0.1', port: sink.port });
    open.add(client);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('error', () => upstream.end());
    upstream.on('error', () => client.destroy());
    client.on('close', () => { open.delete(client); upstream.end(); });
    upstream.on('close', () => client.destroy());
  });
  const port = await listen(door, 0);
  let listening = true;
  const down = async () => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => door.close(() => resolve()));
    for (const s of open) s.destroy();
    await closed;
  };
  return {
    port,
    url: `smtp://127.0.0.1:${port}`,
    delivered: () => received.flatMap((m) => m.to.map((recipient) => ({ recipient, subject: m.subject ?? '' }))),
    down,
    async up() { if (!listening) { await listen(door, port); listening = true; } },
    async close() { await down(); await sink.close(); },
  };
}
