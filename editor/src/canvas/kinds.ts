import type { NodeDescriptionShape } from '@boomerang/engine/api-shapes';

/** The families of steps the canvas tells apart by colour (each has a `--kind-*` colour token). */
export type StepKind = 'trigger' | 'message' | 'timing' | 'logic' | 'customer' | 'integration' | 'other';

const BY_GROUP: Readonly<Record<string, StepKind>> = {
  Triggers: 'trigger',
  Messages: 'message',
  Timing: 'timing',
  Logic: 'logic',
  Customer: 'customer',
  Integrations: 'integration',
};

/**
 * A node type's colour family: by its palette group, or for a group of a plugin's own, by whether it is a trigger.
 * @example kindOf({ group: 'Messages', kind: 'action' }) // 'message'
 */
export function kindOf(description: Pick<NodeDescriptionShape, 'group' | 'kind'> | undefined): StepKind {
  if (!description) return 'other';
  return (
    BY_GROUP[description.group] ??
    (description.kind === 'trigger' ? 'trigger' : description.kind === 'flow' ? 'logic' : 'other')
  );
}
