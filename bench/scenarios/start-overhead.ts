/**
 * Scenario 1: executions started per second through POST /api/workflows/:id/execute against raw Temporal
 * `client.workflow.start` of the same workflow, same process, interleaved rounds so machine noise cancels.
 * No worker polls the task queue: this measures starting, not running.
 */
import { randomUUID } from 'node:crypto';
import { amcExecutionWorkflow } from '../../workflows';
import { call } from '../../test/helpers/api-client';
import { createWorkspace } from '../../test/helpers/fixtures';
import type { Stack } from '../../test/helpers/stack';
import { drive, round, type RunStats } from '../measure';

export interface StartOverheadResult {
  startOverheadRatio: number;
  apiStartP50Ms: number;
  apiStartP99Ms: number;
  api: RunStats[];
  raw: RunStats[];
  concurrency: number;
}

export async function startOverhead(
  stack: Stack,
  opts: { perRound: number; rounds: number },
): Promise<StartOverheadResult> {
  const ws = await createWorkspace(stack.apiUrl);
  const concurrency = 16;
  const viaApi = () =>
    drive(opts.perRound, concurrency, async () => {
      const res = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
        token: ws.token,
        body: {},
      });
      if (res.status !== 202) throw new Error(`execute answered ${res.status}: ${JSON.stringify(res.body)}`);
    });
  const raw = () =>
    drive(opts.perRound, concurrency, async () => {
      await stack.temporal.workflow.start(amcExecutionWorkflow, {
        taskQueue: stack.taskQueue,
        workflowId: `bench-raw/${randomUUID()}`,
        args: [{ executionId: randomUUID() }],
      });
    });
  await viaApi(); // warm-up: JIT, pools, first connections
  await raw();
  const apiRuns: RunStats[] = [];
  const rawRuns: RunStats[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    apiRuns.push(await viaApi());
    rawRuns.push(await raw());
  }
  const rate = (runs: RunStats[]) => runs.reduce((s, x) => s + x.count, 0) / runs.reduce((s, x) => s + x.seconds, 0);
  const worst = (runs: RunStats[], k: 'p50Ms' | 'p99Ms') => Math.max(...runs.map((x) => x[k]));
  return {
    startOverheadRatio: round(rate(apiRuns) / rate(rawRuns), 3),
    apiStartP50Ms: worst(apiRuns, 'p50Ms'),
    apiStartP99Ms: worst(apiRuns, 'p99Ms'),
    api: apiRuns,
    raw: rawRuns,
    concurrency,
  };
}
