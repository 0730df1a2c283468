/**
 * Scenario 5: p50/p99 of GET /api/executions (list, newest first, and filtered by status) and
 * GET /api/executions/:id with `rows` executions of one user in the table, through the API as its own process
 * (as deployed). Also returns Postgres's EXPLAIN ANALYZE of the queries those requests make, run as the API
 * runs them (the app role, row-level security on, the caller's id set), so a plan change shows in the results.
 */
import type { Knex } from 'knex';
import type { Stack } from '../../test/helpers/stack';
import { createWorkspace } from '../../test/helpers/fixtures';
import { createBenchClient } from '../http-client';
import { drive, round, type RunStats } from '../measure';
import { treeCpuSeconds } from '../proc-cpu';

export interface ApiReadsResult {
  rowsInTable: number;
  apiListP50Ms: number;
  apiListP99Ms: number;
  apiGetP50Ms: number;
  apiGetP99Ms: number;
  list: RunStats;
  listByStatus: RunStats;
  get: RunStats;
  /** The API process's CPU ms per request (Linux /proc): what a request costs whatever the machine's load. */
  apiCpuMsPerRequest: { list: number; listByStatus: number; get: number };
  /** EXPLAIN (ANALYZE, BUFFERS) text per query, as the API's tenant role. */
  plans: Record<string, string>;
}

/** The queries db/executions.ts makes for these requests (db/pagination.ts's order), explained as the API role. */
async function explainAsApi(db: Knex, userId: string, someId: string): Promise<Record<string, string>> {
  const queries: Record<string, [string, unknown[]]> = {
    list: ['SELECT * FROM executions WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT 51', [userId]],
    listByStatus: [
      'SELECT * FROM executions WHERE user_id = ? AND status = ? ORDER BY created_at DESC, id DESC LIMIT 51',
      [userId, 'FAILED'],
    ],
    get: ['SELECT * FROM executions WHERE user_id = ? AND id = ? LIMIT 1', [userId, someId]],
  };
  const plans: Record<string, string> = {};
  await db.transaction(async (tx) => {
    await tx.raw(`SELECT set_config('role', 'recomamp_app', true), set_config('recomamp.user_id', ?, true)`, [userId]);
    for (const [name, [sql, bindings]] of Object.entries(queries)) {
      await tx.raw(sql, bindings as never); // planned and cached once, as on a warm API connection
      const { rows } = (await tx.raw(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, bindings as never)) as {
        rows: { 'QUERY PLAN': string }[];
      };
      plans[name] = rows.map((r) => r['QUERY PLAN']).join('\n');
    }
  });
  return plans;
}

export async function apiReads(
  stack: Stack,
  api: { url: string; pid: number },
  opts: { rows: number; requests: number },
): Promise<ApiReadsResult> {
  const apiUrl = api.url;
  const cpuMs = async (requests: number, run: () => Promise<RunStats>): Promise<[RunStats, number]> => {
    const before = treeCpuSeconds(api.pid);
    const stats = await run();
    return [stats, round(((treeCpuSeconds(api.pid) - before) * 1000) / requests, 3)];
  };
  const ws = await createWorkspace(apiUrl);
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
  const client = createBenchClient(apiUrl);
  const get = (path: string) => async () => {
    const res = await client.request('GET', path, { token: ws.token });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
  };
  try {
    const concurrency = 8;
    await drive(200, concurrency, get('/api/executions?limit=50')); // warm-up
    const n = opts.requests;
    const [list, listCpu] = await cpuMs(n, () => drive(n, concurrency, get('/api/executions?limit=50')));
    const [listByStatus, byStatusCpu] = await cpuMs(n, () =>
      drive(n, concurrency, get('/api/executions?status=FAILED&limit=50')),
    );
    const [getOne, getCpu] = await cpuMs(n, () =>
      drive(n, concurrency, (i) => get(`/api/executions/${ids[i % ids.length]}`)()),
    );
    return {
      rowsInTable: opts.rows,
      apiListP50Ms: list.p50Ms,
      apiListP99Ms: Math.max(list.p99Ms, listByStatus.p99Ms),
      apiGetP50Ms: getOne.p50Ms,
      apiGetP99Ms: getOne.p99Ms,
      list,
      listByStatus,
      get: getOne,
      apiCpuMsPerRequest: { list: listCpu, listByStatus: byStatusCpu, get: getCpu },
      plans: await explainAsApi(stack.db, ws.session.user.id, ids[ids.length - 1]!),
    };
  } finally {
    client.close();
  }
}
