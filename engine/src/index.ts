// Boomerang's public face for plugin authors: define nodes, and the webhook mechanism to build actions on.
// Isomorphic: nothing here needs Node, so a plugin's definitions also load in the editor's tooling.
export {
  defineAction, defineFlow, defineTrigger, withHints, Duration,
  DAILY_EVENT, IDENTIFY_EVENT,
  deliverWebhook, signWebhook, verifyWebhookSignature, SIGNATURE_HEADER,
  type ActionContext, type ActionDefinition, type ActionInput, type ActionOutcome, type ActivitySpec, type FieldHints, type FlowDefinition,
  type NodeDefinition, type NodeGroup, type RetryPolicy, type TraitChange, type TriggerDefinition, type TriggerEvent, type WebhookRequest,
} from './nodes/index.ts';
export { readPath } from './interpreter/index.ts';
