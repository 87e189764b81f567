import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ensureTestServer } from '../../engine/bin/tools.mjs';
import {
  createActivities,
  nodeActivity,
  resendEmail,
  type ActivityTable,
  type StepInput,
} from '../../engine/src/activities/index.ts';
import { nodeCounts } from '../../engine/src/db/index.ts';
import { claimEnrollment, listMessages, mergeTraits } from '../../engine/src/db/index.ts';
import { createMailer, type Mailer } from '../../engine/src/email/index.ts';
import type { Plan } from '../../engine/src/interpreter/index.ts';
import { compile, Journey } from '../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../engine/src/nodes/index.ts';
import { workflowBundle } from '../../engine/src/temporal/bundle.ts';
import { startScriptedSmtp, type ScriptedSmtp } from '../support/scripted-smtp.ts';
import { activityWorld, type ActivityWorld } from '../support/worker-env.ts';

// Sends through a scripted SMTP server on 127.0.0.1 (real TCP, real nodemailer), the real activities
// over PGlite and the time-skipping server: outages are ridden out for the email's window, a clean
// refusal is tried again and sends once, an email that may have arrived is never sent again by itself,
// and a step that gives up is recorded and followed by the node's onFailure, its enrollment closed.
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let env: TestWorkflowEnvironment;
let world: ActivityWorld;
let smtp: ScriptedSmtp;
let mailer: Mailer;
let activities: ActivityTable;
let bundle: { code: string };

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: ensureTestServer() } },
  });
  world = await activityWorld();
  smtp = await startScriptedSmtp();
  mailer = createMailer({ smtpUrl: smtp.url, from: 'Test <test@localhost>' });
  activities = createActivities({ ...world.services, mailer, registry: defaultRegistry() });
  world.services.mailer = mailer; // resends (outside Temporal) go through the scripted server too
  bundle = await workflowBundle(mkdtempSync(join(tmpdir(), 'boomerang-bundle-')));
});
afterAll(async () => {
  await mailer?.close();
  await smtp?.close();
  await env?.teardown();
  await world?.close();
});
beforeEach(async () => {
  await smtp.up().catch(() => undefined); // already listening
  smtp.script([], 'accept');
  smtp.taken.length = 0;
  smtp.transactions = 0;
});

/** start -> hello (an email, with `emailConfig`) -> mark (sets traits.after = true): whether the run went on shows on the customer. */
const planFor = (emailConfig: Record<string, unknown> = {}, id = 'sends'): Plan =>
  compile(
    Journey.parse({
      id,
      name: 'Sends',
      settings: { reEntry: 'never' },
      nodes: [
        { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
        { id: 'hello', type: 'send-email', config: { template: 'welcome', ...emailConfig } },
        { id: 'mark', type: 'update-customer', config: { set: { after: true } } },
      ],
      edges: [
        { from: 'start', to: 'hello' },
        { from: 'hello', to: 'mark' },
      ],
    }),
    { registry: defaultRegistry(), version: 1 },
  );

let runs = 0;
/** Enrolls a fresh customer (as the router would), runs the plan on a worker with `table`, and reads what happened. */
async function run(
  plan: Plan,
  opts: { table?: ActivityTable; during?: (handle: WorkflowHandle) => Promise<void> } = {},
) {
  runs += 1;
  const userId = `sender-${runs}`;
  const workflowId = `journey:${plan.journeyId}:${userId}`;
  await mergeTraits(world.db, userId, { email: `${userId}@example.com`, firstName: userId });
  expect(
    await claimEnrollment(world.db, {
      workflowId,
      journeyId: plan.journeyId,
      userId,
      version: 1,
      reEntry: plan.reEntry,
    }),
  ).toBe('new');
  const taskQueue = `sends-${runs}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: opts.table ?? activities,
  });
  return worker.runUntil(async () => {
    const trigger = {
      messageId: `${userId}-trigger`,
      event: 'Signed Up',
      properties: {},
      timestamp: new Date().toISOString(),
    };
    const handle = await env.client.workflow.start('journeyWorkflow', {
      taskQueue,
      workflowId,
      args: [{ journeyId: plan.journeyId, version: 1, plan, userId, traits: {}, trigger }],
    });
    if (opts.during) await opts.during(handle);
    const outcome = await handle
      .result()
      .catch((error: unknown) => ({ failedWith: error instanceof Error ? error.name : String(error) }));
    const { startTime, closeTime } = await handle.describe();
    const history = await handle.fetchHistory();
    const sendAttempts = (history.events ?? []).flatMap((e) =>
      e.activityTaskStartedEventAttributes ? [Number(e.activityTaskStartedEventAttributes.attempt)] : [],
    );
    const visits = await world.db.query<{ step_id: string | null; status: string }>(
      'select step_id, status from step_visits where workflow_id = $1 order by id',
      [workflowId],
    );
    const [enrollment] = await world.db.query<{ status: string }>(
      'select status from enrollments where workflow_id = $1',
      [workflowId],
    );
    const messages = await listMessages(world.db, { userId });
    const [customer] = await world.db.query<{ traits: Record<string, unknown> }>(
      'select traits from customers where user_id = $1',
      [userId],
    );
    return {
      userId,
      workflowId,
      outcome,
      history,
      visits: visits.map((v) => `${v.step_id}:${v.status}`),
      enrollment: enrollment?.status,
      messages,
      ranMs: (closeTime?.getTime() ?? Number.NaN) - startTime.getTime(),
      firstAttempts: sendAttempts[0],
      went: customer?.traits['after'] === true,
      reEnters: () =>
        claimEnrollment(world.db, { workflowId, journeyId: plan.journeyId, userId, version: 1, reEntry: plan.reEntry }),
    };
  });
}

describe('an SMTP outage', () => {
  it('is ridden out: down for 10 hours, then back, and exactly one email arrives', async () => {
    await smtp.down();
    const result = await run(planFor(), {
      during: async () => {
        await env.sleep(10 * HOUR);
        await smtp.up();
      },
    });
    expect(smtp.delivered().map((t) => t.to)).toEqual([`${result.userId}@example.com`]);
    expect(result.outcome).toMatchObject({ reason: 'completed', emailsSent: 1 });
    expect(result.messages.map((m) => m.status)).toEqual(['sent']);
    expect(result.ranMs).toBeGreaterThanOrEqual(10 * HOUR);
    // Backoff 1 s doubling to 512 s (10 gaps, 1,023 s), then every 600 s: 1 + 10 + 58 attempts fit in
    // 10 hours, so the one that got through was about the 70th. Uncapped doubling would need ~16.
    expect(result.firstAttempts).toBeGreaterThanOrEqual(66);
    expect(result.firstAttempts).toBeLessThanOrEqual(72);
    expect(result.visits).not.toContain('hello:failed');
  });

  it('past the 24-hour window: the step is recorded failed and the run goes on (send-email default), enrollment closed', async () => {
    smtp.script([], 'refuse-451');
    const result = await run(planFor());
    expect(smtp.delivered()).toEqual([]);
    // Temporal starts no attempt that the window would cut off: the last one is within 10 minutes of its end.
    expect(result.ranMs).toBeGreaterThanOrEqual(24 * HOUR - 10 * MINUTE);
    expect(result.ranMs).toBeLessThan(24 * HOUR + MINUTE);
    expect(result.messages.map((m) => m.status)).toEqual(['failed']);
    expect(result.messages[0]?.error).toContain('451');
    expect(result.visits).toContain('hello:failed');
    expect(result.went).toBe(true);
    expect(result.outcome).toMatchObject({ reason: 'completed', stepId: 'mark', emailsSent: 0 });
    expect(result.enrollment).toBe('completed');
    expect(await result.reEnters()).toBe('refused'); // re-entry "never" holds after a failed step
  });

  it('past a 2-hour window set to exit: the run ends "failed" on the step, nothing after it runs, enrollment closed', async () => {
    smtp.script([], 'refuse-451');
    const result = await run(planFor({ retryForHours: 2, onFailure: 'exit' }, 'sends-exit'));
    expect(result.ranMs).toBeGreaterThanOrEqual(2 * HOUR - 10 * MINUTE);
    expect(result.ranMs).toBeLessThan(2 * HOUR + MINUTE);
    expect(result.outcome).toMatchObject({ reason: 'failed', stepId: 'hello' });
    expect(result.visits.slice(-2)).toEqual(['hello:failed', 'hello:exit:failed']);
    expect(result.went).toBe(false);
    expect(result.enrollment).toBe('completed');
    expect(await result.reEnters()).toBe('refused');
    // The canvas counts the failed step; the step after it was never reached.
    expect(await nodeCounts(world.db, 'sends-exit', 1, 'start')).toEqual({
      start: { entered: 1, waiting: 0, exited: 0 },
      hello: { entered: 1, waiting: 0, exited: 1, failed: 1 },
    });
  });
});

describe('a run that ends any other way', () => {
  it('closes its enrollment when it is cancelled mid-delay, so re-entry "never" still holds', async () => {
    const waiting = compile(
      Journey.parse({
        id: 'cancelled',
        name: 'Cancelled',
        settings: { reEntry: 'never' },
        nodes: [
          { id: 'start', type: 'event-trigger', config: { event: 'Signed Up' } },
          { id: 'pause', type: 'delay', config: { mode: 'duration', amount: 3, unit: 'days' } },
        ],
        edges: [{ from: 'start', to: 'pause' }],
      }),
      { registry: defaultRegistry(), version: 1 },
    );
    const result = await run(waiting, {
      during: async (handle) => {
        await env.sleep(HOUR);
        await handle.cancel();
      },
    });
    expect(result.outcome).toEqual({ failedWith: 'WorkflowFailedError' });
    expect(result.visits).toEqual(['pause:delay', 'pause:exit:failed']);
    expect(result.enrollment).toBe('completed');
    expect(await result.reEnters()).toBe('refused');
  });
});

/** The send-email activity as the worker runs it, to call directly. */
const sendEmailActivity = () => {
  const def = defaultRegistry().get('send-email');
  if (def?.kind !== 'action') throw new Error('send-email is an action');
  return nodeActivity(def, { ...world.services, mailer });
};

/** A customer `userId` with an email address, and the input of their welcome step as a journey's first attempt sends it. */
const welcomeStep = async (userId: string, traits: Record<string, unknown> = {}): Promise<StepInput> => {
  await mergeTraits(world.db, userId, { email: `${userId}@example.com`, ...traits });
  return {
    workflowId: `journey:sends:${userId}`,
    runId: 'run-1',
    journeyId: 'sends',
    version: 1,
    userId,
    stepId: 'hello',
    iteration: 1,
    nodeType: 'send-email',
    nodeVersion: 1,
    config: { template: 'welcome' },
    traits: {},
    trigger: { messageId: 't', event: 'Signed Up', properties: {}, timestamp: new Date().toISOString() },
  };
};

describe('exactly once wherever SMTP allows', () => {
  it('a permanent refusal (550) is not retried: one attempt, the step failed, the run goes on', async () => {
    smtp.script([], 'refuse-550');
    const result = await run(planFor());
    expect(smtp.transactions).toBe(1);
    expect(result.firstAttempts).toBe(1);
    expect(result.ranMs).toBeLessThan(HOUR);
    expect(result.messages.map((m) => m.status)).toEqual(['failed']);
    expect(result.visits).toContain('hello:failed');
    expect(result.went).toBe(true);
  });

  it('a clean refusal (451) is claimed again by the next attempt and sends once', async () => {
    smtp.script(['refuse-451', 'refuse-451'], 'accept');
    const result = await run(planFor());
    expect(smtp.transactions).toBe(3);
    expect(smtp.delivered()).toHaveLength(1);
    expect(result.messages.map((m) => m.status)).toEqual(['sent']);
    expect(result.outcome).toMatchObject({ emailsSent: 1 });
  });

  it('a retried activity whose first attempt sent but never reported back sends nothing more', async () => {
    // The first attempt delivers, then fails as if the worker had lost the result (died, timed out).
    let attempts = 0;
    const sendEmail = sendEmailActivity();
    const table: ActivityTable = {
      ...activities,
      sendEmail: async (input: StepInput) => {
        attempts += 1;
        const result = await sendEmail(input);
        if (attempts === 1) throw new Error('worker lost the result of this attempt');
        return result;
      },
    };
    const result = await run(planFor(), { table });
    expect(attempts).toBe(2);
    expect(smtp.delivered()).toHaveLength(1);
    expect(result.messages.map((m) => m.status)).toEqual(['sent']);
  });

  it("an admin resend while the journey is still retrying: the journey's next attempt sends nothing more", async () => {
    // The activity as the worker runs it, called directly: attempt 1 is refused (451), an admin resends,
    // then attempt 2 comes (Temporal's retry) and must find the email already on its way.
    const attempt = sendEmailActivity();
    const userId = 'retrying';
    const input = await welcomeStep(userId, { firstName: 'Rita' });
    smtp.script(['refuse-451'], 'accept');
    await expect(attempt(input)).rejects.toThrow(/451/);
    const [failed] = await listMessages(world.db, { userId });
    expect(failed?.status).toBe('failed');
    expect(await resendEmail(world.services, failed!.idempotencyKey, 'admin-click')).toMatchObject({
      ok: true,
      resend: { status: 'sent' },
    });
    expect(await attempt(input)).toMatchObject({ emailSent: false });
    expect(smtp.delivered().map((t) => t.to)).toEqual(['retrying@example.com']);
  });

  it('an attempt that finds an earlier one died mid-send stops, in doubt, and sends nothing', async () => {
    const attempt = sendEmailActivity();
    const userId = 'died';
    const input = await welcomeStep(userId);
    // What a worker that died between claiming and the server's answer leaves behind: a "sending" line.
    await world.db.query(
      `insert into messages (idempotency_key, user_id, journey_id, version, step_id, template, status) values ($1, $2, 'sends', 1, 'hello', 'welcome', 'sending')`,
      [`${input.workflowId}:${input.runId}:hello:1`, userId],
    );
    await expect(attempt(input)).rejects.toMatchObject({ type: 'SendInDoubt', nonRetryable: true });
    expect((await listMessages(world.db, { userId })).map((m) => m.status)).toEqual(['in-doubt']);
    expect(smtp.transactions).toBe(0);
  });

  it('an attempt that finds an earlier one died before handing the email to SMTP takes it over and sends it once', async () => {
    const attempt = sendEmailActivity();
    const userId = 'died-early';
    const input = await welcomeStep(userId);
    // What a worker killed while rendering leaves behind: a claimed line that never reached SMTP.
    await world.db.query(
      `insert into messages (idempotency_key, user_id, journey_id, version, step_id, template, status) values ($1, $2, 'sends', 1, 'hello', 'welcome', 'preparing')`,
      [`${input.workflowId}:${input.runId}:hello:1`, userId],
    );
    smtp.script([], 'accept');
    expect(await attempt(input)).toMatchObject({ emailSent: true });
    expect((await listMessages(world.db, { userId })).map((m) => m.status)).toEqual(['sent']);
    expect(smtp.delivered().map((t) => t.to)).toEqual(['died-early@example.com']);
  });

  it('a replayed workflow sends nothing again', async () => {
    const result = await run(planFor());
    expect(smtp.delivered()).toHaveLength(1);
    await Worker.runReplayHistory({ workflowBundle: bundle }, result.history, result.workflowId);
    expect(smtp.taken).toHaveLength(1);
  });

  it('a server that takes the data and drops the line leaves one in-doubt send, never sent again, and one resend delivers exactly one more', async () => {
    smtp.script(['drop-after-data'], 'accept');
    const result = await run(planFor({ onFailure: 'exit' }));
    expect(smtp.taken.map((t) => t.answered)).toEqual([false]); // the server has it; the sender got no answer
    expect(smtp.transactions).toBe(1); // although the server would now accept, no second attempt came
    expect(result.messages.map((m) => m.status)).toEqual(['in-doubt']);
    expect(result.visits).toContain('hello:in-doubt');
    // In doubt, the run goes on even though the node says exit on failure: the email most likely arrived.
    expect(result.went).toBe(true);
    expect(result.outcome).toMatchObject({ reason: 'completed' });

    const key = result.messages[0]!.idempotencyKey;
    const first = await resendEmail(world.services, key, 'click-1');
    const again = await resendEmail(world.services, key, 'click-1');
    expect(first).toMatchObject({ ok: true, repeated: false, resend: { status: 'sent', resendOf: key } });
    expect(again).toMatchObject({ ok: true, repeated: true, resend: { status: 'sent' } });
    expect(smtp.taken.map((t) => t.answered)).toEqual([false, true]);
    // The resend carries the original's Message-ID, so a mailbox that got both sees one email.
    expect(smtp.taken[1]?.messageId).toBe(smtp.taken[0]?.messageId);
  });
});
