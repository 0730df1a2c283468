/**
 * Scenario 2: many executions in flight at once against the simulator. The worker runs as its own process
 * (worker/main.ts, production defaults for polling) so its peak RSS and CPU seconds are its own. Compares AMC
 * status calls per execution with a fixed 15-second poller (the seed's design) over the same AMC durations,
 * and measures freshness: from AMC reaching a terminal state to the API showing the execution finished.
 */
import { TERMINAL_EXECUTION_STATUSES } from '../../lib/execution-statuses';
import type { Stack } from '../../test/helpers/stack';
import { call, simStats } from '../../test/helpers/api-client';
import { createWorkspace } from '../../test/helpers/fixtures';
import { createBenchClient } from '../http-client';
import { drive, percentile, round } from '../measure';
import { startWorkerProcess } from '../worker-process';

export interface InflightResult {
  executions: number;
  /** Most executions RUNNING at AMC at once (the simulator's count). */
  peakInFlightAtAmc: number;
  completed: number;
  executionSeconds: number;
  workerPeakRssMb: number;
  workerCpuSeconds: number;
  statusCallsPerExecution: number;
  fixedPollerCallsPerExecution: number;
  freshnessLagP50Ms: number;
  freshnessLagP99Ms: number;
  wallSeconds: number;
}

const FIXED_POLL_SECONDS = 15;

export async function inflight(
  stack: Stack,
  apiUrl: string,
  opts: { executions: number; executionSeconds: number },
): Promise<InflightResult> {
  // Synthetic result rows (5–20 a run): the simulator answers at once, so the run measures the worker.
  const simConfig = {
    executionSeconds: opts.executionSeconds,
    pendingSeconds: 1,
    concurrencyLimit: opts.executions,
    resultSource: 'synthetic',
  };
  await call(stack.simUrl, 'POST', '/__sim/config', { body: simConfig });
  const worker = await startWorkerProcess(stack, {
    AMC_MAX_CONCURRENT_PER_INSTANCE: String(opts.executions),
    AMC_MAX_CONCURRENT_PER_ACCOUNT: String(opts.executions),
  });
  const client = createBenchClient(apiUrl);
  try {
    const ws = await createWorkspace(apiUrl);
    const before = await simStats(stack.simUrl);
    const started = performance.now();
    const ids: string[] = [];
    await drive(opts.executions, 16, async () => {
      const res = await client.request('POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
        token: ws.token,
        body: {},
      });
      if (res.status !== 202) throw new Error(`execute answered ${res.status}`);
      ids.push(JSON.parse(res.body).executionId);
    });
    const deadline = Date.now() + (opts.executionSeconds * 3 + 300) * 1000;
    let done = 0;
    while (done < ids.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 1000));
      const counted = await stack
        .db('executions')
        .whereIn('id', ids)
        .whereIn('status', [...TERMINAL_EXECUTION_STATUSES])
        .count({ count: '*' });
      done = Number(counted[0]?.count ?? 0);
    }
    const wallSeconds = round((performance.now() - started) / 1000);
    const proc = worker.stats();
    const after = await simStats(stack.simUrl);
    const amcRuns: { workflowExecutionId: string; createdAt: number; finishedAt: number | null }[] = (
      await call(stack.simUrl, 'GET', '/__sim/executions')
    ).body.items;
    const rows: { amc_execution_id: string; completed_at: Date | null; status: string }[] = await stack
      .db('executions')
      .whereIn('id', ids)
      .select('amc_execution_id', 'completed_at', 'status');
    const byAmcId = new Map(amcRuns.map((r) => [r.workflowExecutionId, r]));
    const lags: number[] = [];
    let fixedCalls = 0;
    for (const row of rows) {
      const amcRun = byAmcId.get(row.amc_execution_id);
      if (!amcRun?.finishedAt || !row.completed_at) continue;
      lags.push(row.completed_at.getTime() - amcRun.finishedAt);
      // A fixed poller asks every 15 s from creation and sees the terminal state at the first poll after it.
      fixedCalls += Math.ceil((amcRun.finishedAt - amcRun.createdAt) / 1000 / FIXED_POLL_SECONDS);
    }
    lags.sort((a, b) => a - b);
    const statusCalls = after.executions.statusChecks - before.executions.statusChecks;
    return {
      executions: ids.length,
      peakInFlightAtAmc: after.executions.byInstance[ws.instance.instanceId]?.peakConcurrent ?? 0,
      completed: rows.filter((r) => r.status === 'SUCCEEDED').length,
      executionSeconds: opts.executionSeconds,
      workerPeakRssMb: proc.peakRssMb,
      workerCpuSeconds: proc.cpuSeconds,
      statusCallsPerExecution: round(statusCalls / ids.length),
      fixedPollerCallsPerExecution: round(fixedCalls / Math.max(1, lags.length)),
      freshnessLagP50Ms: Math.round(percentile(lags, 50)),
      freshnessLagP99Ms: Math.round(percentile(lags, 99)),
      wallSeconds,
    };
  } finally {
    client.close();
    await worker.close();
  }
}
