import { z } from 'zod';
import { JourneyImpact } from '../metrics/impact.ts';

// The answers of /v1/metrics/*, shared by the API (and its OpenAPI document) and the editor's dashboard.
// Deep imports on purpose: the retention face also exports the SQL entry points, which the browser must not load.
export { BucketReport, CohortReport, CohortRequest, Granularity, LifecycleReport, LifecycleRequest, PeriodRequest, RetentionReport } from '../retention/shapes.ts';
export { Figure } from '../retention/figure.ts';
export { RetentionSettings } from '../retention/settings.ts';
export { ImpactLine, JourneyImpact } from '../metrics/impact.ts';

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
