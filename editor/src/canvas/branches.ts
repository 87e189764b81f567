import { branchesIn } from '@boomerang/engine/nodes';
import type { NodeDescriptionShape } from '@boomerang/engine/api-shapes';

/**
 * The ways out of a node as the canvas draws them: the fixed branches of its type, or, when the type
 * says its branches are named by the config (a split's variants), the names in the config now.
 * @example branchesOf({ branches: [], branchesFrom: { list: 'variants', name: 'name' } }, { variants: [{ name: 'weekly' }] }) // ['weekly']
 */
export function branchesOf(
  description: Pick<NodeDescriptionShape, 'branches' | 'branchesFrom'> | undefined,
  config: Readonly<Record<string, unknown>>,
): string[] {
  if (!description) return [];
  return description.branchesFrom ? branchesIn(description.branchesFrom, config) : description.branches;
}
