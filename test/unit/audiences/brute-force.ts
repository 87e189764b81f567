import { matchesFilter } from '../../../engine/src/interpreter/match.ts';
import type { AudienceCondition } from '../../../engine/src/audiences/index.ts';

// A plain evaluation of an audience condition over one customer's raw rows, written for the tests
// from the definition's documented meaning (filters: the journey filters' own JavaScript semantics).

/** One customer's raw rows: traits and every track event. */
export interface Facts {
  traits: Record<string, unknown>;
  events: Array<{ event: string; properties: Record<string, unknown>; at: number }>;
  enrollments: Array<{ journeyId: string; status: string }>;
  exposures: Array<{ journeyId: string; splitId: string; variant: string }>;
}

const DAY = 86_400_000;

/** A date trait as milliseconds: YYYY-MM-DD (midnight UTC) or a full ISO instant with Z or an offset. */
export function instantOf(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2}))?$/.test(value)) return undefined;
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

function traitAt(traits: Record<string, unknown>, path: string): unknown {
  let v: unknown = traits;
  for (const part of path.split('.')) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Whether the customer with these facts meets the condition at `now` (ms). */
export function holds(c: AudienceCondition, f: Facts, now: number): boolean {
  switch (c.kind) {
    case 'trait':
      return matchesFilter(c, f.traits);
    case 'trait-date': {
      const d = instantOf(traitAt(f.traits, c.property));
      if (d === undefined) return false;
      const span = c.days * DAY;
      if (c.when === 'within-next') return now >= d - span && now < d;
      if (c.when === 'within-last') return now >= d && now < d + span;
      if (c.when === 'more-than-ago') return now >= d + span;
      return now < d - span;
    }
    case 'performed': {
      const n = f.events.filter(
        (e) =>
          e.event === c.event &&
          c.where.every((w) => matchesFilter(w, e.properties)) &&
          (c.withinDays === undefined || e.at > now - c.withinDays * DAY),
      ).length;
      return c.op === 'at-least' ? n >= c.times : c.op === 'at-most' ? n <= c.times : n === c.times;
    }
    case 'journey':
      return f.enrollments.some(
        (e) =>
          e.journeyId === c.journeyId &&
          (c.state === 'entered' || e.status === (c.state === 'in' ? 'active' : 'completed')),
      );
    case 'arm':
      return f.exposures.some(
        (x) =>
          x.journeyId === c.journeyId && x.variant === c.arm && (c.splitId === undefined || x.splitId === c.splitId),
      );
    case 'all':
      return c.of.every((x) => holds(x, f, now));
    case 'any':
      return c.of.some((x) => holds(x, f, now));
    case 'not':
      return !holds(c.condition, f, now);
  }
}
