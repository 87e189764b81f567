import { matchesFilter, readPath } from '../interpreter/match.ts';
import type { ExperimentGoal } from '../model/index.ts';
import type { CustomerOutcome } from './outcomes.ts';

const DAY_MS = 86_400_000;

/** A customer's exposure to a split. */
export interface ExposureAt {
  userId: string;
  variant: string;
  exposedAtMs: number;
}

/** A customer event that may reach the goal. */
export interface GoalCandidate {
  userId: string;
  event: string;
  properties: Record<string, unknown>;
  atMs: number;
}

/**
 * Per exposed customer: did they reach the goal (event name and filters) within the window after
 * exposure, the revenue of every goal event in that window, and when they unsubscribed.
 */
export function goalOutcomes(
  goal: ExperimentGoal,
  exposures: readonly ExposureAt[],
  events: readonly GoalCandidate[],
  unsubscribedAtMs: ReadonlyMap<string, number>,
): CustomerOutcome[] {
  const byUser = new Map<string, GoalCandidate[]>();
  for (const e of events) {
    if (e.event !== goal.event || !goal.where.every((f) => matchesFilter(f, e.properties))) continue;
    byUser.set(e.userId, [...(byUser.get(e.userId) ?? []), e]);
  }
  const windowMs = goal.withinDays * DAY_MS;
  return exposures.map((x) => {
    const inWindow = (byUser.get(x.userId) ?? [])
      .filter((e) => e.atMs >= x.exposedAtMs && e.atMs <= x.exposedAtMs + windowMs)
      .sort((a, b) => a.atMs - b.atMs);
    const revenue =
      goal.revenueProperty === undefined
        ? 0
        : inWindow.reduce((s, e) => {
            const value = readPath(e.properties, goal.revenueProperty ?? '');
            return s + (typeof value === 'number' && Number.isFinite(value) ? value : 0);
          }, 0);
    return {
      variant: x.variant,
      exposedAtMs: x.exposedAtMs,
      convertedAtMs: inWindow[0]?.atMs ?? null,
      revenue,
      unsubscribedAtMs: unsubscribedAtMs.get(x.userId) ?? null,
    };
  });
}
