import { z } from 'zod';
import type { NodeDefinition } from './define.ts';

/** A node type as GET /v1/nodes shows it: plain JSON, config as JSON Schema. */
export interface NodeDescription {
  type: string;
  version: number;
  kind: NodeDefinition['kind'];
  label: string;
  group: string;
  icon: string;
  description: string;
  branches: string[];
  configSchema: Record<string, unknown>;
}

/** The node types a deployment knows; everything else (validation, compiler, palette) reads from it. */
export interface NodeRegistry {
  /** Adds a node type; throws if the type is taken. */
  register(def: NodeDefinition): void;
  get(type: string): NodeDefinition | undefined;
  list(): NodeDefinition[];
  describe(): NodeDescription[];
}

/** Creates a registry holding the given definitions; a type registered twice throws. */
export function createRegistry(defs: readonly NodeDefinition[] = []): NodeRegistry {
  const byType = new Map<string, NodeDefinition>();
  const registry: NodeRegistry = {
    register(def) {
      if (byType.has(def.type)) throw new Error(`Node type "${def.type}" is registered twice`);
      byType.set(def.type, def);
    },
    get: (type) => byType.get(type),
    list: () => [...byType.values()],
    describe: () => [...byType.values()].map((def) => ({
      type: def.type, version: def.version, kind: def.kind, label: def.label, group: def.group, icon: def.icon,
      description: def.description, branches: [...def.branches], configSchema: z.toJSONSchema(def.configSchema),
    })),
  };
  for (const def of defs) registry.register(def);
  return registry;
}
