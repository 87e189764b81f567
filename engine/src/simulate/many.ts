import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { ExitReason, Plan } from '../interpreter/index.ts';
import { defaultRegistry, type NodeRegistry } from '../nodes/index.ts';
import { ExperimentTally, type SimulatedExperiment } from './experiments.ts';
import { simulateOne, type CustomerScript } from './one.ts';
import type { SendingSettings } from '../sending-rules/index.ts';

const DAY_MS = 86_400_000;
const PATHS_KEPT = 20;

/**
 * Something synthetic customers do: send `event` with `probability`, at a uniformly random time within
 * `withinMs` of entering; with `arm`, only customers in that arm of a split (by then) do it.
 */
export interface Behaviour {
  event: string;
  probability: number;
  withinMs: number;
  properties?: Record<string, unknown>;
  arm?: string;
}

/** How many customers to simulate, from when, for how long, doing what. */
export interface SimulationOptions {
  customers: number;
  seed: number;
  startMs: number;
  horizonDays: number;
  traits?: (customer: number) => Record<string, unknown>;
  behaviours: Behaviour[];
  /** The share (0..1) of customers in each audience, by audience id, drawn per customer (in-audience asks). */
  audiences?: Record<string, number>;
  /** The node types whose simulated effects apply (default: the built-in ones). */
  nodes?: NodeRegistry;
  /** The account's frequency caps and quiet hours, applied to each customer's emails (absent: none). */
  sending?: SendingSettings;
}

/** Per-node and per-edge counts, emails per day, exits by reason and the first customers' paths. */
export interface SimulationResult {
  nodes: Record<string, { entered: number; waiting: number; exited: number }>;
  edges: Array<{ from: string; to: string; branch: string; count: number }>;
  emailsByDay: Array<{ day: number; count: number }>;
  exits: Record<ExitReason, number>;
  paths: Array<{ customer: number; steps: Array<{ stepId: string; atMs: number }> }>;
  /** Every split of the plan: exposures and goal conversions per arm, and the analysis when there is a goal. */
  experiments: SimulatedExperiment[];
}

/** Runs many synthetic customers through the plan on a virtual clock; the same seed gives the same result. */
export function simulate(plan: Plan, opts: SimulationOptions): SimulationResult {
  const rng = xoroshiro128plus(opts.seed);
  const registry = opts.nodes ?? defaultRegistry();
  const endMs = opts.startMs + opts.horizonDays * DAY_MS;
  const nodeIds = [plan.trigger.nodeId, ...Object.keys(plan.steps)];
  const nodes: SimulationResult['nodes'] = Object.fromEntries(
    nodeIds.map((id) => [id, { entered: 0, waiting: 0, exited: 0 }]),
  );
  const edges = new Map<string, { from: string; to: string; branch: string; count: number }>();
  const emails = new Array<number>(Math.max(0, Math.ceil(opts.horizonDays))).fill(0);
  const exits: Record<ExitReason, number> = { completed: 0, 'exit-node': 0, 'exit-on': 0, failed: 0, holdout: 0 };
  const paths: SimulationResult['paths'] = [];
  const tally = new ExperimentTally(plan, { startMs: opts.startMs, endMs });
  const count = (id: string, field: 'entered' | 'waiting' | 'exited') => {
    const entry = nodes[id] ?? (nodes[id] = { entered: 0, waiting: 0, exited: 0 });
    entry[field] += 1;
  };

  for (let customer = 0; customer < opts.customers; customer += 1) {
    // Draw every behaviour for every customer, so one behaviour's outcome never shifts another's.
    const events: CustomerScript['events'] = [];
    for (const b of opts.behaviours) {
      const happens = uniformFloat64(rng) < b.probability;
      const atMs = opts.startMs + Math.floor(uniformFloat64(rng) * (b.withinMs + 1));
      if (happens)
        events.push({
          event: b.event,
          atMs,
          ...(b.properties ? { properties: b.properties } : {}),
          ...(b.arm ? { arm: b.arm } : {}),
        });
    }
    // Drawn after the behaviours, so a scenario without audiences draws as it always did.
    const audiences = Object.entries(opts.audiences ?? {})
      .filter(([, share]) => uniformFloat64(rng) < share)
      .map(([id]) => id);
    const userId = `customer-${customer}`;
    const script: CustomerScript = {
      startMs: opts.startMs,
      endMs,
      traits: opts.traits?.(customer) ?? {},
      userId,
      events,
      audiences,
      ...(opts.sending ? { sending: opts.sending } : {}),
    };
    const run = simulateOne(plan, script, registry);
    tally.add(userId, script, run);
    for (const step of run.steps) count(step.stepId, 'entered');
    for (const move of run.moves) {
      const key = `${move.from}\u0000${move.branch}\u0000${move.to}`;
      const edge = edges.get(key) ?? { from: move.from, to: move.to, branch: move.branch, count: 0 };
      edge.count += 1;
      edges.set(key, edge);
    }
    for (const email of run.emails) {
      const day = Math.floor((email.atMs - opts.startMs) / DAY_MS);
      if (day >= 0 && day < emails.length) emails[day] = (emails[day] ?? 0) + 1;
    }
    if (run.exit) {
      exits[run.exit.reason] += 1;
      if (run.exit.stepId !== null) count(run.exit.stepId, 'exited');
    }
    if (run.waitingAt !== null) count(run.waitingAt, 'waiting');
    if (customer < PATHS_KEPT) paths.push({ customer, steps: run.steps });
  }
  return {
    nodes,
    edges: [...edges.values()],
    emailsByDay: emails.map((c, day) => ({ day, count: c })),
    exits,
    paths,
    experiments: tally.results(),
  };
}
