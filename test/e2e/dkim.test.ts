import { generateKeyPairSync } from 'node:crypto';
import { dkimVerify } from 'mailauth/lib/dkim/verify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMailer,
  createRenderer,
  FileTemplateStore,
  unsubscribeHeaders,
  type Mailer,
} from '../../engine/src/email/index.ts';

// The bytes verified are the bytes that crossed a real SMTP connection; the verifier is mailauth (an
// independent DKIM implementation), its DNS answered by a stub holding the public key we published.

const DOMAIN = 'shop.example';
const SELECTOR = 'boomerang';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
// The record as an operator would publish it, built here from node's own export (not from our code).
const publishedRecord = `v=DKIM1; k=rsa; p=${publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`;

const resolver = async (name: string, type: string): Promise<string[][]> => {
  if (type === 'TXT' && name === `${SELECTOR}._domainkey.${DOMAIN}`) return [[publishedRecord]];
  throw Object.assign(new Error(`no ${type} record for ${name}`), { code: 'ENOTFOUND' });
};

/** A bare SMTP server keeping each message's raw bytes. */
async function rawCapture(): Promise<{ port: number; messages: Buffer[]; close(): Promise<void> }> {
  const messages: Buffer[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  return { port: address.port, messages, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('DKIM signing of outgoing mail', () => {
  let capture: Awaited<ReturnType<typeof rawCapture>>;
  let mailer: Mailer;
  let raw: Buffer;

  beforeAll(async () => {
    capture = await rawCapture();
    mailer = createMailer({
      smtpUrl: `smtp://127.0.0.1:${capture.port}`,
      from: `Shop <news@${DOMAIN}>`,
      dkim: { domain: DOMAIN, selector: SELECTOR, privateKey: privatePem },
    });
    const renderer = createRenderer({ store: new FileTemplateStore() });
    const unsubscribeUrl = 'http://localhost:3000/u/token-123';
    const rendered = await renderer.render('welcome', {
      traits: { email: 'ada@customer.example', firstName: 'Ada' },
      unsubscribeUrl,
    });
    await mailer.send({
      to: 'ada@customer.example',
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      headers: unsubscribeHeaders(unsubscribeUrl),
      messageId: '<dkim-test-1@boomerang>',
    });
    expect(capture.messages).toHaveLength(1);
    raw = capture.messages[0]!;
  });

  afterAll(async () => {
    await mailer?.close();
    await capture?.close();
  });

  it('passes an independent DKIM check with From, Subject and both unsubscribe headers signed', async () => {
    const result = await dkimVerify(raw, { resolver });
    expect(result.results).toHaveLength(1);
    const [signature] = result.results;
    expect(signature?.status.result).toBe('pass');
    expect(signature?.signingDomain).toBe(DOMAIN);
    expect(signature?.selector).toBe(SELECTOR);
    const signed = /\bh=([^;]+);/
      .exec(raw.toString('latin1').replace(/\r\n[ \t]+/g, ''))?.[1]
      ?.toLowerCase()
      .split(':');
    expect(signed).toEqual(expect.arrayContaining(['from', 'subject', 'list-unsubscribe', 'list-unsubscribe-post']));
  });

  it('fails the check when the Subject was changed after signing', async () => {
    const text = raw.toString('latin1');
    expect(text).toMatch(/^Subject: /m);
    const tampered = Buffer.from(text.replace(/^Subject: .*$/m, 'Subject: You won a prize'), 'latin1');
    const result = await dkimVerify(tampered, { resolver });
    expect(result.results[0]?.status.result).toBe('fail');
  });

  it('fails the check when the one-click unsubscribe header was changed after signing', async () => {
    const text = raw.toString('latin1');
    const tampered = Buffer.from(
      text.replace(/^List-Unsubscribe: .*$/m, 'List-Unsubscribe: <http://attacker.example/u>'),
      'latin1',
    );
    expect(tampered.equals(raw)).toBe(false);
    const result = await dkimVerify(tampered, { resolver });
    expect(result.results[0]?.status.result).toBe('fail');
  });
});
