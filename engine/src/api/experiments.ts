import { Router } from 'express';
import { z } from 'zod';
import { findJourney, findVersion, type Database } from '../db/index.ts';
import { applyAutomaticWinners, plannedFor, splitResults, splitsOf } from '../experiments/index.ts';
import { Plan } from '../interpreter/index.ts';
import { compile, ExperimentGoal, Journey, validateGraph } from '../journey/index.ts';
import type { NodeRegistry } from '../nodes/index.ts';
import { HttpError } from './errors.ts';

const Interval = z.object({ lower: z.number(), upper: z.number() });
const ArmCounts = z.object({
  name: z.string(), weight: z.number(), holdout: z.boolean(), exposed: z.number(), measured: z.number(), converted: z.number(), revenue: z.number(), unsubscribed: z.number(),
});
const ArmResult = z.object({
  name: z.string(), control: z.boolean(), holdout: z.boolean(), exposed: z.number(), measured: z.number(), converted: z.number(),
  rate: z.number().nullable(), interval: Interval.nullable(), revenuePerCustomer: z.number().nullable(), unsubscribeRate: z.number().nullable(),
  probabilityBest: z.number().nullable(),
  versusControl: z.object({
    absolute: z.number(), absoluteInterval: Interval, relative: z.number().nullable(), relativeInterval: Interval.nullable(),
    pValue: z.number(), test: z.enum(['z-test', 'fisher-exact']), significant: z.boolean(),
  }).nullable(),
});
const Analysis = z.object({
  arms: z.array(ArmResult),
  sampleRatio: z.object({ chiSquare: z.number(), degreesOfFreedom: z.number(), pValue: z.number(), mismatch: z.boolean() }),
  stopping: z.object({
    rule: z.literal('fixed-horizon'), plannedPerArm: z.number(), alpha: z.number(), alphaPerComparison: z.number(), power: z.number(), met: z.boolean(), description: z.string(),
  }),
  status: z.enum(['collecting', 'winner', 'no-difference', 'guardrail-failed', 'sample-ratio-mismatch']),
  winner: z.string().nullable(),
  verdict: z.string(),
});
const DayPoint = z.object({ day: z.number(), exposed: z.number(), converted: z.number(), rate: z.number().nullable(), interval: Interval.nullable() });
const Decision = z.object({
  experimentKey: z.string(), journeyId: z.string(), splitId: z.string(), winner: z.string(), publishedVersion: z.number(), numbers: z.unknown(), decidedAt: z.string(),
});

/** The answer of GET /v1/journeys/:id/experiments. */
export const ExperimentsResponse = z.object({
  journeyId: z.string(),
  goal: ExperimentGoal.nullable(),
  guardrail: z.literal('unsubscribe-rate'),
  liveVersion: z.number().nullable(),
  experiments: z.array(z.object({
    splitId: z.string(), experimentKey: z.string(), version: z.number(), autoWinner: z.boolean(), routedTo: z.string().nullable(),
    setup: z.object({ baselineRate: z.number(), minimumDetectableEffect: z.number(), plannedPerArm: z.number() }),
    counts: z.array(ArmCounts),
    analysis: Analysis.nullable(),
    cumulative: z.record(z.string(), z.array(DayPoint)),
    decision: Decision.nullable(),
  })),
  /** The splits of the draft with the sample size their test needs, for setting up before publishing. */
  draft: z.array(z.object({ splitId: z.string(), plannedPerArm: z.number(), arms: z.number() })),
});
export type ExperimentsResponse = z.infer<typeof ExperimentsResponse>;

/** The answer of POST /v1/journeys/:id/experiments/check. */
export const CheckResponse = z.object({
  decided: z.array(z.object({ journeyId: z.string(), splitId: z.string(), winner: z.string(), publishedVersion: z.number(), verdict: z.string() })),
});

/** Experiment results per split of a journey's live version, and the automatic-winner check. */
export function experimentRoutes(deps: { db: Database; registry: NodeRegistry; now?: () => number }): Router {
  const router = Router();
  const now = deps.now ?? Date.now;

  router.get('/v1/journeys/:id/experiments', async (req, res) => {
    const journey = await findJourney(deps.db, req.params.id);
    if (!journey) throw new HttpError(404, `There is no journey "${req.params.id}"; GET /v1/journeys lists them`);
    const live = journey.liveVersion === null ? undefined : await findVersion(deps.db, journey.id, journey.liveVersion);
    const plan = live ? Plan.parse(live.plan) : undefined;
    const experiments = plan ? await Promise.all(splitsOf(plan).map((step) => splitResults(deps.db, plan, step, plan.goal, now()))) : [];
    const draft = Journey.safeParse(journey.draft);
    const draftPlan = draft.success && validateGraph(draft.data, { registry: deps.registry }).length === 0 ? compile(draft.data, { registry: deps.registry, version: 0 }) : undefined;
    const body: ExperimentsResponse = {
      journeyId: journey.id,
      goal: (plan?.goal ?? (draft.success ? draft.data.settings.goal : undefined)) ?? null,
      guardrail: 'unsubscribe-rate',
      liveVersion: journey.liveVersion,
      experiments,
      draft: draftPlan ? splitsOf(draftPlan).map((s) => ({ splitId: s.id, plannedPerArm: plannedFor(s), arms: s.arms.length + (s.holdout > 0 ? 1 : 0) })) : [],
    };
    res.json(body);
  });

  router.post('/v1/journeys/:id/experiments/check', async (req, res) => {
    const journey = await findJourney(deps.db, req.params.id);
    if (!journey) throw new HttpError(404, `There is no journey "${req.params.id}"; GET /v1/journeys lists them`);
    res.json({ decided: await applyAutomaticWinners(deps.db, deps.registry, now(), journey.id) });
  });
  return router;
}
