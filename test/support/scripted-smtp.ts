import { createServer, type Server, type Socket } from 'node:net';

/**
 * How the scripted server answers one mail transaction:
 * - `accept`: 250 after the data: the email is delivered.
 * - `refuse-451` / `refuse-550`: that reply to MAIL FROM / RCPT TO (try later / refused for good).
 * - `drop-after-data`: reads the whole message, then closes the connection without a reply (the email
 *   was taken, the sender cannot know).
 */
export type Answer = 'accept' | 'refuse-451' | 'refuse-550' | 'drop-after-data';

/** One message the server read to its end: delivered (250 sent) or taken without an answer. */
export interface Taken {
  to: string;
  /** The envelope sender (MAIL FROM): where bounces go. */
  from: string;
  messageId: string | null;
  answered: boolean;
}

/** A scripted SMTP server on 127.0.0.1 (plain SMTP, no extensions), for outage and ambiguity tests. */
export interface ScriptedSmtp {
  url: string;
  /** Messages read to the end, in order; `delivered` is those answered 250. */
  taken: Taken[];
  delivered(): Taken[];
  /** MAIL FROM commands seen: one per send attempt that got as far as the envelope. */
  transactions: number;
  /** Answers for the next transactions, one each; afterwards `otherwise` answers. */
  script(answers: Answer[], otherwise?: Answer): void;
  /** Stops listening and drops every connection (senders get "connection refused"), or listens again. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a scripted SMTP server that accepts everything until told otherwise. */
export async function startScriptedSmtp(): Promise<ScriptedSmtp> {
  let queue: Answer[] = [];
  let otherwise: Answer = 'accept';
  const sockets = new Set<Socket>();
  const taken: Taken[] = [];
  const smtp: ScriptedSmtp = {
    url: '',
    taken,
    transactions: 0,
    delivered: () => taken.filter((t) => t.answered),
    script(answers, fallback = 'accept') {
      queue = [...answers];
      otherwise = fallback;
    },
    async down() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    },
    async up() {
      await listen(port);
    },
    async close() {
      await smtp.down();
    },
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    let data: string[] | null = null;
    let answer: Answer = 'accept';
    let to = '';
    let from = '';
    const reply = (line: string) => {
      if (!socket.destroyed) socket.write(`${line}\r\n`);
    };
    reply('220 scripted ESMTP');
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (data) {
          if (line !== '.') {
            data.push(line);
            continue;
          }
          const messageId = data.find((l) => /^message-id:/i.test(l))?.replace(/^message-id:\s*/i, '') ?? null;
          const answered = answer !== 'drop-after-data';
          taken.push({ to, from, messageId, answered });
          data = null;
          if (answered) reply('250 2.0.0 queued');
          else socket.destroy();
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO' || verb === 'HELO') reply('250 scripted');
        else if (verb === 'MAIL') {
          smtp.transactions += 1;
          from = line.replace(/^MAIL FROM:\s*<?([^>]*)>?.*$/i, '$1');
          answer = queue.shift() ?? otherwise;
          reply(answer === 'refuse-451' ? '451 4.3.0 try again later' : '250 2.1.0 ok');
        } else if (verb === 'RCPT') {
          to = line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, '$1');
          reply(answer === 'refuse-550' ? '550 5.1.1 no such mailbox' : '250 2.1.5 ok');
        } else if (verb === 'DATA') {
          data = [];
          reply('354 go ahead');
        } else if (verb === 'RSET' || verb === 'NOOP') reply('250 ok');
        else if (verb === 'QUIT') {
          reply('221 bye');
          socket.end();
        } else reply('502 5.5.2 not implemented');
      }
    });
  });
  const listen = (at: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(at, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  smtp.url = `smtp://127.0.0.1:${port}`;
  return smtp;
}
