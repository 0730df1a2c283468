/**
 * Create a webhook (POST /api/webhooks): the URL must be one webhooks may reach (services/webhook-target.ts: 400
 * WEBHOOK_URL_NOT_ALLOWED otherwise); a new signing secret, stored sealed (lib/token-sealing.ts) and returned once,
 * for the receiver to verify X-RecomAMP-Signature with. Changing a webhook's URL (PATCH) checks it the same way.
 */
import { randomUUID } from 'node:crypto';
import type { WebhookEvent, WebhookRow } from '../db/tables';
import { seal, type SealingKeyring } from '../lib/token-sealing';
import { newWebhookSecret } from '../lib/webhook-signature';
import type { ServiceDeps } from './deps';
import { checkWebhookUrl, WebhookUrlNotAllowedError, type WebhookTargetRules } from './webhook-target';
import { AppError } from '../lib/app-error';

/** The URL check of create and update, as the API's 400. */
export async function assertWebhookUrlAllowed(targets: WebhookTargetRules, url: string): Promise<void> {
  try {
    await checkWebhookUrl(targets, url);
  } catch (err) {
    if (err instanceof WebhookUrlNotAllowedError) {
      throw new AppError(400, 'WEBHOOK_URL_NOT_ALLOWED', err.message, { reason: err.reason });
    }
    throw err;
  }
}

export interface WebhookInput {
  url: string;
  events: WebhookEvent[];
  description?: string;
  active: boolean;
}

export async function createWebhook(
  deps: Pick<ServiceDeps, 'repos'> & { webhooks: { keyring: SealingKeyring; targets: WebhookTargetRules } },
  userId: string,
  input: WebhookInput,
): Promise<{ webhook: WebhookRow; secret: string }> {
  await assertWebhookUrlAllowed(deps.webhooks.targets, input.url);
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
