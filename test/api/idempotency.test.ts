/**
 * Idempotency keys (issue 15 #2, issue 16 finding 3), through the HTTP API: a key keeps naming its execution after
 * the run finished (nothing starts again: no workflow run, no AMC call, no event), and a key sent with a different
 * request is a 409 naming what differs.
 */
import { call, simStats, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let ws: Workspace;
beforeAll(async () => {
  stack = await startStack();
  ws = await createWorkspace(stack.apiUrl);
});
afterAll(() => stack?.close());

const execute = (body: Record<string, unknown>) =>
  call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, { token: ws.token, body });

const WINDOW = { timeWindowStart: '2026-01-05', timeWindowEnd: '2026-01-12' };

describe('idempotency keys', () => {
  test('when a key is repeated after its run finished, then the stored execution is returned and nothing starts again', async () => {
    const body = { idempotencyKey: 'nightly-2026-01-05', parameters: { min_impressions: 1 }, ...WINDOW };
    const first = await execute(body);
    expect(first.status).toBe(202);
    const done = await waitForExecution(stack.apiUrl, ws.token, first.body.executionId);
    expect(done.status).toBe('SUCCEEDED');
    const handle = stack.temporal.workflow.getHandle(done.temporalWorkflowId);
    const run = (await handle.describe()).runId;
    const amcBefore = (await simStats(stack.simUrl)).executions;
    const eventsBefore = await stack.db('execution_status_events').where({ execution_id: done.id }).count({ n: '*' });

    const again = await execute(body);

    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ executionId: done.id, status: 'SUCCEEDED', created: false });
    expect(again.body.execution.rowCount).toBe(done.rowCount);
    // No new workflow run under the id (the default reuse policy would have started one at once)…
    expect((await handle.describe()).runId).toBe(run);
    // …so no AMC call, no new status event, and the row is untouched.
    expect((await simStats(stack.simUrl)).executions).toEqual(amcBefore);
    const eventsAfter = await stack.db('execution_status_events').where({ execution_id: done.id }).count({ n: '*' });
    expect(eventsAfter).toEqual(eventsBefore);
    const row = await call(stack.apiUrl, 'GET', `/api/executions/${done.id}`, { token: ws.token });
    expect(row.body).toMatchObject({ status: 'SUCCEEDED', completedAt: done.completedAt, rowCount: done.rowCount });
  });

  test('when a key is repeated with another window or other parameters, then it is 409 IDEMPOTENCY_KEY_REUSED naming the difference', async () => {
    const body = { idempotencyKey: 'weekly-report', parameters: { min_impressions: 1 }, ...WINDOW };
    const first = await execute(body);
    expect(first.status).toBe(202);

    const otherWindow = await execute({ ...body, timeWindowStart: '2026-01-06' });
    expect(otherWindow.status).toBe(409);
    expect(otherWindow.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(otherWindow.body.error.message).toContain('timeWindowStart');
    expect(otherWindow.body.error.details).toMatchObject({
      executionId: first.body.executionId,
      differences: [{ field: 'timeWindowStart', first: '2026-01-05T00:00:00.000Z', now: '2026-01-06T00:00:00.000Z' }],
    });

    const otherParameters = await execute({ ...body, parameters: { min_impressions: 5 } });
    expect(otherParameters.status).toBe(409);
    expect(otherParameters.body.error.details.differences).toEqual([
      { field: 'parameters.min_impressions', first: 1, now: 5 },
    ]);

    const noWindow = await execute({ idempotencyKey: 'weekly-report', parameters: { min_impressions: 1 } });
    expect(noWindow.status).toBe(409);
    expect(noWindow.body.error.details.differences.map((d: any) => d.field)).toEqual([
      'timeWindowStart',
      'timeWindowEnd',
    ]);

    // The same request (keys in another order, same values) is the same request.
    const same = await execute({ ...WINDOW, parameters: { min_impressions: 1 }, idempotencyKey: 'weekly-report' });
    expect(same.status).toBe(202);
    expect(same.body).toMatchObject({ executionId: first.body.executionId, created: false });
  });

  test('when the same key arrives several times at once, then exactly one execution is created and every answer names it', async () => {
    const body = { idempotencyKey: 'burst-2026-01-05', parameters: { min_impressions: 1 }, ...WINDOW };
    const answers = await Promise.all(Array.from({ length: 8 }, () => execute(body)));

    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(202));
    const ids = new Set(answers.map((a) => a.body.executionId));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.body.created === true)).toHaveLength(1);
    const [id] = [...ids];
    const rows = await stack.db('executions').where({ idempotency_key: 'burst-2026-01-05' }).count({ n: '*' });
    expect(Number(rows[0]!.n)).toBe(1);
    const created = await stack
      .db('execution_status_events')
      .where({ execution_id: id, detail: 'created' })
      .count({ n: '*' });
    expect(Number(created[0]!.n)).toBe(1);
  });
});
