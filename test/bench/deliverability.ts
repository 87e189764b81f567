// `npm run bench -- deliverability`: personalised sends per second through the real renderer (MJML
// compiled once, Liquid per recipient) and nodemailer's SMTP pool to the built-in SMTP sink over TCP,
// DKIM-signed (RSA 2048) with open and click tracking (links rewritten, pixel added, each signed) against
// unsigned and untracked, in alternating rounds of the same run (DKIM alone beside them). Goal: ratio >= 0.8.
import { generateKeyPairSync } from 'node:crypto';
import { cpus } from 'node:os';
import {
  createMailer,
  createRenderer,
  FileTemplateStore,
  startSmtpSink,
  unsubscribeHeaders,
  type Mailer,
  type Renderer,
} from '../../engine/src/email/index.ts';
import { trackedEmailHtml } from '../../engine/src/tracking/index.ts';
import { fmt } from './stats.ts';

const SENDS_PER_ROUND = 400;
const ROUNDS = 3;
const CONCURRENCY = 8;
const GOAL = 0.8;

const LINK_SECRET = 'bench-link-secret-of-at-least-32-characters';

async function round(
  renderer: Renderer,
  mailer: Mailer,
  label: string,
  offset: number,
  tracked = false,
): Promise<number> {
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < SENDS_PER_ROUND) {
      const i = offset + next++;
      const unsubscribeUrl = `http://localhost:3000/u/${label}-${i}`;
      const email = await renderer.render('welcome', {
        traits: { email: `c${i}@customer.example`, firstName: `Customer ${i}`, company: `Company ${i % 50}` },
        unsubscribeUrl,
      });
      const html = tracked
        ? trackedEmailHtml(email.html, {
            publicUrl: 'http://localhost:3000',
            linkSecret: LINK_SECRET,
            sendKey: `${label}-${i}`,
          }).html
        : email.html;
      await mailer.send({
        to: `c${i}@customer.example`,
        subject: email.subject,
        html,
        text: email.text,
        headers: unsubscribeHeaders(unsubscribeUrl),
        messageId: `<${label}-${i}@boomerang>`,
      });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return SENDS_PER_ROUND / ((performance.now() - started) / 1000);
}

/** Runs the DKIM benchmark and prints sends/s signed and unsigned and their ratio against the goal. */
export async function benchDeliverability(): Promise<void> {
  const sink = await startSmtpSink({ port: 0, onMessage: async () => undefined });
  const smtpUrl = `smtp://127.0.0.1:${sink.port}`;
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
  const plain = createMailer({ smtpUrl, from: 'Shop <news@shop.example>' });
  const signed = createMailer({
    smtpUrl,
    from: 'Shop <news@shop.example>',
    dkim: { domain: 'shop.example', selector: 'bench', privateKey },
  });
  const renderer = createRenderer({ store: new FileTemplateStore() });
  try {
    console.log(
      `Deliverability benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}`,
    );
    await round(renderer, plain, 'warm', 0); // compile the template, open the pools
    await round(renderer, signed, 'warm-dkim', 0);
    await round(renderer, signed, 'warm-tracked', 0, true);
    const rates = { plain: [] as number[], signed: [] as number[], tracked: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      rates.plain.push(await round(renderer, plain, 'plain', r * SENDS_PER_ROUND));
      rates.signed.push(await round(renderer, signed, 'dkim', r * SENDS_PER_ROUND));
      rates.tracked.push(await round(renderer, signed, 'tracked', r * SENDS_PER_ROUND, true));
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const withDkim = mean(rates.signed);
    const withBoth = mean(rates.tracked);
    const without = mean(rates.plain);
    const ratio = withBoth / without;
    console.log(
      `Personalised sends (welcome template, SMTP sink over TCP, ${CONCURRENCY} at a time, ${ROUNDS}x${SENDS_PER_ROUND} each, alternating):`,
    );
    console.log(`  without DKIM or tracking: ${fmt(without)} sends/s`);
    console.log(`  with DKIM (RSA 2048): ${fmt(withDkim)} sends/s (ratio ${(withDkim / without).toFixed(2)})`);
    console.log(`  with DKIM and tracking: ${fmt(withBoth)} sends/s`);
    console.log(`  ratio: ${ratio.toFixed(2)} (goal >= ${GOAL}: ${ratio >= GOAL ? 'met' : 'NOT met'})`);
  } finally {
    await plain.close();
    await signed.close();
    await sink.close();
  }
}
