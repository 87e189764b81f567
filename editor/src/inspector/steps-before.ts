import { reachableFrom, type Journey, type JourneyNode } from '@boomerang/engine/journey';

// Which steps come before a node: those from which a path of arrows leads to it, the same rule the
// journey validator applies to a node that names an earlier step (so the picker offers what it accepts).

/**
 * The steps of node type `type` that a path of arrows leads from to `nodeId`, nearest first (fewest
 * arrows between); the node itself is never among them, even on a loop.
 * @example stepsBefore({ nodes, edges: [{ from: 'a', to: 'b', branch: 'next' }] }, 'b', 'send-email') // [node a]
 */
export function stepsBefore(journey: Pick<Journey, 'nodes' | 'edges'>, nodeId: string, type: string): JourneyNode[] {
  const arrowsInto = new Map<string, string[]>();
  for (const { from, to } of journey.edges) arrowsInto.set(to, [...(arrowsInto.get(to) ?? []), from]);
  const byId = new Map(journey.nodes.map((n) => [n.id, n]));
  return [...reachableFrom(nodeId, arrowsInto)].flatMap((id) => {
    const node = byId.get(id);
    return node && id !== nodeId && node.type === type ? [node] : [];
  });
}
