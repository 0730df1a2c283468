/**
 * The pre-flight check at the API: POST /api/workflows/check (a query not saved yet), POST /api/workflows/:id/check
 * (a stored one), and the findings every save answers as `warnings`.
 */
import { randomUUID } from 'node:crypto';
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

const check = (body: unknown, token = ws.token) => call(stack.apiUrl, 'POST', '/api/workflows/check', { token, body });

test('when a query with a misspelt column is checked, then 200 with the error at its line and column and the nearest name', async () => {
  const res = await check({
    sqlQuery:
      "SELECT '{{label}}' AS label,\n  campaing, SUM(impressions) AS impressions\nFROM dsp_impressions GROUP BY 1, 2",
    parameters: { label: { type: 'string', default: 'Q4' } },
    instanceId: ws.instance.id,
  });
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    ok: false,
    errors: [
      {
        code: 'UNKNOWN_COLUMN',
        message: "Column 'campaing' not found in any table",
        line: 2,
        column: 3,
        suggestion: 'did you mean campaign?',
      },
    ],
    parameters: [{ name: 'label', style: 'placeholder', declared: true, inLiteral: true }],
  });
});

test('when a valid query with AMC-native parameters is checked, then it is ok and its parameters are detected', async () => {
  const res = await check({
    sqlQuery:
      "SELECT campaign, SUM(impressions) AS impressions FROM sponsored_ads_traffic WHERE CUSTOM_PARAMETER('campaigns') IS NULL OR ARRAY_CONTAINS(CUSTOM_PARAMETER('campaigns'), campaign) GROUP BY 1",
    parameters: { campaigns: { type: 'string_list', required: false } },
  });
  expect(res.body).toEqual({
    ok: true,
    errors: [],
    warnings: [],
    parameters: [{ name: 'campaigns', style: 'custom_parameter', declared: true }],
    tables: ['sponsored_ads_traffic'],
  });
});

test('when the check body is invalid or names an instance that is not mine, then 400', async () => {
  expect((await check({ parameters: {} })).body.error.code).toBe('VALIDATION_ERROR');
  const other = await createWorkspace(stack.apiUrl);
  for (const instanceId of [other.instance.id, randomUUID()]) {
    const res = await check({ sqlQuery: 'SELECT COUNT(*) AS n FROM dsp_impressions', instanceId });
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
  }
});

test('when a query is saved and updated, then each answer carries the check’s findings as warnings with their severity', async () => {
  const body = {
    name: 'paid table, limit',
    instanceId: ws.instance.id,
    sqlQuery: 'SELECT tracked_asin, SUM(conversions) AS conversions\nFROM conversions_all GROUP BY 1\nLIMIT 10',
  };
  const saved = await call(stack.apiUrl, 'POST', '/api/workflows', { token: ws.token, body });
  expect(saved.status).toBe(201);
  expect(saved.body.warnings).toEqual([
    expect.objectContaining({ severity: 'error', code: 'LIMIT_NOT_SUPPORTED', line: 3, column: 1 }),
  ]);

  const updated = await call(stack.apiUrl, 'PUT', `/api/workflows/${saved.body.id}`, {
    token: ws.token,
    body: { ...body, sqlQuery: body.sqlQuery.replace('\nLIMIT 10', '') },
  });
  expect(updated.status).toBe(200);
  expect(updated.body.warnings).toEqual([
    expect.objectContaining({ severity: 'warning', code: 'PAID_FEATURE_TABLE', line: 2, column: 6 }),
  ]);

  const stored = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.body.id}/check`, { token: ws.token });
  expect(stored.body).toMatchObject({ ok: true, errors: [], tables: ['conversions_all'] });
});

test('when another user checks my saved query, then 404', async () => {
  const other = await createWorkspace(stack.apiUrl);
  const res = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/check`, { token: other.token });
  expect(res.status).toBe(404);
});

test.each([
  ["x = {{c}} OR y = CUSTOM_PARAMETER('c')", { c: { type: 'string', default: 'a' } }, 'CONFLICTING_PARAMETER'],
  ["SELECT COUNT(*) AS n FROM dsp_impressions WHERE campaign = CUSTOM_PARAMETER('ghost')", {}, 'UNDECLARED_PARAMETER'],
  [
    "SELECT COUNT(*) AS n FROM dsp_impressions WHERE campaign IN ('{{l}}')",
    { l: { type: 'string_list' } },
    'MISPLACED_PARAMETER',
  ],
])('when a query saying %s is saved, then 400 %s naming the parameter', async (sql, parameters, code) => {
  const res = await call(stack.apiUrl, 'POST', '/api/workflows', {
    token: ws.token,
    body: { name: 'bad parameters', instanceId: ws.instance.id, sqlQuery: sql, parameters },
  });
  expect([res.status, res.body.error.code]).toEqual([400, code]);
  expect(res.body.error.details.parameter).toEqual(expect.any(String));
});
