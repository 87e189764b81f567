import { z } from 'zod';
import { differenceToControl } from './compare.ts';
import { welchInterval, type Moments } from './welch.ts';

/** What one group (a journey's entrants, or its holdout) did within the window after entering. */
export interface GroupOutcomes {
  customers: number;
  /** Came back (the return event) within the window. */
  returned: number;
  /** Ordered at least twice within the window. */
  repeatPurchasers: number;
  /** Churned within the window. */
  churned: number;
  /** Revenue per customer in the reporting currency, as moments (customers without revenue count as 0). */
  revenue: Moments;
  /** NPS answers within the window: promoters (9-10), passives (7-8), detractors (0-6). */
  nps: { promoters: number; passives: number; detractors: number };
}

/** One measure, entrants against holdout: both values, the difference and its interval, in words. */
export const ImpactLine = z.object({
  measure: z.enum(['return', 'repeat-purchase', 'churn', 'revenue-per-customer', 'nps']),
  entrants: z.number().nullable(),
  holdout: z.number().nullable(),
  /** entrants minus holdout: a difference of rates (0.05 is 5 points), currency units for revenue, points for NPS. */
  difference: z.number().nullable(),
  interval: z.object({ lower: z.number(), upper: z.number() }).nullable(),
  /** Why there is no comparison, when there is none. */
  undefinedBecause: z.string().nullable(),
  sentence: z.string(),
});
export type ImpactLine = z.infer<typeof ImpactLine>;

/** A journey's impact over one window: a line per measure and the incremental revenue. */
export const JourneyImpact = z.object({
  windowDays: z.number().int(),
  lines: z.array(ImpactLine),
  /** (revenue per entrant - revenue per holdout customer) x entrants, with the interval scaled the same way. */
  incrementalRevenue: z
    .object({ value: z.number(), interval: z.object({ lower: z.number(), upper: z.number() }) })
    .nullable(),
});
export type JourneyImpact = z.infer<typeof JourneyImpact>;

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
const signed = (value: number, digits = 0) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(digits)}`;
const money = (value: number, currency: string) => `${value < 0 ? '−' : ''}${currency} ${Math.abs(value).toFixed(2)}`;

const noComparison = (
  measure: ImpactLine['measure'],
  undefinedBecause: string,
  entrants: number | null,
  holdout: number | null,
): ImpactLine => ({
  measure,
  entrants,
  holdout,
  difference: null,
  interval: null,
  undefinedBecause,
  sentence: undefinedBecause,
});

function rateLine(
  measure: 'return' | 'repeat-purchase' | 'churn',
  label: string,
  journey: string,
  entrants: GroupOutcomes,
  holdout: GroupOutcomes,
  count: (g: GroupOutcomes) => number,
): ImpactLine {
  const e = entrants.customers > 0 ? count(entrants) / entrants.customers : null;
  const h = holdout.customers > 0 ? count(holdout) / holdout.customers : null;
  if (e === null || h === null)
    return noComparison(
      measure,
      `${journey}: ${label} is undefined: ${e === null ? 'no entrants' : 'nobody in the holdout'} yet`,
      e,
      h,
    );
  const d = differenceToControl(
    { converted: count(holdout), exposed: holdout.customers },
    { converted: count(entrants), exposed: entrants.customers },
  );
  const points = (v: number) => v * 100;
  return {
    measure,
    entrants: e,
    holdout: h,
    difference: d.absolute,
    interval: d.absoluteInterval,
    undefinedBecause: null,
    sentence: `${journey}: ${label} ${percent(e)} vs ${percent(h)} in the holdout, ${signed(points(d.absolute))} points (95% interval ${signed(points(d.absoluteInterval.lower))} to ${signed(points(d.absoluteInterval.upper))})`,
  };
}

/** NPS as the mean of +1 (promoter), 0 (passive), -1 (detractor), so Welch's interval applies; in points x100. */
const npsMoments = (g: GroupOutcomes): Moments => ({
  n: g.nps.promoters + g.nps.passives + g.nps.detractors,
  sum: g.nps.promoters - g.nps.detractors,
  sumOfSquares: g.nps.promoters + g.nps.detractors,
});

/**
 * What a journey did, entrants against its holdout, over `windowDays` after entering: return rate,
 * repeat purchase and churn (differences of proportions, Wald intervals), revenue per customer (Welch's
 * interval) with the incremental revenue, and NPS (Welch's interval on the -1/0/+1 scores). Each line is
 * undefined, with the reason, when a group is empty.
 */
export function journeyImpact(
  journey: string,
  windowDays: number,
  entrants: GroupOutcomes,
  holdout: GroupOutcomes,
  currency: string,
): JourneyImpact {
  const within = `${windowDays}-day`;
  const lines: ImpactLine[] = [
    rateLine('return', `${within} return`, journey, entrants, holdout, (g) => g.returned),
    rateLine('repeat-purchase', `${within} repeat purchase`, journey, entrants, holdout, (g) => g.repeatPurchasers),
    rateLine('churn', `${within} churn`, journey, entrants, holdout, (g) => g.churned),
  ];
  const revenue = welchInterval(holdout.revenue, entrants.revenue);
  const perCustomer = (m: Moments) => (m.n > 0 ? m.sum / m.n : null);
  if (revenue === null) {
    lines.push(
      noComparison(
        'revenue-per-customer',
        `${journey}: revenue per customer needs at least 2 customers in each group`,
        perCustomer(entrants.revenue),
        perCustomer(holdout.revenue),
      ),
    );
  } else {
    lines.push({
      measure: 'revenue-per-customer',
      entrants: perCustomer(entrants.revenue),
      holdout: perCustomer(holdout.revenue),
      difference: revenue.difference,
      interval: revenue.interval,
      undefinedBecause: null,
      sentence: `${journey}: ${within} revenue per customer ${money(perCustomer(entrants.revenue) ?? 0, currency)} vs ${money(perCustomer(holdout.revenue) ?? 0, currency)} in the holdout, ${signed(revenue.difference, 2)} (95% interval ${signed(revenue.interval.lower, 2)} to ${signed(revenue.interval.upper, 2)})`,
    });
  }
  const nps = welchInterval(npsMoments(holdout), npsMoments(entrants));
  const npsOf = (g: GroupOutcomes) => {
    const m = npsMoments(g);
    return m.n > 0 ? (100 * m.sum) / m.n : null;
  };
  if (nps === null) {
    lines.push(
      noComparison('nps', `${journey}: NPS needs at least 2 answers in each group`, npsOf(entrants), npsOf(holdout)),
    );
  } else {
    const e = npsOf(entrants) ?? 0;
    const h = npsOf(holdout) ?? 0;
    lines.push({
      measure: 'nps',
      entrants: e,
      holdout: h,
      difference: 100 * nps.difference,
      interval: { lower: 100 * nps.interval.lower, upper: 100 * nps.interval.upper },
      undefinedBecause: null,
      sentence: `${journey}: NPS ${signed(e)} vs ${signed(h)} in the holdout, ${signed(100 * nps.difference)} (95% interval ${signed(100 * nps.interval.lower)} to ${signed(100 * nps.interval.upper)})`,
    });
  }
  const incrementalRevenue =
    revenue === null
      ? null
      : {
          value: revenue.difference * entrants.customers,
          interval: {
            lower: revenue.interval.lower * entrants.customers,
            upper: revenue.interval.upper * entrants.customers,
          },
        };
  return { windowDays, lines, incrementalRevenue };
}
