/**
 * The webhook delivery status vocabulary: PENDING while attempts remain (or run), then SUCCEEDED on a 2xx or
 * FAILED after the last attempt (replayable, which makes it PENDING again). The only place it is spelled.
 */
export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'SUCCEEDED', 'FAILED'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];
