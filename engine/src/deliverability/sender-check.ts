import type { Violation } from '../model/index.ts';

/** The parts of a journey the sender check reads (a draft may be anything, so every field is optional). */
interface JourneyLike {
  settings?: { sender?: unknown } | undefined;
  nodes?: ReadonlyArray<{ id?: unknown; type?: unknown; config?: unknown }> | undefined;
}

const senderOf = (config: unknown): unknown =>
  typeof config === 'object' && config !== null ? Reflect.get(config, 'sender') : undefined;

/**
 * Violations for senders a journey names that do not exist: the journey's default sender (settings)
 * and each send-email step's, each naming the node.
 * @example senderViolations({ nodes: [{ id: 'welcome', type: 'send-email', config: { sender: 'gone' } }] }, new Set(['default']))
 */
export function senderViolations(journey: JourneyLike, known: ReadonlySet<string>): Violation[] {
  const violations: Violation[] = [];
  const journeySender = journey.settings?.sender;
  if (typeof journeySender === 'string' && !known.has(journeySender))
    violations.push({
      nodeId: null,
      code: 'unknown-sender',
      path: 'settings.sender',
      message: `The journey sends as "${journeySender}", which is not a sender; add it under Deliverability or choose another.`,
    });
  (journey.nodes ?? []).forEach((node, i) => {
    if (node.type !== 'send-email') return;
    const sender = senderOf(node.config);
    if (typeof sender !== 'string' || known.has(sender)) return;
    const id = typeof node.id === 'string' ? node.id : `#${i}`;
    violations.push({
      nodeId: typeof node.id === 'string' ? node.id : null,
      code: 'unknown-sender',
      path: `nodes.${i}.config.sender`,
      message: `"${id}" sends as "${sender}", which is not a sender; add it under Deliverability or choose another.`,
    });
  });
  return violations;
}
