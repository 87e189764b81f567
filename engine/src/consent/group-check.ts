import type { Violation } from '../model/index.ts';
import { TRANSACTIONAL_GROUP } from './groups.ts';

/** The parts of a journey the group check reads (a draft may be anything, so every field is optional). */
interface JourneyLike {
  nodes?: ReadonlyArray<{ id?: unknown; type?: unknown; config?: unknown }> | undefined;
}

const groupOf = (config: unknown): unknown =>
  typeof config === 'object' && config !== null ? Reflect.get(config, 'group') : undefined;

/**
 * Violations for subscription groups a journey's email steps name that do not exist (`transactional` is
 * not a group and always passes), each naming the node, so a journey cannot be published to fail at its
 * first send.
 * @example groupViolations({ nodes: [{ id: 'offer', type: 'send-email', config: { group: 'gone' } }] }, new Set(['offers']))
 */
export function groupViolations(journey: JourneyLike, known: ReadonlySet<string>): Violation[] {
  const violations: Violation[] = [];
  (journey.nodes ?? []).forEach((node, i) => {
    if (node.type !== 'send-email') return;
    const group = groupOf(node.config);
    if (typeof group !== 'string' || group === TRANSACTIONAL_GROUP || known.has(group)) return;
    const id = typeof node.id === 'string' ? node.id : `#${i}`;
    violations.push({
      nodeId: typeof node.id === 'string' ? node.id : null,
      code: 'unknown-subscription-group',
      path: `nodes.${i}.config.group`,
      message: `"${id}" sends to the subscription group "${group}", which does not exist; create it on the Subscription groups page or choose another.`,
    });
  });
  return violations;
}
