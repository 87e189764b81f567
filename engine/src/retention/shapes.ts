import { z } from 'zod';
import { Figure } from './figure.ts';
import { ReasonCount } from './feedback.ts';

// The requests and answers of the retention entry points, shared by the API and the editor.

/** How a period is cut into reporting buckets. */
export const Granularity = z.enum(['day', 'week', 'month', 'quarter', 'year']);
export type Granularity = z.infer<typeof Granularity>;

/** A reporting request: the half-open period [start, end) cut into buckets of `granularity`. */
export const PeriodRequest = z
  .object({
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
    granularity: Granularity,
  })
  .refine((p) => Date.parse(p.start) < Date.parse(p.end), { message: 'start must be before end', path: ['end'] });
export type PeriodRequest = z.infer<typeof PeriodRequest>;

const Movements = z.object({
  new: Figure,
  expansion: Figure,
  contraction: Figure,
  churned: Figure,
  reactivation: Figure,
  net: Figure,
});

/** Recurring-revenue figures of one currency. */
export const RecurringRevenue = z.object({
  currency: z.string(),
  mrrAtStart: Figure,
  mrrAtEnd: Figure,
  movements: Movements,
  mrrChurnRate: Figure,
  grossRevenueRetention: Figure,
  netRevenueRetention: Figure,
  existingRevenueGrowth: Figure,
});
export type RecurringRevenue = z.infer<typeof RecurringRevenue>;

/** Order money of one currency. */
export const CurrencyMoney = z.object({ currency: z.string(), netRevenue: Figure, averageOrderValue: Figure });
export type CurrencyMoney = z.infer<typeof CurrencyMoney>;

/** Every retention figure of one bucket [start, end). */
export const BucketReport = z.object({
  start: z.string(),
  end: z.string(),
  customerRetentionRate: Figure,
  churnRate: Figure,
  returningCustomerRate: Figure,
  repeatPurchaseRatio: Figure,
  repeatCustomerRate: Figure,
  purchaseFrequency: Figure,
  /** In the reporting currency; other currencies are in `otherCurrencies`, never summed in. */
  money: CurrencyMoney,
  otherCurrencies: z.array(CurrencyMoney),
  customerLifetimeValue: Figure,
  recurringRevenue: RecurringRevenue,
  otherRecurringRevenue: z.array(RecurringRevenue),
  yearOverYearArrGrowth: Figure,
  netPromoterScore: Figure,
  npsDistribution: z.array(z.number().int()).length(11),
  churnReasons: z.array(ReasonCount),
  earlyCancellationRate: Figure,
  earlyRenewalRate: Figure,
  activationRate: Figure,
  timeToValue: z.object({
    median: Figure,
    distribution: z.array(z.object({ label: z.string(), count: z.number().int() })),
  }),
  stickiness: Figure,
});
export type BucketReport = z.infer<typeof BucketReport>;

/** The answer of `retentionReport`. */
export const RetentionReport = z.object({
  start: z.string(),
  end: z.string(),
  granularity: Granularity,
  timeZone: z.string(),
  reportingCurrency: z.string(),
  buckets: z.array(BucketReport),
});
export type RetentionReport = z.infer<typeof RetentionReport>;

/** A request for the cohort triangle. */
export const CohortRequest = z
  .object({
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
    unit: z.enum(['week', 'month']),
    /** Cohorts by first sign-up or by first order. */
    cohortBy: z.enum(['sign-up', 'first-order']).default('sign-up'),
    /** The event that counts as coming back (the order event when not given). */
    returnEvent: z.string().min(1).max(200).optional(),
  })
  .refine((q) => Date.parse(q.start) < Date.parse(q.end), { message: 'start must be before end', path: ['end'] });
export type CohortRequest = z.infer<typeof CohortRequest>;

const CohortRow = z.object({
  cohort: z.string(),
  size: z.number().int(),
  exact: z.array(Figure),
  unbounded: z.array(Figure),
});

/** The answer of `cohortReport`: the triangle and the mean curves. */
export const CohortReport = z.object({
  unit: z.enum(['week', 'month']),
  cohortEvent: z.string(),
  returnEvent: z.string(),
  timeZone: z.string(),
  rows: z.array(CohortRow),
  meanExact: z.array(Figure),
  meanUnbounded: z.array(Figure),
});
export type CohortReport = z.infer<typeof CohortReport>;

/** A request for lifecycle counts. */
export const LifecycleRequest = z
  .object({
    start: z.iso.datetime({ offset: true }),
    end: z.iso.datetime({ offset: true }),
    granularity: Granularity,
    /** What counts as being active (any track, page or screen call when not given). */
    activityEvent: z.string().min(1).max(200).optional(),
  })
  .refine((q) => Date.parse(q.start) < Date.parse(q.end), { message: 'start must be before end', path: ['end'] });
export type LifecycleRequest = z.infer<typeof LifecycleRequest>;

/** The answer of `lifecycleReport`: per calendar bucket, customers by lifecycle class and the quick ratio. */
export const LifecycleReport = z.object({
  granularity: Granularity,
  timeZone: z.string(),
  buckets: z.array(
    z.object({
      bucket: z.string(),
      new: z.number().int(),
      returning: z.number().int(),
      resurrecting: z.number().int(),
      dormant: z.number().int(),
      quickRatio: Figure,
    }),
  ),
});
export type LifecycleReport = z.infer<typeof LifecycleReport>;

/** A request refused: where and what. */
export const RequestViolations = z.object({ violations: z.array(z.object({ path: z.string(), message: z.string() })) });
export type RequestViolations = z.infer<typeof RequestViolations>;
