/**
 * Webhook activities: turn a finished execution or collection into deliveries (one per subscribed webhook), and
 * deliver one: POST the stored payload, signed (lib/webhook-signature.ts), only to where webhooks may go
 * (services/webhook-target.ts: checked again at every attempt, connected to the address checked, no redirects).
 * A non-2xx answer or a network error throws, so Temporal retries with the back-off in
 * workflows/activity-options.ts (webhookDeliveryOptions); a URL that is not allowed fails the delivery at once.
 * What the delivery row records of a failure is a fixed sentence or the status code, never the receiver's words.
 */
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Repositories } from '../db';
import type { WebhookEvent } from '../db/tables';
import { isFinishedCollectionStatus, type CollectionStatus } from '../lib/collection-statuses';
import { open, type SealingKeyring } from '../lib/token-sealing';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook } from '../lib/webhook-signature';
import { postWebhook, type WebhookTargetRules } from '../services/webhook-target';
import { FAILURE_TYPES } from '../workflows/failures';

export interface WebhookSettings {
  keyring: SealingKeyring;
  /** Where webhooks may point (services/webhook-target.ts). */
  targets: WebhookTargetRules;
  timeoutMs: number;
  maxAttempts: number;
  /** First retry after this many seconds, doubling up to maxIntervalSeconds (inputs so tests run in seconds). */
  initialIntervalSeconds?: number;
  maxIntervalSeconds?: number;
}

export interface WebhookDeliveryPlan {
  deliveryIds: string[];
  maxAttempts: number;
  initialIntervalSeconds: number;
  maxIntervalSeconds: number;
}

/**
 * What an event is about. A collection can finish more than once (retry-failed, rerun-stale, then cancel), so its
 * subject names the completion and that completion's outcome, recorded by the workflow when it finished: the event
 * says what happened then, even when the collection has been reopened by the time it is sent.
 */
export type WebhookSubject =
  | { kind: 'execution'; executionId: string }
  | { kind: 'collection'; collectionId: string; completion: number; status: CollectionStatus; completedAt: string };

const EXECUTION_EVENTS: Record<string, WebhookEvent> = {
  SUCCEEDED: 'execution.succeeded',
  FAILED: 'execution.failed',
  CANCELLED: 'execution.cancelled',
};

type Deps = {
  repos: Pick<Repositories, 'webhooks' | 'executions' | 'dataCollections'>;
  settings: WebhookSettings | undefined;
};

export function createWebhookActivities({ repos, settings: given }: Deps) {
  const settings: WebhookSettings = given ?? {
    keyring: { current: '', keys: new Map() },
    targets: { httpsOnly: true, allowLoopback: false, resolve: () => Promise.resolve([]) },
    timeoutMs: 10_000,
    maxAttempts: 1,
  };
  const plan = (deliveryIds: string[]): WebhookDeliveryPlan => ({
    deliveryIds,
    maxAttempts: settings.maxAttempts,
    initialIntervalSeconds: settings.initialIntervalSeconds ?? 10,
    maxIntervalSeconds: settings.maxIntervalSeconds ?? 3600,
  });

  return {
    /** Idempotent: a retry returns the same deliveries. No event (e.g. a cancelled run) → no deliveries. */
    async createWebhookDeliveries(subject: WebhookSubject): Promise<WebhookDeliveryPlan> {
      if (!given) return plan([]); // this worker was built without webhook settings
      const occurredAt = new Date().toISOString();
      if (subject.kind === 'execution') {
        const e = await repos.executions.get(subject.executionId);
        const event = EXECUTION_EVENTS[e.status];
        if (!event) return plan([]);
        const data = {
          executionId: e.id,
          workflowId: e.saved_query_id,
          instanceId: e.instance_id,
          status: e.status,
          runKind: e.run_kind ?? 'manual',
          rowCount: e.row_count,
          completedAt: e.completed_at,
          ...(e.error_code && { error: { code: e.error_code, message: e.error_message } }),
        };
        const rows = await repos.webhooks.createDeliveries(
          e.user_id,
          event,
          { id: e.id, occurrence: 1 },
          { event, occurredAt, data },
        );
        return plan(rows.map((r) => r.id));
      }
      if (!isFinishedCollectionStatus(subject.status)) return plan([]);
      const c = await repos.dataCollections.get(subject.collectionId);
      const data = {
        collectionId: c.id,
        workflowId: c.saved_query_id,
        instanceId: c.instance_id,
        status: subject.status,
        completedAt: subject.completedAt,
        /** 1 for the first completion, 2 after a retry-failed or rerun-stale finished it again, … */
        completion: subject.completion,
      };
      const event: WebhookEvent = 'collection.completed';
      const rows = await repos.webhooks.createDeliveries(
        c.user_id,
        event,
        { id: c.id, occurrence: subject.completion },
        { event, occurredAt, data },
      );
      return plan(rows.map((r) => r.id));
    },

    /** One attempt. Returns the HTTP status on 2xx; throws otherwise (Temporal retries). */
    async deliverWebhook({
      deliveryId,
    }: {
      deliveryId: string;
    }): Promise<{ status: 'SUCCEEDED' | 'SKIPPED'; httpStatus?: number }> {
      const attempt = Context.current().info.attempt;
      const delivery = await repos.webhooks.getDelivery(deliveryId);
      const webhook = delivery && (await repos.webhooks.get(delivery.webhook_id));
      if (!delivery || !webhook) return { status: 'SKIPPED' }; // deleted meanwhile
      const body = JSON.stringify({ id: delivery.id, ...delivery.payload });
      const result = await postWebhook(settings.targets, webhook.url, {
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'RecomAMP-Webhooks/1',
          [SIGNATURE_HEADER]: signWebhook(open(settings.keyring, webhook.secret_sealed), body),
          [EVENT_HEADER]: delivery.event,
          [DELIVERY_HEADER]: delivery.id,
        },
        body,
        timeoutMs: settings.timeoutMs,
      });
      if ('status' in result && result.status >= 200 && result.status < 300) {
        await repos.webhooks.updateDelivery(deliveryId, {
          status: 'SUCCEEDED',
          attempts: attempt,
          last_status_code: result.status,
          last_error: null,
          delivered_at: new Date(),
          next_attempt_at: null,
        });
        return { status: 'SUCCEEDED', httpStatus: result.status };
      }
      if ('notAllowed' in result) {
        // The URL itself is refused (e.g. its name now resolves inside our network): no attempt can succeed.
        const error = `${FAILURE_TYPES.webhookUrlNotAllowed}: ${result.failure}`;
        await repos.webhooks.updateDelivery(deliveryId, {
          attempts: attempt,
          last_status_code: null,
          last_error: error,
          next_attempt_at: null,
        });
        throw ApplicationFailure.create({
          message: error,
          type: FAILURE_TYPES.webhookUrlNotAllowed,
          nonRetryable: true,
        });
      }
      const failure =
        'status' in result
          ? {
              code: result.status,
              error:
                result.status >= 300 && result.status < 400
                  ? `receiver answered HTTP ${result.status} (redirects are not followed)`
                  : `receiver answered HTTP ${result.status}`,
            }
          : { code: null, error: result.failure };
      const { initialIntervalSeconds, maxIntervalSeconds, maxAttempts } = plan([]);
      const delaySeconds = Math.min(initialIntervalSeconds * 2 ** (attempt - 1), maxIntervalSeconds);
      await repos.webhooks.updateDelivery(deliveryId, {
        status: 'PENDING',
        attempts: attempt,
        last_status_code: failure.code,
        last_error: failure.error,
        // When Temporal will try again (webhookDeliveryOptions: the same doubling back-off); none after the last.
        next_attempt_at: attempt < maxAttempts ? new Date(Date.now() + delaySeconds * 1000) : null,
      });
      throw new Error(failure.error);
    },

    /** After the last attempt: the delivery is listed under ?status=failed and can be replayed. */
    async markWebhookDeliveryFailed({ deliveryId, error }: { deliveryId: string; error: string }): Promise<void> {
      const current = await repos.webhooks.getDelivery(deliveryId);
      if (!current) return;
      await repos.webhooks.updateDelivery(deliveryId, {
        status: 'FAILED',
        last_error: current.last_error ?? error,
        next_attempt_at: null,
      });
    },
  };
}
