import type { Journey, JourneyEdge, JourneyNode } from '@boomerang/engine/journey';

/** What copy keeps: the chosen nodes and the arrows between them. */
export interface Fragment {
  nodes: JourneyNode[];
  edges: JourneyEdge[];
}

/** The selected nodes and the arrows that run between two of them. */
export function copyFragment(journey: Pick<Journey, 'nodes' | 'edges'>, selected: ReadonlySet<string>): Fragment {
  return {
    nodes: journey.nodes.filter((n) => selected.has(n.id)),
    edges: journey.edges.filter((e) => selected.has(e.from) && selected.has(e.to)),
  };
}

/** An id like `base`, `base-2`, `base-3` that no node has yet. */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  const stem = base.replace(/-\d+$/, '').slice(0, 56) || 'node';
  if (!taken.has(stem)) return stem;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/**
 * The fragment renamed so its ids are free in the journey, and moved by `offset` so the copy is visible.
 * @example pasteFragment({ nodes: [exitNode], edges: [] }, new Set(['done']), 40).nodes[0].id // 'done-2'
 */
export function pasteFragment(fragment: Fragment, taken: ReadonlySet<string>, offset: number): Fragment {
  const used = new Set(taken);
  const renamed = new Map<string, string>();
  const nodes = fragment.nodes.map((node) => {
    const id = freshId(node.id, used);
    used.add(id);
    renamed.set(node.id, id);
    const at = node.position ?? { x: 0, y: 0 };
    return { ...node, id, position: { x: at.x + offset, y: at.y + offset } };
  });
  const edges = fragment.edges.map((e) => ({
    ...e,
    from: renamed.get(e.from) ?? e.from,
    to: renamed.get(e.to) ?? e.to,
  }));
  return { nodes, edges };
}
