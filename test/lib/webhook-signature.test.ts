import { signWebhook, verifyWebhookSignature } from '../../lib/webhook-signature';

const secret = 'whsec_test';
const body = JSON.stringify({ event: 'execution.succeeded', data: { executionId: 'e1' } });

describe('webhook signatures', () => {
  test('when the body and timestamp are as signed, then it verifies', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(header).toMatch(/^t=1700000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(secret, body, header, { now: 1_700_000_010 })).toEqual({
      ok: true,
      timestamp: 1_700_000_000,
    });
  });

  test('when the body is tampered with, then it is a bad signature', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    const tampered = body.replace('e1', 'e2');
    expect(verifyWebhookSignature(secret, tampered, header, { now: 1_700_000_000 })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  test('when the secret is another, then it is a bad signature', () => {
    const header = signWebhook('whsec_other', body, 1_700_000_000);
    expect(verifyWebhookSignature(secret, body, header, { now: 1_700_000_000 }).ok).toBe(false);
  });

  test('when the timestamp is changed, then the signature no longer matches', () => {
    const header = signWebhook(secret, body, 1_700_000_000).replace('t=1700000000', 't=1700000100');
    expect(verifyWebhookSignature(secret, body, header, { now: 1_700_000_100 })).toEqual({
      ok: false,
      reason: 'BAD_SIGNATURE',
    });
  });

  test('when the timestamp is older than the tolerance, then it is refused even with a good signature', () => {
    const header = signWebhook(secret, body, 1_700_000_000);
    expect(verifyWebhookSignature(secret, body, header, { now: 1_700_000_301 })).toEqual({
      ok: false,
      reason: 'TIMESTAMP_OUT_OF_RANGE',
    });
    expect(verifyWebhookSignature(secret, body, header, { now: 1_700_000_301, toleranceSeconds: 600 }).ok).toBe(true);
  });

  test('when the header is missing or malformed, then it is MALFORMED', () => {
    for (const header of [undefined, '', 'v1=abc', 't=x,v1=abc', 't=1700000000']) {
      expect(verifyWebhookSignature(secret, body, header, { now: 1_700_000_000 })).toEqual({
        ok: false,
        reason: 'MALFORMED',
      });
    }
  });

  test('when several v1 signatures are sent (secret rotation), then any matching one verifies', () => {
    const good = signWebhook(secret, body, 1_700_000_000);
    const header = `t=1700000000,v1=${'0'.repeat(64)},${good.split(',')[1]}`;
    expect(verifyWebhookSignature(secret, body, header, { now: 1_700_000_000 }).ok).toBe(true);
  });
});
