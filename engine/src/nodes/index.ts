// The node registry and the built-in nodes. Custom nodes use the same define* functions.
export {
  actionStep,
  defineAction,
  defineFlow,
  defineTrigger,
  OnFailure,
  onFailureSetting,
  type ActionDefinition,
  type ActivitySpec,
  type ConfigProblem,
  type EarlierStep,
  type FlowDefinition,
  type NodeDefinition,
  type NodeGroup,
  type RetryPolicy,
  type SimulatedCustomer,
  type SimulatedEffect,
  type StepContext,
  type TriggerDefinition,
} from './define.ts';
export { branchesIn, type BranchesFrom } from './branches.ts';
export {
  DAILY_EVENT,
  IDENTIFY_EVENT,
  type ActionContext,
  type ActionInput,
  type ActionOutcome,
  type AudienceMembership,
  type TraitChange,
  type TriggerEvent,
} from './context.ts';
export {
  createRegistry,
  DuplicateNodeTypeError,
  FieldHintError,
  type NodeDescription,
  type NodeRegistry,
} from './registry.ts';
export { builtinNodes, defaultRegistry, eventTrigger } from './builtins/index.ts';
export { applyTraitChange } from './builtins/update-customer.ts';
export { EMAIL_LINK_CLICKED } from './builtins/wait-for-event.ts';
export { Duration, TimeUnit, describeDuration, durationMs } from './builtins/duration.ts';
export {
  deliverWebhook,
  signWebhook,
  verifyWebhookSignature,
  SIGNATURE_HEADER,
  type WebhookRequest,
} from './builtins/webhook-delivery.ts';
export {
  badWebhookAllowEntries,
  parseWebhookAllow,
  webhookRefusal,
  type WebhookAllowList,
} from './builtins/webhook-address.ts';
export {
  EMAIL_STEP_TYPE,
  fieldHintProblems,
  FieldHints,
  ShowWhen,
  Widget,
  WIDGET_TYPE,
  withHints,
} from './field-hints.ts';
export { configFor, type ConfigResult } from './versions.ts';
export { summarizeNodes } from './summary.ts';
