/**
 * The AMC execution workflow end to end: API → Temporal (real dev server) → worker → AMC simulator → Postgres.
 */
import { call, simStats, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let ws: Workspace;

beforeAll(async () => {
  stack = await startStack({ simulator: { executionSeconds: 1, pendingSeconds: 0.2 } });
  ws = await createWorkspace(stack.apiUrl);
});
afterAll(() => stack?.close());

const execute = (body: Record<string, unknown> = {}) =>
  call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, { token: ws.token, body });

describe('AMC execution workflow', () => {
  test('when a saved query is executed, then it runs at AMC and its rows land in Postgres', async () => {
    const started = await execute({
      parameters: { min_impressions: 5 },
      timeWindowStart: '2026-10-01',
      timeWindowEnd: '2026-10-08',
    });
    expect(started.status).toBe(202);
    const execution = await waitForExecution(stack.apiUrl, ws.token, started.body.executionId);

    expect(execution).toMatchObject({
      status: 'SUCCEEDED',
      workflowId: ws.savedQuery.id,
      instanceId: ws.instance.id,
      timeWindowStart: '2026-10-01T00:00:00.000Z',
      timeWindowEnd: '2026-10-08T00:00:00.000Z',
      temporalWorkflowId: `amc-execution/${execution.id}`,
    });
    expect(execution.sqlQuery).toContain('impressions >= 5');
    expect(execution.amcExecutionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(execution.rowCount).toBeGreaterThan(0);

    const results = await call(stack.apiUrl, 'GET', `/api/executions/${execution.id}/results`, { token: ws.token });
    expect(results.status).toBe(200);
    expect(results.body.columns.map((c: { name: string }) => c.name)).toEqual(['campaign', 'impressions', 'reach']);
    expect(results.body.rows).toHaveLength(execution.rowCount);
    expect(results.body.total).toBe(execution.rowCount);
    expect(typeof results.body.rows[0].impressions).toBe('number');
    expect(Object.keys(results.body.rows[0])).toEqual(['campaign', 'impressions', 'reach']);

    const csv = await call(stack.apiUrl, 'GET', `/api/executions/${execution.id}/results?format=csv`, {
      token: ws.token,
    });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(String(csv.body).split('\n')[0]).toBe('campaign,impressions,reach');

    // Every status transition is recorded.
    const history = await call(stack.apiUrl, 'GET', `/api/executions/${execution.id}/history`, { token: ws.token });
    const statuses = history.body.items.map((e: { status: string }) => e.status);
    expect(statuses[0]).toBe('PENDING');
    expect(statuses).toContain('RUNNING');
    expect(statuses[statuses.length - 1]).toBe('SUCCEEDED');

    // And AMC ran it exactly once.
    const stats = await simStats(stack.simUrl);
    expect(stats.executions.byInstance[ws.instance.instanceId].created).toBe(1);
  });

  test('when the SQL does not compile at AMC, then the execution is FAILED with line and column', async () => {
    const broken = await call(stack.apiUrl, 'POST', '/api/workflows', {
      token: ws.token,
      body: {
        name: 'Broken',
        instanceId: ws.instance.id,
        sqlQuery: 'SELECT campaign,\n  SUM(impressions) AS impressions\nFROM dsp_impressions\nGROUP BY campaign,,',
      },
    });
    expect(broken.status).toBe(201);
    const started = await call(stack.apiUrl, 'POST', `/api/workflows/${broken.body.id}/execute`, {
      token: ws.token,
      body: {},
    });
    const execution = await waitForExecution(stack.apiUrl, ws.token, started.body.executionId);
    expect(execution.status).toBe('FAILED');
    expect(execution.error.code).toBe('AMC_SQL_COMPILE_ERROR');
    expect(execution.error.line).toBe(4);
    expect(execution.error.column).toBeGreaterThan(0);
    expect(execution.amcExecutionId).toBeNull();
  });

  test('when the access token expires mid-run, then the worker refreshes it and the run completes', async () => {
    await call(stack.simUrl, 'POST', '/__sim/config', { body: { executionSeconds: 3 } });
    try {
      const before = await simStats(stack.simUrl);
      const started = await execute({ idempotencyKey: 'token-expiry' });
      await waitForExecution(stack.apiUrl, ws.token, started.body.executionId, (e) => e.status === 'RUNNING');
      // Every access token the simulator issued is now expired: the next poll gets a 401.
      expect((await fetch(`${stack.simUrl}/__sim/tokens/expire`, { method: 'POST' })).status).toBeLessThan(300);
      const execution = await waitForExecution(stack.apiUrl, ws.token, started.body.executionId);
      expect(execution.status).toBe('SUCCEEDED');
      const after = await simStats(stack.simUrl);
      expect(after.tokens.refreshed).toBeGreaterThan(before.tokens.refreshed);
    } finally {
      await call(stack.simUrl, 'POST', '/__sim/config', { body: { executionSeconds: 1 } });
    }
  });

  test('when the same idempotencyKey is sent twice, then one execution runs', async () => {
    const first = await execute({ idempotencyKey: 'nightly-2026-11-01' });
    const second = await execute({ idempotencyKey: 'nightly-2026-11-01' });
    expect(second.status).toBe(202);
    expect(second.body.executionId).toBe(first.body.executionId);
    expect(second.body.created).toBe(false);
    const execution = await waitForExecution(stack.apiUrl, ws.token, first.body.executionId);
    expect(execution.status).toBe('SUCCEEDED');
    const listed = await call(stack.apiUrl, 'GET', `/api/executions?workflowId=${ws.savedQuery.id}&limit=500`, {
      token: ws.token,
    });
    expect(
      listed.body.items.filter((e: { idempotencyKey: string }) => e.idempotencyKey === 'nightly-2026-11-01'),
    ).toHaveLength(1);
  });

  test('when a running execution is cancelled, then the workflow and the AMC execution are cancelled', async () => {
    await call(stack.simUrl, 'POST', '/__sim/config', { body: { executionSeconds: 30 } });
    try {
      const started = await execute();
      const running = await waitForExecution(
        stack.apiUrl,
        ws.token,
        started.body.executionId,
        (e) => e.status === 'RUNNING',
      );
      const cancel = await call(stack.apiUrl, 'POST', `/api/executions/${running.id}/cancel`, { token: ws.token });
      expect(cancel.status).toBe(202);
      const execution = await waitForExecution(stack.apiUrl, ws.token, running.id);
      expect(execution.status).toBe('CANCELLED');
      expect(execution.amcStatus).toBe('CANCELLED');
      // The row turns CANCELLED inside the workflow's cleanup; the workflow closes right after.
      const handle = stack.temporal.workflow.getHandle(execution.temporalWorkflowId);
      await expect(handle.result()).rejects.toThrow();
      expect((await handle.describe()).status.name).toBe('CANCELLED');
      const again = await call(stack.apiUrl, 'POST', `/api/executions/${running.id}/cancel`, { token: ws.token });
      expect(again.status).toBe(409);
    } finally {
      await call(stack.simUrl, 'POST', '/__sim/config', { body: { executionSeconds: 1 } });
    }
  });
});
