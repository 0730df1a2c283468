/**
 * Scenario: polling that knows the query (lib/poll-plan.ts) on a realistic mix of AMC run times: four saved
 * queries whose runs take 15 min, 30 min, 1 h and 2 h, each run ±30 % (uniform; the simulator's per-query SQL
 * hint). Time is scaled down by `scale` (run times and every poll setting alike: the API process runs with
 * AMC_POLL_INITIAL_SECONDS and AMC_POLL_MAX_SECONDS scaled), so call counts are what the full-length runs would
 * make; lags are reported scaled back up, which multiplies the fixed costs of a check (activity, AMC call,
 * Postgres, result download) by 1/scale: pessimistic, never flattering.
 *
 * Wave 1 gives each query its history: no plan yet, so it also measures the first-run behaviour (the back-off).
 * Wave 2 runs with the estimates wave 1 left. Both are compared with a fixed 15 s poller over the same runs
 * (a run's calls = ceil(its AMC time / 15 s)). Freshness lag = AMC finished → our API shows it: the status check
 * that sees AMC's SUCCEEDED stores it (the execution's `amcStatus`, its first event with that AMC status), which is
 * when the API shows the run as done at AMC. The lag to `completed_at` (SUCCEEDED with its results stored: the
 * download and ingest added) is reported beside it (`resultsLag*`).
 */
import type { Knex } from 'knex';
import { TASK_QUEUES } from '../../workflows/task-queues';
import { call, simStats } from '../../test/helpers/api-client';
import { CAMPAIGN_QUERY, createWorkspace } from '../../test/helpers/fixtures';
import type { Stack } from '../../test/helpers/stack';
import { startApiProcess } from '../api-process';
import { createBenchClient } from '../http-client';
import { percentile, round } from '../measure';
import { startWorkerProcess } from '../worker-process';

/** The realistic mix: nominal run minutes, each run ± SPREAD. */
const MIX_MINUTES = [15, 30, 60, 120];
const SPREAD = 0.3;
const FIXED_POLL_SECONDS = 15;
const PRODUCTION_POLL = { initialSeconds: 5, maxSeconds: 60 };

export interface PollingWave {
  runs: number;
  succeeded: number;
  /** AMC status calls ÷ a fixed 15 s poller's over the same runs. */
  statusCallRatio: number;
  statusCallsPerRun: number;
  fixedPollerCallsPerRun: number;
  /** Lag (AMC finished → the check that sees it) as a share of the run's own AMC time, in %. */
  freshnessLagP50Pct: number;
  freshnessLagP99Pct: number;
  /** Lag scaled back to full-length time, in ms. */
  freshnessLagP50Ms: number;
  freshnessLagP99Ms: number;
  /** AMC finished → completed_at (results stored), % of the run and full-length ms. */
  resultsLagP50Pct: number;
  resultsLagP99Ms: number;
  /** Per nominal run length: a fixed poller's calls per run and our p99 lag in full-length ms. */
  byMix: Record<string, { fixedCallsPerRun: number; lagP99Ms: number }>;
}

export interface PollingResult {
  scale: number;
  mixMinutes: number[];
  spread: number;
  /** Runs of queries with history, polled on a plan: the figures of the goal. */
  statusCallRatio: number;
  freshnessLagP50Pct: number;
  freshnessLagP99Ms: number;
  planned: PollingWave;
  /** The same queries' first runs (no history): the back-off every run used before. */
  firstRuns: PollingWave;
  wallSeconds: number;
}

interface Run {
  id: string;
  minutes: number;
}

async function waitTerminal(db: Knex, ids: string[], deadlineMs: number): Promise<void> {
  for (;;) {
    const [row] = await db('executions')
      .whereIn('id', ids)
      .whereIn('status', ['SUCCEEDED', 'FAILED', 'CANCELLED'])
      .count({ n: '*' });
    if (Number(row?.n) >= ids.length) return;
    if (Date.now() > deadlineMs) throw new Error(`polling bench: ${ids.length - Number(row?.n)} runs never finished`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function measureWave(stack: Stack, runs: Run[], statusCalls: number, scale: number): Promise<PollingWave> {
  const amcRuns = new Map<string, { createdAt: number; finishedAt: number | null }>(
    (await call(stack.simUrl, 'GET', '/__sim/executions')).body.items.map((r: any) => [r.workflowExecutionId, r]),
  );
  const rows: { id: string; amc_execution_id: string; completed_at: Date | null; status: string }[] = await stack
    .db('executions')
    .whereIn(
      'id',
      runs.map((r) => r.id),
    )
    .select('id', 'amc_execution_id', 'completed_at', 'status');
  // When the check that saw AMC's SUCCEEDED stored it (the first event carrying that AMC status).
  const seen: { execution_id: string; seen_at: Date }[] = await stack
    .db('execution_status_events')
    .whereIn(
      'execution_id',
      runs.map((r) => r.id),
    )
    .where({ amc_status: 'SUCCEEDED' })
    .groupBy('execution_id')
    .select('execution_id', stack.db.raw('min(created_at) AS seen_at'));
  const seenAt = new Map(seen.map((r) => [r.execution_id, r.seen_at.getTime()]));
  const minutesOf = new Map(runs.map((r) => [r.id, r.minutes]));
  const lagsMs: number[] = [];
  const lagsPct: number[] = [];
  const resultsLagsMs: number[] = [];
  const resultsLagsPct: number[] = [];
  let fixedCalls = 0;
  const byMix: Record<string, { lags: number[]; fixed: number; runs: number }> = {};
  for (const row of rows) {
    const amc = amcRuns.get(row.amc_execution_id);
    const seenAtMs = seenAt.get(row.id);
    if (!amc?.finishedAt || !row.completed_at || row.status !== 'SUCCEEDED' || seenAtMs === undefined) continue;
    const amcMs = amc.finishedAt - amc.createdAt;
    const lag = seenAtMs - amc.finishedAt;
    const resultsLag = row.completed_at.getTime() - amc.finishedAt;
    resultsLagsMs.push(resultsLag / scale);
    resultsLagsPct.push((100 * resultsLag) / amcMs);
    const fixed = Math.ceil(amcMs / 1000 / (FIXED_POLL_SECONDS * scale));
    lagsMs.push(lag / scale);
    lagsPct.push((100 * lag) / amcMs);
    fixedCalls += fixed;
    const mix = (byMix[`${minutesOf.get(row.id)} min`] ??= { lags: [], fixed: 0, runs: 0 });
    mix.lags.push(lag / scale);
    mix.fixed += fixed;
    mix.runs += 1;
  }
  for (const lags of [lagsMs, lagsPct, resultsLagsMs, resultsLagsPct]) lags.sort((a, b) => a - b);
  const succeeded = lagsMs.length;
  return {
    runs: runs.length,
    succeeded,
    statusCallRatio: round(statusCalls / Math.max(1, fixedCalls), 3),
    statusCallsPerRun: round(statusCalls / runs.length),
    fixedPollerCallsPerRun: round(fixedCalls / Math.max(1, succeeded)),
    freshnessLagP50Pct: round(percentile(lagsPct, 50)),
    freshnessLagP99Pct: round(percentile(lagsPct, 99)),
    freshnessLagP50Ms: Math.round(percentile(lagsMs, 50)),
    freshnessLagP99Ms: Math.round(percentile(lagsMs, 99)),
    resultsLagP50Pct: round(percentile(resultsLagsPct, 50)),
    resultsLagP99Ms: Math.round(percentile(resultsLagsMs, 99)),
    byMix: Object.fromEntries(
      Object.entries(byMix).map(([k, m]) => [
        k,
        {
          fixedCallsPerRun: round(m.fixed / m.runs),
          lagP99Ms: Math.round(
            percentile(
              m.lags.sort((a, b) => a - b),
              99,
            ),
          ),
        },
      ]),
    ),
  };
}

export async function polling(
  stack: Stack,
  opts: { scale: number; historyRuns: number; measuredRuns: number },
): Promise<PollingResult> {
  const started = performance.now();
  const { scale } = opts;
  const total = MIX_MINUTES.length * Math.max(opts.historyRuns, opts.measuredRuns);
  await call(stack.simUrl, 'POST', '/__sim/config', {
    // Synthetic result rows: a run takes exactly its planned time (a sandbox query on a busy machine can outlast it).
    body: {
      pendingSeconds: 0,
      concurrencyLimit: Math.min(1000, total),
      executionSpread: 0,
      resultSource: 'synthetic',
      resultRows: 10,
    },
  });
  const api = await startApiProcess(stack, {
    env: {
      AMC_POLL_INITIAL_SECONDS: String(PRODUCTION_POLL.initialSeconds * scale),
      AMC_POLL_MAX_SECONDS: String(PRODUCTION_POLL.maxSeconds * scale),
    },
  });
  const worker = await startWorkerProcess(stack, {
    AMC_MAX_CONCURRENT_PER_INSTANCE: String(total),
    AMC_MAX_CONCURRENT_PER_ACCOUNT: String(total),
  });
  const client = createBenchClient(api.url);
  try {
    const ws = await createWorkspace(api.url);
    const queries: { id: string; minutes: number }[] = [];
    for (const minutes of MIX_MINUTES) {
      const seconds = round(minutes * 60 * scale, 3);
      const sqlQuery = `-- sim:executionSeconds=${seconds} sim:spread=${SPREAD}\n${CAMPAIGN_QUERY.replace('{{min_impressions}}', '1')}`;
      const saved = await call(api.url, 'POST', '/api/workflows', {
        token: ws.token,
        body: { name: `${minutes}-minute query`, instanceId: ws.instance.id, sqlQuery },
      });
      if (saved.status !== 201) throw new Error(`saved query: ${saved.status} ${JSON.stringify(saved.body)}`);
      queries.push({ id: saved.body.id, minutes });
    }
    const wave = async (perQuery: number): Promise<PollingWave> => {
      const before = (await simStats(stack.simUrl)).executions.statusChecks;
      const runs: Run[] = [];
      await Promise.all(
        queries.flatMap((q) =>
          Array.from({ length: perQuery }, async () => {
            const res = await client.request('POST', `/api/workflows/${q.id}/execute`, { token: ws.token, body: {} });
            if (res.status !== 202) throw new Error(`execute answered ${res.status}: ${res.body}`);
            runs.push({ id: JSON.parse(res.body).executionId, minutes: q.minutes });
          }),
        ),
      );
      const longest = Math.max(...MIX_MINUTES) * 60 * scale * (1 + SPREAD);
      await waitTerminal(
        stack.db,
        runs.map((r) => r.id),
        Date.now() + (longest * 2 + 300) * 1000,
      );
      const calls = (await simStats(stack.simUrl)).executions.statusChecks - before;
      return measureWave(stack, runs, calls, scale);
    };
    const firstRuns = await wave(opts.historyRuns);
    const planned = await wave(opts.measuredRuns);
    return {
      scale,
      mixMinutes: MIX_MINUTES,
      spread: SPREAD,
      statusCallRatio: planned.statusCallRatio,
      freshnessLagP50Pct: planned.freshnessLagP50Pct,
      freshnessLagP99Ms: planned.freshnessLagP99Ms,
      planned,
      firstRuns,
      wallSeconds: round((performance.now() - started) / 1000),
    };
  } finally {
    client.close();
    await worker.close();
    await api.close();
  }
}

/** The stack this scenario runs on: its executions go to the production task queue the worker process polls. */
export const POLLING_STACK = { noWorker: true, taskQueue: TASK_QUEUES.amc } as const;
