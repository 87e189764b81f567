import { z } from 'zod';
import { JourneyImpact } from '../metrics/index.ts';

// The answer of the journey-impact report, shared by the API and the editor's dashboard.

/** One compared group of a journey: the whole journey, one published version, or one arm of a split. */
export const ImpactGroup = z.object({
  label: z.string(),
  scope: z.enum(['journey', 'version', 'arm']),
  version: z.number().int().nullable(),
  splitId: z.string().nullable(),
  arm: z.string().nullable(),
  /** Measured customers (their window has closed): entrants of this group, and the journey's holdout. */
  entrants: z.number().int(),
  holdout: z.number().int(),
  impact: JourneyImpact,
});
export type ImpactGroup = z.infer<typeof ImpactGroup>;

/** A journey with a holdout, and what it did against it. */
export const JourneyImpactRow = z.object({
  journeyId: z.string(),
  name: z.string(),
  /** Share of entrants held out, in percent. */
  holdoutPercent: z.number(),
  /** Everyone who entered so far, whether or not their window has closed (the groups count only those whose has). */
  soFar: z.object({ entrants: z.number().int(), holdout: z.number().int() }),
  /** When the first entrant's window closes and their outcome is counted; null once it has (or nobody entered). */
  firstResultsAt: z.string().nullable(),
  groups: z.array(ImpactGroup),
});
export type JourneyImpactRow = z.infer<typeof JourneyImpactRow>;

/** The answer of GET /v1/metrics/journeys. */
export const JourneyImpactList = z.object({
  windowDays: z.number().int(),
  currency: z.string(),
  journeys: z.array(JourneyImpactRow),
});
export type JourneyImpactList = z.infer<typeof JourneyImpactList>;
