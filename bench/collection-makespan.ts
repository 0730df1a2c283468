/**
 * Makespan of a 52-week data collection against the ideal ceil(weeks / limit) × execution time, on the
 * simulator. `npx tsx bench/collection-makespan.ts [--weeks=52] [--limit=10] [--execution-seconds=5] [--concurrency=<limit>]`.
 * Starts its own Temporal dev server, Postgres, simulator, API and worker (test/helpers), like npm run bench.
 * The simulator's own limit is set far above ours, so its peakConcurrent shows what our quota gate let through.
 */
import { startInfra } from '../test/helpers/infra';
import { startStack } from '../test/helpers/stack';
import { call, simStats } from '../test/helpers/api-client';
import { createWorkspace } from '../test/helpers/fixtures';
import { splitIntoWeeks } from '../lib/collection-weeks';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);

/** Where a week's time goes, mean over weeks: row created → submitted to AMC → AMC finished → rows stored. */
async function breakdown(db: import('knex').Knex, collectionId: string) {
  const { rows } = await db.raw(
    `SELECT avg(extract(epoch FROM e.started_at - e.created_at)) AS queued_and_submit,
            avg(extract(epoch FROM s.at - e.started_at)) AS at_amc_until_seen_finished,
            avg(extract(epoch FROM e.completed_at - s.at)) AS store_results
     FROM collection_weeks w JOIN workflow_executions e ON e.id = w.execution_id
     JOIN LATERAL (SELECT min(created_at) AS at FROM execution_status_events
                   WHERE execution_id = e.id AND amc_status = 'SUCCEEDED') s ON true
     WHERE w.collection_id = ?`,
    [collectionId],
  );
  return Object.fromEntries(Object.entries(rows[0] as Record<string, string>).map(([k, v]) => [k, Number(Number(v).toFixed(2))]));
}

async function main(): Promise<void> {
  const weeks = arg('weeks', 52);
  const limit = arg('limit', 10);
  const executionSeconds = arg('execution-seconds', 5);
  // Weeks in flight per collection; above the limit, the extra weeks wait at the quota gate, ready to submit.
  const concurrency = arg('concurrency', limit);
  const infra = await startInfra();
  infra.exportToEnv();
  const stack = await startStack({
    simulator: { executionSeconds, pendingSeconds: 0, concurrencyLimit: 1000 },
    env: { AMC_MAX_CONCURRENT_PER_INSTANCE: String(limit), COLLECTION_DEFAULT_CONCURRENCY: String(concurrency) },
  });
  try {
    const ws = await createWorkspace(stack.apiUrl);
    // `weeks` whole Monday weeks ending well before today (no data lag).
    const startDate = '2024-01-01';
    const endDate = new Date(Date.parse(`${startDate}T00:00:00Z`) + (weeks * 7 - 1) * 86_400_000).toISOString().slice(0, 10);
    if (splitIntoWeeks(startDate, endDate).length !== weeks) throw new Error('week arithmetic is off');
    const t0 = performance.now();
    const created = await call(stack.apiUrl, 'POST', '/api/data-collections', {
      token: ws.token,
      body: { workflowId: ws.savedQuery.id, startDate, endDate },
    });
    if (created.status !== 202) throw new Error(JSON.stringify(created.body));
    let view: any;
    for (;;) {
      view = (await call(stack.apiUrl, 'GET', `/api/data-collections/${created.body.id}`, { token: ws.token })).body;
      if (['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED'].includes(view.status)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const makespanSeconds = (performance.now() - t0) / 1000;
    const ideal = Math.ceil(weeks / limit) * executionSeconds;
    const stats = (await simStats(stack.simUrl)).executions.byInstance[ws.instance.instanceId];
    const result = {
      weeks,
      limit,
      concurrency,
      executionSeconds,
      status: view.status,
      makespanSeconds: Number(makespanSeconds.toFixed(1)),
      idealSeconds: ideal,
      ratio: Number((makespanSeconds / ideal).toFixed(2)),
      overheadPerRoundSeconds: Number(((makespanSeconds - ideal) / Math.ceil(weeks / limit)).toFixed(2)),
      amcExecutionsCreated: stats.created,
      amcPeakConcurrent: stats.peakConcurrent,
    };
    console.log(JSON.stringify({ ...result, perWeekMeanSeconds: await breakdown(stack.db, created.body.id) }, null, 2));
  } finally {
    await stack.close();
    await infra.teardown();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
