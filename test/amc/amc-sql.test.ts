import type { AmcApiError, AmcCallContext } from '../../amc/client';
import { compileAmcSql } from '../../amc/simulator/sql-compiler';
import { SIMPLE_SQL, startSimulator, waitForExecution } from './sim-harness';

describe('AMC SQL compile errors and saved workflows', () => {
  let h: Awaited<ReturnType<typeof startSimulator>>;
  let ctx: AmcCallContext;
  beforeAll(async () => {
    h = await startSimulator();
    ctx = await h.contextFor();
  });
  afterAll(() => h.sim.close());

  const compileError = (workflowId: string, sqlQuery: string, inputParameters = []) =>
    h.amc.createWorkflow(ctx, { workflowId, sqlQuery, inputParameters }).then(
      () => {
        throw new Error('expected a compile error');
      },
      (e: unknown) => e as AmcApiError,
    );

  it('when a multi-line query has a syntax error, then the 400 names its line and column', async () => {
    const sql = [
      'SELECT campaign,',
      '  SUM(impressions) AS impressions',
      'FROM dsp_impressions',
      "WHERE campaign = = 'x'",
      'GROUP BY campaign',
    ].join('\n');
    const err = await compileError('bad_syntax', sql);
    expect(err).toMatchObject({ status: 400, kind: 'sql_compile', retryable: false, line: 4, column: 18 });
    expect(err.details).toMatch(
      /^Was unable to compile workflow bad_syntax because it was found to be invalid: From line 4, column 18 to line 4, column 18: /,
    );
  });

  it('when an ad-hoc query reads an unknown table, then the 400 says Object not found with its position', async () => {
    const sql =
      'WITH a AS (\n  SELECT campaign, user_id\n  FROM dsp_impresions\n)\nSELECT campaign, COUNT(DISTINCT user_id) AS reach FROM a GROUP BY 1';
    const err = (await h.amc
      .createExecution(ctx, { workflow: { workflowId: 'typo', sqlQuery: sql } })
      .catch((e: unknown) => e)) as AmcApiError;
    expect(err).toMatchObject({ kind: 'sql_compile', line: 3, column: 8 });
    expect(err.details).toContain("From line 3, column 8 to line 3, column 21: Object 'dsp_impresions' not found");
  });

  it('when a query uses LIMIT, ORDER BY outside OVER, or no aggregation, then it is refused', async () => {
    await expect(compileError('lim', `${SIMPLE_SQL}\nLIMIT 10`)).resolves.toMatchObject({
      kind: 'sql_compile',
      line: 2,
      column: 1,
    });
    await expect(compileError('ord', `${SIMPLE_SQL} ORDER BY 2`)).resolves.toMatchObject({ kind: 'sql_compile' });
    await expect(compileError('raw', 'SELECT campaign, impressions FROM dsp_impressions')).resolves.toMatchObject({
      kind: 'sql_compile',
    });
    const windowed =
      'SELECT campaign, ROW_NUMBER() OVER (PARTITION BY campaign ORDER BY impression_date_utc) AS rn, SUM(impressions) AS imps FROM dsp_impressions GROUP BY campaign, impression_date_utc';
    await expect(h.amc.createWorkflow(ctx, { workflowId: 'windowed', sqlQuery: windowed })).resolves.toBeUndefined();
  });

  it('when SQL references an undeclared CUSTOM_PARAMETER, then the recorded undeclared-parameter 400 comes back', async () => {
    const sql =
      "SELECT campaign, SUM(impressions) AS imps FROM sponsored_ads_traffic WHERE ARRAY_CONTAINS(CUSTOM_PARAMETER('campaigns'), campaign) GROUP BY 1";
    const err = await compileError('wf_9fbfce61', sql);
    expect(err).toMatchObject({ kind: 'sql_compile' });
    expect(err.details).toBe(
      'Was unable to compile workflow wf_9fbfce61 because it was found to be invalid: Filter operation filter_operation referenced an undeclared parameter campaigns.',
    );
  });

  it('when a saved workflow is created, read, duplicated, run with parameters, updated and deleted, then AMC semantics hold', async () => {
    const def = {
      workflowId: 'sp_campaign_impressions',
      sqlQuery:
        "SELECT campaign, SUM(impressions) AS impressions FROM sponsored_ads_traffic WHERE ARRAY_CONTAINS(CUSTOM_PARAMETER('campaigns'), 'ALL') OR ARRAY_CONTAINS(CUSTOM_PARAMETER('campaigns'), campaign) GROUP BY 1",
      inputParameters: [
        {
          name: 'campaigns',
          dataType: { type: 'ARRAY' as const, elementDataType: 'STRING' },
          columnType: 'DIMENSION' as const,
          defaultValue: ['ALL'],
        },
        { name: 'min_clicks', dataType: 'INTEGER', columnType: 'METRIC' as const },
      ],
      filteredMetricsDiscriminatorColumn: 'filtered',
    };
    const raw = await fetch(`${h.url}/amc/reporting/${ctx.instanceId}/workflows`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${ctx.accessToken}`,
        'Amazon-Advertising-API-ClientId': h.sim.options.clientId,
        'Amazon-Advertising-API-AdvertiserId': ctx.accountId,
        'Amazon-Advertising-API-MarketplaceId': ctx.marketplaceId,
        'Content-Type': 'application/vnd.amcworkflows.v1+json',
      },
      body: JSON.stringify(def),
    });
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('application/octet-stream');
    expect(await raw.text()).toBe('{}');

    const stored = await h.amc.getWorkflow(ctx, def.workflowId);
    expect(stored).toMatchObject({ workflowId: def.workflowId, sqlQuery: def.sqlQuery });
    expect(stored.inputParameters![0]!.dataType).toEqual({
      type: 'ARRAY',
      elementDataType: 'STRING',
      elementNullable: false,
    });
    await expect(h.amc.createWorkflow(ctx, def)).rejects.toMatchObject({
      status: 400,
      details: 'Workflow with ID sp_campaign_impressions already exists.',
    });
    expect((await h.amc.listWorkflows(ctx)).map((w) => w.workflowId)).toContain(def.workflowId);

    // min_clicks has no default: a run without it is refused; with it, campaigns falls back to ['ALL'].
    await expect(h.amc.createExecution(ctx, { workflowId: def.workflowId })).rejects.toMatchObject({ status: 400 });
    const run = await h.amc.createExecution(ctx, { workflowId: def.workflowId, parameterValues: { min_clicks: 5 } });
    expect(run).toMatchObject({ workflowId: def.workflowId, parameterValues: { min_clicks: 5 } });
    const done = await waitForExecution(h.amc, ctx, run.workflowExecutionId);
    expect(done.outputColumns!.map((c) => c.name)).toEqual(['campaign', 'impressions', 'filtered']);

    await h.amc.updateWorkflow(ctx, {
      ...def,
      sqlQuery: def.sqlQuery.replace('SUM(impressions) AS impressions', 'SUM(clicks) AS clicks'),
    });
    expect((await h.amc.getWorkflow(ctx, def.workflowId)).sqlQuery).toContain('SUM(clicks)');
    await h.amc.deleteWorkflow(ctx, def.workflowId);
    await expect(h.amc.getWorkflow(ctx, def.workflowId)).rejects.toMatchObject({ kind: 'not_found', status: 404 });
    await expect(h.amc.createExecution(ctx, { workflowId: def.workflowId })).rejects.toMatchObject({ status: 404 });
  });

  it('when compiling AMC-specific constructs, then output columns are named and typed from the catalog', () => {
    const sql = [
      'SELECT impression_date_utc AS day,',
      '  SUM(total_cost) / 100000 AS cost,',
      '  COUNT(*) AS n,',
      '  CAST(SUM(total_cost) AS DECIMAL(38,4)) AS exact',
      "FROM TABLE(EXTEND_TIME_WINDOW('dsp_impressions', 'P14D', 'P1D'))",
      "WHERE impression_dt_utc >= BUILT_IN_PARAMETER('TIME_WINDOW_START')",
      'GROUP BY 1',
    ].join('\n');
    expect(compileAmcSql(sql, []).outputColumns).toEqual([
      { name: 'day', columnType: 'DIMENSION', dataType: 'DATE' },
      { name: 'cost', columnType: 'METRIC', dataType: 'DOUBLE' },
      { name: 'n', columnType: 'METRIC', dataType: 'LONG' },
      { name: 'exact', columnType: 'METRIC', dataType: 'DECIMAL', dataTypePrecision: 38, dataTypeScale: 4 },
    ]);
  });
});
