/**
 * Scenario 3: makespan of a 52-week data collection with per-instance limit K and simulator execution time T,
 * against the ideal ceil(52 / K) × T. Runs with production poll intervals unless told otherwise.
 */
import type { Knex } from 'knex';
import { isFinishedCollectionStatus } from '../../lib/collection-statuses';
import { splitIntoWeeks } from '../../lib/collection-weeks';
import { call, simStats } from '../../test/helpers/api-client';
import { createWorkspace } from '../../test/helpers/fixtures';
import type { Stack } from '../../test/helpers/stack';
import { round } from '../measure';

export interface BackfillResult {
  backfillMakespanRatio: number;
  weeks: number;
  limit: number;
  executionSeconds: number;
  makespanSeconds: number;
  idealSeconds: number;
  overheadPerRoundSeconds: number;
  amcExecutionsCreated: number;
  amcPeakConcurrent: number;
  status: string;
  perWeekMeanSeconds: Record<string, number>;
}

/** Where a week's time goes, mean over weeks: row created → submitted → AMC finished (as seen) → rows stored. */
async function breakdown(db: Knex, collectionId: string): Promise<Record<string, number>> {
  const { rows } = await db.raw(
    `SELECT avg(extract(epoch FROM e.started_at - e.created_at)) AS queued_and_submit,
            avg(extract(epoch FROM s.at - e.started_at)) AS at_amc_until_seen_finished,
            avg(extract(epoch FROM e.completed_at - s.at)) AS store_results
     FROM collection_weeks w JOIN executions e ON e.id = w.execution_id
     JOIN LATERAL (SELECT min(created_at) AS at FROM execution_status_events
                   WHERE execution_id = e.id AND amc_status = 'SUCCEEDED') s ON true
     WHERE w.collection_id = ?`,
    [collectionId],
  );
  return Object.fromEntries(Object.entries(rows[0] as Record<string, string>).map(([k, v]) => [k, round(Number(v))]));
}

/** `stack` must have been started with AMC_MAX_CONCURRENT_PER_INSTANCE = limit and the simulator's limit above it. */
export async function backfillMakespan(
  stack: Stack,
  opts: { weeks: number; limit: number; executionSeconds: number },
): Promise<BackfillResult> {
  await call(stack.simUrl, 'POST', '/__sim/config', {
    body: { executionSeconds: opts.executionSeconds, pendingSeconds: 0 },
  });
  const ws = await createWorkspace(stack.apiUrl);
  const startDate = '2024-01-01'; // a Monday, long past: no week waits for AMC's data lag
  const endDate = new Date(Date.parse(`${startDate}T00:00:00Z`) + (opts.weeks * 7 - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  if (splitIntoWeeks(startDate, endDate).length !== opts.weeks) throw new Error('week arithmetic is off');
  const t0 = performance.now();
  const created = await call(stack.apiUrl, 'POST', '/api/data-collections', {
    token: ws.token,
    body: { workflowId: ws.savedQuery.id, startDate, endDate },
  });
  if (created.status !== 202) throw new Error(JSON.stringify(created.body));
  let view: any;
  for (;;) {
    view = (await call(stack.apiUrl, 'GET', `/api/data-collections/${created.body.id}`, { token: ws.token })).body;
    if (isFinishedCollectionStatus(view.status)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const makespanSeconds = (performance.now() - t0) / 1000;
  const rounds = Math.ceil(opts.weeks / opts.limit);
  const idealSeconds = rounds * opts.executionSeconds;
  const stats = (await simStats(stack.simUrl)).executions.byInstance[ws.instance.instanceId];
  return {
    backfillMakespanRatio: round(makespanSeconds / idealSeconds, 3),
    ...opts,
    makespanSeconds: round(makespanSeconds, 1),
    idealSeconds,
    overheadPerRoundSeconds: round((makespanSeconds - idealSeconds) / rounds),
    amcExecutionsCreated: stats.created,
    amcPeakConcurrent: stats.peakConcurrent,
    status: view.status,
    perWeekMeanSeconds: await breakdown(stack.db, created.body.id),
  };
}

export interface ScheduleBackfillResult {
  /** Makespan ÷ ceil(runs / K) × T; extrapolated from the runs finished by the deadline when `complete` is false. */
  scheduleBackfillMakespanRatio: number;
  complete: boolean;
  runs: number;
  finished: number;
  limit: number;
  executionSeconds: number;
  makespanSeconds: number;
  idealSeconds: number;
  amcPeakConcurrent: number;
}

/**
 * Beside the collection: a weekly schedule backfilled over the same 52 weeks (POST /api/schedules/:id/backfill),
 * its runs on the same instance limit K and AMC time T, against the same ideal. Waits until every run is
 * finished or until `deadlineFactor` × the ideal; a backfill that runs one fire at a time would take 52 × T,
 * so past the deadline the ratio is extrapolated from the share finished (and `complete` says so).
 */
export async function scheduleBackfillMakespan(
  stack: Stack,
  opts: { weeks: number; limit: number; executionSeconds: number; deadlineFactor: number },
): Promise<ScheduleBackfillResult> {
  await call(stack.simUrl, 'POST', '/__sim/config', {
    body: { executionSeconds: opts.executionSeconds, pendingSeconds: 0 },
  });
  const ws = await createWorkspace(stack.apiUrl);
  const api = (method: string, p: string, body?: unknown) => call(stack.apiUrl, method, p, { token: ws.token, body });
  // Mondays 06:00 UTC; paused, so only the backfill fires it.
  const created = await api('POST', `/api/workflows/${ws.savedQuery.id}/schedules`, {
    cron: '0 6 * * 1',
    timezone: 'UTC',
    paused: true,
  });
  if (created.status !== 201) throw new Error(`schedule: ${created.status} ${JSON.stringify(created.body)}`);
  const end = new Date(Date.now() - 86_400_000);
  const start = new Date(end.getTime() - opts.weeks * 7 * 86_400_000);
  const t0 = performance.now();
  const backfill = await api('POST', `/api/schedules/${created.body.id}/backfill`, {
    start: start.toISOString(),
    end: end.toISOString(),
  });
  if (backfill.status !== 202) throw new Error(`backfill: ${backfill.status} ${JSON.stringify(backfill.body)}`);
  const runs: number = backfill.body.runs;
  const rounds = Math.ceil(runs / opts.limit);
  const idealSeconds = rounds * opts.executionSeconds;
  const deadline = t0 + opts.deadlineFactor * idealSeconds * 1000;
  let finished = 0;
  while (performance.now() < deadline) {
    const [row] = await stack
      .db('executions')
      .where({ schedule_id: created.body.id })
      .whereIn('status', ['SUCCEEDED', 'FAILED', 'CANCELLED'])
      .count({ n: '*' });
    finished = Number(row?.n ?? 0);
    if (finished >= runs) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const elapsed = (performance.now() - t0) / 1000;
  const complete = finished >= runs;
  await api('DELETE', `/api/schedules/${created.body.id}`); // past the deadline: no more fires
  const makespanSeconds = complete ? elapsed : (elapsed * runs) / Math.max(1, finished);
  const stats = (await simStats(stack.simUrl)).executions.byInstance[ws.instance.instanceId];
  return {
    scheduleBackfillMakespanRatio: round(makespanSeconds / idealSeconds, 3),
    complete,
    runs,
    finished,
    limit: opts.limit,
    executionSeconds: opts.executionSeconds,
    makespanSeconds: round(makespanSeconds, 1),
    idealSeconds,
    amcPeakConcurrent: stats?.peakConcurrent ?? 0,
  };
}
