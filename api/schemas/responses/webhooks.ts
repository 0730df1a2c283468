import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../../../db/tables';
import { WEBHOOK_DELIVERY_STATUSES } from '../../../lib/webhook-delivery-statuses';
import { isoTime, jsonObject, uuid } from './common';

export const webhook = z
  .object({
    id: uuid,
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    description: z.string().nullable(),
    active: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: 'Webhook' });

export const webhookWithSecret = webhook
  .extend({
    secret: z.string().describe('shown once: verify signatures with it'),
  })
  .meta({ id: 'WebhookWithSecret' });

export const delivery = z
  .object({
    id: uuid,
    webhookId: uuid,
    event: z.enum(WEBHOOK_EVENTS),
    subjectId: uuid,
    status: z.enum(WEBHOOK_DELIVERY_STATUSES),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: isoTime.nullable(),
    deliveredAt: isoTime.nullable(),
    createdAt: isoTime,
    payload: jsonObject,
  })
  .meta({ id: 'WebhookDelivery' });

export const replayAccepted = z
  .object({ deliveryId: uuid, status: z.literal('PENDING') })
  .meta({ id: 'ReplayAccepted' });
