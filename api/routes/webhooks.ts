/**
 * /api/webhooks: a user's webhook endpoints (the signing secret is shown once, at creation), their deliveries
 * (`?status=failed` lists the ones that ran out of attempts) and replay of one delivery. Tenant-scoped: another
 * user's webhook or delivery is a 404.
 */
import { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import type { WebhookDeliveryRow, WebhookRow } from '../../db/tables';
import { seal } from '../../lib/token-sealing';
import { newWebhookSecret } from '../../lib/webhook-signature';
import { webhookDeliveryWorkflow } from '../../workflows';
import { webhookDeliveryWorkflowId } from '../../workflows/ids';
import { searchAttributePairs } from '../../workflows/search-attributes';
import { currentUserId } from '../auth';
import type { ApiDeps } from '../deps';
import { AppError, notFound } from '../errors';
import { deliveryListQuery, webhookBody, webhookPatchBody } from '../schemas/webhooks';
import { withSearchAttributes } from '../search-attributes';
import { listQuery, parseBody, parseQuery, pathId } from '../validate';

export const presentWebhook = (w: WebhookRow) => ({
  id: w.id,
  url: w.url,
  events: w.events,
  description: w.description,
  active: w.active,
  createdAt: w.created_at.toISOString(),
  updatedAt: w.updated_at.toISOString(),
});

export const presentDelivery = (d: WebhookDeliveryRow) => ({
  id: d.id,
  webhookId: d.webhook_id,
  event: d.event,
  subjectId: d.subject_id,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.last_status_code,
  lastError: d.last_error,
  nextAttemptAt: d.next_attempt_at?.toISOString() ?? null,
  deliveredAt: d.delivered_at?.toISOString() ?? null,
  createdAt: d.created_at.toISOString(),
  payload: d.payload,
});

export function createWebhooksRouter(deps: ApiDeps): Router {
  const router = Router();
  const { repos } = deps;
  const own = async (userId: string, id: string) =>
    (await repos.webhooks.findById(userId, id)) ?? Promise.reject(notFound('webhook'));

  router.get('/', async (req, res) => {
    const page = await repos.webhooks.list(currentUserId(res), parseQuery(listQuery, req));
    res.json({ items: page.items.map(presentWebhook), nextCursor: page.nextCursor });
  });

  router.post('/', async (req, res) => {
    const body = parseBody(webhookBody, req);
    const secret = newWebhookSecret();
    const row = await repos.webhooks.insert({
      id: randomUUID(),
      user_id: currentUserId(res),
      url: body.url,
      events: body.events,
      description: body.description ?? null,
      active: body.active,
      secret_sealed: seal(deps.webhooks.keyring, secret),
    });
    // The only time the secret is shown: receivers verify X-RecomAMP-Signature with it.
    res.status(201).json({ ...presentWebhook(row), secret });
  });

  router.get('/:id', async (req, res) => {
    res.json(presentWebhook(await own(currentUserId(res), pathId(req, 'id', 'webhook'))));
  });

  router.patch('/:id', async (req, res) => {
    const userId = currentUserId(res);
    const id = pathId(req, 'id', 'webhook');
    const body = parseBody(webhookPatchBody, req);
    const row = await repos.webhooks.update(userId, id, body);
    if (!row) throw notFound('webhook');
    res.json(presentWebhook(row));
  });

  router.delete('/:id', async (req, res) => {
    if (!(await repos.webhooks.remove(currentUserId(res), pathId(req, 'id', 'webhook')))) throw notFound('webhook');
    res.status(204).end();
  });

  router.get('/:id/deliveries', async (req, res) => {
    const webhook = await own(currentUserId(res), pathId(req, 'id', 'webhook'));
    const { status, ...page } = parseQuery(deliveryListQuery, req);
    const result = await repos.webhooks.listDeliveries(webhook.id, status, page);
    res.json({ items: result.items.map(presentDelivery), nextCursor: result.nextCursor });
  });

  /** Sends a delivery again (typically a FAILED one), with a fresh set of attempts. */
  router.post('/deliveries/:deliveryId/replay', async (req, res) => {
    const userId = currentUserId(res);
    const delivery = await repos.webhooks.findDelivery(userId, pathId(req, 'deliveryId', 'delivery'));
    if (!delivery) throw notFound('delivery');
    const { maxAttempts, initialIntervalSeconds, maxIntervalSeconds } = deps.webhooks;
    await repos.webhooks.updateDelivery(delivery.id, { status: 'PENDING', attempts: 0, next_attempt_at: null });
    try {
      await withSearchAttributes(deps.temporal, () =>
        deps.temporal.workflow.start(webhookDeliveryWorkflow, {
          taskQueue: deps.settings.taskQueue,
          workflowId: webhookDeliveryWorkflowId(delivery.id),
          args: [{ deliveryId: delivery.id, maxAttempts, initialIntervalSeconds, maxIntervalSeconds }],
          workflowIdConflictPolicy: 'FAIL',
          typedSearchAttributes: searchAttributePairs({ userId, runKind: 'webhook' }),
          memo: { deliveryId: delivery.id, replay: true },
        }),
      );
    } catch (err) {
      if (err instanceof WorkflowExecutionAlreadyStartedError) {
        throw new AppError(409, 'DELIVERY_IN_PROGRESS', 'this delivery is being attempted right now');
      }
      throw err;
    }
    res.status(202).json({ deliveryId: delivery.id, status: 'PENDING' });
  });

  return router;
}
