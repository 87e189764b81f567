import type { AudienceCondition } from '../model/index.ts';

/** What a definition reads, so the router re-evaluates it only for events and identify calls that can change it. */
export interface AudienceMentions {
  /** Event names counted by `performed` conditions. */
  events: string[];
  /** Top-level trait names read by trait conditions (`plan` for `plan.name`). */
  traits: string[];
  /** Whether journey or arm conditions are read (they change as runs start and end, so every routed event re-checks them). */
  journeys: boolean;
  /** Whether the answer can change by time passing alone (date traits, counting windows). */
  timed: boolean;
}

/** Collects what the condition reads. */
export function mentionsOf(condition: AudienceCondition): AudienceMentions {
  const events = new Set<string>();
  const traits = new Set<string>();
  let journeys = false;
  let timed = false;
  const visit = (c: AudienceCondition): void => {
    switch (c.kind) {
      case 'trait':
        traits.add(c.property.split('.')[0] ?? c.property);
        return;
      case 'trait-date':
        traits.add(c.property.split('.')[0] ?? c.property);
        timed = true;
        return;
      case 'performed':
        events.add(c.event);
        if (c.withinDays !== undefined) timed = true;
        return;
      case 'journey':
      case 'arm':
        journeys = true;
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
  return { events: [...events].sort(), traits: [...traits].sort(), journeys, timed };
}

/** Whether an event (a track call named `event`) or an identify call (setting `traits`) can change the audience. */
export function isTouchedBy(mentions: AudienceMentions, call: { event?: string; traits?: string[] }): boolean {
  if (mentions.journeys) return true;
  if (call.event !== undefined && mentions.events.includes(call.event)) return true;
  return (call.traits ?? []).some((t) => mentions.traits.includes(t));
}
