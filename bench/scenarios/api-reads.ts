/**
 * Scenario 5: p50/p99 of GET /api/executions (list, newest first, and filtered by status) and
 * GET /api/executions/:id with `rows` executions of one user in the table.
 */
import type { Stack } from '../../test/helpers/stack';
import { call } from '../../test/helpers/api-client';
import { createWorkspace } from '../../test/helpers/fixtures';
import { drive, type RunStats } from '../measure';

export interface ApiReadsResult {
  rowsInTable: number;
  apiListP50Ms: number;
  apiListP99Ms: number;
  apiGetP50Ms: number;
  apiGetP99Ms: number;
  list: RunStats;
  listByStatus: RunStats;
  get: RunStats;
}

export async function apiReads(stack: Stack, opts: { rows: number; requests: number }): Promise<ApiReadsResult> {
  const ws = await createWorkspace(stack.apiUrl);
  // Bulk rows straight in SQL: this scenario measures reads, not 100,000 workflow starts.
  await stack.db.raw(
    `INSERT INTO executions (saved_query_id, user_id, instance_id, status, amc_workflow_id, time_window_start,
       time_window_end, sql_query, temporal_workflow_id, created_at, row_count)
     SELECT ?, ?, ?, (ARRAY['SUCCEEDED','FAILED','RUNNING','PENDING','CANCELLED'])[1 + i % 5], 'bench_' || i,
       now() - interval '30 days', now() - interval '23 days', 'SELECT 1', 'bench/' || i,
       now() - (i || ' seconds')::interval, i % 1000
     FROM generate_series(1, ?) AS i`,
    [ws.savedQuery.id, ws.session.user.id, ws.instance.id, opts.rows],
  );
  await stack.db.raw('ANALYZE executions');
  const ids: string[] = (
    await stack.db('executions').where({ user_id: ws.session.user.id }).select('id').limit(5000)
  ).map((r: { id: string }) => r.id);
  const get = (path: string) => async () => {
    const res = await call(stack.apiUrl, 'GET', path, { token: ws.token });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  };
  const concurrency = 8;
  await drive(200, concurrency, get('/api/executions?limit=50')); // warm-up
  const list = await drive(opts.requests, concurrency, get('/api/executions?limit=50'));
  const listByStatus = await drive(opts.requests, concurrency, get('/api/executions?status=FAILED&limit=50'));
  const getOne = await drive(opts.requests, concurrency, (i) => get(`/api/executions/${ids[i % ids.length]}`)());
  return {
    rowsInTable: opts.rows,
    apiListP50Ms: list.p50Ms,
    apiListP99Ms: Math.max(list.p99Ms, listByStatus.p99Ms),
    apiGetP50Ms: getOne.p50Ms,
    apiGetP99Ms: getOne.p99Ms,
    list,
    listByStatus,
    get: getOne,
  };
}
