import { DateTime } from 'luxon';
import {
  type Queryable,
  type CohortRows,
  cohortRowsOf,
  lifecycleRowsOf,
  activityOf,
  customerCountsOf,
  activationCountsOf,
  npsAnswersOf,
  reasonCountsOf,
  purchaseCountsOf,
  cancellationCountsOf,
  renewalCountsOf,
  earliestEventAt,
  mrrAtInstants,
  mrrCountsOf,
  rollupsFor,
  monthBucketsOf,
  monthStartOf,
  purchaseCountsFromRollups,
  activityFromRollups,
  cohortRowsFromRollups,
  customerCountsFromRollups,
  mrrCountsFromRollups,
  mrrAtMonthStartsFromSummaries,
  customerCountsFromSummaries,
  mrrCountsFromSummaries,
  singleMonths,
  npsAnswersFromSummaries,
  activationCountsFromSummaries,
  cohortRowsFromSummaries,
  purchaseCountsFromSummaries,
  activityFromSummaries,
  npsAnswersFromRollups,
  activationCountsFromRollups,
  type MonthBucket,
} from '../db/index.ts';
import {
  earlyCancellationRate,
  earlyRenewalRate,
  activationRate,
  timeToValue,
  cohortTriangle,
  churnRate,
  customerRetentionRate,
  churnReasons,
  netPromoterScore,
  known,
  customerLifetimeValue,
  quickRatio,
  stickiness,
  bucketsOf,
  MAX_BUCKETS,
  yearBefore,
  averageOrderValue,
  netRevenue,
  otherCurrencies,
  purchaseFrequency,
  repeatCustomerRate,
  repeatPurchaseRatio,
  returningCustomerRate,
  existingRevenueGrowth,
  grossRevenueRetention,
  mrrChurnRate,
  mrrMovements,
  netRevenueRetention,
  yearOverYearArrGrowth,
  type MrrCounts,
  type RetentionSettings,
  CohortRequest,
  LifecycleRequest,
  PeriodRequest,
  type BucketReport,
  type CohortReport,
  type LifecycleReport,
  type RecurringRevenue,
  type RequestViolations,
  type RetentionReport,
} from '../retention/index.ts';

type Refused = RequestViolations;
const refused = (error: { issues: Array<{ path: PropertyKey[]; message: string }> }): Refused => ({
  violations: error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(request)', message: i.message })),
});

/** The refusal of a period of more than MAX_BUCKETS buckets (of a `granularity`, where the message names it). */
const tooManyBuckets = (granularity?: string): Refused => ({
  violations: [
    {
      path: 'granularity',
      message: `the period holds more than ${MAX_BUCKETS} buckets${granularity ? ` of a ${granularity}` : ''}; choose a coarser granularity`,
    },
  ],
});

/** The recurring-revenue section of one currency. */
function recurringRevenue(m: MrrCounts): RecurringRevenue {
  return {
    currency: m.currency,
    mrrAtStart: known(m.atStart, { mrrAtStart: m.atStart }, "sum of customers' MRR at the start"),
    mrrAtEnd: known(m.atEnd, { mrrAtEnd: m.atEnd }, "sum of customers' MRR at the end"),
    movements: mrrMovements(m),
    mrrChurnRate: mrrChurnRate(m),
    grossRevenueRetention: grossRevenueRetention(m),
    netRevenueRetention: netRevenueRetention(m),
    existingRevenueGrowth: existingRevenueGrowth(m),
  };
}

const noMrr = (currency: string): MrrCounts => ({
  currency,
  atStart: 0,
  atEnd: 0,
  new: 0,
  reactivation: 0,
  expansion: 0,
  contraction: 0,
  churned: 0,
  existingAtEnd: 0,
});

/** How one figure is read: from the month summaries, from the rollups, or from raw events. */
interface FigureReads<T> {
  summaries: (months: MonthBucket[]) => Promise<T>;
  rollups: (months: MonthBucket[]) => Promise<T>;
  events: () => Promise<T>;
}

/** Reads a figure from the summaries when every bucket is one local month, from the rollups for other whole months, else (no `months`) from raw events. */
function fromMonths<T>(months: MonthBucket[] | undefined, reads: FigureReads<T>): Promise<T> {
  if (!months) return reads.events();
  return singleMonths(months) ? reads.summaries(months) : reads.rollups(months);
}

/** The local calendar days [start, end) touches, in the account's time zone. */
function daysIn(start: string, end: string, zone: string): number {
  const last = DateTime.fromISO(end, { zone }).minus({ milliseconds: 1 }).startOf('day');
  return Math.round(last.diff(DateTime.fromISO(start, { zone }).startOf('day'), 'days').days) + 1;
}

/** Every retention figure for each bucket of [start, end), from SQL aggregates; a bad request comes back as violations. */
export async function retentionReport(
  db: Queryable,
  s: RetentionSettings,
  request: unknown,
): Promise<RetentionReport | Refused> {
  const parsed = PeriodRequest.safeParse(request);
  if (!parsed.success) return refused(parsed.error);
  const buckets = bucketsOf(parsed.data, s.timeZone);
  if (buckets.at(-1)?.end !== new Date(parsed.data.end).toISOString()) {
    return tooManyBuckets(parsed.data.granularity);
  }
  // Whole local months are read from the rollups (folded first); any other bucket reads raw events.
  const months = monthBucketsOf(buckets, s.timeZone);
  const rollups = months ? await rollupsFor(db, s) : undefined;
  // the subscription rollup knows subscription events only: churn by no order, or MRR from a trait, read raw events
  const rolledMonths = rollups ? months : undefined;
  const subscriptions = s.churn.kind === 'subscription-cancelled' ? rolledMonths : undefined;
  const mrrMonths = s.mrr.source === 'subscription-events' ? rolledMonths : undefined;
  const instants = [...buckets.map((b) => yearBefore(b.end, s.timeZone)), ...buckets.map((b) => b.end)];
  const instantMonths = instants.map((at) => monthStartOf(at, s.timeZone));
  const heldMonths = mrrMonths && instantMonths.every((m) => m !== undefined) ? instantMonths : undefined;
  const [customers, purchases, mrr, nps, reasons, activation, cancellations, earliest, activity, held, renewals] =
    await Promise.all([
      fromMonths(subscriptions, {
        summaries: (m) => customerCountsFromSummaries(db, m),
        rollups: (m) => customerCountsFromRollups(db, s, m),
        events: () => customerCountsOf(db, s, buckets),
      }),
      fromMonths(rolledMonths, {
        summaries: (m) => purchaseCountsFromSummaries(db, s, m),
        rollups: (m) => purchaseCountsFromRollups(db, s, m),
        events: () => purchaseCountsOf(db, s, buckets),
      }),
      fromMonths(mrrMonths, {
        summaries: (m) => mrrCountsFromSummaries(db, m),
        rollups: (m) => mrrCountsFromRollups(db, s, m),
        events: () => mrrCountsOf(db, s, buckets),
      }),
      fromMonths(rolledMonths, {
        summaries: (m) => npsAnswersFromSummaries(db, m),
        rollups: (m) => npsAnswersFromRollups(db, s, m),
        events: () => npsAnswersOf(db, s, buckets),
      }),
      reasonCountsOf(db, s, buckets),
      fromMonths(rolledMonths, {
        summaries: (m) => activationCountsFromSummaries(db, m),
        rollups: (m) => activationCountsFromRollups(db, s, m),
        events: () => activationCountsOf(db, s, buckets),
      }),
      cancellationCountsOf(db, s, buckets),
      rollups ? rollups.earliestAt : earliestEventAt(db),
      fromMonths(rolledMonths, {
        summaries: (m) => activityFromSummaries(db, m),
        rollups: (m) => activityFromRollups(db, m),
        events: () =>
          Promise.all(
            buckets.map((b) =>
              activityOf(db, { timeZone: s.timeZone, activityEvent: undefined, start: b.start, end: b.end }),
            ),
          ),
      }),
      // MRR a year before each bucket's end, then at each end, in one read
      heldMonths ? mrrAtMonthStartsFromSummaries(db, heldMonths) : mrrAtInstants(db, s, instants),
      renewalCountsOf(db, s, buckets),
    ]);
  const yearAgo = held.slice(0, buckets.length);
  const atEnd = held.slice(buckets.length);
  const currency = s.reportingCurrency;
  const reports: BucketReport[] = buckets.map((b, i) => {
    const c = customers[i]!;
    const p = purchases[i]!;
    const m = mrr[i] ?? [];
    const a = activation[i]!;
    const churn = churnRate(c);
    const frequency = purchaseFrequency(p);
    const aov = averageOrderValue(p, currency);
    const money = (cur: string) => ({
      currency: cur,
      netRevenue: netRevenue(p, cur),
      averageOrderValue: averageOrderValue(p, cur),
    });
    return {
      start: b.start,
      end: b.end,
      customerRetentionRate: customerRetentionRate(c),
      churnRate: churn,
      returningCustomerRate: returningCustomerRate(p),
      repeatPurchaseRatio: repeatPurchaseRatio(p),
      repeatCustomerRate: repeatCustomerRate(p),
      purchaseFrequency: frequency,
      money: money(currency),
      otherCurrencies: otherCurrencies(p, currency).map(money),
      customerLifetimeValue: customerLifetimeValue({
        averageOrderValue: aov,
        purchaseFrequency: frequency,
        grossMargin: s.grossMargin,
        churnRate: churn,
      }),
      recurringRevenue: recurringRevenue(m.find((x) => x.currency === currency) ?? noMrr(currency)),
      otherRecurringRevenue: m.filter((x) => x.currency !== currency).map(recurringRevenue),
      yearOverYearArrGrowth: yearOverYearArrGrowth({
        mrrNow: atEnd[i]?.get(currency) ?? 0,
        mrrYearAgo: yearAgo[i]?.get(currency) ?? 0,
        dataReachesBackAYear: earliest !== undefined && earliest <= yearBefore(b.end, s.timeZone),
      }),
      netPromoterScore: netPromoterScore(nps[i]!),
      npsDistribution: nps[i]!,
      churnReasons: churnReasons(reasons[i] ?? []),
      earlyCancellationRate: earlyCancellationRate(cancellations[i]!),
      earlyRenewalRate: earlyRenewalRate(renewals[i]!),
      activationRate: activationRate(a),
      timeToValue: timeToValue(a),
      stickiness: stickiness({ ...activity[i]!, days: daysIn(b.start, b.end, s.timeZone) }),
    };
  });
  return {
    start: parsed.data.start,
    end: parsed.data.end,
    granularity: parsed.data.granularity,
    timeZone: s.timeZone,
    reportingCurrency: currency,
    buckets: reports,
  };
}

/** The cohort rows: from the rollups for monthly cohorts returning by ordering up to a month start, else from raw events. */
async function cohortRows(
  db: Queryable,
  s: RetentionSettings,
  q: CohortRequest,
  cohortEvent: string,
  returnEvent: string,
): Promise<CohortRows[]> {
  const endMonth = monthStartOf(new Date(q.end).toISOString(), s.timeZone);
  if (q.unit === 'month' && returnEvent === s.order.event && endMonth !== undefined) {
    const rollups = await rollupsFor(db, s);
    const startMonth = monthStartOf(new Date(q.start).toISOString(), s.timeZone);
    if (rollups && !rollups.untypedNames && startMonth !== undefined)
      return cohortRowsFromSummaries(db, { cohortBy: q.cohortBy, startMonth, endMonth });
    if (rollups && !rollups.untypedNames)
      return cohortRowsFromRollups(db, {
        timeZone: s.timeZone,
        cohortBy: q.cohortBy,
        start: q.start,
        end: q.end,
        endMonth,
      });
  }
  return cohortRowsOf(db, { unit: q.unit, timeZone: s.timeZone, cohortEvent, returnEvent, start: q.start, end: q.end });
}

/** The retention triangle by sign-up (or first-order) week or month, with N-period and unbounded retention and the mean curves. */
export async function cohortReport(
  db: Queryable,
  s: RetentionSettings,
  request: unknown,
): Promise<CohortReport | Refused> {
  const parsed = CohortRequest.safeParse(request);
  if (!parsed.success) return refused(parsed.error);
  const q = parsed.data;
  const cohortEvent = q.cohortBy === 'sign-up' ? s.signUpEvent : s.order.event;
  const returnEvent = q.returnEvent ?? s.order.event;
  const rows = await cohortRows(db, s, q, cohortEvent, returnEvent);
  const end = DateTime.fromISO(q.end);
  const counts = rows.map((r) => {
    const first = DateTime.fromISO(r.cohort, { zone: s.timeZone });
    let observed = 0;
    while (first.plus({ [`${q.unit}s`]: observed }) < end) observed++;
    return {
      cohort: r.cohort,
      size: r.size,
      observed,
      returnedIn: Array.from({ length: observed }, (_, n) => r.returnedIn.get(n) ?? 0),
      lastReturnIn: Array.from({ length: observed }, (_, n) => r.lastReturnIn.get(n) ?? 0),
    };
  });
  return { unit: q.unit, cohortEvent, returnEvent, timeZone: s.timeZone, ...cohortTriangle(counts) };
}

/** New, returning, resurrecting and dormant customers per calendar bucket, with each bucket's quick ratio. */
export async function lifecycleReport(
  db: Queryable,
  s: RetentionSettings,
  request: unknown,
): Promise<LifecycleReport | Refused> {
  const parsed = LifecycleRequest.safeParse(request);
  if (!parsed.success) return refused(parsed.error);
  const q = parsed.data;
  const end = DateTime.fromISO(q.end);
  const starts: string[] = [];
  const first = DateTime.fromISO(q.start, { zone: s.timeZone }).startOf(q.granularity);
  for (let n = 0; first.plus({ [`${q.granularity}s`]: n }) < end && n <= MAX_BUCKETS; n++) {
    starts.push(first.plus({ [`${q.granularity}s`]: n }).toFormat("yyyy-MM-dd'T'HH:mm:ss"));
  }
  if (starts.length > MAX_BUCKETS) return tooManyBuckets();
  const rows = await lifecycleRowsOf(db, {
    unit: q.granularity,
    timeZone: s.timeZone,
    activityEvent: q.activityEvent,
    start: q.start,
    end: q.end,
  });
  const count = (bucket: string, kind: string) => rows.find((r) => r.bucket === bucket && r.kind === kind)?.count ?? 0;
  return {
    granularity: q.granularity,
    timeZone: s.timeZone,
    buckets: starts.map((bucket) => {
      const c = {
        bucket,
        new: count(bucket, 'new'),
        returning: count(bucket, 'returning'),
        resurrecting: count(bucket, 'resurrecting'),
        dormant: count(bucket, 'dormant'),
      };
      return { ...c, quickRatio: quickRatio(c) };
    }),
  };
}
