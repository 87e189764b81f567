import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import { mergeTraits, saveSendingSettings } from '../../engine/src/db/index.ts';
import type { Plan } from '../../engine/src/interpreter/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { startTimeSkipping, type JourneyRun, type TimeSkipping } from '../support/time-skipping.ts';

// Frequency caps and quiet hours on the time-skipping server. The deferral each hold runs to is read
// from the run's history (the reserveSendSlot activity's answer) and compared with instants worked out
// by hand from when the earlier emails were let through (send_slots.reserved_at, the workflow's clock).
const DAY = 86_400_000;

/** A journey of one marketing email; `group` is written into the step's config as the send-email node will carry it. */
function oneEmail(id: string, settings: Record<string, unknown> = {}, group?: string): Plan {
  const plan = compile(
    Journey.parse({
      id,
      name: id,
      settings,
      nodes: [
        { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
        { id: 'mail', type: 'send-email', config: { template: 'welcome' } },
      ],
      edges: [{ from: 'start', to: 'mail' }],
    }),
    { registry: defaultRegistry(), version: 1 },
  );
  const mail = plan.steps['mail'];
  if (group !== undefined && mail?.kind === 'action') mail.config = { ...mail.config, group };
  return plan;
}

/** The answers of the run's reserveSendSlot local activity, in order (from its markers in the history). */
function slotAnswers(run: Pick<JourneyRun, 'history'>): Array<{ allowed: boolean; reason?: string; untilMs?: number }> {
  const json = (data: Uint8Array | null | undefined) => (data ? JSON.parse(Buffer.from(data).toString('utf8')) : null);
  return (run.history.events ?? []).flatMap((e) => {
    const details = e.markerRecordedEventAttributes?.details;
    const meta = json(details?.['data']?.payloads?.[0]?.data);
    if (meta?.activity_type !== 'reserveSendSlot') return [];
    const result = json(details?.['result']?.payloads?.[0]?.data);
    return result ? [result] : [];
  });
}

/**
 * Runs the journeys for one customer on one worker, each started once the one before has sent or been
 * held (the email's slot decided, or the run over), then awaits them all. Time is only skipped while
 * awaiting the results: a run awaited alone lets the test server skip years ahead once it ends, which
 * would empty every cap window before the next journey starts.
 */
async function runInTurn(userId: string, plans: Plan[]): Promise<JourneyRun[]> {
  await mergeTraits(ts.world.db, userId, { email: `${userId}@example.com`, firstName: userId });
  const taskQueue = `caps-${userId}`;
  const worker = await Worker.create({
    connection: ts.env.nativeConnection,
    taskQueue,
    workflowBundle: ts.bundle,
    activities: ts.world.activities,
  });
  return worker.runUntil(async () => {
    const handles = [];
    for (const plan of plans) {
      const handle = await ts.env.client.workflow.start('journeyWorkflow', {
        taskQueue,
        workflowId: `journey:${plan.journeyId}:${userId}`,
        args: [
          {
            journeyId: plan.journeyId,
            version: plan.version,
            plan,
            userId,
            traits: {},
            trigger: {
              messageId: `${userId}-${plan.journeyId}`,
              event: 'Signed Up',
              properties: {},
              timestamp: new Date().toISOString(),
            },
          },
        ],
      });
      handles.push(handle);
      for (;;) {
        const run = { history: await handle.fetchHistory() };
        const closed = run.history.events?.some((e) => e.workflowExecutionCompletedEventAttributes);
        if (closed || slotAnswers(run).length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100)); // polling an observable condition
      }
    }
    const runs: JourneyRun[] = [];
    for (const handle of handles) {
      const outcome = await handle.result();
      const { startTime, closeTime } = await handle.describe();
      runs.push({
        outcome,
        startMs: startTime.getTime(),
        closeMs: closeTime?.getTime() ?? Number.NaN,
        history: await handle.fetchHistory(),
      });
    }
    return runs;
  });
}

let ts: TimeSkipping;
beforeAll(async () => {
  ts = await startTimeSkipping();
});
afterAll(async () => {
  await ts?.close();
});

const settings = async (value: unknown) =>
  expect((await saveSendingSettings(ts.world.db, value)).violations).toEqual([]);
const slotTimes = async (userId: string) =>
  (
    await ts.world.db.query<{ journey_id: string; reserved_at: Date }>(
      'select journey_id, reserved_at from send_slots where user_id = $1 order by reserved_at',
      [userId],
    )
  ).map((r) => ({ journey: r.journey_id, atMs: new Date(r.reserved_at).getTime() }));
const statuses = async (userId: string, journeyId: string) =>
  (
    await ts.world.db.query<{ status: string }>(
      'select status from step_visits where user_id = $1 and journey_id = $2 and step_id = $3 order by id',
      [userId, journeyId, 'mail'],
    )
  ).map((r) => r.status);

describe('quiet hours on the customer clock', () => {
  it('defers a 22:00 send in Amsterdam to 08:00 CEST the next morning, across the spring DST change', async () => {
    await settings({ quietHours: { start: '21:00', end: '08:00' }, timezone: 'UTC' });
    await mergeTraits(ts.world.db, 'eva', { timezone: 'Europe/Amsterdam' });
    // Saturday 27 March 2027, 22:00 CET (UTC+1); the clocks go to CEST (UTC+2) at 02:00 that night.
    const saturdayEvening = Date.parse('2027-03-27T21:00:00Z');
    await ts.env.sleep(saturdayEvening - (await ts.env.currentTimeMs()));
    const run = await ts.runJourney(oneEmail('evening'), 'eva');
    // 08:00 CEST on Sunday 28 March is 06:00 UTC (not 07:00, as a fixed UTC+1 would have it).
    expect(slotAnswers(run)).toEqual([
      { allowed: false, reason: 'quiet-hours', untilMs: Date.parse('2027-03-28T06:00:00Z') },
      { allowed: true },
    ]);
    const [slot] = await slotTimes('eva');
    expect(slot?.atMs).toBeGreaterThanOrEqual(Date.parse('2027-03-28T06:00:00Z'));
    expect(slot?.atMs).toBeLessThan(Date.parse('2027-03-28T06:01:00Z'));
    expect(await statuses('eva', 'evening')).toContain('deferred-quiet-hours');
  });
});

describe('frequency caps across journeys', () => {
  it("defers a second journey's email until the first one has left the 1-per-day window", async () => {
    await settings({ caps: [{ max: 1, days: 1 }] });
    const [first, second] = await runInTurn('ann', [oneEmail('welcome-a'), oneEmail('offer-b')]);
    if (!first || !second) throw new Error('both runs end');
    expect(first.outcome.emailsSent).toBe(1);
    expect(second.outcome.emailsSent).toBe(1);
    const [a, b] = await slotTimes('ann');
    expect(a?.journey).toBe('welcome-a');
    const answers = slotAnswers(second);
    expect(answers[0]).toEqual({ allowed: false, reason: 'capped', untilMs: (a?.atMs ?? 0) + DAY });
    expect(answers.at(-1)).toEqual({ allowed: true });
    expect(b?.atMs).toBeGreaterThanOrEqual((a?.atMs ?? 0) + DAY);
    expect(await statuses('ann', 'offer-b')).toContain('deferred-capped');
    expect(await ts.world.mailTo('ann@example.com')).toHaveLength(2);
  });

  it('lets a high-priority journey take the last slot that a normal one leaves free', async () => {
    await settings({ caps: [{ max: 2, days: 7 }] });
    const [, high, normal] = await runInTurn('bo', [
      oneEmail('news-a'),
      oneEmail('renewal', { priority: 'high' }),
      oneEmail('news-b'),
    ]);
    if (!high || !normal) throw new Error('the runs end');
    expect(slotAnswers(high)).toEqual([{ allowed: true }]); // the second of two: the last slot
    const [, renewal] = await slotTimes('bo');
    expect(renewal?.journey).toBe('renewal');
    // A normal send needs the count below 1: both earlier emails must leave; the renewal leaves last.
    expect(slotAnswers(normal)[0]).toEqual({
      allowed: false,
      reason: 'capped',
      untilMs: (renewal?.atMs ?? 0) + 7 * DAY,
    });
  });

  it('skips the email (status skipped-capped) in a journey set to skip, and the run goes on', async () => {
    await settings({ caps: [{ max: 1, days: 1 }] });
    const [, skipping] = await runInTurn('cy', [oneEmail('first'), oneEmail('skipper', { overLimit: 'skip' })]);
    if (!skipping) throw new Error('the run ends');
    expect(skipping.outcome).toMatchObject({ reason: 'completed', emailsSent: 0 });
    expect(await statuses('cy', 'skipper')).toContain('skipped-capped');
    expect(skipping.closeMs - skipping.startMs).toBeLessThan(DAY); // not deferred
    expect(await ts.world.mailTo('cy@example.com')).toHaveLength(1);
  });

  it('sends transactional email at once, past a full cap, without counting it', async () => {
    await settings({ caps: [{ max: 1, days: 1 }], quietHours: null });
    const [, receipt] = await runInTurn('dev', [oneEmail('promo'), oneEmail('receipt', {}, 'transactional')]);
    if (!receipt) throw new Error('the run ends');
    expect(receipt.outcome.emailsSent).toBe(1);
    expect(slotAnswers(receipt)).toEqual([]);
    expect((await slotTimes('dev')).map((s) => s.journey)).toEqual(['promo']);
    expect(await ts.world.mailTo('dev@example.com')).toHaveLength(2);
  });
});
