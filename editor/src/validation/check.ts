import { defaultRegistry, summarizeNodes } from '@boomerang/engine/nodes';
import { validateGraph, type Journey, type Violation } from '@boomerang/engine/journey';
import { ValidationAnswer } from '@boomerang/engine/api-shapes';
import { api } from '../api/client.ts';

// The browser runs the engine's own validateGraph with the built-in registry. Node types registered
// only on the server (custom plugin nodes) are not in this registry: when a journey uses one, the
// server's answer (POST /v1/journeys/:id/validate, same function, full registry) is used instead.
const registry = defaultRegistry();

/** Node types in the journey that this browser's registry does not have. */
export const typesOnlyOnServer = (journey: Journey): string[] => [
  ...new Set(journey.nodes.map((n) => n.type).filter((t) => !registry.get(t))),
];

/** Validates in the browser; instant, the same rules the server applies at publish time. */
export function checkHere(journey: Journey, templates: ReadonlySet<string> | undefined): Violation[] {
  return validateGraph(journey, { registry, ...(templates ? { templates } : {}) });
}

/** Validates on the server, which knows every installed node type; also its one-line summary of each node. */
export async function checkOnServer(
  journey: Journey,
): Promise<{ violations: Violation[]; summaries: Record<string, string> }> {
  const answer = await api(
    'POST',
    `/v1/journeys/${encodeURIComponent(journey.id)}/validate`,
    ValidationAnswer,
    journey,
  );
  return { violations: answer.violations, summaries: answer.summaries ?? {} };
}

/** The browser registry's one-line summary of a node's config, when it knows the type and the config is valid. */
export function summaryOf(type: string, config: Record<string, unknown>): string | undefined {
  return summarizeNodes([{ id: 'node', type, config }], registry)['node'];
}
