import dagre from '@dagrejs/dagre';
import type { JourneyEdge, JourneyNode } from '@boomerang/engine/journey';

/** The size a node takes on the canvas, for layout. */
export const NODE_SIZE = { width: 240, height: 84 } as const;

/** Positions for every node, left to right along the arrows (dagre's layered layout). */
export function layoutLeftToRight(nodes: readonly JourneyNode[], edges: readonly JourneyEdge[]): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: NODE_SIZE.width, height: NODE_SIZE.height });
  for (const edge of edges) if (graph.hasNode(edge.from) && graph.hasNode(edge.to)) graph.setEdge(edge.from, edge.to);
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of nodes) {
    const placed = graph.node(node.id);
    // dagre gives centres; React Flow positions are top-left corners.
    positions.set(node.id, { x: Math.round(placed.x - NODE_SIZE.width / 2), y: Math.round(placed.y - NODE_SIZE.height / 2) });
  }
  return positions;
}
