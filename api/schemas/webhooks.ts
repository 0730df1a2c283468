import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../../db/tables';
import { WEBHOOK_DELIVERY_STATUSES, type WebhookDeliveryStatus } from '../../lib/webhook-delivery-statuses';
import { listQuery } from '../validate';

const url = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL');
const events = z.array(z.enum(WEBHOOK_EVENTS)).min(1).max(WEBHOOK_EVENTS.length);

export const webhookBody = z.object({
  url,
  events,
  description: z.string().trim().max(500).optional(),
  active: z.boolean().default(true),
});
export type WebhookBody = z.infer<typeof webhookBody>;

export const webhookPatchBody = z
  .object({
    url: url.optional(),
    events: events.optional(),
    description: z.string().trim().max(500).nullable().optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

export const deliveryListQuery = listQuery.extend({
  status: z
    .enum([...WEBHOOK_DELIVERY_STATUSES, ...WEBHOOK_DELIVERY_STATUSES.map((s) => s.toLowerCase())])
    .transform((s) => s.toUpperCase() as WebhookDeliveryStatus)
    .optional(),
});
