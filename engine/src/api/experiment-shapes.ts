import { z } from 'zod';
import { ExperimentGoal } from '../model/index.ts';

// GET /v1/journeys/:id/experiments: per split of the live version, per arm and against control.
const Interval = z.object({ lower: z.number(), upper: z.number() });
const ArmCounts = z.object({
  name: z.string(),
  weight: z.number(),
  holdout: z.boolean(),
  exposed: z.number(),
  measured: z.number(),
  converted: z.number(),
  revenue: z.number(),
  unsubscribed: z.number(),
});
const ArmResult = z.object({
  name: z.string(),
  control: z.boolean(),
  holdout: z.boolean(),
  exposed: z.number(),
  measured: z.number(),
  converted: z.number(),
  rate: z.number().nullable(),
  interval: Interval.nullable(),
  revenuePerCustomer: z.number().nullable(),
  unsubscribeRate: z.number().nullable(),
  probabilityBest: z.number().nullable(),
  versusControl: z
    .object({
      absolute: z.number(),
      absoluteInterval: Interval,
      relative: z.number().nullable(),
      relativeInterval: Interval.nullable(),
      pValue: z.number(),
      test: z.enum(['z-test', 'fisher-exact']),
      significant: z.boolean(),
    })
    .nullable(),
});
const Analysis = z.object({
  arms: z.array(ArmResult),
  sampleRatio: z.object({
    chiSquare: z.number(),
    degreesOfFreedom: z.number(),
    pValue: z.number(),
    mismatch: z.boolean(),
  }),
  stopping: z.object({
    rule: z.literal('fixed-horizon'),
    plannedPerArm: z.number(),
    alpha: z.number(),
    alphaPerComparison: z.number(),
    power: z.number(),
    met: z.boolean(),
    description: z.string(),
  }),
  status: z.enum(['collecting', 'winner', 'no-difference', 'guardrail-failed', 'sample-ratio-mismatch']),
  winner: z.string().nullable(),
  verdict: z.string(),
});
const DayPoint = z.object({
  day: z.number(),
  exposed: z.number(),
  converted: z.number(),
  rate: z.number().nullable(),
  interval: Interval.nullable(),
});
const Decision = z.object({
  experimentKey: z.string(),
  journeyId: z.string(),
  splitId: z.string(),
  winner: z.string(),
  publishedVersion: z.number(),
  numbers: z.unknown(),
  decidedAt: z.string(),
});

/** The answer of GET /v1/journeys/:id/experiments. */
export const ExperimentsResponse = z.object({
  journeyId: z.string(),
  goal: ExperimentGoal.nullable(),
  guardrail: z.literal('unsubscribe-rate'),
  liveVersion: z.number().nullable(),
  experiments: z.array(
    z.object({
      splitId: z.string(),
      experimentKey: z.string(),
      version: z.number(),
      autoWinner: z.boolean(),
      routedTo: z.string().nullable(),
      setup: z.object({ baselineRate: z.number(), minimumDetectableEffect: z.number(), plannedPerArm: z.number() }),
      counts: z.array(ArmCounts),
      analysis: Analysis.nullable(),
      cumulative: z.record(z.string(), z.array(DayPoint)),
      decision: Decision.nullable(),
    }),
  ),
  /** The splits of the draft with the sample size their test needs, for setting up before publishing. */
  draft: z.array(z.object({ splitId: z.string(), plannedPerArm: z.number(), arms: z.number() })),
});
export type ExperimentsResponse = z.infer<typeof ExperimentsResponse>;

/** The answer of POST /v1/journeys/:id/experiments/check. */
export const CheckResponse = z.object({
  decided: z.array(
    z.object({
      journeyId: z.string(),
      splitId: z.string(),
      winner: z.string(),
      publishedVersion: z.number(),
      verdict: z.string(),
    }),
  ),
});
