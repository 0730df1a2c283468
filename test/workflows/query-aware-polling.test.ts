/**
 * Polling that knows the query (lib/poll-plan.ts) end to end: API → Temporal → worker → simulator → Postgres. A
 * query's first runs poll as before and show no expected completion; once it has history, a run shows
 * `expectedCompletionAt`, is checked on a plan (fewer AMC status calls) and is still seen finished promptly; a new
 * query on the same instance falls back to the instance's history.
 */
import { tsToMs } from '@temporalio/common/lib/time';
import { call, simStats, waitForExecution } from '../helpers/api-client';
import { CAMPAIGN_QUERY, createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

/** The simulator runs a query whose SQL says so for this long (amc/simulator/execution-engine.ts). */
const RUN_SECONDS = 10;
const TIMED_QUERY = `-- sim:executionSeconds=${RUN_SECONDS}\n${CAMPAIGN_QUERY}`;

// Four 10 s runs (three at once) before the planned one is measured: more than jest's default minute on a busy machine.
jest.setTimeout(180_000);

let stack: Stack;
let ws: Workspace;

beforeAll(async () => {
  // Poll settings as the other tests (0.2 s first, 1 s cap), so a run takes seconds.
  stack = await startStack({ simulator: { executionSeconds: 1, pendingSeconds: 0 } });
  ws = await createWorkspace(stack.apiUrl, { sqlQuery: TIMED_QUERY.replace('{{min_impressions}}', '1') });
});
afterAll(() => stack?.close());

async function run(savedQueryId: string): Promise<{ execution: any; statusChecks: number; amcFinishedAt: number }> {
  const before = (await simStats(stack.simUrl)).executions.statusChecks;
  const started = await call(stack.apiUrl, 'POST', `/api/workflows/${savedQueryId}/execute`, {
    token: ws.token,
    body: {},
  });
  expect(started.status).toBe(202);
  const execution = await waitForExecution(stack.apiUrl, ws.token, started.body.executionId, undefined, 60_000);
  expect(execution.status).toBe('SUCCEEDED');
  const statusChecks = (await simStats(stack.simUrl)).executions.statusChecks - before;
  const amcRun = (await call(stack.simUrl, 'GET', '/__sim/executions')).body.items.find(
    (e: any) => e.workflowExecutionId === execution.amcExecutionId,
  );
  return { execution, statusChecks, amcFinishedAt: amcRun.finishedAt };
}

describe('polling that knows the query', () => {
  test('when a query has run before, then its next run shows when it should end and AMC is asked less often', async () => {
    const first = await run(ws.savedQuery.id);
    expect(first.execution.expectedCompletionAt).toBeNull(); // no history: polled as before

    await Promise.all([run(ws.savedQuery.id), run(ws.savedQuery.id)]); // more history (three runs)
    const planned = await run(ws.savedQuery.id);
    const { startedAt, expectedCompletionAt, completedAt } = planned.execution;
    expect(expectedCompletionAt).not.toBeNull();
    const expectedSeconds = (Date.parse(expectedCompletionAt) - Date.parse(startedAt)) / 1000;
    // AMC's timestamps have whole seconds: the estimate is the run's time within a second.
    expect(expectedSeconds).toBeGreaterThanOrEqual(RUN_SECONDS - 1);
    expect(expectedSeconds).toBeLessThanOrEqual(RUN_SECONDS + 1);
    expect(Date.parse(completedAt)).toBeGreaterThan(Date.parse(startedAt));

    // Sparse checks, then dense ones around the expected end: fewer calls than the back-off of a first run.
    expect(planned.statusChecks).toBeLessThan(first.statusChecks);

    // The history shows the plan: durable timers between the sparse checks, then (when the run ends in its band)
    // one activity whose fixed-interval retries are the dense checks (every 5 % of the run, at least
    // pollInitialSeconds = 0.2 s, at most pollMaxSeconds / 2 = 0.5 s), and AMC's end seen by the first check made after it (the order of
    // events, not their latency, which a busy machine stretches; the bench measures the lag).
    const events = (await stack.temporal.workflow.getHandle(planned.execution.temporalWorkflowId).fetchHistory())
      .events!;
    const timerCount = events.filter((e) => e.timerStartedEventAttributes).length;
    expect(timerCount).toBeGreaterThanOrEqual(2);
    const checks = events
      .map((e) => e.activityTaskScheduledEventAttributes)
      .filter((a) => a?.activityType?.name === 'pollAmcExecution');
    const dense = checks.filter((a) => a!.retryPolicy?.backoffCoefficient === 1);
    expect(dense.length).toBeLessThanOrEqual(1);
    for (const d of dense) {
      const intervalMs = tsToMs(d!.retryPolicy!.initialInterval);
      expect(intervalMs).toBeGreaterThanOrEqual(200);
      expect(intervalMs).toBeLessThanOrEqual(500);
      expect(tsToMs(d!.retryPolicy!.maximumInterval)).toBe(intervalMs);
      expect(d!.retryPolicy!.maximumAttempts).toBeGreaterThan(1);
    }
    // One scheduled activity per sparse check, at most one for the band, at most one for the back-off after it.
    expect(checks.length).toBeLessThanOrEqual(timerCount + 2);
    const checksAfterEnd = events.filter(
      (e) =>
        e.activityTaskScheduledEventAttributes?.activityType?.name === 'pollAmcExecution' &&
        tsToMs(e.eventTime) > planned.amcFinishedAt,
    );
    expect(checksAfterEnd.length).toBeLessThanOrEqual(1);
  });

  test('when a run outlasts its band, then the dense checks end and the back-off still sees it finish', async () => {
    const timed = (seconds: number) =>
      `-- sim:executionSeconds=${seconds}\n${CAMPAIGN_QUERY.replace('{{min_impressions}}', '3')}`;
    const saved = await call(stack.apiUrl, 'POST', '/api/workflows', {
      token: ws.token,
      body: { name: 'Usually quick', instanceId: ws.instance.id, sqlQuery: timed(3) },
    });
    expect(saved.status).toBe(201);
    // Two runs of history: with so few the band is ±40 % of them (1.8–4.2 s), wide enough that a busy machine's late
    // sparse checks cannot step over it (a band passed before it is reached goes straight to the back-off). Its 13
    // checks, 0.2 s apart on paper, are retried about once a second by Temporal (its retry timers' granularity):
    // over by ~15 s.
    await Promise.all([run(saved.body.id), run(saved.body.id)]);
    // The same saved query now takes 25 s at AMC: past its band's last check.
    const edited = await call(stack.apiUrl, 'PUT', `/api/workflows/${saved.body.id}`, {
      token: ws.token,
      body: { name: 'Usually quick', instanceId: ws.instance.id, sqlQuery: timed(25) },
    });
    expect([edited.status, edited.body]).toEqual([200, expect.anything()]);
    const slow = await run(saved.body.id);
    expect(slow.execution.status).toBe('SUCCEEDED');
    const events = (await stack.temporal.workflow.getHandle(slow.execution.temporalWorkflowId).fetchHistory()).events!;
    const checks = events
      .map((e) => ({ e, a: e.activityTaskScheduledEventAttributes }))
      .filter(({ a }) => a?.activityType?.name === 'pollAmcExecution');
    // Each check activity's back-off coefficient, in order: sparse checks (2), the band (1), the back-off (1.3).
    expect(checks.map(({ a }) => a!.retryPolicy?.backoffCoefficient)).toContain(1);
    const denseAt = checks.findIndex(({ a }) => a!.retryPolicy?.backoffCoefficient === 1);
    // The band's activity failed once its checks ran out ("not finished yet"), and the back-off that followed saw
    // AMC's end.
    const denseId = checks[denseAt]!.e.eventId;
    const denseFailed = events.find(
      (e) =>
        e.activityTaskFailedEventAttributes &&
        String(e.activityTaskFailedEventAttributes.scheduledEventId) === String(denseId),
    );
    expect(denseFailed?.activityTaskFailedEventAttributes?.failure?.applicationFailureInfo?.type).toBe(
      'AMC_EXECUTION_NOT_FINISHED',
    );
    const after = checks.slice(denseAt + 1);
    expect(after).toHaveLength(1);
    expect(after[0]!.a!.retryPolicy?.backoffCoefficient).toBe(1.3);
  });

  test("when a new query runs on an instance with history, then it falls back to the instance's", async () => {
    const other = await call(stack.apiUrl, 'POST', '/api/workflows', {
      token: ws.token,
      body: {
        name: 'Other query',
        instanceId: ws.instance.id,
        sqlQuery: TIMED_QUERY.replace('{{min_impressions}}', '2'),
      },
    });
    expect(other.status).toBe(201);
    const { execution } = await run(other.body.id);
    expect(execution.expectedCompletionAt).not.toBeNull();
  });
});
