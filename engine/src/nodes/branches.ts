/**
 * Where a node's branches come from when its config names them: one branch per item of the list
 * field `list`, named by the item's `name` field (a split's `variants[].name`). Plain data, so
 * GET /v1/nodes can carry it and the editor can draw the branches of any node type, plugins included.
 */
export interface BranchesFrom {
  list: string;
  name: string;
}

/**
 * The branch names a config offers: the `name` of every item of its `list` that has a non-empty one, each once.
 * @example branchesIn({ list: 'variants', name: 'name' }, { variants: [{ name: 'weekly' }, { name: 'biweekly' }] }) // ['weekly', 'biweekly']
 */
export function branchesIn(from: BranchesFrom, config: Readonly<Record<string, unknown>>): string[] {
  const items = config[from.list];
  if (!Array.isArray(items)) return [];
  const names = items.map((item: unknown) =>
    item !== null && typeof item === 'object'
      ? Object.entries(item).find(([key]) => key === from.name)?.[1]
      : undefined,
  );
  return [...new Set(names.filter((name): name is string => typeof name === 'string' && name !== ''))];
}
