import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMail, openMailbox, type Database, type Queryable } from '../../../engine/src/db/index.ts';
import {
  createMailer,
  startSmtpSink,
  unsubscribeHeaders,
  type Mailer,
  type RawMail,
  type SmtpSink,
} from '../../../engine/src/email/index.ts';
import { useDatabase } from '../../support/database.ts';
import { startInProcessApp, type InProcessApp } from '../../support/in-process-app.ts';

// The embedded SMTP sink as `npm start` wires it: real SMTP over TCP into a real database, stored as
// received, read back through the inbox API (GET /v1/outbox, /outbox/:id) and db/mailbox.ts.

const longLine = `<p>${'Lorem ipsum dolor sit amet, '.repeat(60)}end.</p>`; // 1,690 characters on one line

describe('the inbox API shows what was sent to the sink', () => {
  let app: InProcessApp;
  let sink: SmtpSink;
  let mailer: Mailer;
  beforeAll(async () => {
    app = await startInProcessApp('sink-inbox');
    sink = await startSmtpSink({ port: 0, onRawMessage: openMailbox(app.db).keep });
    mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${sink.port}`, from: 'Boomerang <hello@localhost>' });
  }, 60_000);
  afterAll(async () => {
    await mailer.close();
    await sink.close();
    await app.close();
  });

  it('lists a message sent over SMTP with its subject, HTML, text, sender, recipients and headers', async () => {
    const url = 'http://localhost:3000/u/abc.def';
    await mailer.send({
      to: 'ada@example.com',
      subject: 'Welcome, Ada! ✨ Grüße',
      html: `<h1>Hi <b>Ada</b></h1>${longLine}`,
      text: 'Hi Ada, café ☕',
      headers: { ...unsubscribeHeaders(url), 'X-Campaign': 'spring' },
      messageId: '<fixed-id@boomerang>',
    });
    const answer = await app.admin('GET', '/v1/outbox?to=ada@example.com');
    expect(answer.status).toBe(200);
    expect(answer.json.messages).toHaveLength(1);
    const m = answer.json.messages[0];
    expect(m.subject).toBe('Welcome, Ada! ✨ Grüße');
    expect(m.html).toContain('<h1>Hi <b>Ada</b></h1>');
    expect(m.html).toContain(longLine); // quoted-printable soft line breaks undone
    expect(m.text.trim()).toBe('Hi Ada, café ☕');
    expect(m.from).toMatch(/Boomerang"? <hello@localhost>$/);
    expect(m.to).toEqual(['ada@example.com']);
    expect(m.messageId).toBe('<fixed-id@boomerang>');
    expect(m.headers['list-unsubscribe']).toBe(`<${url}>`);
    expect(m.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(m.headers['x-campaign']).toBe('spring');
    expect(m.headers['content-type']).toMatch(/^multipart\/alternative/);
    expect(Date.now() - Date.parse(m.receivedAt)).toBeLessThan(60_000);

    const page = await app.admin('GET', `/outbox/${m.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Welcome, Ada! ✨ Grüße</h1>');
    expect((await app.admin('GET', '/outbox')).text).toContain(`<a href="/outbox/${m.id}">Welcome, Ada! ✨ Grüße</a>`);
  });

  it('lists concurrent messages once each, newest first, each with its own subject', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        mailer.send({ to: `c${i}@example.com`, subject: `n${i}`, html: `<p>${i}</p>`, text: `${i}` }),
      ),
    );
    const answer = await app.admin('GET', '/v1/outbox?limit=12');
    const subjects: string[] = answer.json.messages.map((m: { subject: string }) => m.subject);
    expect([...subjects].sort()).toEqual(Array.from({ length: 12 }, (_, i) => `n${i}`).sort());
    const ids: number[] = answer.json.messages.map((m: { id: number }) => m.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});

describe.each(['pglite', 'postgres'] as const)('the mailbox on %s', (kind) => {
  const database = useDatabase(kind, 'mailbox');
  let db: Database;
  let sink: SmtpSink;
  let mailer: Mailer;
  let inserts = 0;
  // Counts the statements the mailbox runs, passing each to the real database.
  const counting: Queryable = {
    query: (sql, params) => {
      if (sql.startsWith('insert into sink_mail')) inserts++;
      return db.query(sql, params);
    },
  };
  const mailbox = () => openMailbox(counting);
  beforeAll(async () => {
    db = database.db;
    sink = await startSmtpSink({ port: 0, onRawMessage: mailbox().keep });
    mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${sink.port}`, from: 'Boomerang <hello@localhost>' });
  }, 60_000);
  afterAll(async () => {
    await mailer.close();
    await sink.close();
  });
  const raw = (to: string, subject: string): RawMail => ({
    raw: Buffer.from(`From: a@example.com\r\nTo: ${to}\r\nSubject: ${subject}\r\n\r\nbody\r\n`),
    envelopeFrom: 'a@example.com',
    to: [to],
    receivedAt: new Date('2026-03-01T12:00:00.000Z'),
  });
  const subjectsTo = async (to: string) => (await listMail(db, { to })).map((m) => m.subject);

  it('answers the sender 451 when the message cannot be stored, and keeps nothing of it', async () => {
    await db.query('alter table sink_mail rename to sink_mail_away');
    try {
      await expect(
        mailer.send({ to: 'lost@example.com', subject: 'Lost', html: '<p>x</p>', text: 'x' }),
      ).rejects.toMatchObject({ responseCode: 451, message: expect.stringContaining('sink_mail') });
    } finally {
      await db.query('alter table sink_mail_away rename to sink_mail');
    }
    expect(await subjectsTo('lost@example.com')).toEqual([]);
    await mailer.send({ to: 'lost@example.com', subject: 'Found', html: '<p>x</p>', text: 'x' });
    expect(await subjectsTo('lost@example.com')).toEqual(['Found']);
  });

  it('stores messages that arrive while a statement runs together in the next statement', async () => {
    const box = mailbox();
    inserts = 0;
    // The first goes straight to the database; the nine kept while it is in flight gather into one.
    await Promise.all(Array.from({ length: 10 }, (_, i) => box.keep(raw('group@example.com', `g${i}`))));
    expect(inserts).toBe(2);
    expect(await subjectsTo('group@example.com')).toEqual(['g9', 'g8', 'g7', 'g6', 'g5', 'g4', 'g3', 'g2', 'g1', 'g0']);
  });

  it('refuses only the message the database refuses, storing the rest of its group', async () => {
    const box = mailbox();
    const first = box.keep(raw('few@example.com', 'f0'));
    // jsonb refuses \u0000, so this recipient makes its group's statement fail.
    const results = await Promise.allSettled([
      first,
      box.keep(raw('few@example.com', 'f1')),
      box.keep({ ...raw('few@example.com', 'bad'), to: ['few@example.com', 'nul\u0000@example.com'] }),
      box.keep(raw('few@example.com', 'f2')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await subjectsTo('few@example.com')).toEqual(['f2', 'f1', 'f0']);
  });

  it('still reads messages stored before the sink kept them unparsed', async () => {
    await db.query(
      `insert into sink_mail (message_id, mail_from, mail_to, subject, html, text, headers)
       values ('<old@x>', 'Old <old@example.com>', '["old@example.com"]', 'Old subject', '<p>old</p>', 'old', '{"x-old":"1"}')`,
    );
    const [m] = await listMail(db, { to: 'old@example.com' });
    expect(m).toMatchObject({
      messageId: '<old@x>',
      from: 'Old <old@example.com>',
      to: ['old@example.com'],
      subject: 'Old subject',
      html: '<p>old</p>',
      text: 'old',
      headers: { 'x-old': '1' },
    });
  });
});
