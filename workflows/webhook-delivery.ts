/**
 * Webhooks: `emitWebhookEvent` (called by amcExecutionWorkflow and dataCollectionWorkflow when they finish)
 * records one delivery per subscribed webhook and starts one `webhookDeliveryWorkflow` per delivery
 * (`webhook-delivery/<deliveryId>`), abandoned so it outlives its parent. The delivery workflow retries the POST
 * on an exponential back-off (activity retries: no history per attempt) and marks the delivery FAILED after the
 * last attempt. Only ids cross history: payloads stay in Postgres.
 */
import { ActivityFailure, proxyActivities, startChild, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type SearchAttributePair } from '@temporalio/common';
import type { Activities } from '../activities';
import type { WebhookSubject } from '../activities/webhooks';
import { bookkeepingOptions, webhookDeliveryOptions } from './activity-options';
import { webhookDeliveryWorkflowId } from './ids';
import type { WebhookDeliveryWorkflowInput } from './messages';
import { ownSearchAttributes, SEARCH_ATTRIBUTES } from './search-attributes';
import { START_POLICIES } from './start-policies';

// Helpers

const { createWebhookDeliveries, markWebhookDeliveryFailed } = proxyActivities<Activities>(bookkeepingOptions());

/**
 * Records and starts the deliveries of the event `subject` is in (none when nobody subscribed). Never fails its
 * caller: a webhook problem must not turn a finished execution into a failed one.
 */
export async function emitWebhookEvent(subject: WebhookSubject): Promise<void> {
  try {
    const plan = await createWebhookDeliveries(subject);
    const searchAttributes: SearchAttributePair[] = [
      ...ownSearchAttributes(workflowInfo().typedSearchAttributes).filter(
        (p) => p.key.name !== SEARCH_ATTRIBUTES.runKind.name,
      ),
      { key: SEARCH_ATTRIBUTES.runKind, value: 'webhook' } as SearchAttributePair,
    ];
    for (const deliveryId of plan.deliveryIds) {
      try {
        await startChild(webhookDeliveryWorkflow, {
          workflowId: webhookDeliveryWorkflowId(deliveryId),
          args: [
            {
              deliveryId,
              maxAttempts: plan.maxAttempts,
              initialIntervalSeconds: plan.initialIntervalSeconds,
              maxIntervalSeconds: plan.maxIntervalSeconds,
            },
          ],
          ...START_POLICIES.webhookDelivery,
          typedSearchAttributes: searchAttributes,
          memo: { deliveryId },
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
  } catch (err) {
    if (!(err instanceof ActivityFailure || err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}

// Workflow

/** Delivers one webhook event: SUCCEEDED on a 2xx, FAILED (listed, replayable) after `maxAttempts`. */
export async function webhookDeliveryWorkflow(input: WebhookDeliveryWorkflowInput): Promise<{ status: string }> {
  const { deliverWebhook } = proxyActivities<Activities>(webhookDeliveryOptions(input));
  try {
    const outcome = await deliverWebhook({ deliveryId: input.deliveryId });
    return { status: outcome.status };
  } catch (err) {
    if (!(err instanceof ActivityFailure)) throw err;
    await markWebhookDeliveryFailed({ deliveryId: input.deliveryId, error: err.cause?.message ?? err.message });
    return { status: 'FAILED' };
  }
}
