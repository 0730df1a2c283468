/**
 * Send a webhook delivery again (POST /api/webhooks/deliveries/:deliveryId/replay), typically a FAILED one, with
 * a fresh set of attempts: a new `webhookDeliveryWorkflow` run under the delivery's own workflow id, so a replay
 * while an attempt is running is a 409 rather than a second concurrent delivery.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { WebhookDeliveryRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import { withSearchAttributes } from '../temporal/search-attributes';
import { startWorkflow } from '../temporal/workflow-client';
import { webhookDeliveryWorkflowId } from '../workflows/ids';
import { searchAttributePairs } from '../workflows/search-attributes';
import { START_POLICIES } from '../workflows/start-policies';
import type { ServiceDeps } from './deps';

export interface WebhookRetryPlan {
  maxAttempts: number;
  initialIntervalSeconds: number;
  maxIntervalSeconds: number;
}

export async function replayWebhookDelivery(
  deps: Pick<ServiceDeps, 'repos' | 'temporal' | 'settings'> & { webhooks: WebhookRetryPlan },
  userId: string,
  delivery: WebhookDeliveryRow,
): Promise<void> {
  const { maxAttempts, initialIntervalSeconds, maxIntervalSeconds } = deps.webhooks;
  await deps.repos.webhooks.updateDelivery(delivery.id, { status: 'PENDING', attempts: 0, next_attempt_at: null });
  try {
    await withSearchAttributes(deps.temporal, () =>
      startWorkflow(
        deps.temporal,
        'webhookDeliveryWorkflow',
        {
          taskQueue: deps.settings.taskQueue,
          workflowId: webhookDeliveryWorkflowId(delivery.id),
          args: [{ deliveryId: delivery.id, maxAttempts, initialIntervalSeconds, maxIntervalSeconds }],
          typedSearchAttributes: searchAttributePairs({ userId, runKind: 'webhook' }),
          memo: { deliveryId: delivery.id, replay: true },
        },
        START_POLICIES.webhookReplay,
      ),
    );
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) {
      throw new AppError(409, 'DELIVERY_IN_PROGRESS', 'this delivery is being attempted right now');
    }
    throw err;
  }
}
