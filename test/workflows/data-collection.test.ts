/**
 * Data collections end to end: API → Temporal (real dev server) → worker → AMC simulator → Postgres.
 * The instance limit is 3 here while the simulator would run 10, so the simulator's peakConcurrent measures
 * RecomAMP's quota gate, not the simulator's own queue.
 */
import { progressQuery } from '../../workflows/messages';
import { call, simStats } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
const LIMIT = 3;
/** Each wait below has its own 90 s deadline and a test waits for up to three collections: jest's 60 s would cut
 * a slow but healthy run on a busy CI machine before the test's own deadline can say what was still running. */
jest.setTimeout(300_000);

beforeAll(async () => {
  stack = await startStack({
    simulator: { executionSeconds: 0.5, pendingSeconds: 0.1, concurrencyLimit: 10 },
    env: {
      AMC_MAX_CONCURRENT_PER_INSTANCE: String(LIMIT),
      COLLECTION_WEEK_RETRY_LIMIT: '1',
      COLLECTION_RETRY_BACKOFF_SECONDS: '0.2',
      COLLECTION_CONTINUE_AS_NEW_AFTER_WEEKS: '5',
    },
  });
});
afterAll(() => stack?.close());

/** 12 whole Monday weeks, long past (no data lag). */
const TWELVE_WEEKS = { startDate: '2026-01-05', endDate: '2026-03-29' };

async function createCollection(ws: Workspace, body: Record<string, unknown> = {}) {
  const res = await call(stack.apiUrl, 'POST', '/api/data-collections', {
    token: ws.token,
    body: { workflowId: ws.savedQuery.id, ...TWELVE_WEEKS, ...body },
  });
  expect(res.status).toBe(202);
  return res.body as { id: string; status: string; totalWeeks: number; temporalWorkflowId: string };
}

async function waitForCollection(ws: Workspace, id: string, done: (c: any) => boolean, onPoll?: (c: any) => void) {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await call(stack.apiUrl, 'GET', `/api/data-collections/${id}`, { token: ws.token });
    onPoll?.(res.body);
    if (res.status === 200 && done(res.body)) return res.body;
    if (Date.now() > deadline) throw new Error(`collection ${id} still ${JSON.stringify(res.body)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const finished = (c: any) => ['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'].includes(c.status);

describe('data collections', () => {
  test('when one week fails at AMC, then it is retried, left FAILED without stopping the others, and retry-failed completes it', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    await call(stack.simUrl, 'POST', '/__sim/faults', { body: { failWindowStarts: ['2026-01-19T00:00:00'] } });
    let collection;
    try {
      const created = await createCollection(ws);
      expect(created.totalWeeks).toBe(12);
      collection = await waitForCollection(ws, created.id, finished);
    } finally {
      await fetch(`${stack.simUrl}/__sim/faults`, { method: 'DELETE' });
    }
    expect(collection.status).toBe('PARTIAL');
    expect(collection.counts).toMatchObject({ succeeded: 11, failed: 1, running: 0, pending: 0 });
    // Issue 16 finding 4: progress counts succeeded weeks; `finished` is the share that will not run again.
    expect(collection.progress).toBeCloseTo(11 / 12);
    expect(collection.finished).toBe(1);
    const failed = collection.weeks.find((w: any) => w.status === 'FAILED');
    expect(failed).toMatchObject({ weekStart: '2026-01-19', attempts: 2, error: { code: 'AMC_EXECUTION_FAILED' } });

    const retry = await call(stack.apiUrl, 'POST', `/api/data-collections/${collection.id}/retry-failed`, {
      token: ws.token,
    });
    expect(retry.status).toBe(202);
    expect(retry.body.reopenedWeeks).toBe(1);
    const done = await waitForCollection(ws, collection.id, (c) => c.status === 'SUCCEEDED');
    expect(done.counts).toMatchObject({ succeeded: 12, failed: 0 });
    expect(done.weeks.find((w: any) => w.weekStart === '2026-01-19')).toMatchObject({
      status: 'SUCCEEDED',
      attempts: 3,
    });
    expect((await simStats(stack.simUrl)).executions.byInstance[ws.instance.instanceId].created).toBe(14);

    // Each week is an ordinary execution, a backfill at the quota gate.
    const week = await call(stack.apiUrl, 'GET', `/api/executions/${done.weeks[0].executionId}`, { token: ws.token });
    expect(week.body).toMatchObject({ status: 'SUCCEEDED', runKind: 'backfill', queuePosition: null });
    expect(week.body.temporalWorkflowId).toBe(`${done.temporalWorkflowId}/week-2026-01-05`);

    // The same progress is answerable by a Temporal query.
    const progress = await stack.temporal.workflow.getHandle(done.temporalWorkflowId).query(progressQuery);
    expect(progress).toMatchObject({ totalWeeks: 12, finishedWeeks: 12, progress: 1 });

    // results: every week's rows, stamped with week_start, in week order.
    const results = await call(stack.apiUrl, 'GET', `/api/data-collections/${collection.id}/results`, {
      token: ws.token,
    });
    expect(results.status).toBe(200);
    expect(results.body.columns.map((c: any) => c.name)).toEqual(['week_start', 'campaign', 'impressions', 'reach']);
    const weekStarts = [...new Set(results.body.rows.map((r: any) => r.week_start))];
    expect(weekStarts).toEqual(done.weeks.map((w: any) => w.weekStart));
    expect(results.body.rows).toHaveLength(done.weeks.reduce((n: number, w: any) => n + w.rowCount, 0));
    const csv = await call(stack.apiUrl, 'GET', `/api/data-collections/${collection.id}/results?format=csv`, {
      token: ws.token,
    });
    expect(String(csv.body).split('\n')[0]).toBe('week_start,campaign,impressions,reach');

    // Changing the saved query's SQL makes every week STALE; rerun-stale runs them again with the new SQL.
    const put = await call(stack.apiUrl, 'PUT', `/api/workflows/${ws.savedQuery.id}`, {
      token: ws.token,
      body: {
        name: 'Campaign reach v2',
        instanceId: ws.instance.id,
        sqlQuery: 'SELECT campaign, COUNT(DISTINCT user_id) AS reach FROM dsp_impressions GROUP BY campaign',
      },
    });
    expect(put.status).toBe(200);
    const stale = await call(stack.apiUrl, 'GET', `/api/data-collections/${collection.id}`, { token: ws.token });
    expect(stale.body.counts.stale).toBe(12);
    const rerun = await call(stack.apiUrl, 'POST', `/api/data-collections/${collection.id}/rerun-stale`, {
      token: ws.token,
    });
    expect(rerun.body.reopenedWeeks).toBe(12);
    const fresh = await waitForCollection(
      ws,
      collection.id,
      (c) => c.status === 'SUCCEEDED' && c.counts.succeeded === 12,
    );
    expect(new Set(fresh.weeks.map((w: any) => w.sqlHash)).size).toBe(1);
  });

  test('when the worker is stopped and restarted midway, then the collection completes with exactly 12 AMC executions', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    // Two at a time, so weeks remain unlaunched when 5 have finished and the run continues as new.
    const created = await createCollection(ws, { concurrency: 2 });
    await waitForCollection(ws, created.id, (c) => c.counts.succeeded >= 3);
    await stack.stopWorker();
    await new Promise((r) => setTimeout(r, 1000));
    await stack.startWorker();
    const done = await waitForCollection(ws, created.id, finished);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.weeks.every((w: any) => w.attempts === 1)).toBe(true);
    expect((await simStats(stack.simUrl)).executions.byInstance[ws.instance.instanceId].created).toBe(12);
    // 12 weeks with continue-as-new every 5 finished weeks: the workflow ran in more than one run.
    const description = await stack.temporal.workflow.getHandle(created.temporalWorkflowId).describe();
    expect(description.raw.workflowExecutionInfo?.firstRunId).not.toBe(description.runId);
  });

  test('when two collections run on one instance, then AMC never runs more than its limit at once', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const [first, second] = [
      await createCollection(ws, { concurrency: 10 }),
      await createCollection(ws, { concurrency: 10 }),
    ];
    let sawQueue = false;
    const watch = (c: any) => {
      if (c.weeks?.some((w: any) => w.waitingFor === 'quota' && w.queuePosition >= 1)) sawQueue = true;
    };
    await waitForCollection(ws, first.id, finished, watch);
    await waitForCollection(ws, second.id, finished, watch);
    const stats = (await simStats(stack.simUrl)).executions.byInstance[ws.instance.instanceId];
    expect(stats.created).toBe(24);
    expect(stats.peakConcurrent).toBeLessThanOrEqual(LIMIT);
    expect(sawQueue).toBe(true);
  });

  test('when a week has no complete data at AMC yet, then it waits, and cancel ends the collection', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const today = new Date().toISOString().slice(0, 10);
    const created = await createCollection(ws, { startDate: today, endDate: today });
    const waiting = await waitForCollection(ws, created.id, (c) => c.weeks[0].status === 'WAITING');
    expect(waiting.weeks[0]).toMatchObject({ waitingFor: 'data_lag', partial: true });
    expect(waiting.progress).toBe(0);
    const cancel = await call(stack.apiUrl, 'POST', `/api/data-collections/${created.id}/cancel`, { token: ws.token });
    expect(cancel.status).toBe(202);
    const done = await waitForCollection(ws, created.id, finished);
    expect(done.status).toBe('CANCELLED');
    expect(done.weeks[0].status).toBe('CANCELLED');
    const again = await call(stack.apiUrl, 'POST', `/api/data-collections/${created.id}/pause`, { token: ws.token });
    expect(again.status).toBe(409);
    expect((await simStats(stack.simUrl)).executions.byInstance[ws.instance.instanceId]?.created ?? 0).toBe(0);
  });
});
