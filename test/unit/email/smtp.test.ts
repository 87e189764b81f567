import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMailer,
  startSmtpSink,
  unsubscribeHeaders,
  type Mailer,
  type ReceivedMail,
  type SmtpSink,
} from '../../../engine/src/email/index.ts';

// Real TCP on 127.0.0.1: the pooled mailer talks to the sink on a port the OS picked.
const opened: Array<Mailer | SmtpSink> = [];
afterEach(async () => {
  for (const c of opened.splice(0).reverse()) await c.close();
});

async function pair(onMessage: (mail: ReceivedMail) => Promise<void>) {
  const sink = await startSmtpSink({ port: 0, onMessage });
  opened.push(sink);
  const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${sink.port}`, from: 'Boomerang <hello@localhost>' });
  opened.push(mailer);
  return { sink, mailer };
}

describe('mailer and sink over SMTP', () => {
  it('keeps serving after a sender resets its connection mid-transaction (as a killed sender does)', async () => {
    const received: ReceivedMail[] = [];
    const { sink, mailer } = await pair(async (mail) => {
      received.push(mail);
    });
    await new Promise<void>((resolve) => {
      const socket = connect(sink.port, '127.0.0.1');
      socket.on('error', () => undefined);
      socket.on('close', () => resolve());
      let said = '';
      let step = 0;
      socket.on('data', (chunk) => {
        said += chunk.toString();
        if (step === 0 && said.includes('220 ')) {
          step = 1;
          socket.write('EHLO killed.example\r\n');
        } else if (step === 1 && /\r\n250 /.test(said)) {
          step = 2;
          socket.write('MAIL FROM:<a@example.com>\r\n');
          said = '';
        } else if (step === 2 && said.startsWith('250')) {
          step = 3;
          socket.resetAndDestroy();
        }
      });
    });
    await mailer.send({ to: 'bea@example.com', subject: 'Still here', html: '<p>x</p>', text: 'x' });
    expect(received.map((m) => m.subject)).toEqual(['Still here']);
  });

  it('delivers subject, both parts, recipients and the one-click unsubscribe headers', async () => {
    const received: ReceivedMail[] = [];
    const { sink, mailer } = await pair(async (mail) => {
      received.push(mail);
    });
    expect(sink.port).toBeGreaterThan(0);
    const url = 'http://localhost:3000/u/abc.def';
    const sent = await mailer.send({
      to: 'ada@example.com',
      subject: 'Welcome, Ada! ✨',
      html: '<p>Hi <b>Ada</b></p>',
      text: 'Hi Ada',
      headers: unsubscribeHeaders(url),
      messageId: '<fixed-id@boomerang>',
    });
    expect(sent).toEqual({ messageId: '<fixed-id@boomerang>', accepted: ['ada@example.com'] });

    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.subject).toBe('Welcome, Ada! ✨');
    expect(mail.html).toContain('Hi <b>Ada</b>');
    expect(mail.text?.trim()).toBe('Hi Ada');
    expect(mail.to).toEqual(['ada@example.com']);
    expect(mail.from).toMatch(/Boomerang"? <hello@localhost>$/);
    expect(mail.messageId).toBe('<fixed-id@boomerang>');
    expect(mail.headers['list-unsubscribe']).toBe(`<${url}>`);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.receivedAt).toBeInstanceOf(Date);
  });

  it('reuses pooled connections for many sends', async () => {
    const received: ReceivedMail[] = [];
    const { mailer } = await pair(async (mail) => {
      received.push(mail);
    });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        mailer.send({ to: `c${i}@example.com`, subject: `n${i}`, html: `<p>${i}</p>`, text: `${i}` }),
      ),
    );
    expect(received.map((m) => m.subject).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `n${i}`).sort());
  });

  it('fails the send when the sink cannot store the message', async () => {
    const { mailer } = await pair(async () => {
      throw new Error('disk full');
    });
    await expect(
      mailer.send({ to: 'ada@example.com', subject: 's', html: '<p>x</p>', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 451, message: expect.stringContaining('disk full') });
  });
});
