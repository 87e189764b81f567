import { matchesFilter } from '../interpreter/index.ts';
import type { AudienceCondition } from '../model/index.ts';

/**
 * Whether a customer with these merged traits meets a condition that reads traits only (see
 * `AudienceMentions.traitsOnly`): `trait` leaves are the journey filters' own evaluator, as the SQL
 * compile agrees with it. Any other kind of condition is a bug in the caller.
 */
export function holdsOnTraits(condition: AudienceCondition, traits: Record<string, unknown>): boolean {
  switch (condition.kind) {
    case 'trait':
      return matchesFilter(condition, traits);
    case 'all':
      return condition.of.every((c) => holdsOnTraits(c, traits));
    case 'any':
      return condition.of.some((c) => holdsOnTraits(c, traits));
    case 'not':
      return !holdsOnTraits(condition.condition, traits);
    case 'trait-date':
    case 'performed':
    case 'journey':
    case 'arm':
      throw new Error(`A ${condition.kind} condition cannot be decided on traits alone`);
  }
}
