import { createServer, type Server } from 'node:http';

/** One request a receiver got: its headers, raw body and when it arrived. */
export interface Received {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  atMs: number;
}

/** A local HTTP server on 127.0.0.1 standing in for a webhook receiver (Slack, a CRM, ...). */
export interface Receiver {
  url: string;
  received: Received[];
  /** Sets how the next requests are answered: a status per request (the last one repeats), and an optional delay. */
  answer(statuses: number[], delayMs?: number): void;
  close(): Promise<void>;
}

/** Starts a receiver; by default it answers 200 at once. */
export async function startReceiver(): Promise<Receiver> {
  let statuses = [200];
  let delayMs = 0;
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        atMs: Date.now(),
      });
      const status = statuses.length > 1 ? statuses.shift()! : (statuses[0] ?? 200);
      setTimeout(() => {
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(String(status));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer(next, delay = 0) {
      statuses = [...next];
      delayMs = delay;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
