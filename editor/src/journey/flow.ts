import type { Edge, Node } from '@xyflow/react';
import type { Journey, JourneyEdge, JourneyNode } from '@boomerang/engine/journey';

/** What a canvas node carries: the journey node minus id and position (no callbacks, no derived state). */
export type StepData = Pick<JourneyNode, 'version' | 'config'> & { nodeType: JourneyNode['type'] };
/** A journey node as React Flow draws it. */
export type StepNode = Node<StepData, 'step'>;
/** An arrow from a node's branch handle to another node. */
export type Arrow = Edge<Record<string, never>>;

/** The edge id of an arrow: one arrow per (from, branch, to). */
export const arrowId = (from: string, branch: string, to: string): string => `${from}:${branch}->${to}`;

/**
 * A journey node as a canvas node; nodes without a saved position are placed in a row.
 * @example toStepNode({ id: 'a', type: 'exit', config: {} }, 0).position // { x: 0, y: 0 }
 */
export function toStepNode(node: JourneyNode, index: number): StepNode {
  const data: StepData = {
    nodeType: node.type,
    config: node.config,
    ...(node.version === undefined ? {} : { version: node.version }),
  };
  return { id: node.id, type: 'step', position: node.position ?? { x: index * 260, y: 0 }, data };
}

/** A journey edge as a canvas arrow leaving the handle named after its branch. */
export function toArrow(edge: JourneyEdge): Arrow {
  return {
    id: arrowId(edge.from, edge.branch, edge.to),
    source: edge.from,
    target: edge.to,
    sourceHandle: edge.branch,
  };
}

/** Journey nodes and edges as canvas nodes and arrows. */
export function journeyToFlow(journey: Pick<Journey, 'nodes' | 'edges'>): { nodes: StepNode[]; edges: Arrow[] } {
  return { nodes: journey.nodes.map(toStepNode), edges: journey.edges.map(toArrow) };
}

/** A canvas node back as a journey node (position rounded: sub-pixel drags are not edits worth saving). */
export function fromStepNode(node: StepNode): JourneyNode {
  return {
    id: node.id,
    type: node.data.nodeType,
    ...(node.data.version === undefined ? {} : { version: node.data.version }),
    config: node.data.config,
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
  };
}

/** A canvas arrow back as a journey edge. */
export function fromArrow(edge: Arrow): JourneyEdge {
  return { from: edge.source, to: edge.target, branch: edge.sourceHandle ?? 'next' };
}

/** The journey the canvas shows: its settings and names from `meta`, nodes and edges from the canvas. */
export function flowToJourney(
  meta: Omit<Journey, 'nodes' | 'edges'>,
  nodes: readonly StepNode[],
  edges: readonly Arrow[],
): Journey {
  return { ...meta, nodes: nodes.map(fromStepNode), edges: edges.map(fromArrow) };
}
