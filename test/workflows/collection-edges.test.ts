/**
 * Data collections at the edges of their life (issue 15): a signal that arrives while the collection finishes,
 * one event per completion, the outcome visible in Temporal, counters that tell the truth (issue 16 finding 4).
 * Races are made deterministic by holding a real activity at a gate (StackOptions.wrapActivities).
 */
import type { WebhookSubject } from '../../activities/webhooks';
import { call } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { createGate, type Gate } from '../helpers/gate';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
/** The collection whose webhook emission waits at `gate` (one at a time). */
let hold: { collectionId: string; gate: Gate } | undefined;

beforeAll(async () => {
  stack = await startStack({
    simulator: { executionSeconds: 0.3, pendingSeconds: 0.1 },
    env: { COLLECTION_WEEK_RETRY_LIMIT: '0', COLLECTION_RETRY_BACKOFF_SECONDS: '0.2' },
    wrapActivities: (activities) => ({
      ...activities,
      async createWebhookDeliveries(subject: WebhookSubject) {
        if (subject.kind === 'collection' && hold?.collectionId === subject.collectionId) await hold.gate.wait();
        return activities.createWebhookDeliveries(subject);
      },
    }),
  });
});
afterAll(() => stack?.close());
afterEach(async () => {
  hold?.gate.open();
  hold = undefined;
  await fetch(`${stack.simUrl}/__sim/faults`, { method: 'DELETE' });
});

/** Two whole Monday weeks, long past (no data lag). */
const TWO_WEEKS = { startDate: '2026-01-05', endDate: '2026-01-18' };
const SECOND_WEEK_FAILS = { failWindowStarts: ['2026-01-12T00:00:00'] };

async function createCollection(ws: Workspace): Promise<string> {
  const res = await call(stack.apiUrl, 'POST', '/api/data-collections', {
    token: ws.token,
    body: { workflowId: ws.savedQuery.id, ...TWO_WEEKS },
  });
  expect(res.status).toBe(202);
  return res.body.id;
}

async function waitForCollection(ws: Workspace, id: string, done: (c: any) => boolean, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call(stack.apiUrl, 'GET', `/api/data-collections/${id}`, { token: ws.token });
    if (res.status === 200 && done(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`collection ${id} still ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('data collections at the edges', () => {
  test('when retry-failed arrives while the collection is finishing, then the reopened week runs and the collection ends SUCCEEDED', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    await call(stack.simUrl, 'POST', '/__sim/faults', { body: SECOND_WEEK_FAILS });
    const id = await createCollection(ws);
    hold = { collectionId: id, gate: createGate() };

    // The workflow has written PARTIAL and is emitting its event when the user asks for a retry.
    await waitForCollection(ws, id, (c) => c.status === 'PARTIAL');
    await hold.gate.reached;
    await fetch(`${stack.simUrl}/__sim/faults`, { method: 'DELETE' });
    const retry = await call(stack.apiUrl, 'POST', `/api/data-collections/${id}/retry-failed`, { token: ws.token });
    expect(retry.status).toBe(202);
    hold.gate.open();

    const done = await waitForCollection(ws, id, (c) => c.status === 'SUCCEEDED', 30_000);
    expect(done.counts).toMatchObject({ succeeded: 2, failed: 0, pending: 0 });
  });
});
