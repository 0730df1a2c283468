/** Every workflow the worker runs; the worker's workflowsPath and the bundle entry point. */
import { amcExecutionWorkflow } from './amc-execution';
import { dataCollectionWorkflow } from './data-collection';
import type { WorkflowInputs, WorkflowType } from './messages';
import { reconcilerWorkflow } from './reconciler';
import { scheduledRunWorkflow } from './scheduled-run';
import { tokenRefreshWorkflow } from './token-refresh';
import { webhookDeliveryWorkflow } from './webhook-delivery';

export {
  amcExecutionWorkflow,
  dataCollectionWorkflow,
  reconcilerWorkflow,
  scheduledRunWorkflow,
  tokenRefreshWorkflow,
  webhookDeliveryWorkflow,
};
export type {
  AmcExecutionWorkflowInput,
  AmcExecutionWorkflowResult,
  CollectionProgress,
  DataCollectionWorkflowInput,
  ReconcilerWorkflowInput,
  ScheduledRunWorkflowInput,
  ScheduledRunWorkflowResult,
  TokenRefreshWorkflowInput,
  TokenRefreshWorkflowResult,
  WebhookDeliveryWorkflowInput,
} from './messages';

/** Compile-time check: every type name in messages.ts's WorkflowInputs is a workflow here taking that input. */
const registry: { [K in WorkflowType]: (input: WorkflowInputs[K]) => Promise<unknown> } = {
  amcExecutionWorkflow,
  dataCollectionWorkflow,
  reconcilerWorkflow,
  scheduledRunWorkflow,
  tokenRefreshWorkflow,
  webhookDeliveryWorkflow,
};
void registry;
