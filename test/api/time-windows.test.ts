/**
 * Issue 16 finding 2: time windows follow one rule (lib/time-window.ts checkExecutionWindow). A window that ends
 * after now is refused with the latest allowed end; one inside AMC's data lag runs, with a warning on the
 * execution; a date error reports only what is wrong.
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

const DAY = 24 * 3600 * 1000;
const utcDay = (offsetDays: number) => new Date(Math.floor(Date.now() / DAY) * DAY + offsetDays * DAY);
const execute = (body: unknown) =>
  call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, { token: ws.token, body });
const issuesOf = (res: { body: any }) =>
  res.body.error.details.issues.map((i: { path: string; message: string }) => `${i.path}: ${i.message}`);

describe('execution windows', () => {
  test('when the window ends after now, then 400 WINDOW_IN_FUTURE with the latest allowed end, and nothing runs', async () => {
    const createdBefore = (await simStats(stack.simUrl)).executions.created;
    const before = Date.now();
    const res = await execute({ timeWindowStart: '2027-01-01', timeWindowEnd: '2027-01-08' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      code: 'WINDOW_IN_FUTURE',
      message: expect.stringContaining('latest allowed end'),
      details: { timeWindowEnd: '2027-01-08T00:00:00.000Z', latestAllowedEnd: expect.any(String) },
    });
    const latest = Date.parse(res.body.error.details.latestAllowedEnd);
    expect(latest).toBeGreaterThanOrEqual(before - 1000);
    expect(latest).toBeLessThanOrEqual(Date.now());

    // A window that ends later today (after now) is refused the same way.
    const today = await execute({
      timeWindowStart: utcDay(-1).toISOString(),
      timeWindowEnd: new Date(Date.now() + 3600_000).toISOString(),
    });
    expect([today.status, today.body.error.code]).toEqual([400, 'WINDOW_IN_FUTURE']);

    const listed = await call(stack.apiUrl, 'GET', `/api/executions?workflowId=${ws.savedQuery.id}`, {
      token: ws.token,
    });
    expect(listed.body.items).toEqual([]);
    expect((await simStats(stack.simUrl)).executions.created).toBe(createdBefore);
  });

  test("when the window ends inside AMC's data lag, then it runs and the execution carries a warning", async () => {
    const res = await execute({
      timeWindowStart: utcDay(-8).toISOString(),
      timeWindowEnd: utcDay(-1).toISOString(),
    });
    expect(res.status).toBe(202);
    expect(res.body.execution.warnings).toEqual([
      expect.objectContaining({
        code: 'WINDOW_INSIDE_DATA_LAG',
        message: expect.any(String),
        dataCompleteAt: utcDay(1).toISOString(),
      }),
    ]);
    const done = await waitForExecution(stack.apiUrl, ws.token, res.body.executionId);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.warnings).toEqual(res.body.execution.warnings);

    const settled = await execute({ timeWindowStart: '2026-10-01', timeWindowEnd: '2026-10-08' });
    expect([settled.status, settled.body.execution.warnings]).toEqual([202, []]);
  });

  test('when a date is badly formatted or impossible, then the error names only that date', async () => {
    const malformed = await execute({ timeWindowStart: 'yesterday', timeWindowEnd: '2026-01-08' });
    expect(malformed.status).toBe(400);
    expect(issuesOf(malformed)).toEqual([expect.stringMatching(/^body\.timeWindowStart: must be an ISO date/)]);

    const impossible = await execute({ timeWindowStart: '2026-02-30', timeWindowEnd: '2026-03-08' });
    expect(issuesOf(impossible)).toEqual(['body.timeWindowStart: is not a real date (2026-02-30)']);

    const reversed = await execute({ timeWindowStart: '2026-02-10', timeWindowEnd: '2026-02-01' });
    expect(issuesOf(reversed)).toEqual(['body.timeWindowEnd: timeWindowStart must be before timeWindowEnd']);

    const collection = await call(stack.apiUrl, 'POST', '/api/data-collections', {
      token: ws.token,
      body: { workflowId: ws.savedQuery.id, startDate: '2026-1-5', endDate: '2026-01-18' },
    });
    expect(collection.status).toBe(400);
    expect(issuesOf(collection)).toEqual(['body.startDate: must be a date yyyy-MM-dd']);
  });
});
