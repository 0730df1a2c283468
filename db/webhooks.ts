import type { Knex } from 'knex';
import type { WebhookDeliveryStatus } from '../lib/webhook-delivery-statuses';
import { paginate, type Page, type PageRequest } from './pagination';
import {
  TABLES,
  type NewWebhookRow,
  type WebhookDeliveryRow,
  type WebhookEvent,
  type WebhookPatch,
  type WebhookRow,
} from './tables';

/** Webhooks and their deliveries. User-facing reads take the user id; activities act on ids they were given. */
export function createWebhooksDb(db: Knex) {
  const webhooks = (tx?: Knex.Transaction) => (tx ?? db)<WebhookRow>(TABLES.webhooks);
  const deliveries = (tx?: Knex.Transaction) => (tx ?? db)<WebhookDeliveryRow>(TABLES.webhookDeliveries);

  return {
    async insert(row: NewWebhookRow): Promise<WebhookRow> {
      const [saved] = await webhooks()
        .insert(row as never)
        .returning('*');
      return saved as WebhookRow;
    },
    async findById(userId: string, id: string): Promise<WebhookRow | undefined> {
      return webhooks().where({ user_id: userId, id }).first();
    },
    async get(id: string): Promise<WebhookRow | undefined> {
      return webhooks().where({ id }).first();
    },
    async list(userId: string, page: PageRequest): Promise<Page<WebhookRow>> {
      return paginate(webhooks().where({ user_id: userId }).select('*'), page, TABLES.webhooks);
    },
    async update(userId: string, id: string, patch: WebhookPatch): Promise<WebhookRow | undefined> {
      const [row] = await webhooks()
        .where({ user_id: userId, id })
        .update({ ...patch, updated_at: db.fn.now() } as never)
        .returning('*');
      return row as WebhookRow | undefined;
    },
    async remove(userId: string, id: string): Promise<boolean> {
      return (await webhooks().where({ user_id: userId, id }).delete()) > 0;
    },
    /**
     * One delivery per active webhook of `userId` subscribed to `event`, idempotent per (webhook, event, subject,
     * occurrence): a retried activity returns the same rows, a later completion of the same subject new ones.
     */
    async createDeliveries(
      userId: string,
      event: WebhookEvent,
      subject: { id: string; occurrence: number },
      payload: Record<string, unknown>,
    ): Promise<WebhookDeliveryRow[]> {
      const targets = await webhooks().where({ user_id: userId, active: true }).whereRaw('? = ANY(events)', [event]);
      if (targets.length === 0) return [];
      await deliveries()
        .insert(
          targets.map((w) => ({
            webhook_id: w.id,
            event,
            subject_id: subject.id,
            occurrence: subject.occurrence,
            payload: JSON.stringify(payload),
          })) as never,
        )
        .onConflict(['webhook_id', 'event', 'subject_id', 'occurrence'])
        .ignore();
      return deliveries()
        .whereIn(
          'webhook_id',
          targets.map((w) => w.id),
        )
        .andWhere({ event, subject_id: subject.id, occurrence: subject.occurrence });
    },
    async getDelivery(id: string): Promise<WebhookDeliveryRow | undefined> {
      return deliveries().where({ id }).first();
    },
    /** A delivery of one of the user's webhooks. */
    async findDelivery(userId: string, id: string): Promise<WebhookDeliveryRow | undefined> {
      return deliveries()
        .join(TABLES.webhooks, `${TABLES.webhooks}.id`, `${TABLES.webhookDeliveries}.webhook_id`)
        .where({ [`${TABLES.webhooks}.user_id`]: userId, [`${TABLES.webhookDeliveries}.id`]: id })
        .first(`${TABLES.webhookDeliveries}.*`);
    },
    async listDeliveries(webhookId: string, status: WebhookDeliveryStatus | undefined, page: PageRequest) {
      const q = deliveries().where({ webhook_id: webhookId }).select('*');
      if (status) q.andWhere({ status });
      return paginate<WebhookDeliveryRow>(q, page, TABLES.webhookDeliveries);
    },
    async updateDelivery(
      id: string,
      patch: Partial<Omit<WebhookDeliveryRow, 'id' | 'webhook_id'>>,
    ): Promise<WebhookDeliveryRow> {
      const [row] = await deliveries()
        .where({ id })
        .update({ ...patch, updated_at: db.fn.now() } as never)
        .returning('*');
      return row as WebhookDeliveryRow;
    },
    /** Counts for /metrics. */
    async countDeliveriesByStatus(): Promise<Record<string, number>> {
      const rows = (await deliveries().select('status').count({ n: '*' }).groupBy('status')) as {
        status: string;
        n: string;
      }[];
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}
export type WebhooksDb = ReturnType<typeof createWebhooksDb>;
