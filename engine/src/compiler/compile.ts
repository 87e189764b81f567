import type { Plan, Step } from '../interpreter/index.ts';
import { configFor, OnFailure, type NodeRegistry } from '../nodes/index.ts';
import type { Journey } from '../model/index.ts';
import { validateGraph } from './validate.ts';

/** What compiling needs: the node types and the version number the plan will carry. */
export interface CompileOptions {
  registry: NodeRegistry;
  version: number;
}

/** Turns a valid journey into the Plan its workflows interpret; throws if validateGraph finds anything (a caller bug). */
export function compile(journey: Journey, opts: CompileOptions): Plan {
  const violations = validateGraph(journey, { registry: opts.registry });
  if (violations.length > 0) {
    throw new Error(`Journey "${journey.id}" cannot be compiled: ${violations.map((v) => v.message).join(' ')}`);
  }
  const targets = new Map(journey.edges.map((e) => [`${e.from}\u0000${e.branch}`, e.to]));
  const next = (nodeId: string) => (branch: string) => targets.get(`${nodeId}\u0000${branch}`) ?? null;

  let trigger: Plan['trigger'] | undefined;
  const steps: Record<string, Step> = {};
  const templates = new Set<string>();
  const nodeVersions: Record<string, number> = {};
  for (const node of journey.nodes) {
    const def = opts.registry.get(node.type);
    const read = def ? configFor(def, node) : undefined;
    if (!def || !read?.ok) throw new Error(`Node "${node.id}" could not be read although it validated`); // validated above
    const config = read.config;
    // The plan holds configs as the installed version reads them (migrated where needed).
    nodeVersions[node.id] = def.version;
    for (const template of def.templates?.(config) ?? []) templates.add(template);
    if (def.kind === 'trigger') {
      const events = def.events(config);
      trigger = { nodeId: node.id, event: events[0] ?? def.type, where: [], nodeType: def.type, config, events };
    } else {
      const step = def.toStep(config, { nodeId: node.id, journeyId: journey.id, next: next(node.id) });
      // Every action says what happens when it gives up (configFor gave it the node type's default).
      steps[node.id] =
        step.kind === 'action' && def.kind === 'action'
          ? { ...step, onFailure: OnFailure.parse(read.config['onFailure']) }
          : step;
    }
  }
  if (!trigger) throw new Error(`Journey "${journey.id}" has no trigger`); // validated above

  const waited = Object.values(steps).flatMap((step) => (step.kind === 'wait' ? [step.match.event] : []));
  const exitOn = journey.settings.exitOn;
  return {
    journeyId: journey.id,
    version: opts.version,
    trigger,
    entry: next(trigger.nodeId)('next'),
    steps,
    exitOn,
    reEntry: journey.settings.reEntry,
    timezone: journey.settings.timezone,
    interestingEvents: [...new Set([...waited, ...exitOn.map((m) => m.event)])],
    templates: [...templates],
    nodeVersions,
    ...(journey.settings.goal ? { goal: journey.settings.goal } : {}),
    ...(journey.settings.holdout ? { holdout: journey.settings.holdout } : {}),
    ...(journey.settings.priority || journey.settings.overLimit
      ? {
          sending: {
            priority: journey.settings.priority ?? 'normal',
            overLimit: journey.settings.overLimit ?? 'defer',
          },
        }
      : {}),
  };
}
