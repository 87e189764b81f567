import { isRecord, type EventMatch, type JourneyEvent, type PropertyFilter } from '../model/index.ts';
import type { Plan } from './plan.ts';

/** Reads a dot path ("address.city") from a record; undefined when any part is missing. */
export function readPath(record: Record<string, unknown>, path: string): unknown {
  let current: unknown = record;
  for (const part of path.split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[part];
  }
  return current;
}

function compare(actual: unknown, expected: unknown): number | null {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  // Strings compare in code-unit order, which is also time order for ISO timestamps.
  if (typeof actual === 'string' && typeof expected === 'string')
    return actual < expected ? -1 : actual > expected ? 1 : 0;
  return null;
}

/** True when the record's property satisfies the filter; a missing property only satisfies not-equals and not-exists. */
export function matchesFilter(filter: PropertyFilter, record: Record<string, unknown>): boolean {
  const actual = readPath(record, filter.property);
  const present = actual !== undefined && actual !== null;
  switch (filter.op) {
    case 'exists':
      return present;
    case 'not-exists':
      return !present;
    case 'equals':
      return actual === filter.value;
    case 'not-equals':
      return actual !== filter.value;
    case 'contains':
      if (typeof actual === 'string') return filter.value !== undefined && actual.includes(String(filter.value));
      return Array.isArray(actual) && actual.includes(filter.value);
    case 'gt': {
      const c = compare(actual, filter.value);
      return c !== null && c > 0;
    }
    case 'gte': {
      const c = compare(actual, filter.value);
      return c !== null && c >= 0;
    }
    case 'lt': {
      const c = compare(actual, filter.value);
      return c !== null && c < 0;
    }
    case 'lte': {
      const c = compare(actual, filter.value);
      return c !== null && c <= 0;
    }
  }
}

/** True when the event has the match's name and its properties pass every filter. */
export function matchesEvent(match: EventMatch, event: JourneyEvent): boolean {
  return event.event === match.event && match.where.every((filter) => matchesFilter(filter, event.properties));
}

/** True when the event ends any run of the plan at once (the journey's exitOn settings). */
export function isExitEvent(plan: Plan, event: JourneyEvent): boolean {
  return plan.exitOn.some((match) => matchesEvent(match, event));
}
