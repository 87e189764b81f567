import dagre from '@dagrejs/dagre';
import type { JourneyEdge, JourneyNode } from '@boomerang/engine/journey';

/** The size a step card takes on the canvas, for layout (the card's CSS keeps to it). */
export const NODE_SIZE = { width: 200, height: 110 } as const;

/** Which way the arrows run: left to right, or top to bottom. */
export type LayoutDirection = 'LR' | 'TB';

// Room between cards for the arrow's count label, clear of both cards' handles.
const SPACING: Record<LayoutDirection, { nodesep: number; ranksep: number }> = {
  LR: { nodesep: 40, ranksep: 70 },
  TB: { nodesep: 50, ranksep: 70 },
};

/** A card's drawn size. */
export type CardSize = { width: number; height: number };

/**
 * Positions for every node along the arrows in `direction` (dagre's layered layout), each card taking
 * its drawn size from `sizes` where the canvas has measured it, else the layout's card size.
 */
export function layoutJourney(
  nodes: readonly JourneyNode[],
  edges: readonly JourneyEdge[],
  direction: LayoutDirection,
  sizes: ReadonlyMap<string, CardSize> = new Map(),
): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: direction, ...SPACING[direction] });
  graph.setDefaultEdgeLabel(() => ({}));
  const sizeOf = (id: string): CardSize => sizes.get(id) ?? NODE_SIZE;
  for (const node of nodes) graph.setNode(node.id, { ...sizeOf(node.id) });
  for (const edge of edges) if (graph.hasNode(edge.from) && graph.hasNode(edge.to)) graph.setEdge(edge.from, edge.to);
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    const placed = graph.node(node.id);
    // dagre gives centres; React Flow positions are top-left corners.
    const { width, height } = sizeOf(node.id);
    positions.set(node.id, { x: Math.round(placed.x - width / 2), y: Math.round(placed.y - height / 2) });
  }
  return positions;
}

/**
 * The way a journey's arrows mostly run, read from where its steps stand: top to bottom when its arrows
 * cover more height than width, left to right otherwise (and for a journey without arrows).
 * @example directionOf([{ id: 'a', position: { x: 0, y: 0 } }, { id: 'b', position: { x: 0, y: 200 } }], [{ from: 'a', to: 'b' }]) // 'TB'
 */
export function directionOf(
  nodes: ReadonlyArray<Pick<JourneyNode, 'id' | 'position'>>,
  edges: ReadonlyArray<Pick<JourneyEdge, 'from' | 'to'>>,
): LayoutDirection {
  const at = new Map(nodes.map((n) => [n.id, n.position]));
  let across = 0;
  let down = 0;
  for (const edge of edges) {
    const from = at.get(edge.from);
    const to = at.get(edge.to);
    if (!from || !to) continue;
    across += Math.abs(to.x - from.x);
    down += Math.abs(to.y - from.y);
  }
  return down > across ? 'TB' : 'LR';
}
