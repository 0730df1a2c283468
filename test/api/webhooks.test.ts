/**
 * Webhooks end to end: registration (secret shown once, tenant-scoped), signed delivery to a local receiver by a
 * Temporal workflow, retries with back-off while the receiver fails, FAILED after the last attempt, replay.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../../lib/webhook-signature';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A local receiver that answers 500 `failures` times, then 200; or redirects everything to `redirectTo`. */
function startReceiver() {
  const received: Received[] = [];
  const state: { failures: number; redirectTo?: string } = { failures: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      if (state.redirectTo) {
        res.writeHead(302, { Location: state.redirectTo }).end('internal details: db=10.0.0.7 password=hunter2');
      } else if (state.failures > 0) {
        state.failures -= 1;
        res.writeHead(500).end('not now');
      } else res.writeHead(200).end('ok');
    });
  });
  return new Promise<{ url: string; received: Received[]; state: typeof state; close(): Promise<void> }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        received,
        state,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  stack = await startStack({
    env: {
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_RETRY_INITIAL_SECONDS: '0.2',
      WEBHOOK_RETRY_MAX_SECONDS: '0.5',
      // The receiver is on loopback: the tests-only opt-in (production refuses it; test/security/webhook-ssrf.test.ts
      // proves every internal address is refused without it).
      WEBHOOK_ALLOW_LOOPBACK_TARGETS: 'true',
    },
  });
  receiver = await startReceiver();
});
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});

async function register(ws: Workspace, events = ['execution.succeeded', 'execution.failed']) {
  const res = await call(stack.apiUrl, 'POST', '/api/webhooks', {
    token: ws.token,
    body: { url: receiver.url, events },
  });
  expect(res.status).toBe(201);
  return res.body as { id: string; secret: string };
}

async function runExecution(ws: Workspace) {
  const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
    token: ws.token,
    body: {},
  });
  return waitForExecution(stack.apiUrl, ws.token, started.body.executionId);
}

async function waitForDeliveries(ws: Workspace, webhookId: string, done: (items: any[]) => boolean) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await call(stack.apiUrl, 'GET', `/api/webhooks/${webhookId}/deliveries`, { token: ws.token });
    if (done(res.body.items)) return res.body.items as any[];
    if (Date.now() > deadline) throw new Error(`deliveries still ${JSON.stringify(res.body.items)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('webhooks', () => {
  test('when a webhook is registered, then its secret is shown once and another user cannot see it', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const other = await createWorkspace(stack.apiUrl);
    const hook = await register(ws);
    expect(hook.secret).toMatch(/^whsec_/);
    const got = await call(stack.apiUrl, 'GET', `/api/webhooks/${hook.id}`, { token: ws.token });
    expect(got.status).toBe(200);
    expect(got.body.secret).toBeUndefined();
    for (const [method, path] of [
      ['GET', `/api/webhooks/${hook.id}`],
      ['GET', `/api/webhooks/${hook.id}/deliveries`],
      ['DELETE', `/api/webhooks/${hook.id}`],
    ]) {
      expect((await call(stack.apiUrl, method!, path!, { token: other.token })).status).toBe(404);
    }
    const bad = await call(stack.apiUrl, 'POST', '/api/webhooks', {
      token: ws.token,
      body: { url: 'ftp://x', events: ['nope'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_ERROR');
  });

  test('when an execution succeeds, then a signed execution.succeeded is delivered', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const hook = await register(ws);
    const before = receiver.received.length;
    const execution = await runExecution(ws);
    expect(execution.status).toBe('SUCCEEDED');
    const [delivery] = await waitForDeliveries(ws, hook.id, (items) => items[0]?.status === 'SUCCEEDED');
    const got = receiver.received.slice(before).find((r) => r.headers['x-recomamp-delivery'] === delivery.id)!;
    expect(got.headers['x-recomamp-event']).toBe('execution.succeeded');
    expect(verifyWebhookSignature(hook.secret, got.body, got.headers['x-recomamp-signature'] as string).ok).toBe(true);
    expect(verifyWebhookSignature('whsec_wrong', got.body, got.headers['x-recomamp-signature'] as string).ok).toBe(
      false,
    );
    const body = JSON.parse(got.body);
    expect(body).toMatchObject({
      id: delivery.id,
      event: 'execution.succeeded',
      data: { executionId: execution.id, status: 'SUCCEEDED' },
    });
    expect(delivery).toMatchObject({
      attempts: 1,
      lastStatusCode: 200,
      event: 'execution.succeeded',
      subjectId: execution.id,
    });
  });

  test('when the receiver fails twice, then the delivery is retried and succeeds on the third attempt', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const hook = await register(ws);
    receiver.state.failures = 2;
    await runExecution(ws);
    const [delivery] = await waitForDeliveries(ws, hook.id, (items) => items[0]?.status === 'SUCCEEDED');
    expect(delivery.attempts).toBe(3);
    expect(receiver.received.filter((r) => r.headers['x-recomamp-delivery'] === delivery.id)).toHaveLength(3);
  });

  test('when every attempt fails, then the delivery is FAILED, listed under ?status=failed, and a replay delivers it', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const hook = await register(ws);
    receiver.state.failures = 3; // = WEBHOOK_MAX_ATTEMPTS
    await runExecution(ws);
    const [failed] = await waitForDeliveries(ws, hook.id, (items) => items[0]?.status === 'FAILED');
    expect(failed).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: 'receiver answered HTTP 500' });
    const listed = await call(stack.apiUrl, 'GET', `/api/webhooks/${hook.id}/deliveries?status=failed`, {
      token: ws.token,
    });
    expect(listed.body.items.map((d: any) => d.id)).toEqual([failed.id]);

    const other = await createWorkspace(stack.apiUrl);
    expect(
      (await call(stack.apiUrl, 'POST', `/api/webhooks/deliveries/${failed.id}/replay`, { token: other.token })).status,
    ).toBe(404);
    const replay = await call(stack.apiUrl, 'POST', `/api/webhooks/deliveries/${failed.id}/replay`, {
      token: ws.token,
    });
    expect(replay.status).toBe(202);
    const [delivered] = await waitForDeliveries(ws, hook.id, (items) => items[0]?.status === 'SUCCEEDED');
    expect(delivered).toMatchObject({ id: failed.id, attempts: 1, lastStatusCode: 200 });
    const failedNow = await call(stack.apiUrl, 'GET', `/api/webhooks/${hook.id}/deliveries?status=failed`, {
      token: ws.token,
    });
    expect(failedNow.body.items).toEqual([]);
  });

  test('when the receiver redirects to another loopback address, then the redirect is not followed and its body is not shown', async () => {
    const internal = await startReceiver(); // stands for an internal service the redirect aims at
    const ws = await createWorkspace(stack.apiUrl);
    const hook = await register(ws);
    receiver.state.redirectTo = `${internal.url}/admin`;
    try {
      await runExecution(ws);
      const [failed] = await waitForDeliveries(ws, hook.id, (items) => items[0]?.status === 'FAILED');
      expect(failed).toMatchObject({
        attempts: 3,
        lastStatusCode: 302,
        lastError: 'receiver answered HTTP 302 (redirects are not followed)',
      });
      expect(JSON.stringify(failed)).not.toMatch(/hunter2|10\.0\.0\.7/);
      expect(internal.received).toEqual([]);
    } finally {
      receiver.state.redirectTo = undefined;
      await internal.close();
    }
  });

  test('when a webhook only wants execution.failed, then a successful run sends nothing', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const hook = await register(ws, ['execution.failed']);
    const execution = await runExecution(ws);
    await stack.temporal.workflow.getHandle(execution.temporalWorkflowId).result(); // past the point it would emit
    const res = await call(stack.apiUrl, 'GET', `/api/webhooks/${hook.id}/deliveries`, { token: ws.token });
    expect(res.body.items).toEqual([]);
  });
});
