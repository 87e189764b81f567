// The node registry and the built-in nodes. Custom nodes use the same define* functions.
export {
  defineAction, defineFlow, defineTrigger,
  type ActionDefinition, type ActivitySpec, type FlowDefinition, type NodeDefinition, type NodeGroup, type StepContext,
  type TriggerDefinition, type TriggerSpec,
} from './define.ts';
export { createRegistry, type NodeDescription, type NodeRegistry } from './registry.ts';
export { builtinNodes, defaultRegistry, splitArms } from './builtins/index.ts';
export { Duration, TimeUnit, describeDuration, durationMs } from './builtins/duration.ts';
