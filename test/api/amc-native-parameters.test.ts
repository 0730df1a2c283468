/**
 * AMC-native CUSTOM_PARAMETER('x') and {{x}} inside string literals, end to end: declared in the saved query's
 * parameters, validated at execute, sent to AMC as the ad-hoc workflow's inputParameters + parameterValues (and
 * kept on the execution row), substituted by the simulator's sandbox; /sync keeps them as AMC inputParameters.
 */
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let ws: Workspace;

beforeAll(async () => {
  stack = await startStack({ simulator: { executionSeconds: 0.1, pendingSeconds: 0.05 } });
  ws = await createWorkspace(stack.apiUrl);
});
afterAll(async () => stack?.close());

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const today = Math.floor(Date.now() / DAY) * DAY;
const WINDOW = { timeWindowStart: day(today - 9 * DAY), timeWindowEnd: day(today - 2 * DAY) };

const SQL = [
  "SELECT '{{report}}' AS report, campaign, SUM(impressions) AS impressions",
  'FROM sponsored_ads_traffic',
  "WHERE (CUSTOM_PARAMETER('campaigns') IS NULL OR CARDINALITY(CUSTOM_PARAMETER('campaigns')) = 0",
  "    OR ARRAY_CONTAINS(CUSTOM_PARAMETER('campaigns'), campaign))",
  "  AND CAST(event_dt_utc AS DATE) >= CUSTOM_PARAMETER('since')",
  "  AND event_dt_utc >= CURRENT_DATE - INTERVAL '{{days}}' DAY",
  'GROUP BY 1, 2',
  "HAVING SUM(impressions) >= CUSTOM_PARAMETER('min_impressions')",
].join('\n');
const PARAMETERS = {
  report: { type: 'string', default: "Q4 'launch'" },
  campaigns: { type: 'string_list', required: false },
  since: { type: 'date' },
  days: { type: 'number', default: 30 },
  min_impressions: { type: 'number', default: 1 },
};

async function save(sqlQuery = SQL, parameters: Record<string, unknown> = PARAMETERS) {
  const res = await call(stack.apiUrl, 'POST', '/api/workflows', {
    token: ws.token,
    body: { name: 'native parameters', instanceId: ws.instance.id, sqlQuery, parameters },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function amcTarget() {
  return {
    instanceId: ws.instance.instanceId,
    accountId: ws.instance.account.accountId,
    marketplaceId: ws.instance.account.marketplaceId,
    accessToken: await stack.deps.amazonTokens.getAccessToken(ws.session.user.id),
  };
}

test('when a query with CUSTOM_PARAMETERs and placeholders inside literals runs, then AMC gets inputParameters + parameterValues and the sandbox returns rows', async () => {
  const saved = await save();
  expect(saved.warnings.map((w: { code: string }) => w.code)).toEqual(['UNSYNCABLE_PARAMETER']); // INTERVAL '{{days}}'

  // Act: no campaigns (NULL: all), a date, the defaults for the rest
  const started = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.id}/execute`, {
    token: ws.token,
    body: { parameters: { since: '2000-01-01', min_impressions: '2' }, ...WINDOW },
  });
  expect(started.status).toBe(202);
  const done = await waitForExecution(stack.apiUrl, ws.token, started.body.executionId);

  // Assert
  expect({ status: done.status, error: done.error }).toEqual({ status: 'SUCCEEDED', error: undefined });
  expect(done.rowCount).toBeGreaterThan(0);
  expect(done.parameters).toEqual({
    report: "Q4 'launch'",
    campaigns: null,
    since: '2000-01-01',
    days: 30,
    min_impressions: 2,
  });
  expect(done.sqlQuery).toContain("SELECT 'Q4 ''launch''' AS report");
  expect(done.sqlQuery).toContain("INTERVAL '30' DAY");
  expect(done.sqlQuery).toContain("CUSTOM_PARAMETER('since')");
  const row = await stack.db('executions').where({ id: done.id }).first();
  expect(row.amc_parameters).toEqual({
    inputParameters: [
      { name: 'campaigns', dataType: { type: 'ARRAY', elementDataType: 'STRING' } },
      { name: 'since', dataType: 'DATE' },
      { name: 'min_impressions', dataType: 'LONG' },
    ],
    parameterValues: { campaigns: null, since: '2000-01-01', min_impressions: 2 },
  });
  // What AMC received (the simulator's record; its responses omit nulls as AMC's do).
  const received = stack.sim.state.executions.get(done.amcExecutionId)!;
  expect(received.inputParameters.map((p) => p.name)).toEqual(['campaigns', 'since', 'min_impressions']);
  expect(received.parameterValues).toEqual({ campaigns: null, since: '2000-01-01', min_impressions: 2 });
  const atAmc = await stack.deps.amc.getExecution(await amcTarget(), done.amcExecutionId);
  expect(atAmc.parameterValues).toEqual({ since: '2000-01-01', min_impressions: 2 });

  const results = await call(stack.apiUrl, 'GET', `/api/executions/${done.id}/results?limit=500`, { token: ws.token });
  const campaigns = results.body.rows.map((r: { campaign: string }) => r.campaign);
  expect(results.body.rows[0].report).toBe("Q4 'launch'");

  // Only one campaign: the list narrows the rows
  const one = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.id}/execute`, {
    token: ws.token,
    body: { parameters: { since: '2000-01-01', campaigns: [campaigns[0]] }, ...WINDOW },
  });
  const narrowed = await waitForExecution(stack.apiUrl, ws.token, one.body.executionId);
  const rows = await call(stack.apiUrl, 'GET', `/api/executions/${narrowed.id}/results`, { token: ws.token });
  expect(rows.body.rows.map((r: { campaign: string }) => r.campaign)).toEqual([campaigns[0]]);
});

test.each([
  [{ since: '2026-02-30' }, 'since'],
  [{ since: '2026-01-01', campaigns: 'one' }, 'campaigns'],
  [{ since: '2026-01-01', min_impressions: 'many' }, 'min_impressions'],
  [{ since: '2026-01-01', report: 'a\u0007b' }, 'report'],
])('when execute gets %j, then 400 INVALID_PARAMETER naming %s and nothing is started', async (parameters, name) => {
  const saved = await save();
  const res = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.id}/execute`, {
    token: ws.token,
    body: { parameters, ...WINDOW },
  });
  expect([res.status, res.body.error.code, res.body.error.details.parameter]).toEqual([400, 'INVALID_PARAMETER', name]);
  const listed = await call(stack.apiUrl, 'GET', `/api/executions?workflowId=${saved.id}`, { token: ws.token });
  expect(listed.body.items).toEqual([]);
});

test('when a query with CUSTOM_PARAMETERs and literal placeholders is synced, then AMC holds CUSTOM_PARAMETERs and their inputParameters', async () => {
  const saved = await save(
    "SELECT campaign, SUM(impressions) AS impressions FROM sponsored_ads_traffic WHERE ad_product_type = '{{product}}' AND customer_search_term LIKE '%{{term}}%' AND (CUSTOM_PARAMETER('campaigns') IS NULL OR ARRAY_CONTAINS(CUSTOM_PARAMETER('campaigns'), campaign)) GROUP BY 1",
    {
      product: { type: 'string', default: 'sponsored_products' },
      term: { type: 'string', default: 'shoe' },
      campaigns: { type: 'string_list', required: false },
    },
  );
  const synced = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.id}/sync`, { token: ws.token });
  expect(synced.status).toBe(200);
  const atAmc = await stack.deps.amc.getWorkflow(await amcTarget(), synced.body.amcWorkflowId);
  expect(atAmc.sqlQuery).toContain(
    "ad_product_type = CUSTOM_PARAMETER('product') AND customer_search_term LIKE CONCAT('%', CUSTOM_PARAMETER('term'), '%')",
  );
  expect(atAmc.inputParameters).toEqual([
    expect.objectContaining({ name: 'product', dataType: 'STRING', defaultValue: 'sponsored_products' }),
    expect.objectContaining({ name: 'term', dataType: 'STRING', defaultValue: 'shoe' }),
    expect.objectContaining({ name: 'campaigns', dataType: expect.objectContaining({ type: 'ARRAY' }) }),
  ]);
  // The optional list is declared with a null default (AMC's responses omit nulls; the simulator kept it).
  const stored = stack.sim.state.workflowsOf(ws.instance.instanceId).get(synced.body.amcWorkflowId)!;
  expect(stored.inputParameters[2]).toMatchObject({ name: 'campaigns', defaultValue: null });
});

test('when a query with a placeholder inside INTERVAL is synced, then 400 UNSYNCABLE_PARAMETER (it still runs from RecomAMP)', async () => {
  const saved = await save();
  const res = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.id}/sync`, { token: ws.token });
  expect([res.status, res.body.error.code, res.body.error.details.parameter]).toEqual([
    400,
    'UNSYNCABLE_PARAMETER',
    'days',
  ]);
});
