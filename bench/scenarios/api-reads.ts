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
import { drive, driveAtRate, round, type RunStats } from '../measure';
import { treeCpuSeconds } from '../proc-cpu';
import { listStatement, queuedByIdStatement } from '../../db/executions';
import type { RawStatement } from '../../db/raw-pg';

export interface ApiReadsResult {
  rowsInTable: number;
  apiListP50Ms: number;
  apiListP99Ms: number;
  apiGetP50Ms: number;
  apiGetP99Ms: number;
  list: RunStats;
  listByStatus: RunStats;
  get: RunStats;
  /**
   * The same requests arriving at a steady STEADY_PER_SECOND in all, half list and half get (open loop: users who do not
   * wait for each other): the latency a user sees when the machine is not saturated. The figures above come from
   * 8 clients sending back to back, which saturates two cores shared by the API, Postgres and the load generator.
   */
  steady: { perSecond: number; list: RunStats; get: RunStats };
  apiListP99MsSteady: number;
  apiGetP99MsSteady: number;
  /** The API process's CPU ms per request (Linux /proc): what a request costs whatever the machine's load. */
  apiCpuMsPerRequest: { list: number; listByStatus: number; get: number };
  /** EXPLAIN (ANALYZE, BUFFERS) text per query, as the API's tenant role. */
  plans: Record<string, string>;
}

/** knex's `?` form of a statement whose `$n` placeholders each appear once, in order (db/executions.ts's reads). */
function withKnexPlaceholders({ text, values }: RawStatement): [string, unknown[]] {
  const used = [...text.matchAll(/\$(\d+)/g)].map((m) => Number(m[1]));
  if (used.some((n, i) => n !== i + 1) || used.length !== values.length)
    throw new Error(`explain: placeholders ${used.join(',')} are not $1..$${values.length} once each`);
  return [text.replace(/\$\d+/g, '?'), values];
}

/** The statements db/executions.ts sends for these requests, explained as the API role. */
async function explainAsApi(db: Knex, userId: string, someId: string): Promise<Record<string, string>> {
  const firstPage = { limit: 50 };
  const queries: Record<string, [string, unknown[]]> = {
    list: withKnexPlaceholders(listStatement(userId, {}, firstPage)),
    listByStatus: withKnexPlaceholders(listStatement(userId, { status: 'FAILED' }, firstPage)),
    get: withKnexPlaceholders(queuedByIdStatement(userId, someId)),
  };
  const plans: Record<string, string> = {};
  await db.transaction(async (tx) => {
    await tx.raw(`SELECT set_config('role', 'recomamp_app', true), set_config('recomamp.user_id', ?, true)`, [userId]);
    for (const [name, [sql, bindings]] of Object.entries(queries)) {
      await tx.raw(sql, bindings as never); // planned once, as on a warm API connection
      const { rows } = (await tx.raw(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, bindings as never)) as {
        rows: { 'QUERY PLAN': string }[];
      };
      plans[name] = rows.map((r) => r['QUERY PLAN']).join('\n');
    }
  });
  return plans;
}

/** The steady arrival rate of the open-loop measurement: about a third of what two cores serve back to back. */
export const STEADY_PER_SECOND = 100;

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
    // Open loop: list and get arriving side by side, half the steady rate each.
    const steadyCount = Math.min(n, 1500);
    const [steadyList, steadyGet] = await Promise.all([
      driveAtRate(steadyCount, STEADY_PER_SECOND / 2, get('/api/executions?limit=50')),
      driveAtRate(steadyCount, STEADY_PER_SECOND / 2, (i) => get(`/api/executions/${ids[(i * 7) % ids.length]}`)()),
    ]);
    const steady = { perSecond: STEADY_PER_SECOND, list: steadyList, get: steadyGet };
    return {
      rowsInTable: opts.rows,
      steady,
      apiListP99MsSteady: steady.list.p99Ms,
      apiGetP99MsSteady: steady.get.p99Ms,
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
