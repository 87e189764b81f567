import { defaultPayloadConverter } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { simulateOne } from '../../engine/src/simulate/index.ts';
import { startTimeSkipping, type TimeSkipping } from '../support/time-skipping.ts';
import { WorkflowNotFoundError } from '@temporalio/client';
import { days, edge, email, journey, node, onboarding, trigger } from '../unit/journey/journeys.ts';

// One interpreter, two drivers: the simulator's virtual clock and the Temporal workflow must agree on
// the same plan and the same customer behaviour: the same emails, at the same moments, and the same end.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const drip = journey(
  [
    trigger(),
    email('d1', 'drip-1'),
    days('w1', 4),
    email('d2', 'drip-2'),
    days('w2', 5),
    email('d3', 'drip-3'),
    days('w3', 5),
    email('d4', 'drip-4'),
  ],
  [
    edge('start', 'd1'),
    edge('d1', 'w1'),
    edge('w1', 'd2'),
    edge('d2', 'w2'),
    edge('w2', 'd3'),
    edge('d3', 'w3'),
    edge('w3', 'd4'),
  ],
  { exitOn: [{ event: 'Order Completed' }] },
);
// The same drip whose second email cannot be sent (its template does not exist, a failure no retry
// mends): by default the run goes on; set to exit, it ends there with reason "failed".
const brokenSecond = (onFailure: 'continue' | 'exit') =>
  journey(
    [
      trigger(),
      email('d1', 'drip-1'),
      days('w1', 4),
      node('d2', 'send-email', { template: 'no-such-template', onFailure }),
      days('w2', 5),
      email('d3', 'drip-3'),
    ],
    [edge('start', 'd1'), edge('d1', 'w1'), edge('w1', 'd2'), edge('d2', 'w2'), edge('w2', 'd3')],
  );
const plans = {
  onboarding: compile(Journey.parse(onboarding), { registry: defaultRegistry(), version: 1 }),
  drip: compile(Journey.parse(drip), { registry: defaultRegistry(), version: 1 }),
  failingContinue: compile(Journey.parse(brokenSecond('continue')), { registry: defaultRegistry(), version: 1 }),
  failingExit: compile(Journey.parse(brokenSecond('exit')), { registry: defaultRegistry(), version: 1 }),
};
const scenarios: Array<{
  name: string;
  plan: keyof typeof plans;
  events: Array<{ event: string; afterMs: number }>;
  failingSteps?: string[];
}> = [
  { name: 'activates after 20 hours', plan: 'onboarding', events: [{ event: 'Activated', afterMs: 20 * HOUR }] },
  { name: 'never activates', plan: 'onboarding', events: [] },
  {
    name: 'activates on day 3, after the timeout',
    plan: 'onboarding',
    events: [{ event: 'Activated', afterMs: 3 * DAY }],
  },
  { name: 'orders on day 6 of the drip', plan: 'drip', events: [{ event: 'Order Completed', afterMs: 6 * DAY }] },
  { name: 'goes through the whole drip', plan: 'drip', events: [] },
  {
    name: 'cannot be sent the second email, and the run goes on',
    plan: 'failingContinue',
    events: [],
    failingSteps: ['d2'],
  },
  {
    name: 'cannot be sent the second email, and the run ends "failed"',
    plan: 'failingExit',
    events: [],
    failingSteps: ['d2'],
  },
];

let ts: TimeSkipping;
beforeAll(async () => {
  ts = await startTimeSkipping();
});
afterAll(async () => {
  await ts?.close();
});

/** Runs the scenario as a workflow and reads, from its history, each email's template and when it was scheduled. */
async function onTemporal(scenario: (typeof scenarios)[number], userId: string) {
  const { outcome, history } = await ts.runJourney(plans[scenario.plan], userId, async (handle) => {
    let slept = 0;
    for (const [i, e] of scenario.events.entries()) {
      await ts.env.sleep(e.afterMs - slept);
      slept = e.afterMs;
      // An event after the run has ended reaches nothing, as in the simulator.
      await handle
        .signal('event', {
          messageId: `${userId}-${i}`,
          event: e.event,
          properties: {},
          timestamp: new Date().toISOString(),
        })
        .catch((error: unknown) => {
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        });
    }
  });
  const events = history.events ?? [];
  const startedMs = Number(events[0]?.eventTime?.seconds) * 1000;
  // Emails that went out: sendEmail activities that completed (a failed one is scheduled too).
  const completed = new Set(
    events.flatMap((h) =>
      h.activityTaskCompletedEventAttributes ? [String(h.activityTaskCompletedEventAttributes.scheduledEventId)] : [],
    ),
  );
  const emails = events.flatMap((h) => {
    const scheduled = h.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== 'sendEmail' || !completed.has(String(h.eventId))) return [];
    const input = defaultPayloadConverter.fromPayload<{ config: { template: string } }>(scheduled.input!.payloads![0]!);
    // Whole minutes: the workflow starts a timer a few milliseconds after the clock it was given.
    return [
      {
        template: input.config.template,
        atMinute: Math.round((Number(h.eventTime?.seconds) * 1000 - startedMs) / 60_000),
      },
    ];
  });
  return { emails, exit: { reason: outcome.reason, stepId: outcome.stepId } };
}

describe('the simulator and the Temporal workflow agree', () => {
  it.each(scenarios.map((s, i) => [s.name, s, i] as const))('a customer who %s', async (_name, scenario, i) => {
    const startMs = Date.UTC(2026, 0, 5, 9, 0);
    const simulated = simulateOne(plans[scenario.plan], {
      startMs,
      events: scenario.events.map((e) => ({ event: e.event, atMs: startMs + e.afterMs })),
      ...(scenario.failingSteps ? { failingSteps: scenario.failingSteps } : {}),
    });
    const temporal = await onTemporal(scenario, `parity-${i}`);
    expect(temporal.emails).toEqual(
      simulated.emails.map((e) => ({ template: e.template, atMinute: Math.round((e.atMs - startMs) / 60_000) })),
    );
    expect(temporal.exit).toEqual({ reason: simulated.exit?.reason, stepId: simulated.exit?.stepId });
    expect(temporal.emails.length).toBeGreaterThan(0);
  });
});
