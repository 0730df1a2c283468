/**
 * The simulator checks custom-parameter values against their declared dataType, as AMC does when an execution is
 * created, and substitutes them in the sandbox: typed values, NULL and empty lists meaning "all".
 */
import type { AmcCallContext, AmcInputParameter } from '../../amc/client';
import { startSimulator, waitForExecution } from './sim-harness';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = Math.floor(Date.now() / DAY) * DAY;
const WINDOW = {
  timeWindowType: 'EXPLICIT' as const,
  timeWindowStart: `${day(today - 9 * DAY)}T00:00:00`,
  timeWindowEnd: `${day(today - 2 * DAY)}T00:00:00`,
};

const SQL =
  "SELECT campaign, SUM(impressions) AS impressions FROM sponsored_ads_traffic WHERE (CUSTOM_PARAMETER('campaigns') IS NULL OR CARDINALITY(CUSTOM_PARAMETER('campaigns')) = 0 OR ARRAY_CONTAINS(CUSTOM_PARAMETER('campaigns'), campaign)) AND impressions >= CUSTOM_PARAMETER('min') AND CAST(event_dt_utc AS DATE) >= CUSTOM_PARAMETER('since') GROUP BY 1";
const PARAMS: AmcInputParameter[] = [
  { name: 'campaigns', dataType: { type: 'ARRAY', elementDataType: 'STRING' } },
  { name: 'min', dataType: 'LONG' },
  { name: 'since', dataType: 'DATE' },
];

describe('AMC custom parameter values', () => {
  let h: Awaited<ReturnType<typeof startSimulator>>;
  let ctx: AmcCallContext;
  beforeAll(async () => {
    h = await startSimulator({ executionSeconds: 0.05, pendingSeconds: 0.01 });
    ctx = await h.contextFor();
  });
  afterAll(() => h.sim.close());

  const run = (parameterValues: Record<string, unknown>, inputParameters = PARAMS) =>
    h.amc.createExecution(ctx, { workflow: { sqlQuery: SQL, inputParameters }, parameterValues, ...WINDOW });

  it.each([
    [
      'an array parameter given a string',
      { campaigns: 'A', min: 1, since: '2020-01-01' },
      /campaigns: expected ARRAY<STRING>/,
    ],
    ['a LONG given a fraction', { campaigns: [], min: 1.5, since: '2020-01-01' }, /min: expected LONG/],
    ['a LONG given text', { campaigns: [], min: 'many', since: '2020-01-01' }, /min: expected LONG/],
    ['a DATE given an impossible date', { campaigns: [], min: 1, since: '2020-02-30' }, /since: expected DATE/],
    [
      'an array element of the wrong type',
      { campaigns: ['A', 7], min: 1, since: '2020-01-01' },
      /campaigns: expected ARRAY<STRING>/,
    ],
    ['an array element that is null', { campaigns: [null], min: 1, since: '2020-01-01' }, /campaigns/],
  ])(
    'when %s, then the execution is refused with a 400 naming the parameter and its type',
    async (_what, values, message) => {
      await expect(run(values)).rejects.toMatchObject({ status: 400, details: expect.stringMatching(message) });
    },
  );

  it('when a declaration has an unknown dataType or a default of the wrong type, then the workflow is refused', async () => {
    await expect(
      h.amc.createWorkflow(ctx, {
        workflowId: 'bad_type',
        sqlQuery: SQL,
        inputParameters: [...PARAMS.slice(0, 2), { name: 'since', dataType: 'NUMBER' }],
      }),
    ).rejects.toMatchObject({
      status: 400,
      details: expect.stringMatching(/Invalid dataType "NUMBER" for parameter since/),
    });
    await expect(
      h.amc.createWorkflow(ctx, {
        workflowId: 'bad_default',
        sqlQuery: SQL,
        inputParameters: [PARAMS[0]!, { ...PARAMS[1]!, defaultValue: 'five' }, PARAMS[2]!],
      }),
    ).rejects.toMatchObject({ status: 400, details: expect.stringMatching(/Invalid defaultValue for parameter min/) });
  });

  it('when a list is NULL, empty or names campaigns, then the sandbox substitutes it: all, all, and only those', async () => {
    const rows = async (campaigns: unknown) => {
      const e = await run({ campaigns, min: '1', since: '2000-01-01' });
      const done = await waitForExecution(h.amc, ctx, e.workflowExecutionId);
      expect(done.status).toBe('SUCCEEDED');
      const urls = await h.amc.getDownloadUrls(ctx, e.workflowExecutionId);
      const csv = await (await fetch(urls.downloadUrls[0]!)).text();
      return csv
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',')[0]!.replace(/"/g, ''));
    };
    const all = await rows(null);
    expect(all.length).toBeGreaterThan(1);
    expect(await rows([])).toEqual(all);
    expect(await rows([all[0]])).toEqual([all[0]]);
  });
});

describe('AMC compile of pathological SQL', () => {
  let h: Awaited<ReturnType<typeof startSimulator>>;
  let ctx: AmcCallContext;
  beforeAll(async () => {
    h = await startSimulator();
    ctx = await h.contextFor();
  });
  afterAll(() => h.sim.close());

  it('when a query nests thousands of parentheses, then AMC refuses it at compile time (400), not with a 500', async () => {
    const sqlQuery = `SELECT ${'('.repeat(5_000)}1${')'.repeat(5_000)} AS x FROM dsp_impressions`;
    await expect(h.amc.createExecution(ctx, { workflow: { sqlQuery }, ...WINDOW })).rejects.toMatchObject({
      status: 400,
      kind: 'sql_compile',
      details: expect.stringMatching(/nests too deeply/),
    });
  });
});
