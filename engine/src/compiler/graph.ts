// Graph questions the validator asks: which nodes the trigger reaches, and which cycles never pause.

/** Node ids reachable from `start` by following `next`. */
export function reachableFrom(start: string, next: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    for (const to of next.get(node) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

/**
 * The cycles of a graph as strongly connected components (Tarjan), keeping only real cycles:
 * components of two or more nodes, or one node with an arrow to itself. Nodes keep `order`.
 */
export function cyclesOf(order: readonly string[], next: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let counter = 0;

  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      onStack.delete(top);
      component.push(top);
      if (top === node) break;
    }
    const selfLoop = (next.get(node) ?? []).includes(node);
    if (component.length > 1 || selfLoop) components.push(order.filter((id) => component.includes(id)));
  };

  for (const node of order) if (!index.has(node)) visit(node);
  return components;
}
