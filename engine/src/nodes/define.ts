import { z } from 'zod';
import type { ActionStep, Step, StepId } from '../interpreter/index.ts';
import { branchesIn, type BranchesFrom } from './branches.ts';
import type { ActionContext, ActionInput, ActionOutcome, TriggerEvent } from './context.ts';

/** What a node's compile hook may ask about its place in the graph. */
export interface StepContext {
  nodeId: StepId;
  /** The journey the step belongs to (the compiler always gives it; steps that match events of this journey's own emails use it). */
  journeyId?: string;
  /** The step an arrow from this node's branch leads to; null when the branch is not connected (the run ends there). */
  next(branch: string): StepId | null;
}

/** A step a node refers to by id (e.g. the email whose clicks it waits for), and the config field that names it. */
export interface EarlierStep {
  stepId: string;
  nodeType: string;
  field: string;
  /** What the node does with it, for the message: "waits for clicks in". */
  use: string;
}

/** A problem with one field of a config, in words a marketer understands. */
export interface ConfigProblem {
  field: string;
  message: string;
}

/** Palette group of a node in the editor. */
export type NodeGroup = 'Triggers' | 'Messages' | 'Timing' | 'Logic' | 'Customer' | 'Integrations' | (string & {});

/** An action's effect on a simulated customer: the email template it sends, the traits it changes, the branch it takes. */
export interface SimulatedEffect {
  email?: string;
  traits?: Record<string, unknown>;
  branch?: string;
}

/** What the simulator knows of a customer besides their traits: the audiences the scenario puts them in. */
export interface SimulatedCustomer {
  audiences: readonly string[];
}

/** How Temporal retries a failed action: exponential backoff between attempts. */
export interface RetryPolicy {
  initialIntervalMs?: number;
  backoffCoefficient?: number;
  maximumIntervalMs?: number;
}

/** How an action's activity is run by Temporal: its name, how long one attempt may take, how often it is tried. */
export interface ActivitySpec {
  name: string;
  startToCloseTimeoutMs: number;
  maximumAttempts: number;
  retry?: RetryPolicy;
}

/** What a run does when an action gives up (its attempts ran out, or it was refused for good). */
export const OnFailure = z.enum(['continue', 'exit']);
export type OnFailure = z.infer<typeof OnFailure>;

/**
 * The `onFailure` field every action's config has next to the node's own fields (the registry adds it
 * to the form's schema and `configFor` reads it), defaulting to what the node type declares.
 */
export function onFailureSetting(def: { onFailure?: OnFailure | undefined }) {
  return ON_FAILURE_SETTINGS[def.onFailure ?? 'exit'];
}

// Built once per default: zod schemas are costly to build, and configFor reads every action node on
// every validation (the editor validates after each edit).
const settingWithDefault = (fallback: OnFailure) =>
  OnFailure.default(fallback).meta({
    title: 'If it fails',
    description:
      'When every attempt has failed: "continue" goes on to the next step, "exit" ends the run (reason "failed"). The failed step is counted on the canvas either way.',
  });
const ON_FAILURE_SETTINGS = { continue: settingWithDefault('continue'), exit: settingWithDefault('exit') };

/**
 * The step an action compiles to by default: one activity call followed by `next`.
 * @example actionStep('send-email', { name: 'sendEmail', startToCloseTimeoutMs: 60_000, maximumAttempts: 10 }, { template: 'welcome' }, ctx)
 */
export function actionStep(
  type: string,
  activity: ActivitySpec,
  config: Record<string, unknown>,
  ctx: StepContext,
): ActionStep {
  return {
    kind: 'action',
    id: ctx.nodeId,
    nodeType: type,
    activity: activity.name,
    config,
    next: ctx.next('next'),
    startToCloseTimeoutMs: activity.startToCloseTimeoutMs,
    maximumAttempts: activity.maximumAttempts,
    ...(activity.retry ? { retry: activity.retry } : {}),
  };
}

interface Common<S extends z.ZodObject> {
  type: string;
  /** Bumped when the config's meaning changes; journeys saved with an older version go through `migrate`. */
  version: number;
  label: string;
  group: NodeGroup;
  icon: string;
  description: string;
  /** A zod object without transforms: configs round-trip through JSON and generated forms. */
  configSchema: S;
  branches: string[];
  /** Branches that must be connected; an unconnected optional branch means "the run ends there". */
  requiredBranches: string[];
  // Hooks use method syntax so a definition with a specific config fits the registry's general type.
  /** One line for the canvas, e.g. "Wait up to 2 days for Activated". */
  summary(config: z.infer<S>): string;
  /** Template ids the node uses. */
  templates?(config: z.infer<S>): string[];
  /** Audience ids the node uses (validation names the node when one does not exist). */
  audiences?(config: z.infer<S>): string[];
  /** Steps of the same journey the node refers to, each of which must be a node of `nodeType` that comes before it (validation names the node otherwise). */
  earlierSteps?(config: z.infer<S>): EarlierStep[];
  /** What is wrong with a config beyond what its schema can say (fields that only make sense together); empty when nothing. */
  configProblems?(config: z.infer<S>): ConfigProblem[];
  /** Branches named by the config, all required (a split's variants); sets `branchesFor` and is shown to the editor. */
  branchesFrom?: BranchesFrom;
  /** Branches that depend on the config (a split's variants); when absent, `branches` and `requiredBranches` hold. */
  branchesFor?(config: z.infer<S>): { offered: string[]; required: string[] };
  /** Turns a config saved under an older `version` into one for this version (the result is then validated). */
  migrate?(config: Record<string, unknown>, fromVersion: number): Record<string, unknown>;
}

/** A node that starts a journey: which events it listens to and which of them enrol the customer. */
export interface TriggerDefinition<S extends z.ZodObject = z.ZodObject> extends Common<S> {
  kind: 'trigger';
  /** Event names the router must show this trigger (track names, or IDENTIFY_EVENT / DAILY_EVENT). */
  events(config: z.infer<S>): string[];
  /** True when this event enrols the customer. */
  matches(event: TriggerEvent, config: z.infer<S>): boolean;
  /** A key that lets one customer be in the journey once per value (e.g. a cart id); none means once per customer. */
  correlationKey?(event: TriggerEvent, config: z.infer<S>): string | undefined;
}

/** A node that does something to or for the customer, through an activity. */
export interface ActionDefinition<S extends z.ZodObject = z.ZodObject> extends Common<S> {
  kind: 'action';
  activity: ActivitySpec;
  /** What a run does by default when this action gives up; each node can choose otherwise (its config's `onFailure`). Default "exit". */
  onFailure?: OnFailure;
  /** The side effect, run by the worker as a Temporal activity (retried per `activity`). */
  run(input: ActionInput, config: z.infer<S>, context: ActionContext): Promise<ActionOutcome | void>;
  /** What the simulator assumes the action does: an email it sends, traits it changes, the branch it takes. Without it the action changes nothing there. */
  simulate?(config: z.infer<S>, traits: Record<string, unknown>, customer: SimulatedCustomer): SimulatedEffect;
  toStep(config: z.infer<S>, ctx: StepContext): Step;
}

/** A node that shapes the path: delay, wait, condition, exit. */
export interface FlowDefinition<S extends z.ZodObject = z.ZodObject> extends Common<S> {
  kind: 'flow';
  toStep(config: z.infer<S>, ctx: StepContext): Step;
}

/** Any node definition, as the registry holds it. */
export type NodeDefinition<S extends z.ZodObject = z.ZodObject> =
  TriggerDefinition<S> | ActionDefinition<S> | FlowDefinition<S>;

type Described<D> = Omit<D, 'kind' | 'branches' | 'requiredBranches'> & {
  branches?: string[];
  requiredBranches?: string[];
};

/** `branchesFor` read from `branchesFrom` when the definition gives only the latter. */
function configBranches<S extends z.ZodObject>(
  def: Pick<Common<S>, 'branchesFrom' | 'branchesFor'>,
): Pick<Common<S>, 'branchesFor'> {
  const from = def.branchesFrom;
  if (def.branchesFor || !from) return {};
  return {
    branchesFor(config: Record<string, unknown>) {
      const names = branchesIn(from, config);
      return { offered: names, required: names };
    },
  };
}

/**
 * Defines a trigger node; its `next` branch must be connected.
 * @example defineTrigger({ type: 'cart-abandoned', version: 1, ..., events: () => ['Cart Abandoned'], matches: (e, c) => Number(e.properties.value) >= c.minValue })
 */
export function defineTrigger<S extends z.ZodObject>(def: Described<TriggerDefinition<S>>): TriggerDefinition<S> {
  return {
    ...def,
    ...configBranches(def),
    kind: 'trigger',
    branches: def.branches ?? ['next'],
    requiredBranches: def.requiredBranches ?? ['next'],
  };
}

/**
 * Defines an action node; without a toStep it compiles to one activity call followed by `next`. The
 * compiler adds the config's `onFailure` to the step (default: the definition's `onFailure`, else "exit").
 * @example defineAction({ type: 'slack-message', version: 1, ..., activity: { name: 'slackMessage', startToCloseTimeoutMs: 10_000, maximumAttempts: 5 }, run: async (input, config, ctx) => { ... } })
 */
export function defineAction<S extends z.ZodObject>(
  def: Omit<Described<ActionDefinition<S>>, 'toStep'> & { toStep?: ActionDefinition<S>['toStep'] },
): ActionDefinition<S> {
  const { activity, type } = def;
  const toStep =
    def.toStep ?? ((config: z.infer<S>, ctx: StepContext): Step => actionStep(type, activity, config, ctx));
  return {
    ...def,
    ...configBranches(def),
    kind: 'action',
    toStep,
    branches: def.branches ?? ['next'],
    requiredBranches: def.requiredBranches ?? [],
  };
}

/** Defines a flow node (delay, wait, condition, exit, ...). */
export function defineFlow<S extends z.ZodObject>(def: Described<FlowDefinition<S>>): FlowDefinition<S> {
  return {
    ...def,
    ...configBranches(def),
    kind: 'flow',
    branches: def.branches ?? ['next'],
    requiredBranches: def.requiredBranches ?? [],
  };
}
