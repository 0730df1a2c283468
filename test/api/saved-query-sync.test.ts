/** POST /api/workflows/:id/sync: the saved query becomes an AMC saved workflow (create, then update). */
import { call } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let ws: Workspace;

beforeAll(async () => {
  stack = await startStack({ noWorker: true });
  ws = await createWorkspace(stack.apiUrl);
});
afterAll(async () => stack?.close());

async function saveQuery(sqlQuery: string, parameters: Record<string, unknown>) {
  const res = await call(stack.apiUrl, 'POST', '/api/workflows', {
    token: ws.token,
    body: { name: 'sync me', instanceId: ws.instance.id, sqlQuery, parameters },
  });
  expect(res.status).toBe(201);
  return res.body;
}

test('when a saved query is synced twice, then AMC holds it as a saved workflow with CUSTOM_PARAMETERs, created then updated', async () => {
  // Arrange
  const saved = await saveQuery(
    'SELECT campaign, SUM(impressions) AS impressions FROM dsp_impressions WHERE campaign IN ({{campaigns}}) AND impressions >= {{min}} GROUP BY campaign',
    { campaigns: { type: 'string_list', default: ['ALL'] }, min: { type: 'number', required: false } },
  );

  // Act
  const first = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.id}/sync`, { token: ws.token });
  const second = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.id}/sync`, { token: ws.token });

  // Assert
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({
    operation: 'created',
    amcWorkflowId: `recomamp_wf_${saved.id.replace(/-/g, '')}`,
  });
  expect(second.body.operation).toBe('updated');
  expect((await call(stack.apiUrl, 'GET', `/api/workflows/${saved.id}`, { token: ws.token })).body.amcWorkflowId).toBe(
    first.body.amcWorkflowId,
  );
  const at = await stack.deps.amazonTokens.getAccessToken(ws.session.user.id);
  const target = {
    instanceId: ws.instance.instanceId,
    accountId: ws.instance.account.accountId,
    marketplaceId: ws.instance.account.marketplaceId,
    accessToken: at,
  };
  const amcWorkflow = await stack.deps.amc.getWorkflow(target, first.body.amcWorkflowId);
  expect(amcWorkflow.sqlQuery).toContain("campaign IN (CUSTOM_PARAMETER('campaigns'))");
  expect(amcWorkflow.inputParameters).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        name: 'campaigns',
        defaultValue: ['ALL'],
        dataType: expect.objectContaining({ type: 'ARRAY', elementDataType: 'STRING' }),
      }),
    ]),
  );
});

test('when AMC cannot compile the query, then 422 with the line and column in our own SQL', async () => {
  const sql = 'SELECT {{label}} AS label, COUNT(*) AS n\nFROM no_such_table';
  const saved = await saveQuery(sql, { label: { type: 'string', default: 'x' } });

  const res = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.id}/sync`, { token: ws.token });

  expect(res.status).toBe(422);
  expect(res.body.error.code).toBe('AMC_SQL_COMPILE_ERROR');
  expect(res.body.error.details).toMatchObject({ line: 2, column: 6 });
  expect(
    (await call(stack.apiUrl, 'GET', `/api/workflows/${saved.id}`, { token: ws.token })).body.amcWorkflowId,
  ).toBeNull();
});

test('when the first column error sits after a placeholder on the same line, then the column is mapped back', async () => {
  const saved = await saveQuery('SELECT {{label}} AS label, COUNT(*) AS n FROM no_such_table', {
    label: { type: 'string', default: 'x' },
  });
  const res = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.id}/sync`, { token: ws.token });
  expect(res.body.error.details).toMatchObject({
    line: 1,
    column: 'SELECT {{label}} AS label, COUNT(*) AS n FROM '.length + 1,
  });
  expect(res.body.error.details.amcColumn).toBeGreaterThan(res.body.error.details.column);
});

test('when another user syncs my saved query, then 404', async () => {
  const saved = await saveQuery('SELECT COUNT(*) AS n FROM dsp_impressions', {});
  const other = await createWorkspace(stack.apiUrl);
  expect((await call(stack.apiUrl, 'POST', `/api/workflows/${saved.id}/sync`, { token: other.token })).status).toBe(
    404,
  );
});
