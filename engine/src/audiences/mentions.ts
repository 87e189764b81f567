import { matchesFilter } from '../interpreter/index.ts';
import type { AudienceCondition, PropertyFilter } from '../model/index.ts';

/** What a definition reads, so the router re-evaluates it only for events and identify calls that can change it. */
export interface AudienceMentions {
  /** Event names counted by `performed` conditions. */
  events: string[];
  /** Per counted event name, the `where` filters of each condition counting it (an event that passes none is not counted). */
  counted: Record<string, PropertyFilter[][]>;
  /** Top-level trait names read by trait conditions (`plan` for `plan.name`). */
  traits: string[];
  /** Whether journey or arm conditions are read (they change as runs start and end, so every routed event re-checks them). */
  journeys: boolean;
  /** Whether the answer can change by time passing alone (date traits, counting windows). */
  timed: boolean;
  /** Whether only `trait` conditions are read (under all / any / not): the answer follows from the traits alone. */
  traitsOnly: boolean;
}

/** Collects what the condition reads. */
export function mentionsOf(condition: AudienceCondition): AudienceMentions {
  const counted = new Map<string, PropertyFilter[][]>();
  const traits = new Set<string>();
  let journeys = false;
  let timed = false;
  let traitsOnly = true;
  const visit = (c: AudienceCondition): void => {
    switch (c.kind) {
      case 'trait':
        traits.add(c.property.split('.')[0] ?? c.property);
        return;
      case 'trait-date':
        traits.add(c.property.split('.')[0] ?? c.property);
        timed = true;
        traitsOnly = false;
        return;
      case 'performed':
        counted.set(c.event, [...(counted.get(c.event) ?? []), c.where]);
        if (c.withinDays !== undefined) timed = true;
        traitsOnly = false;
        return;
      case 'journey':
      case 'arm':
        journeys = true;
        traitsOnly = false;
        return;
      case 'all':
      case 'any':
        c.of.forEach(visit);
        return;
      case 'not':
        visit(c.condition);
        return;
    }
  };
  visit(condition);
  return {
    events: [...counted.keys()].sort(),
    counted: Object.fromEntries(counted),
    traits: [...traits].sort(),
    journeys,
    timed,
    traitsOnly,
  };
}

/** A routed call as the touch test reads it: a track call's name and properties, or an identify call's traits. */
export interface TouchingCall {
  event?: string | undefined;
  properties?: Record<string, unknown> | undefined;
  traits?: Record<string, unknown> | undefined;
}

/**
 * Whether a call can change the audience: a track call only when some `performed` condition would count
 * it (its name, and its properties pass that condition's `where` filters, as the SQL counts them); an
 * identify call when it sets a mentioned trait (even to the value it had: a journey's Update customer
 * step or an import may have changed the trait in between, so an equal value proves nothing).
 */
export function isTouchedBy(mentions: AudienceMentions, call: TouchingCall): boolean {
  if (mentions.journeys) return true;
  if (call.event !== undefined) {
    const properties = call.properties ?? {};
    const counts = mentions.counted[call.event] ?? [];
    if (counts.some((where) => where.every((f) => matchesFilter(f, properties)))) return true;
  }
  const traits = call.traits ?? {};
  return mentions.traits.some((t) => t in traits);
}
