import type { AmcCallContext } from '../../amc/client';
import { isRetryable } from '../../amc/client';
import { SIMPLE_SQL, sleep, startSimulator, waitForExecution } from './sim-harness';

describe('simulator concurrency limit, fault injection and control endpoints', () => {
  let h: Awaited<ReturnType<typeof startSimulator>>;
  let ctx: AmcCallContext;
  beforeAll(async () => {
    h = await startSimulator({ executionSeconds: 0.4, pendingSeconds: 0.05, concurrencyLimit: 2 });
    ctx = await h.contextFor('limits-user');
  });
  afterEach(() => h.sim.clearFaults());
  afterAll(() => h.sim.close());

  it('when more runs are created than the instance limit, then extras wait PENDING and peakConcurrent never exceeds it', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await h.amc.createExecution(ctx, { workflow: { sqlQuery: SIMPLE_SQL } })).workflowExecutionId);
    await sleep(150);
    const statuses = await Promise.all(ids.map(async (id) => (await h.amc.getExecution(ctx, id)).status));
    expect(statuses.filter((s) => s === 'RUNNING')).toHaveLength(2);
    expect(statuses.filter((s) => s === 'PENDING')).toHaveLength(3);
    const mid = h.sim.stats().executions.byInstance[ctx.instanceId]!;
    expect(mid.running).toBe(2);

    for (const id of ids) expect((await waitForExecution(h.amc, ctx, id)).status).toBe('SUCCEEDED');
    const stats = h.sim.stats();
    expect(stats.executions.created).toBe(5);
    expect(stats.executions.byInstance[ctx.instanceId]).toMatchObject({ created: 5, running: 0, peakConcurrent: 2 });
  });

  it('when a 429 fault is injected, then the client error is throttled, retryable and carries retryAfterSeconds', async () => {
    const res = await fetch(`${h.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rates: { '429': 1 }, retryAfterSeconds: 7 }),
    });
    expect(res.status).toBe(200);
    const err = await h.amc.listWorkflows(ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'throttled', status: 429, retryAfterSeconds: 7, retryable: true });
    expect(isRetryable(err)).toBe(true);
    // /__sim/* is never faulted.
    expect((await fetch(`${h.url}/__sim/stats`)).status).toBe(200);
    await fetch(`${h.url}/__sim/faults`, { method: 'DELETE' });
    await expect(h.amc.listWorkflows(ctx)).resolves.toEqual([]);
  });

  it('when an outage is injected, then every AMC call answers 503 (retryable server error)', async () => {
    h.sim.setFaults({ outageSeconds: 30 });
    await expect(h.amc.listAccounts(ctx.accessToken)).rejects.toMatchObject({
      kind: 'server',
      status: 503,
      retryable: true,
    });
    await expect(h.amc.getExecution(ctx, 'x')).rejects.toMatchObject({ status: 503 });
  });

  it('when failAfterRunning is 1, then runs end FAILED with a statusReason', async () => {
    h.sim.setFaults({ failAfterRunning: 1 });
    const created = await h.amc.createExecution(ctx, { workflow: { sqlQuery: SIMPLE_SQL } });
    const done = await waitForExecution(h.amc, ctx, created.workflowExecutionId);
    expect(done.status).toBe('FAILED');
    expect(done.statusReason).toMatch(/failed/i);
    await expect(h.amc.getDownloadUrls(ctx, created.workflowExecutionId)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('when latency is injected, then AMC calls are slowed and a short client timeout becomes kind timeout', async () => {
    h.sim.setFaults({ latencyMs: 300 });
    const { createAmcClient } = await import('../../amc/client');
    const impatient = createAmcClient({ baseUrl: h.url, clientId: h.sim.options.clientId, timeoutMs: 100 });
    await expect(impatient.listWorkflows(ctx)).rejects.toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('when the AMC host is unreachable, then the client error is kind network', async () => {
    const { createAmcClient } = await import('../../amc/client');
    const nowhere = createAmcClient({ baseUrl: 'http://127.0.0.1:1', clientId: 'x', timeoutMs: 2000 });
    await expect(nowhere.listAccounts('t')).rejects.toMatchObject({ kind: 'network', retryable: true });
  });

  it('when /__sim/config gets bad input, then it answers 400; good input changes the knobs', async () => {
    const bad = await fetch(`${h.url}/__sim/config`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ concurrencyLimit: 0 }),
    });
    expect(bad.status).toBe(400);
    const unknown = await fetch(`${h.url}/__sim/config`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ nope: 1 }),
    });
    expect(unknown.status).toBe(400);
    const badFaults = await fetch(`${h.url}/__sim/faults`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ rates: { '429': 0.7, '500': 0.7 } }),
    });
    expect(badFaults.status).toBe(400);
    const ok = await fetch(`${h.url}/__sim/config`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ concurrencyLimit: 3, executionSeconds: 0.2 }),
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ concurrencyLimit: 3, executionSeconds: 0.2 });
    expect(h.sim.options.concurrencyLimit).toBe(3);
  });

  it('when reading /__sim/stats, then it has the documented shape', async () => {
    const stats = (await (await fetch(`${h.url}/__sim/stats`)).json()) as Record<string, unknown>;
    expect(stats).toMatchObject({
      executions: { created: expect.any(Number), byInstance: expect.any(Object) },
      tokens: { issued: expect.any(Number), refreshed: expect.any(Number), revoked: expect.any(Number) },
    });
    const byInstance = (stats.executions as { byInstance: Record<string, Record<string, number>> }).byInstance;
    expect(byInstance[ctx.instanceId]).toMatchObject({
      created: expect.any(Number),
      running: expect.any(Number),
      peakConcurrent: expect.any(Number),
    });
  });
});
