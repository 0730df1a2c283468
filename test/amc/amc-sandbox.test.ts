/**
 * The simulator's offline sandbox: submitted SQL runs over seeded synthetic AMC tables, windowed by the execution's
 * time window, with AMC's aggregation thresholds, and AMC features the sandbox lacks FAIL with a reason saying so.
 */
import { parse } from 'csv-parse/sync';
import type { AmcCallContext, CreateExecutionRequest } from '../../amc/client';
import { readAll, startSimulator, waitForExecution } from './sim-harness';

const WEEK = {
  timeWindowType: 'EXPLICIT',
  timeWindowStart: '2026-10-01T00:00:00',
  timeWindowEnd: '2026-10-08T00:00:00',
} as const;

describe('AMC simulator sandbox', () => {
  let h: Awaited<ReturnType<typeof startSimulator>>;
  let ctx: AmcCallContext;
  beforeAll(async () => {
    h = await startSimulator({ executionSeconds: 0.1, pendingSeconds: 0.02 });
    ctx = await h.contextFor('sandbox-user');
  });
  afterEach(() => h.sim.configure({ aggregationThreshold: 100 }));
  afterAll(() => h.sim.close());

  async function run(request: CreateExecutionRequest) {
    const created = await h.amc.createExecution(ctx, { ...WEEK, ...request } as CreateExecutionRequest);
    const done = await waitForExecution(h.amc, ctx, created.workflowExecutionId, undefined, 60_000);
    if (done.status !== 'SUCCEEDED') return { done, rows: [] as Record<string, string>[] };
    const [url] = (await h.amc.getDownloadUrls(ctx, created.workflowExecutionId)).downloadUrls;
    const csv = await readAll(await h.amc.openDownload(url!));
    return { done, csv, rows: parse(csv, { columns: true }) as Record<string, string>[] };
  }
  const adHoc = (sqlQuery: string, extra: Record<string, unknown> = {}) =>
    run({ workflow: { sqlQuery, ...extra } } as CreateExecutionRequest);

  it('when a query runs, then its rows are real aggregates of the window, typed by the engine, and repeatable', async () => {
    const sql =
      'SELECT campaign, SUM(impressions) AS impressions, COUNT(DISTINCT user_id) AS reach, SUM(total_cost) / 100000 AS cost FROM dsp_impressions GROUP BY campaign';
    const { done, rows, csv } = await adHoc(sql);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.outputColumns).toEqual([
      { name: 'campaign', columnType: 'DIMENSION', dataType: 'STRING' },
      { name: 'impressions', columnType: 'METRIC', dataType: 'LONG' },
      { name: 'reach', columnType: 'METRIC', dataType: 'LONG' },
      { name: 'cost', columnType: 'METRIC', dataType: 'DOUBLE' },
    ]);
    expect(rows.length).toBe(8);
    for (const r of rows) expect(Number(r.reach)).toBeLessThanOrEqual(Number(r.impressions));
    expect(rows.map((r) => r.campaign)).toContain('Summer Launch');
    expect((await adHoc(sql)).csv).toBe(csv);

    const nextWeek = await run({
      workflow: { sqlQuery: sql },
      timeWindowStart: '2026-10-08T00:00:00',
      timeWindowEnd: '2026-10-15T00:00:00',
    } as CreateExecutionRequest);
    expect(nextWeek.csv).not.toBe(csv);
  });

  it('when a query reads a table, then only events inside the execution window are seen (no WHERE needed)', async () => {
    const sql =
      'SELECT MIN(impression_dt_utc) AS first_seen, MAX(impression_dt_utc) AS last_seen, COUNT(*) AS n FROM dsp_impressions';
    const { rows } = await adHoc(sql);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.first_seen! >= '2026-10-01 00:00:00').toBe(true);
    expect(rows[0]!.last_seen! < '2026-10-08 00:00:00').toBe(true);
    const widened = await adHoc("SELECT COUNT(*) AS n FROM TABLE(EXTEND_TIME_WINDOW('dsp_impressions', 'P7D', 'P0D'))");
    expect(Number(widened.rows[0]!.n)).toBeGreaterThan(1.5 * Number(rows[0]!.n));
  });

  it('when groups describe too few users, then AMC thresholds drop them, and lowering the threshold brings them back', async () => {
    const sql =
      'SELECT campaign, COUNT(DISTINCT user_id) AS clickers, SUM(clicks) AS clicks FROM dsp_clicks GROUP BY campaign';
    const strict = await adHoc(sql);
    expect(strict.rows.length).toBeGreaterThanOrEqual(1);
    expect(strict.rows.length).toBeLessThan(8);
    for (const r of strict.rows) expect(Number(r.clickers)).toBeGreaterThanOrEqual(100);

    const flagged = await adHoc(sql, {
      filteredMetricsDiscriminatorColumn: 'filtered',
      distinctUserCountColumn: 'users',
      filteredReasonColumn: 'why',
    });
    const merged = flagged.rows[flagged.rows.length - 1]!;
    expect(merged).toMatchObject({ campaign: '', filtered: 'true' });
    expect(merged.why).toMatch(/^\d+ 'dsp_clicks' users < 100 required$/);
    expect(flagged.rows.slice(0, -1).every((r) => r.filtered === 'false' && r.users === '100')).toBe(true);
    const total = (rows: Record<string, string>[]) => rows.reduce((a, r) => a + Number(r.clicks), 0);

    h.sim.configure({ aggregationThreshold: 0 });
    const open = await adHoc(sql);
    expect(open.rows).toHaveLength(8);
    expect(total(flagged.rows)).toBe(total(open.rows));
  });

  it('when a saved workflow takes CUSTOM_PARAMETER values, then AMC-side parameters and built-ins are applied', async () => {
    await h.amc.createWorkflow(ctx, {
      workflowId: 'sandbox_params',
      sqlQuery:
        "SELECT campaign, SUM(impressions) AS impressions, AVG(SECONDS_BETWEEN(BUILT_IN_PARAMETER('TIME_WINDOW_START'), impression_dt_utc)) AS avg_offset FROM dsp_impressions WHERE ARRAY_CONTAINS(CUSTOM_PARAMETER('campaigns'), campaign) GROUP BY 1",
      inputParameters: [
        { name: 'campaigns', dataType: { type: 'ARRAY', elementDataType: 'STRING' }, defaultValue: ['ALL'] },
      ],
    });
    const { rows } = await run({
      workflowId: 'sandbox_params',
      parameterValues: { campaigns: ['Summer Launch', "Back-to-School '26"] },
    } as CreateExecutionRequest);
    expect(rows.map((r) => r.campaign).sort()).toEqual(["Back-to-School '26", 'Summer Launch']);
    for (const r of rows) expect(Number(r.avg_offset)).toBeGreaterThan(86_400);
  });

  it('when SQL needs what the sandbox lacks, then the run FAILS with a reason naming it; syntax errors stay 400s', async () => {
    const fn = await adHoc(
      'SELECT campaign, SOME_AMC_ONLY_FN(campaign) AS x, COUNT(*) AS n FROM dsp_impressions GROUP BY 1, 2',
    );
    expect(fn.done).toMatchObject({
      status: 'FAILED',
      statusReason: expect.stringContaining('SOME_AMC_ONLY_FN is not available in the offline sandbox'),
    });
    // Every catalogued table has synthetic data now (issue 13), the paid Prime Video streams included.
    const table = await adHoc('SELECT COUNT(*) AS n FROM amazon_pvc_streaming_events_feed');
    expect(table.done.status).toBe('SUCCEEDED');
    expect(fn.done.statusReason).toMatch(/^SANDBOX_UNSUPPORTED: /);
    // What AMC itself refuses is refused at create, as AMC does: an unknown column, a VERY_HIGH column in the output.
    await expect(
      h.amc.createExecution(ctx, {
        workflow: { sqlQuery: 'SELECT campaign, SUM(no_such_column) AS n FROM dsp_impressions GROUP BY 1' },
      }),
    ).rejects.toMatchObject({
      status: 400,
      kind: 'sql_compile',
      details: expect.stringContaining("Column 'no_such_column' not found"),
    });
    await expect(
      h.amc.createExecution(ctx, {
        workflow: { sqlQuery: 'SELECT user_id, COUNT(*) AS n FROM dsp_impressions GROUP BY 1' },
      }),
    ).rejects.toMatchObject({
      status: 400,
      details: expect.stringContaining('user_id has aggregation threshold VERY_HIGH'),
    });
    await expect(
      h.amc.createExecution(ctx, {
        workflow: { sqlQuery: 'SELECT campaign,, COUNT(*) FROM dsp_impressions GROUP BY 1' },
      }),
    ).rejects.toMatchObject({
      status: 400,
      kind: 'sql_compile',
      line: 1,
    });
  });
});
