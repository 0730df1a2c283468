/**
 * Scenario: the AMC quota gate under a deep queue. C collections of W weeks (10 × 50 = 500 weeks) on one AMC
 * instance, every week in flight at once, so 500 − limit executions wait at the gate (db/amc-quota.ts) while
 * `limit` run at AMC for T seconds each. (One 500-week collection with all weeks in flight is a 500-child workflow
 * whose history the in-process worker could not keep up with on a loaded 2-core machine: split, the queue is as deep.)
 *
 * - Grant latency: how long a freed slot stays empty. Releases (the poll saw AMC finish) and submissions (the
 *   next execution's AMC create) are paired in order: the k-th submission after the first `limit` fills the slot
 *   the k-th release freed, so latency_k = submitted_(limit+k) − released_k.
 * - Postgres work per grant: statements on amc_quota_tickets (index and sequential scans) and ticket rows written
 *   (inserts, updates, deletes), from pg_stat_user_tables over the run, divided by the grants made.
 * - Bounded by `maxSeconds`: on a loaded machine the queue may not drain in time; the figures are then over the
 *   grants made so far (`grants`, `weeksSucceeded` say how far it got).
 */
import type { Knex } from 'knex';
import { isFinishedCollectionStatus } from '../../lib/collection-statuses';
import { splitIntoWeeks } from '../../lib/collection-weeks';
import { call } from '../../test/helpers/api-client';
import { createWorkspace } from '../../test/helpers/fixtures';
import type { Stack } from '../../test/helpers/stack';
import { percentile, round } from '../measure';

export interface QuotaResult {
  weeks: number;
  limit: number;
  executionSeconds: number;
  status: string;
  makespanSeconds: number;
  idealSeconds: number;
  /** Weeks submitted to AMC (each took a slot) and weeks finished SUCCEEDED within the run. */
  grants: number;
  weeksSucceeded: number;
  grantLatencyP50Ms: number;
  grantLatencyP99Ms: number;
  grantLatencyMaxMs: number;
  quotaStatementsPerGrant: number;
  quotaRowWritesPerGrant: number;
  transactionsPerGrant: number;
}

interface TableWork {
  scans: number;
  writes: number;
  transactions: number;
}

async function tableWork(db: Knex): Promise<TableWork> {
  await db.raw('SELECT pg_stat_clear_snapshot()');
  const { rows } = await db.raw(
    `SELECT coalesce(seq_scan, 0) + coalesce(idx_scan, 0) AS scans, n_tup_ins + n_tup_upd + n_tup_del AS writes,
            (SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()) AS transactions
     FROM pg_stat_user_tables WHERE relname = 'amc_quota_tickets'`,
  );
  const r = rows[0] as Record<string, string>;
  return { scans: Number(r.scans), writes: Number(r.writes), transactions: Number(r.transactions) };
}

/** Release and submission instants (ms) of the collections' executions, each sorted. */
async function instants(
  db: Knex,
  collectionIds: string[],
): Promise<{ released: number[]; submitted: number[]; succeeded: number }> {
  const { rows } = await db.raw(
    `SELECT extract(epoch FROM e.started_at) * 1000 AS submitted,
            extract(epoch FROM (SELECT min(created_at) FROM execution_status_events
                                WHERE execution_id = e.id AND amc_status = 'SUCCEEDED')) * 1000 AS released,
            e.status
     FROM collection_weeks w JOIN executions e ON e.id = w.execution_id
     WHERE w.collection_id = ANY(?) AND e.started_at IS NOT NULL`,
    [collectionIds],
  );
  const typed = rows as { submitted: string; released: string | null; status: string }[];
  const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
  return {
    released: sorted(typed.filter((r) => r.released !== null).map((r) => Number(r.released))),
    submitted: sorted(typed.map((r) => Number(r.submitted))),
    succeeded: typed.filter((r) => r.status === 'SUCCEEDED').length,
  };
}

/** `stack` must have been started with AMC_MAX_CONCURRENT_PER_INSTANCE = limit and the simulator's limit above it. */
export async function quotaGate(
  stack: Stack,
  opts: { collections: number; weeksEach: number; limit: number; executionSeconds: number; maxSeconds: number },
): Promise<QuotaResult> {
  await call(stack.simUrl, 'POST', '/__sim/config', {
    body: { executionSeconds: opts.executionSeconds, pendingSeconds: 0 },
  });
  const ws = await createWorkspace(stack.apiUrl);
  const startDate = '2014-01-06'; // a Monday, long past: no week waits for AMC's data lag
  const endDate = new Date(Date.parse(`${startDate}T00:00:00Z`) + (opts.weeksEach * 7 - 1) * 86_400_000)
    .toISOString()
    .slice(0, 10);
  if (splitIntoWeeks(startDate, endDate).length !== opts.weeksEach) throw new Error('week arithmetic is off');
  const weeks = opts.collections * opts.weeksEach;
  const before = await tableWork(stack.db);
  const t0 = performance.now();
  const ids: string[] = [];
  for (let i = 0; i < opts.collections; i++) {
    const created = await call(stack.apiUrl, 'POST', '/api/data-collections', {
      token: ws.token,
      body: { workflowId: ws.savedQuery.id, startDate, endDate, concurrency: opts.weeksEach },
    });
    if (created.status !== 202) throw new Error(JSON.stringify(created.body));
    ids.push(created.body.id);
  }
  const statuses: string[] = [];
  const deadline = Date.now() + opts.maxSeconds * 1000;
  for (const id of ids) {
    for (;;) {
      const row = await stack.db('data_collections').where({ id }).first('status');
      if (isFinishedCollectionStatus(row.status) || Date.now() > deadline) {
        statuses.push(row.status);
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  const makespanSeconds = (performance.now() - t0) / 1000;
  await new Promise((r) => setTimeout(r, 1500)); // statistics reach pg_stat_* within a second
  const after = await tableWork(stack.db);
  const { released, submitted, succeeded } = await instants(stack.db, ids);
  const latencies: number[] = [];
  for (let k = 0; k + opts.limit < submitted.length && k < released.length; k++)
    latencies.push(Math.max(0, submitted[k + opts.limit]! - released[k]!));
  latencies.sort((a, b) => a - b);
  const grants = submitted.length;
  await Promise.all(
    ids.map((id) => call(stack.apiUrl, 'POST', `/api/data-collections/${id}/cancel`, { token: ws.token })),
  );
  return {
    weeks,
    limit: opts.limit,
    executionSeconds: opts.executionSeconds,
    status: [...new Set(statuses)].join(','),
    makespanSeconds: round(makespanSeconds, 1),
    idealSeconds: Math.ceil(weeks / opts.limit) * opts.executionSeconds,
    grants,
    weeksSucceeded: succeeded,
    grantLatencyP50Ms: round(percentile(latencies, 50)),
    grantLatencyP99Ms: round(percentile(latencies, 99)),
    grantLatencyMaxMs: round(latencies[latencies.length - 1] ?? NaN),
    quotaStatementsPerGrant: round((after.scans - before.scans) / grants),
    quotaRowWritesPerGrant: round((after.writes - before.writes) / grants),
    transactionsPerGrant: round((after.transactions - before.transactions) / grants),
  };
}
