/**
 * /api/webhooks: a user's webhook endpoints (the signing secret is shown once, at creation), their deliveries
 * (`?status=failed` lists the ones that ran out of attempts) and replay of one delivery. Tenant-scoped: another
 * user's webhook or delivery is a 404.
 */
import { Router } from 'express';
import { assertWebhookUrlAllowed, createWebhook } from '../../services/create-webhook';
import { replayWebhookDelivery } from '../../services/replay-webhook-delivery';
import { currentUserId } from '../auth';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { presentDelivery, presentWebhook } from '../presenters';
import { deliveryListQuery, webhookBody, webhookPatchBody } from '../schemas/webhooks';
import { listQuery, parseBody, parseQuery, pathId } from '../validate';

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
    const { webhook, secret } = await createWebhook(deps, currentUserId(res), parseBody(webhookBody, req));
    // The only time the secret is shown: receivers verify X-RecomAMP-Signature with it.
    res.status(201).json({ ...presentWebhook(webhook), secret });
  });

  router.get('/:id', async (req, res) => {
    res.json(presentWebhook(await own(currentUserId(res), pathId(req, 'id', 'webhook'))));
  });

  router.patch('/:id', async (req, res) => {
    const userId = currentUserId(res);
    const id = pathId(req, 'id', 'webhook');
    const body = parseBody(webhookPatchBody, req);
    if (!(await repos.webhooks.findById(userId, id))) throw notFound('webhook');
    if (body.url !== undefined) await assertWebhookUrlAllowed(deps.webhooks.targets, body.url);
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
    await replayWebhookDelivery(deps, userId, delivery);
    res.status(202).json({ deliveryId: delivery.id, status: 'PENDING' });
  });

  return router;
}
