/**
 * Data collections at the edges of their life (issue 15): a signal that arrives while the collection finishes,
 * one event per completion, the outcome visible in Temporal, counters that tell the truth (issue 16 finding 4).
 * Races are made deterministic by holding a real activity at a gate (StackOptions.wrapActivities).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebhookSubject } from '../../activities/webhooks';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { createGate, type Gate } from '../helpers/gate';
import { startStack, type Stack } from '../helpers/stack';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';

/** A webhook receiver on loopback that accepts everything. */
function startReceiver(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => req.resume().on('end', () => res.writeHead(200).end('ok')));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

let stack: Stack;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
/** The collection whose webhook emission waits at `gate` (one at a time). */
let hold: { collectionId: string; gate: Gate } | undefined;
/** The collection whose next week to start (a rerun; or only an automatic retry) waits at `gate`. */
let holdPrepare: { collectionId: string; gate: Gate; retryOnly?: boolean } | undefined;

/** Whether the week is waiting for an automatic retry (what a retry-only hold waits for). */
async function isRetry(ref: { collectionId: string; weekStart: string }): Promise<boolean> {
  const week = await stack
    .db('collection_weeks')
    .where({ collection_id: ref.collectionId, week_start: ref.weekStart })
    .first();
  return week?.status === 'WAITING' && week.wait_reason === 'retry';
}

beforeAll(async () => {
  stack = await startStack({
    simulator: { executionSeconds: 0.3, pendingSeconds: 0.1 },
    env: {
      COLLECTION_WEEK_RETRY_LIMIT: '1',
      COLLECTION_RETRY_BACKOFF_SECONDS: '0.2',
      WEBHOOK_ALLOW_LOOPBACK_TARGETS: 'true',
    },
    wrapActivities: (activities) => ({
      ...activities,
      async prepareCollectionWeek(ref: { collectionId: string; weekStart: string }) {
        const h = holdPrepare;
        if (h?.collectionId === ref.collectionId && (!h.retryOnly || (await isRetry(ref)))) await h.gate.wait();
        return activities.prepareCollectionWeek(ref);
      },
      async createWebhookDeliveries(subject: WebhookSubject) {
        if (subject.kind === 'collection' && hold?.collectionId === subject.collectionId) await hold.gate.wait();
        return activities.createWebhookDeliveries(subject);
      },
    }),
  });
});
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await stack?.close();
  await receiver?.close();
});
afterEach(async () => {
  hold?.gate.open();
  hold = undefined;
  holdPrepare?.gate.open();
  holdPrepare = undefined;
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

async function subscribe(ws: Workspace, events: string[]): Promise<string> {
  const res = await call(stack.apiUrl, 'POST', '/api/webhooks', {
    token: ws.token,
    body: { url: receiver.url, events },
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** The webhook's deliveries, oldest first, once `count` exist. */
async function deliveries(ws: Workspace, webhookId: string, count: number): Promise<any[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const res = await call(stack.apiUrl, 'GET', `/api/webhooks/${webhookId}/deliveries`, { token: ws.token });
    const items = [...res.body.items].sort((a: any, b: any) => a.createdAt.localeCompare(b.createdAt));
    if (items.length >= count) return items;
    if (Date.now() > deadline) throw new Error(`deliveries still ${JSON.stringify(items)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

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

  test('when a collection finishes PARTIAL and then SUCCEEDED after retry-failed, then each completion is its own event with its own outcome', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const webhookId = await subscribe(ws, ['collection.completed']);
    await call(stack.simUrl, 'POST', '/__sim/faults', { body: SECOND_WEEK_FAILS });
    const id = await createCollection(ws);
    const partial = await waitForCollection(ws, id, (c) => c.status === 'PARTIAL');
    await fetch(`${stack.simUrl}/__sim/faults`, { method: 'DELETE' });
    const [first] = await deliveries(ws, webhookId, 1);

    await call(stack.apiUrl, 'POST', `/api/data-collections/${id}/retry-failed`, { token: ws.token });
    const succeeded = await waitForCollection(ws, id, (c) => c.status === 'SUCCEEDED');
    const items = await deliveries(ws, webhookId, 2);

    expect(items).toHaveLength(2);
    expect(items[0].id).toBe(first.id);
    expect(items[1].id).not.toBe(first.id);
    expect(items[0].payload.data).toMatchObject({ status: 'PARTIAL', completion: 1, completedAt: partial.completedAt });
    expect(items[1].payload.data).toMatchObject({
      status: 'SUCCEEDED',
      completion: 2,
      completedAt: succeeded.completedAt,
    });
    expect(items[1].payload.data.completedAt).not.toBe(items[0].payload.data.completedAt);
  });

  test('when a collection is cancelled, then a collection.completed event says CANCELLED', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const webhookId = await subscribe(ws, ['collection.completed']);
    // Its last week ends in the future: it waits for AMC's data lag until cancelled.
    const res = await call(stack.apiUrl, 'POST', '/api/data-collections', {
      token: ws.token,
      body: { workflowId: ws.savedQuery.id, startDate: isoDay(-21), endDate: isoDay(7) },
    });
    expect(res.status).toBe(202);
    const waiting = await waitForCollection(ws, res.body.id, (c) =>
      c.weeks.some((w: any) => w.waitingFor === 'data_lag'),
    );
    // Issue 16 finding 4: a week waiting for AMC's data lag says until when (its end + COLLECTION_DATA_LAG_DAYS).
    for (const w of waiting.weeks.filter((x: any) => x.waitingFor === 'data_lag')) {
      expect(w.nextAttemptAt).toBe(new Date(Date.parse(`${w.weekEnd}T00:00:00Z`) + 2 * 86_400_000).toISOString());
    }
    expect(
      (await call(stack.apiUrl, 'POST', `/api/data-collections/${res.body.id}/cancel`, { token: ws.token })).status,
    ).toBe(202);
    const cancelled = await waitForCollection(ws, res.body.id, (c) => c.status === 'CANCELLED');
    // A cancelled collection is finished, not done: progress counts succeeded weeks only.
    expect(cancelled.finished).toBe(1);
    expect(cancelled.progress).toBe(cancelled.counts.succeeded / cancelled.totalWeeks);
    expect(cancelled.progress).toBeLessThan(1);
    const [delivery] = await deliveries(ws, webhookId, 1);
    expect(delivery).toMatchObject({ event: 'collection.completed', subjectId: res.body.id });
    expect(delivery.payload.data).toMatchObject({ status: 'CANCELLED', completion: 1 });
  });

  test('when an execution is cancelled, then an execution.cancelled event is sent', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const webhookId = await subscribe(ws, ['execution.cancelled']);
    await call(stack.simUrl, 'POST', '/__sim/config', { body: { executionSeconds: 60 } });
    try {
      const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
        token: ws.token,
        body: {},
      });
      const id = started.body.executionId;
      await waitForExecution(stack.apiUrl, ws.token, id, (e) => e.amcStatus === 'RUNNING');
      expect((await call(stack.apiUrl, 'POST', `/api/executions/${id}/cancel`, { token: ws.token })).status).toBe(202);
      const [delivery] = await deliveries(ws, webhookId, 1);
      expect(delivery).toMatchObject({ event: 'execution.cancelled', subjectId: id });
      expect(delivery.payload.data).toMatchObject({ executionId: id, status: 'CANCELLED' });
    } finally {
      await call(stack.simUrl, 'POST', '/__sim/config', { body: { executionSeconds: 0.3 } });
    }
  });

  test('when every week fails, then the collection workflow is Failed with RecomampStatus FAILED; a PARTIAL one is findable by RecomampStatus', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    await call(stack.simUrl, 'POST', '/__sim/faults', {
      body: { failWindowStarts: ['2026-01-05T00:00:00', '2026-01-12T00:00:00'] },
    });
    const failedId = await createCollection(ws);
    const failed = await waitForCollection(ws, failedId, (c) => c.status === 'FAILED');
    const failedRun = stack.temporal.workflow.getHandle(failed.temporalWorkflowId);
    await expect(failedRun.result()).rejects.toThrow();
    const described = await failedRun.describe();
    expect(described.status.name).toBe('FAILED');
    expect(described.typedSearchAttributes.get(SEARCH_ATTRIBUTES.status)).toBe('FAILED');

    await call(stack.simUrl, 'POST', '/__sim/faults', { body: SECOND_WEEK_FAILS });
    const partialId = await createCollection(ws);
    const partial = await waitForCollection(ws, partialId, (c) => c.status === 'PARTIAL');
    const partialRun = stack.temporal.workflow.getHandle(partial.temporalWorkflowId);
    await partialRun.result();
    expect((await partialRun.describe()).typedSearchAttributes.get(SEARCH_ATTRIBUTES.status)).toBe('PARTIAL');
    // What an operator types in the Temporal UI (visibility is eventually consistent: wait for it).
    const query = `RecomampStatus = 'PARTIAL' AND RecomampCollectionId = '${partialId}'`;
    const deadline = Date.now() + 20_000;
    const found: string[] = [];
    while (found.length === 0 && Date.now() < deadline) {
      for await (const w of stack.temporal.workflow.list({ query })) found.push(w.workflowId);
      if (found.length === 0) await new Promise((r) => setTimeout(r, 300));
    }
    expect(found).toEqual([partial.temporalWorkflowId]);
  });

  test('when a week waits for its automatic retry, then it shows that retry as left and when it runs; once out of retries, 0', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    await call(stack.simUrl, 'POST', '/__sim/faults', { body: SECOND_WEEK_FAILS });
    const id = await createCollection(ws);
    // Hold the retry when it is about to start: the week is WAITING for it.
    holdPrepare = { collectionId: id, gate: createGate(), retryOnly: true };
    await holdPrepare.gate.reached;
    const view = await call(stack.apiUrl, 'GET', `/api/data-collections/${id}`, { token: ws.token });
    const waiting = view.body.weeks.find((w: any) => w.weekStart === '2026-01-12');
    expect(waiting).toMatchObject({ status: 'WAITING', waitingFor: 'retry', retriesLeft: 1, attempts: 1 });
    expect(waiting.error.code).toBe('AMC_EXECUTION_FAILED');
    expect(Date.parse(waiting.nextAttemptAt)).toBeGreaterThan(Date.parse(view.body.createdAt));
    holdPrepare.gate.open();
    holdPrepare = undefined;

    const done = await waitForCollection(ws, id, (c) => c.status === 'PARTIAL');
    expect(done.weeks.find((w: any) => w.weekStart === '2026-01-12')).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      retriesLeft: 0,
    });
    expect(done.progress).toBe(0.5);
    expect(done.finished).toBe(1);
  });

  test('when a week fails for good (AMC refuses the SQL), then it shows retriesLeft 0 after one attempt', async () => {
    const ws = await createWorkspace(stack.apiUrl, { sqlQuery: 'SELECT campaign FROM no_such_table' });
    const res = await call(stack.apiUrl, 'POST', '/api/data-collections', {
      token: ws.token,
      body: { workflowId: ws.savedQuery.id, startDate: '2026-01-05', endDate: '2026-01-11' },
    });
    const done = await waitForCollection(ws, res.body.id, (c) => c.status === 'FAILED');
    expect(done.weeks[0]).toMatchObject({ status: 'FAILED', attempts: 1, retriesLeft: 0 });
    expect(done.weeks[0].error.code).toBe('AMC_SQL_COMPILE_ERROR');
    expect(done.progress).toBe(0);
  });

  test('when stale weeks are rerun, then their old rows stay in the results until the new ones are stored', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const id = await createCollection(ws);
    await waitForCollection(ws, id, (c) => c.status === 'SUCCEEDED');
    const before = await call(stack.apiUrl, 'GET', `/api/data-collections/${id}/results`, { token: ws.token });
    expect(before.body.total).toBeGreaterThan(0);

    const put = await call(stack.apiUrl, 'PUT', `/api/workflows/${ws.savedQuery.id}`, {
      token: ws.token,
      body: {
        name: 'Reach only',
        instanceId: ws.instance.id,
        sqlQuery: 'SELECT campaign, COUNT(DISTINCT user_id) AS reach FROM dsp_impressions GROUP BY campaign',
      },
    });
    expect(put.status).toBe(200);
    holdPrepare = { collectionId: id, gate: createGate() };
    const rerun = await call(stack.apiUrl, 'POST', `/api/data-collections/${id}/rerun-stale`, { token: ws.token });
    expect(rerun.body.reopenedWeeks).toBe(2);
    await holdPrepare.gate.reached;
    const during = await call(stack.apiUrl, 'GET', `/api/data-collections/${id}/results`, { token: ws.token });
    expect(during.body.total).toBe(before.body.total);
    expect(during.body.rows).toEqual(before.body.rows);
    holdPrepare.gate.open();
    holdPrepare = undefined;

    await waitForCollection(ws, id, (c) => c.status === 'SUCCEEDED');
    const after = await call(stack.apiUrl, 'GET', `/api/data-collections/${id}/results`, { token: ws.token });
    expect(after.body.columns.map((c: any) => c.name)).toEqual(['week_start', 'campaign', 'reach']);
  });
});
