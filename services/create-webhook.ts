/**
 * Create a webhook (POST /api/webhooks): a new signing secret, stored sealed (lib/token-sealing.ts) and returned
 * once, for the receiver to verify X-RecomAMP-Signature with.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookEvent, WebhookRow } from '../db/tables';
import { seal, type SealingKeyring } from '../lib/token-sealing';
import { newWebhookSecret } from '../lib/webhook-signature';
import type { ServiceDeps } from './deps';

export interface WebhookInput {
  url: string;
  events: WebhookEvent[];
  description?: string;
  active: boolean;
}

export async function createWebhook(
  deps: Pick<ServiceDeps, 'repos'> & { webhooks: { keyring: SealingKeyring } },
  userId: string,
  input: WebhookInput,
): Promise<{ webhook: WebhookRow; secret: string }> {
  const secret = newWebhookSecret();
  const webhook = await deps.repos.webhooks.insert({
    id: randomUUID(),
    user_id: userId,
    url: input.url,
    events: input.events,
    description: input.description ?? null,
    active: input.active,
    secret_sealed: seal(deps.webhooks.keyring, secret),
  });
  return { webhook, secret };
}
