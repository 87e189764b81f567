import { z } from 'zod';
import type { NodeDefinition } from '../nodes/index.ts';
import { messageOf } from '../errors/index.ts';

const TYPE_NAME = /^[a-z0-9][a-z0-9-]{0,63}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True when a module export looks like a node definition (made by defineTrigger/defineAction/defineFlow). */
export function looksLikeNode(value: unknown): value is Record<string, unknown> {
  return (
    isRecord(value) &&
    (value['kind'] === 'trigger' || value['kind'] === 'action' || value['kind'] === 'flow') &&
    typeof value['type'] === 'string'
  );
}

/** Why a zod schema cannot be a node config (not an object, or not representable as JSON Schema, e.g. a transform), or undefined. */
function schemaProblem(schema: unknown): string | undefined {
  const def =
    isRecord(schema) && isRecord(schema['_zod']) && isRecord(schema['_zod']['def']) ? schema['_zod']['def'] : undefined;
  if (!def) return 'its configSchema is not a zod schema';
  if (def['type'] !== 'object') return `its configSchema must be z.object({...}), not a zod ${String(def['type'])}`;
  try {
    // Output mode throws on transforms: a config must round-trip through JSON and forms unchanged.
    z.toJSONSchema(schema as z.ZodObject);
  } catch (error) {
    return `its configSchema cannot be shown as a form (${messageOf(error)}); remove transforms and other non-JSON parts`;
  }
  return undefined;
}

/** Why `value` is not a usable node definition, or undefined when it is one. */
export function definitionProblem(value: Record<string, unknown>): string | undefined {
  const type = String(value['type']);
  const at = (problem: string) => `node type "${type}": ${problem}`;
  if (!TYPE_NAME.test(type)) return at('the type must be 1 to 64 lowercase letters, digits or "-"');
  if (!Number.isInteger(value['version']) || Number(value['version']) < 1)
    return at('version must be a whole number of at least 1');
  for (const field of ['label', 'group', 'icon', 'description']) {
    if (typeof value[field] !== 'string') return at(`${field} must be a string`);
  }
  const schema = schemaProblem(value['configSchema']);
  if (schema) return at(schema);
  const fns: Record<string, string[]> = {
    trigger: ['events', 'matches', 'summary'],
    action: ['run', 'toStep', 'summary'],
    flow: ['toStep', 'summary'],
  };
  for (const fn of fns[String(value['kind'])] ?? []) {
    if (typeof value[fn] !== 'function') return at(`${fn} must be a function`);
  }
  if (value['kind'] === 'action') {
    const activity = value['activity'];
    if (!isRecord(activity) || typeof activity['name'] !== 'string' || !activity['name'])
      return at('activity.name must name the activity');
    if (!(Number(activity['startToCloseTimeoutMs']) > 0))
      return at('activity.startToCloseTimeoutMs must be a positive number of milliseconds');
    if (!Number.isInteger(activity['maximumAttempts']) || Number(activity['maximumAttempts']) < 1)
      return at('activity.maximumAttempts must be at least 1');
  }
  return undefined;
}

/** Narrows a checked export to a node definition: the trust boundary between plugin code and the registry. */
export function asDefinition(value: Record<string, unknown>): NodeDefinition {
  const problem = definitionProblem(value);
  if (problem) throw new Error(problem);
  return value as unknown as NodeDefinition;
}
