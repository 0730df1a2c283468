/**
 * Webhook signatures, Stripe-style: `X-RecomAMP-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The timestamp is signed too, so a captured delivery cannot be replayed later than `toleranceSeconds`.
 * Receivers verify with `verifyWebhookSignature` (or the same four lines in their language; see README).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-RecomAMP-Signature';
export const EVENT_HEADER = 'X-RecomAMP-Event';
export const DELIVERY_HEADER = 'X-RecomAMP-Delivery';

/** A new signing secret, shown to the user once. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signWebhook(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

export type VerifyResult =
  { ok: true; timestamp: number } | { ok: false; reason: 'MALFORMED' | 'BAD_SIGNATURE' | 'TIMESTAMP_OUT_OF_RANGE' };

/** Checks a signature header against the raw request body (the exact bytes received, before any JSON parsing). */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | undefined,
  opts: { toleranceSeconds?: number; now?: number } = {},
): VerifyResult {
  const parts = new Map<string, string[]>();
  for (const item of (header ?? '').split(',')) {
    const i = item.indexOf('=');
    if (i > 0)
      parts.set(item.slice(0, i).trim(), [...(parts.get(item.slice(0, i).trim()) ?? []), item.slice(i + 1).trim()]);
  }
  const timestamp = Number(parts.get('t')?.[0]);
  const signatures = parts.get('v1') ?? [];
  if (!Number.isInteger(timestamp) || signatures.length === 0) return { ok: false, reason: 'MALFORMED' };
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (opts.toleranceSeconds ?? 300))
    return { ok: false, reason: 'TIMESTAMP_OUT_OF_RANGE' };
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  const matches = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { ok: true, timestamp } : { ok: false, reason: 'BAD_SIGNATURE' };
}
