import type { NodeRegistry } from './registry.ts';
import { configFor } from './versions.ts';

/** Each node's one-line canvas summary (e.g. "Wait up to 2 days for Activated"), for nodes whose type is known and config valid. */
export function summarizeNodes(
  nodes: ReadonlyArray<{ id: string; type: string; version?: number | undefined; config: Record<string, unknown> }>,
  registry: NodeRegistry,
): Record<string, string> {
  const summaries: Record<string, string> = {};
  for (const node of nodes) {
    const def = registry.get(node.type);
    if (!def) continue;
    const config = configFor(def, node);
    if (config.ok) summaries[node.id] = def.summary(config.config);
  }
  return summaries;
}
