import type { Queryable } from './database.ts';

/** One email step's numbers for one template: human opens and clicks only, each counted once per email. */
export interface EmailStepStats {
  stepId: string;
  template: string;
  sent: number;
  /** Sent minus bounced. */
  delivered: number;
  bounced: number;
  opened: number;
  clicked: number;
  unsubscribed: number;
  complained: number;
}

type Counted = { step_id: string; template: string; n: number };

/**
 * Per email step and template of a journey (every version): emails sent, bounced (hard or soft, once per
 * email, from the bounce reports), delivered (sent minus bounced), opened and clicked (emails with at
 * least one `Email Opened` / `Email Link Clicked` event not flagged `machine`), complained, and
 * unsubscribed (customers whose global unsubscribe came after this email and no later one of theirs).
 */
export async function emailStepStats(db: Queryable, journeyId: string): Promise<EmailStepStats[]> {
  const rows = new Map<string, EmailStepStats>();
  const at = (r: Counted) => {
    const key = `${r.step_id}\u0000${r.template}`;
    let row = rows.get(key);
    if (!row) {
      row = {
        stepId: r.step_id,
        template: r.template,
        ...{ sent: 0, delivered: 0, bounced: 0, opened: 0, clicked: 0, unsubscribed: 0, complained: 0 },
      };
      rows.set(key, row);
    }
    return row;
  };
  const sent = await db.query<Counted>(
    `select step_id, template, count(*)::int as n from messages
      where journey_id = $1 and step_id is not null and status = 'sent' group by step_id, template`,
    [journeyId],
  );
  for (const r of sent) at(r).sent = r.n;
  const reports = await db.query<Counted & { kind: string }>(
    `select m.step_id, m.template, case when b.kind = 'complaint' then 'complaint' else 'bounce' end as kind,
            count(distinct m.idempotency_key)::int as n
       from bounces b join messages m on m.idempotency_key = b.send_key
      where m.journey_id = $1 and m.step_id is not null group by 1, 2, 3`,
    [journeyId],
  );
  for (const r of reports) {
    if (r.kind === 'complaint') at(r).complained = r.n;
    else at(r).bounced = r.n;
  }
  const tracked = await db.query<Counted & { event: string }>(
    `select properties->>'step' as step_id, properties->>'template' as template, event,
            count(distinct properties->>'messageId')::int as n
       from events
      where event in ('Email Opened', 'Email Link Clicked') and properties->>'journey' = $1
        and properties->>'step' is not null and properties->>'template' is not null
        and coalesce(properties->>'machine', 'false') <> 'true'
      group by 1, 2, 3`,
    [journeyId],
  );
  for (const r of tracked) {
    if (r.event === 'Email Opened') at(r).opened = r.n;
    else at(r).clicked = r.n;
  }
  // An unsubscribe is the doing of the last email the customer got before it.
  const unsubscribed = await db.query<Counted>(
    `select m.step_id, m.template, count(*)::int as n
       from customers c
       join lateral (select journey_id, step_id, template from messages
                      where user_id = c.user_id and status = 'sent' and sent_at <= c.unsubscribed_at
                      order by sent_at desc limit 1) m on true
      where c.unsubscribed_at is not null and m.journey_id = $1 and m.step_id is not null
      group by 1, 2`,
    [journeyId],
  );
  for (const r of unsubscribed) at(r).unsubscribed = r.n;
  for (const row of rows.values()) row.delivered = Math.max(0, row.sent - row.bounced);
  return [...rows.values()].sort((a, b) => a.stepId.localeCompare(b.stepId) || a.template.localeCompare(b.template));
}
