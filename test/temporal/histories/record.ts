// Records workflow histories for the replay test: `npx tsx test/temporal/histories/record.ts [name ...]`.
// Run it only when a new recording is wanted (a new scenario, or before a change guarded by
// `patched()`): the files it writes are the past that every later workflow version must replay, so
// name the new scenarios to record only them and leave the older recordings as they are.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestWorkflowEnvironment } from '@temporalio/testing';
import proto from '@temporalio/proto';
const { temporal } = proto;
import type { Plan } from '../../../engine/src/interpreter/index.ts';
import { compile, Journey } from '../../../engine/src/compiler/index.ts';
import { defaultRegistry } from '../../../engine/src/nodes/index.ts';
import { starterJourneys } from '../../../engine/src/starters/index.ts';
import { startTimeSkipping } from '../../support/time-skipping.ts';

const onboarding = starterJourneys().find((j) => j.id === 'onboarding');
if (!onboarding) throw new Error('templates/journeys/onboarding.json is missing');
const onboardingPlan = compile(onboarding, { registry: defaultRegistry(), version: 1 });
// Onboarding whose welcome email cannot be rendered (no such template): the step fails, the run goes on.
const brokenWelcome = compile(
  Journey.parse({
    ...onboarding,
    nodes: onboarding.nodes.map((n) => (n.id === 'welcome' ? { ...n, config: { template: 'no-such-template' } } : n)),
  }),
  { registry: defaultRegistry(), version: 1 },
);

type Env = TestWorkflowEnvironment;
const scenarios: Array<{
  name: string;
  plan: Plan;
  during: (env: Env, signal: (event: string) => Promise<void>) => Promise<void>;
}> = [
  {
    name: 'onboarding-activated',
    plan: onboardingPlan,
    during: async (env, signal) => {
      await env.sleep('1 hour');
      await signal('Activated');
    },
  },
  { name: 'onboarding-timeout', plan: onboardingPlan, during: async () => undefined },
  { name: 'onboarding-welcome-failed', plan: brokenWelcome, during: async () => undefined },
];
const wanted = process.argv.slice(2);

const ts = await startTimeSkipping();
try {
  for (const scenario of scenarios.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
    const userId = `replay-${scenario.name}`;
    const { history } = await ts.runJourney(scenario.plan, userId, (handle) =>
      scenario.during(ts.env, (event) =>
        handle.signal('event', {
          messageId: `${userId}-${event}`,
          event,
          properties: {},
          timestamp: '2026-01-05T10:00:00.000Z',
        }),
      ),
    );
    // Binary protobuf, as the server sends it: the SDK's JSON writer trips over its own duplicate protobufjs.
    const file = join(import.meta.dirname, `${scenario.name}.history.pb`);
    writeFileSync(file, temporal.api.history.v1.History.encode(history).finish());
    console.log(`recorded ${file} (${history.events?.length ?? 0} events)`);
  }
} finally {
  await ts.close();
}
