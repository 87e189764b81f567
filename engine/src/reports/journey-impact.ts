import {
  exposuresSoFar,
  impactAggregates,
  listJourneys,
  listVersions,
  type ImpactAggregate,
  type ImpactEvents,
  type Queryable,
} from '../db/index.ts';
import { experimentKey, journeyHoldoutKey, Plan, splitsOf } from '../interpreter/index.ts';
import { journeyImpact, type GroupOutcomes } from '../metrics/index.ts';
import type { RetentionSettings } from '../retention/index.ts';
import type { ImpactGroup, JourneyImpactList, JourneyImpactRow } from './shapes.ts';

/** What counts, for a journey's impact, read from the retention settings (the return event may be chosen). */
function impactEventsOf(s: RetentionSettings, returnEvent?: string): ImpactEvents {
  return {
    returnEvents: [returnEvent ?? s.order.event],
    orderEvent: s.order.event,
    refundEvent: s.order.refundEvent,
    revenueProperties: s.order.amountProperties,
    currency: s.reportingCurrency,
    churnEvents: [s.subscription.cancelledEvent],
    npsEvent: s.nps.event,
    npsProperty: s.nps.property,
  };
}

const outcomes = (a: ImpactAggregate | undefined): GroupOutcomes => ({
  customers: a?.customers ?? 0,
  returned: a?.returned ?? 0,
  repeatPurchasers: a?.repeatPurchasers ?? 0,
  churned: a?.churned ?? 0,
  revenue: { n: a?.customers ?? 0, sum: a?.revenueSum ?? 0, sumOfSquares: a?.revenueSumOfSquares ?? 0 },
  nps: { promoters: a?.promoters ?? 0, passives: a?.passives ?? 0, detractors: a?.detractors ?? 0 },
});

/**
 * Every journey that has (or had) a holdout, entrants against the holdout over `windowDays` after
 * entering: all entrants, each published version, and each arm of the live version's splits. Only
 * customers whose window has closed by `now` are counted.
 */
export async function journeyImpactReport(
  db: Queryable,
  s: RetentionSettings,
  opts: { windowDays: number; now: Date; returnEvent?: string | undefined },
): Promise<JourneyImpactList> {
  const events = impactEventsOf(s, opts.returnEvent);
  const journeys: JourneyImpactRow[] = [];
  for (const journey of await listJourneys(db)) {
    const plans = (await listVersions(db, journey.id)).flatMap((v) => {
      const p = Plan.safeParse(v.plan);
      return p.success ? [p.data] : [];
    });
    const withHoldout = plans.filter((p) => (p.holdout ?? 0) > 0);
    if (withHoldout.length === 0) continue;
    const shown = plans.find((p) => p.version === journey.liveVersion && (p.holdout ?? 0) > 0) ?? withHoldout.at(-1);
    if (!shown) continue;
    const key = journeyHoldoutKey(journey.id);
    const compare = (
      label: string,
      scope: ImpactGroup['scope'],
      rows: ImpactAggregate[],
      variant: string,
      extra: Pick<ImpactGroup, 'version' | 'splitId' | 'arm'>,
    ): ImpactGroup => {
      const entrants = outcomes(rows.find((r) => r.variant === variant));
      const holdout = outcomes(rows.find((r) => r.variant === 'holdout'));
      return {
        label,
        scope,
        ...extra,
        entrants: entrants.customers,
        holdout: holdout.customers,
        impact: journeyImpact(journey.name, opts.windowDays, entrants, holdout, s.reportingCurrency),
      };
    };
    const byJourney = await impactAggregates(db, key, opts.windowDays, opts.now, events);
    const groups: ImpactGroup[] = [
      compare('All entrants', 'journey', byJourney, 'entrants', { version: null, splitId: null, arm: null }),
    ];
    const byVersion = await impactAggregates(db, key, opts.windowDays, opts.now, events, { by: 'version' });
    const versions = byVersion.flatMap((r) => {
      const m = /^entrants:v(\d+)$/.exec(r.variant);
      return m ? [Number(m[1])] : [];
    });
    if (versions.length > 1)
      for (const v of versions)
        groups.push(
          compare(`Version ${v}`, 'version', byVersion, `entrants:v${v}`, { version: v, splitId: null, arm: null }),
        );
    for (const split of splitsOf(shown)) {
      const byArm = await impactAggregates(db, key, opts.windowDays, opts.now, events, {
        by: 'arm',
        splitExperimentKey: experimentKey(journey.id, split.id, split.fingerprint),
      });
      for (const arm of split.arms)
        groups.push(
          compare(`Split ${split.id}: ${arm.name}`, 'arm', byArm, `entrants:${arm.name}`, {
            version: shown.version,
            splitId: split.id,
            arm: arm.name,
          }),
        );
    }
    const soFar = await exposuresSoFar(db, key);
    const firstResultsAt = soFar.firstAt && new Date(soFar.firstAt.getTime() + opts.windowDays * 86_400_000);
    journeys.push({
      journeyId: journey.id,
      name: journey.name,
      holdoutPercent: shown.holdout ?? 0,
      soFar: { entrants: soFar.byVariant.get('entrants') ?? 0, holdout: soFar.byVariant.get('holdout') ?? 0 },
      firstResultsAt: firstResultsAt && firstResultsAt > opts.now ? firstResultsAt.toISOString() : null,
      groups,
    });
  }
  return { windowDays: opts.windowDays, currency: s.reportingCurrency, journeys };
}
