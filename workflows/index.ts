/** Every workflow the worker runs; the worker's workflowsPath and the bundle entry point. */
export { amcExecutionWorkflow } from './amc-execution';
export type { AmcExecutionWorkflowInput, AmcExecutionWorkflowResult } from './amc-execution';
export { scheduledRunWorkflow } from './scheduled-run';
export type { ScheduledRunWorkflowInput, ScheduledRunWorkflowResult } from './scheduled-run';
export { dataCollectionWorkflow } from './data-collection';
export type { DataCollectionWorkflowInput, CollectionProgress } from './data-collection';
export { webhookDeliveryWorkflow } from './webhook-delivery';
export type { WebhookDeliveryWorkflowInput } from './webhook-delivery';
export { tokenRefreshWorkflow } from './token-refresh';
export type { TokenRefreshWorkflowInput, TokenRefreshWorkflowResult } from './token-refresh';
