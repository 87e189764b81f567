import { z } from 'zod';
import type { BranchesFrom } from './branches.ts';
import { onFailureSetting, type NodeDefinition } from './define.ts';
import { fieldHintProblems } from './field-hints.ts';

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
  requiredBranches: string[];
  /** Set when the branches are named by the config (a split's variants); `branches` is then empty. */
  branchesFrom?: BranchesFrom;
  configSchema: Record<string, unknown>;
  /** Where the type comes from: "built-in" or the plugin that registered it. */
  source: string;
}

/** The node types a deployment knows; everything else (validation, compiler, palette) reads from it. */
export interface NodeRegistry {
  /** Adds a node type from `source` (default "built-in"); throws naming both sources if the type is taken, or naming the field whose form hints cannot be followed. */
  register(def: NodeDefinition, source?: string): void;
  get(type: string): NodeDefinition | undefined;
  list(): NodeDefinition[];
  describe(): NodeDescription[];
}

/** A node type name that is taken already. */
export class DuplicateNodeTypeError extends Error {}

/** A node type whose config asks the editor for a widget or a condition it cannot follow. */
export class FieldHintError extends Error {}

/** The config's JSON Schema as the editor's form reads it; an action's also offers its `onFailure` setting, read by configFor. */
function configJsonSchema(def: NodeDefinition): Record<string, unknown> {
  return z.toJSONSchema(
    def.kind === 'action' ? def.configSchema.safeExtend({ onFailure: onFailureSetting(def) }) : def.configSchema,
    { io: 'input' },
  );
}

// Definitions are long-lived objects (built-ins are module constants), so each is checked once per process.
const hintsChecked = new WeakSet<NodeDefinition>();

function checkHints(def: NodeDefinition, source: string): void {
  if (hintsChecked.has(def)) return;
  const problems = fieldHintProblems(configJsonSchema(def));
  if (problems.length > 0) throw new FieldHintError(`Node type "${def.type}" (${source}): ${problems.join('; ')}`);
  hintsChecked.add(def);
}

/** Creates a registry holding the given definitions; a type registered twice throws. */
export function createRegistry(defs: readonly NodeDefinition[] = []): NodeRegistry {
  const byType = new Map<string, { def: NodeDefinition; source: string }>();
  const registry: NodeRegistry = {
    register(def, source = 'built-in') {
      const taken = byType.get(def.type);
      if (taken) {
        throw new DuplicateNodeTypeError(
          `Node type "${def.type}" is registered twice: by ${taken.source} and by ${source}; rename one of them`,
        );
      }
      const sameActivity =
        def.kind === 'action'
          ? [...byType.values()].find((e) => e.def.kind === 'action' && e.def.activity.name === def.activity.name)
          : undefined;
      if (sameActivity && def.kind === 'action') {
        throw new DuplicateNodeTypeError(
          `Node type "${def.type}" (${source}) names its activity "${def.activity.name}", which "${sameActivity.def.type}" (${sameActivity.source}) uses already; activity names must be unique`,
        );
      }
      checkHints(def, source);
      byType.set(def.type, { def, source });
    },
    get: (type) => byType.get(type)?.def,
    list: () => [...byType.values()].map((e) => e.def),
    describe: () =>
      [...byType.values()].map(({ def, source }) => ({
        type: def.type,
        version: def.version,
        kind: def.kind,
        label: def.label,
        group: def.group,
        icon: def.icon,
        description: def.description,
        branches: [...def.branches],
        requiredBranches: [...def.requiredBranches],
        ...(def.branchesFrom ? { branchesFrom: { ...def.branchesFrom } } : {}),
        configSchema: configJsonSchema(def),
        source,
      })),
  };
  for (const def of defs) registry.register(def);
  return registry;
}
