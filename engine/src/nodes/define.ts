import type { z } from 'zod';
import type { PropertyFilter } from '../journey/schema.ts';
import type { Step, StepId } from '../interpreter/plan.ts';

/** What a trigger compiles to: the event (and filters) that enrols a customer. */
export interface TriggerSpec { nodeId: string; event: string; where: PropertyFilter[] }

/** What a node's compile hook may ask about its place in the graph. */
export interface StepContext {
  nodeId: StepId;
  /** The step an arrow from this node's branch leads to; null when the branch is not connected (the run ends there). */
  next(branch: string): StepId | null;
}

/** Palette group of a node in the editor. */
export type NodeGroup = 'Triggers' | 'Messages' | 'Timing' | 'Logic' | 'Customer' | (string & {});

/** How an action's activity is run by Temporal. */
export interface ActivitySpec { name: string; startToCloseTimeoutMs: number; maximumAttempts: number }

interface Common<S extends z.ZodObject> {
  type: string;
  version: number;
  label: string;
  group: NodeGroup;
  icon: string;
  description: string;
  configSchema: S;
  branches: string[];
  /** Branches that must be connected; an unconnected optional branch means "the run ends there". */
  requiredBranches: string[];
  // Hooks use method syntax so a definition with a specific config fits the registry's general type.
  /** One line for the canvas, e.g. "Wait up to 2 days for Activated". */
  summary(config: z.infer<S>): string;
  /** Template ids the node uses. */
  templates?(config: z.infer<S>): string[];
  /** Branches that depend on the config (a split's variants); when absent, `branches` and `requiredBranches` hold. */
  branchesFor?(config: z.infer<S>): { offered: string[]; required: string[] };
}

/** A node that starts a journey. */
export interface TriggerDefinition<S extends z.ZodObject = z.ZodObject> extends Common<S> {
  kind: 'trigger';
  toTrigger(config: z.infer<S>, nodeId: string): TriggerSpec;
}

/** A node that does something to or for the customer, through an activity. */
export interface ActionDefinition<S extends z.ZodObject = z.ZodObject> extends Common<S> {
  kind: 'action';
  activity: ActivitySpec;
  toStep(config: z.infer<S>, ctx: StepContext): Step;
}

/** A node that shapes the path: delay, wait, condition, exit. */
export interface FlowDefinition<S extends z.ZodObject = z.ZodObject> extends Common<S> {
  kind: 'flow';
  toStep(config: z.infer<S>, ctx: StepContext): Step;
}

/** Any node definition, as the registry holds it. */
export type NodeDefinition<S extends z.ZodObject = z.ZodObject> = TriggerDefinition<S> | ActionDefinition<S> | FlowDefinition<S>;

type Described<D> = Omit<D, 'kind' | 'branches' | 'requiredBranches'> & { branches?: string[]; requiredBranches?: string[] };

/** Defines a trigger node; its `next` branch must be connected. */
export function defineTrigger<S extends z.ZodObject>(def: Described<TriggerDefinition<S>>): TriggerDefinition<S> {
  return { ...def, kind: 'trigger', branches: def.branches ?? ['next'], requiredBranches: def.requiredBranches ?? ['next'] };
}

/** Defines an action node; without a toStep it compiles to one activity call followed by `next`. */
export function defineAction<S extends z.ZodObject>(
  def: Omit<Described<ActionDefinition<S>>, 'toStep'> & { toStep?: ActionDefinition<S>['toStep'] },
): ActionDefinition<S> {
  const { activity, type } = def;
  const toStep = def.toStep ?? ((config: z.infer<S>, ctx: StepContext): Step => ({
    kind: 'action', id: ctx.nodeId, nodeType: type, activity: activity.name, config, next: ctx.next('next'),
    startToCloseTimeoutMs: activity.startToCloseTimeoutMs, maximumAttempts: activity.maximumAttempts,
  }));
  return { ...def, kind: 'action', toStep, branches: def.branches ?? ['next'], requiredBranches: def.requiredBranches ?? [] };
}

/** Defines a flow node (delay, wait, condition, exit, ...). */
export function defineFlow<S extends z.ZodObject>(def: Described<FlowDefinition<S>>): FlowDefinition<S> {
  return { ...def, kind: 'flow', branches: def.branches ?? ['next'], requiredBranches: def.requiredBranches ?? [] };
}
