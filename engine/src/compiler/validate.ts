import { IANAZone } from 'luxon';
import type { z } from 'zod';
import { configFor, type EarlierStep, type NodeDefinition, type NodeRegistry } from '../nodes/index.ts';
import { cyclesOf, reachableFrom } from './graph.ts';
import { isRecord, Journey, type JourneyNode, type Violation } from '../model/index.ts';

/** What validation checks a journey against: the node types, and the templates and audiences that exist (if known). */
export interface ValidateOptions {
  registry: NodeRegistry;
  templates?: ReadonlySet<string>;
  audiences?: ReadonlySet<string>;
}

interface Found {
  order: number;
  violation: Violation;
}

const joinPath = (path: readonly PropertyKey[]): string => path.map(String).join('.');

/** Lists everything wrong with a journey, as data; never throws on user input. An empty list means it can be compiled. */
export function validateGraph(input: unknown, opts: ValidateOptions): Violation[] {
  const parsed = Journey.safeParse(input);
  if (!parsed.success) return schemaViolations(input, parsed.error);
  return checkJourney(parsed.data, opts)
    .sort((a, b) => a.order - b.order)
    .map((f) => f.violation);
}

function schemaViolations(input: unknown, error: z.ZodError): Violation[] {
  const rawNodes = isRecord(input) && Array.isArray(input['nodes']) ? input['nodes'] : [];
  return error.issues.map((issue) => {
    const path = joinPath(issue.path);
    const [top, index, field] = issue.path;
    const raw: unknown = top === 'nodes' && typeof index === 'number' ? rawNodes[index] : undefined;
    const nodeId = isRecord(raw) && typeof raw['id'] === 'string' ? raw['id'] : null;
    const where = nodeId === null ? path || 'the journey' : `node "${nodeId}" (${path})`;
    return {
      nodeId,
      code: field === 'config' ? 'invalid-config' : 'invalid-journey',
      message: `The journey is not valid at ${where}: ${issue.message}`,
      path,
    };
  });
}

/** How a node is named in messages: its id and what kind of node it is. */
function named(node: JourneyNode, def: NodeDefinition | undefined): string {
  return `"${node.id}" (${def?.label ?? node.type})`;
}

function checkJourney(journey: Journey, opts: ValidateOptions): Found[] {
  const found: Found[] = [];
  const add = (order: number, violation: Violation) => found.push({ order, violation });
  const { nodes, edges, settings } = journey;

  if (!IANAZone.isValidZone(settings.timezone)) {
    add(-1, {
      nodeId: null,
      code: 'invalid-timezone',
      path: 'settings.timezone',
      message: `The journey's timezone "${settings.timezone}" is not a known timezone; use a name like "Europe/Paris" or "UTC".`,
    });
  }

  const indexOf = new Map<string, number>();
  const defs = new Map<string, NodeDefinition>();
  const pauses = new Set<string>(); // nodes that make time pass: delays and waits
  const wayOut = new Map<string, { offered: string[]; required: string[] }>(); // branches set by a node's config
  const triggers: string[] = [];
  const references = new Map<string, { index: number; refs: EarlierStep[] }>(); // steps a node refers to
  nodes.forEach((node, i) => {
    if (indexOf.has(node.id)) {
      add(i, {
        nodeId: node.id,
        code: 'duplicate-node-id',
        path: `nodes.${i}.id`,
        message: `Two nodes are called "${node.id}"; give each node its own id.`,
      });
      return;
    }
    indexOf.set(node.id, i);
    const def = opts.registry.get(node.type);
    if (!def) {
      add(i, {
        nodeId: node.id,
        code: 'unknown-node-type',
        path: `nodes.${i}.type`,
        message: `Node "${node.id}" has the type "${node.type}", which is not installed here.`,
      });
      pauses.add(node.id); // unknown: do not also blame it for loops
      return;
    }
    defs.set(node.id, def);
    if (def.kind === 'trigger') triggers.push(node.id);
    const config = configFor(def, node);
    if (!config.ok && config.problem !== 'invalid-config') {
      pauses.add(node.id);
      add(i, {
        nodeId: node.id,
        code: config.problem,
        path: `nodes.${i}.version`,
        message: `${named(node, def)} ${config.message}.`,
      });
      return;
    }
    if (!config.ok) {
      pauses.add(node.id);
      for (const issue of config.issues) {
        const field = joinPath(issue.path);
        add(i, {
          nodeId: node.id,
          code: 'invalid-config',
          path: `nodes.${i}.config${field ? `.${field}` : ''}`,
          message: `${named(node, def)}: ${field ? `${field}: ` : ''}${issue.message}`,
        });
      }
      return;
    }
    if (def.kind !== 'trigger') {
      const kind = def.toStep(config.config, { nodeId: node.id, journeyId: journey.id, next: () => null }).kind;
      if (kind === 'delay' || kind === 'wait') pauses.add(node.id);
    }
    const branches = def.branchesFor?.(config.config);
    if (branches) wayOut.set(node.id, branches);
    for (const problem of def.configProblems?.(config.config) ?? []) {
      add(i, {
        nodeId: node.id,
        code: 'invalid-config',
        path: `nodes.${i}.config.${problem.field}`,
        message: `${named(node, def)}: ${problem.field}: ${problem.message}`,
      });
    }
    const refs = def.earlierSteps?.(config.config) ?? [];
    if (refs.length) references.set(node.id, { index: i, refs });
    const missing = opts.templates ? (def.templates?.(config.config) ?? []).filter((t) => !opts.templates?.has(t)) : [];
    for (const template of missing) {
      add(i, {
        nodeId: node.id,
        code: 'unknown-template',
        path: `nodes.${i}.config`,
        message: `${named(node, def)} uses the email template "${template}", which does not exist.`,
      });
    }
    const unknownAudiences = opts.audiences
      ? (def.audiences?.(config.config) ?? []).filter((a) => !opts.audiences?.has(a))
      : [];
    for (const audience of unknownAudiences) {
      add(i, {
        nodeId: node.id,
        code: 'unknown-audience',
        path: `nodes.${i}.config`,
        message: `${named(node, def)} uses the audience "${audience}", which does not exist (GET /v1/audiences lists them).`,
      });
    }
  });

  if (triggers.length === 0)
    add(-1, {
      nodeId: null,
      code: 'no-trigger',
      message: 'The journey has no trigger; add one trigger node (such as "When an event happens") to say who enters.',
    });
  for (const extra of triggers.slice(1)) {
    add(indexOf.get(extra) ?? 0, {
      nodeId: extra,
      code: 'several-triggers',
      message: `"${extra}" is a second trigger; a journey starts from exactly one trigger.`,
    });
  }

  const next = new Map<string, string[]>();
  const connected = new Set<string>(); // "node branch" pairs with an arrow
  edges.forEach((edge, j) => {
    const fromIndex = indexOf.get(edge.from);
    const toIndex = indexOf.get(edge.to);
    const path = `edges.${j}`;
    if (fromIndex === undefined || toIndex === undefined) {
      const known = fromIndex !== undefined ? edge.from : toIndex !== undefined ? edge.to : null;
      const missing = fromIndex === undefined ? edge.from : edge.to;
      add(fromIndex ?? toIndex ?? nodes.length, {
        nodeId: known,
        code: 'dangling-edge',
        path,
        message: `An arrow between "${edge.from}" and "${edge.to}" points at "${missing}", which is not in the journey.`,
      });
      return;
    }
    const def = defs.get(edge.from);
    const from = nodes[fromIndex];
    if (!from) return;
    if (defs.get(edge.to)?.kind === 'trigger') {
      add(fromIndex, {
        nodeId: edge.from,
        code: 'dangling-edge',
        path,
        message: `An arrow from ${named(from, def)} leads back into the trigger "${edge.to}"; a journey can only be entered through its trigger.`,
      });
      return;
    }
    const offered = wayOut.get(edge.from)?.offered ?? def?.branches;
    if (def && offered && !offered.includes(edge.branch)) {
      const offers =
        offered.length > 0 ? `it offers ${offered.map((b) => `"${b}"`).join(', ')}` : 'nothing can follow it';
      add(fromIndex, {
        nodeId: edge.from,
        code: 'unknown-branch',
        path: `${path}.branch`,
        message: `${named(from, def)} has no "${edge.branch}" way out; ${offers}.`,
      });
      return;
    }
    const key = `${edge.from}\u0000${edge.branch}`;
    if (connected.has(key)) {
      add(fromIndex, {
        nodeId: edge.from,
        code: 'several-edges-from-branch',
        path,
        message: `${named(from, def)} has more than one arrow leaving "${edge.branch}"; keep one.`,
      });
      return;
    }
    connected.add(key);
    next.set(edge.from, [...(next.get(edge.from) ?? []), edge.to]);
  });

  nodes.forEach((node, i) => {
    const def = defs.get(node.id);
    if (!def || indexOf.get(node.id) !== i) return;
    const required = wayOut.get(node.id)?.required ?? def.requiredBranches;
    for (const branch of required.filter((b) => !connected.has(`${node.id}\u0000${b}`))) {
      const message =
        def.kind === 'trigger'
          ? `Nothing happens after the trigger ${named(node, def)}; connect it to a first step.`
          : `${named(node, def)} needs a step after its "${branch}" way out.`;
      add(i, { nodeId: node.id, code: 'missing-branch', message });
    }
  });

  const start = triggers[0];
  if (start !== undefined) {
    const reached = reachableFrom(start, next);
    nodes.forEach((node, i) => {
      if (reached.has(node.id) || defs.get(node.id)?.kind === 'trigger' || indexOf.get(node.id) !== i) return;
      add(i, {
        nodeId: node.id,
        code: 'unreachable',
        message: `No customer can reach ${named(node, defs.get(node.id))}; connect an arrow to it.`,
      });
    });
  }

  for (const [nodeId, { index, refs }] of references) {
    const node = nodes[index];
    if (!node) continue;
    for (const ref of refs) {
      const target = nodes[indexOf.get(ref.stepId) ?? -1];
      const problem =
        target === undefined
          ? `there is no step "${ref.stepId}" in this journey`
          : target.type !== ref.nodeType
            ? `"${ref.stepId}" is a ${defs.get(ref.stepId)?.label ?? target.type} step, not a ${opts.registry.get(ref.nodeType)?.label ?? ref.nodeType} step`
            : ref.stepId === nodeId || !reachableFrom(ref.stepId, next).has(nodeId)
              ? `"${ref.stepId}" does not come before it (no path leads from "${ref.stepId}" to "${nodeId}")`
              : null;
      if (problem === null) continue;
      add(index, {
        nodeId,
        code: 'invalid-step-reference',
        path: `nodes.${index}.config.${ref.field}`,
        message: `${named(node, defs.get(nodeId))} ${ref.use} "${ref.stepId}", but ${problem}; name an earlier ${opts.registry.get(ref.nodeType)?.label ?? ref.nodeType} step.`,
      });
    }
  }

  // A cycle is instant when none of its nodes pauses: it is a cycle of the graph without the pausing nodes.
  const order = [...indexOf.keys()].filter((id) => !pauses.has(id));
  const instant = new Map([...next].map(([from, tos]) => [from, tos.filter((to) => !pauses.has(to))]));
  for (const cycle of cyclesOf(order, instant)) {
    const [first] = cycle;
    if (first === undefined) continue;
    add(indexOf.get(first) ?? 0, {
      nodeId: first,
      code: 'instant-cycle',
      message: `${cycle.map((id) => `"${id}"`).join(' → ')} loop back without a delay or a wait; customers would go round forever in an instant. Add a delay to the loop.`,
    });
  }
  return found;
}
