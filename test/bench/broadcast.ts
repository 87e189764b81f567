// `npm run bench -- broadcast [recipients]`: first the SMTP sink alone (the same rendered welcome email
// sent straight to the running stack's sink, 16 at a time, no Boomerang send logic: the ceiling any
// broadcast into that sink can reach), then one broadcast of the welcome template to an audience of N
// customers (default 100,000) at the highest rate the API takes, through the running stack's worker
// into its SMTP sink: how long until it is completed, emails per second against the rate asked for and
// against the sink alone, and the process's RSS (worker, API and sink share it) sampled every 5 s. The
// customers are written with one generate_series statement, not through the API, so only the broadcast is measured.
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { createMailer } from '../../engine/src/email/index.ts';
import type { Boomerang } from '../../engine/src/runtime/boomerang.ts';
import type { apiClient } from '../support/api.ts';
import { fmt } from './stats.ts';

const GOAL_SECONDS = 60;
/** The most BroadcastRequest accepts. */
const RATE = 10_000;
/** Emails the sink-alone measurement sends, and how many at once. */
const SINK_ALONE = 2000;
const SINK_IN_FLIGHT = 16;

/** Emails per second the stack's SMTP sink takes (stores into the stack's database) from a mailer alone. */
async function sinkAlone(b: Boomerang): Promise<number> {
  const mailer = createMailer({
    smtpUrl: `smtp://127.0.0.1:${b.config.smtpSinkPort}`,
    from: 'Bench <bench@localhost>',
  });
  const email = await b.renderer.render('welcome', {
    traits: { firstName: 'Sink', email: 'sink@example.com' },
    unsubscribeUrl: `${b.url}/u/sink`,
  });
  const t0 = performance.now();
  try {
    for (let i = 0; i < SINK_ALONE; i += SINK_IN_FLIGHT)
      await Promise.all(
        Array.from({ length: Math.min(SINK_IN_FLIGHT, SINK_ALONE - i) }, (_, j) =>
          mailer.send({
            to: `sink-${i + j}@example.com`,
            subject: email.subject,
            html: email.html,
            text: email.text,
            headers: {},
            messageId: `<sink-${i + j}@bench>`,
          }),
        ),
      );
  } finally {
    await mailer.close();
  }
  return SINK_ALONE / ((performance.now() - t0) / 1000);
}

/**
 * The CPU one email costs on this machine before any Boomerang logic: nodemailer composing the MIME
 * message as the mailer does (quoted-printable named) and as nodemailer does when left to choose the
 * encoding (the same bytes, after scanning every part), and mailparser reading it back (what the inbox
 * does when a mail is read; the sink stores it unparsed), each timed alone over `rounds` copies of the
 * rendered welcome email, in milliseconds per email.
 */
async function perEmailFloor(
  b: Boomerang,
  rounds = 300,
): Promise<{ compose: number; composeChoosing: number; parse: number; bytes: number }> {
  const email = await b.renderer.render('welcome', {
    traits: { firstName: 'Floor', email: 'floor@example.com' },
    unsubscribeUrl: `${b.url}/u/floor`,
  });
  const compose = (named: boolean) =>
    new MailComposer({
      from: 'Bench <bench@localhost>',
      to: 'floor@example.com',
      subject: email.subject,
      html: email.html,
      text: email.text,
      ...(named ? { textEncoding: 'quoted-printable' as const } : {}),
    })
      .compile()
      .build();
  const raw = await compose(true);
  const timed = async (work: () => Promise<unknown>) => {
    const t0 = performance.now();
    for (let i = 0; i < rounds; i++) await work();
    return (performance.now() - t0) / rounds;
  };
  // Alternating halves, so that neither variant alone pays for warming the JIT up.
  const [named1, choosing1, named2, choosing2] = [
    await timed(() => compose(true)),
    await timed(() => compose(false)),
    await timed(() => compose(true)),
    await timed(() => compose(false)),
  ];
  const composeMs = (named1 + named2) / 2;
  const composeChoosing = (choosing1 + choosing2) / 2;
  const parse = await timed(() => simpleParser(raw));
  return { compose: composeMs, composeChoosing, parse, bytes: raw.length };
}

/** Sends one broadcast to `recipients` generated customers and prints its figures. */
export async function benchBroadcast(b: Boomerang, api: ReturnType<typeof apiClient>, recipients: number) {
  const floor = await perEmailFloor(b);
  const budget = (2 * 1000) / (100_000 / GOAL_SECONDS); // ms of CPU per email on 2 cores at the goal's pace
  console.log(
    `per-email CPU before any Boomerang logic (the ${fmt(floor.bytes / 1024, 1)} kB welcome email): nodemailer composing it ${fmt(floor.compose, 2)} ms (${fmt(floor.composeChoosing, 2)} ms left to choose the encoding), mailparser reading it ${fmt(floor.parse, 2)} ms (when the inbox shows it; the sink stores it unparsed); 100,000 in ${GOAL_SECONDS} s leaves ${fmt(budget, 2)} ms per email on 2 cores for everything`,
  );
  const sinkRate = await sinkAlone(b);
  console.log(
    `SMTP sink alone (${b.db.kind}, ${SINK_ALONE} copies of the rendered welcome email, ${SINK_IN_FLIGHT} at a time, stored by the sink): ${fmt(sinkRate, 0)} emails/s; 100,000 would take ${fmt(100_000 / sinkRate, 0)} s`,
  );
  await b.db.query(
    `insert into customers (user_id, traits)
     select 'bc-' || lpad(g::text, 7, '0'), jsonb_build_object('email', 'bc-' || g || '@example.com', 'firstName', 'C' || g, 'bench', 'broadcast')
     from generate_series(1, $1::int) g on conflict do nothing`,
    [recipients],
  );
  const audience = await api.admin('POST', '/v1/audiences', {
    id: 'bench-broadcast',
    name: 'Broadcast bench',
    condition: { kind: 'trait', property: 'bench', op: 'equals', value: 'broadcast' },
  });
  if (audience.status !== 201) throw new Error(`POST /v1/audiences answered ${audience.status}: ${audience.text}`);
  const t0 = performance.now();
  const created = await api.admin('POST', '/v1/broadcasts', {
    id: 'bench-broadcast',
    audienceId: 'bench-broadcast',
    template: 'welcome',
    ratePerSecond: RATE,
  });
  if (created.status !== 201) throw new Error(`POST /v1/broadcasts answered ${created.status}: ${created.text}`);
  const rss: string[] = [];
  let lastSample = -Infinity;
  let shown: { state: string; counts: { sent: number; failed: number; skipped: Record<string, number> } } | undefined;
  for (;;) {
    const seconds = (performance.now() - t0) / 1000;
    if (seconds - lastSample >= 5) {
      lastSample = seconds;
      // The sink's count, not the broadcast's (which grows a whole batch at a time).
      const [inSink] = await b.db.query<{ n: number }>(
        `select count(*)::int as n from sink_mail where mail_to::text like '%bc-%@example.com%'`,
      );
      rss.push(`${fmt(seconds, 0)} s: ${fmt(process.memoryUsage().rss / 1e6, 0)} MB (${inSink?.n ?? 0} in the sink)`);
    }
    const r = await api.admin('GET', '/v1/broadcasts/bench-broadcast');
    shown = r.json;
    if (shown?.state === 'completed' || shown?.state === 'cancelled') break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const seconds = (performance.now() - t0) / 1000;
  const [sink] = await b.db.query<{ n: number }>(
    `select count(*)::int as n from sink_mail where mail_to::text like '%bc-%@example.com%'`,
  );
  const sent = shown.counts.sent;
  console.log(
    `broadcast of the welcome template to ${recipients} recipients at ${RATE}/s asked (${b.db.kind}, SMTP sink): ${shown.state} in ${fmt(seconds, 1)} s, ${sent} sent, ${shown.counts.failed} failed, skipped ${JSON.stringify(shown.counts.skipped)}, ${sink?.n ?? 0} in the sink: ${fmt(sent / seconds, 0)} emails/s = ${fmt(sent / seconds / RATE, 2)} of the rate asked, ${fmt(sent / seconds / sinkRate, 2)} of the sink alone (goal 100,000 in < ${GOAL_SECONDS} s${recipients === 100_000 ? `: ${seconds < GOAL_SECONDS ? 'met' : 'missed'}` : `; at this pace 100,000 would take ${fmt((100_000 * seconds) / Math.max(sent, 1), 0)} s`})`,
  );
  console.log(`  process RSS while sending: ${rss.join(', ')}`);
}
