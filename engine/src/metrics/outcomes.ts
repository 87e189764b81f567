import type { Interval } from './proportion.ts';
import { wilsonInterval } from './proportion.ts';
import type { ArmCounts } from './experiment.ts';

const DAY_MS = 86_400_000;

/** What happened to one exposed customer within the goal window. */
export interface CustomerOutcome {
  variant: string;
  exposedAtMs: number;
  /** When they first reached the goal within the window, or null. */
  convertedAtMs: number | null;
  revenue: number;
  unsubscribedAtMs: number | null;
}

/** Counts exposures, measured customers (window closed by `nowMs`), conversions, revenue and unsubscribes per arm. */
export function countArms(
  outcomes: readonly CustomerOutcome[],
  arms: ReadonlyArray<{ name: string; weight: number; holdout: boolean }>,
  windowDays: number,
  nowMs: number,
): ArmCounts[] {
  const windowMs = windowDays * DAY_MS;
  return arms.map((arm) => {
    const mine = outcomes.filter((o) => o.variant === arm.name);
    const measured = mine.filter((o) => o.exposedAtMs + windowMs <= nowMs);
    return {
      ...arm,
      exposed: mine.length,
      measured: measured.length,
      converted: measured.filter((o) => o.convertedAtMs !== null).length,
      revenue: measured.reduce((s, o) => s + o.revenue, 0),
      unsubscribed: measured.filter(
        (o) => o.unsubscribedAtMs !== null && o.unsubscribedAtMs <= o.exposedAtMs + windowMs,
      ).length,
    };
  });
}

/** One point of the cumulative chart: customers exposed and converted by the end of `day`, with the rate's interval. */
export interface DayPoint {
  day: number;
  exposed: number;
  converted: number;
  rate: number | null;
  interval: Interval | null;
}

/** Cumulative conversion rate per arm by day since `startMs` (the first exposure), with 95% Wilson bands. */
export function cumulativeByDay(
  outcomes: readonly CustomerOutcome[],
  armNames: readonly string[],
  startMs: number,
  nowMs: number,
): Record<string, DayPoint[]> {
  const days = Math.max(1, Math.ceil((nowMs - startMs) / DAY_MS));
  const series: Record<string, DayPoint[]> = {};
  for (const name of armNames) {
    const exposedOn = new Array<number>(days).fill(0);
    const convertedOn = new Array<number>(days).fill(0);
    const dayOf = (ms: number) => Math.min(days - 1, Math.max(0, Math.floor((ms - startMs) / DAY_MS)));
    for (const o of outcomes) {
      if (o.variant !== name) continue;
      exposedOn[dayOf(o.exposedAtMs)] = (exposedOn[dayOf(o.exposedAtMs)] ?? 0) + 1;
      if (o.convertedAtMs !== null && o.convertedAtMs <= nowMs)
        convertedOn[dayOf(o.convertedAtMs)] = (convertedOn[dayOf(o.convertedAtMs)] ?? 0) + 1;
    }
    let exposed = 0;
    let converted = 0;
    series[name] = exposedOn.map((e, day) => {
      exposed += e;
      converted += convertedOn[day] ?? 0;
      return {
        day,
        exposed,
        converted,
        rate: exposed > 0 ? converted / exposed : null,
        interval: exposed > 0 ? wilsonInterval(converted, exposed) : null,
      };
    });
  }
  return series;
}
