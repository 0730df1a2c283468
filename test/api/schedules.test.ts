/**
 * Schedules on Temporal Schedules, against the run's real Temporal dev server: fires start executions that
 * complete, pause stops firing (and the missed fires are listed with the reason), backfill starts one execution
 * per past fire with its own window, edits update the Temporal Schedule in place, deletes remove it.
 * `@every 2s` is Temporal's own cron grammar, so tests need no seconds-level special case.
 */
import { ScheduleNotFoundError } from '@temporalio/client';
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let ws: Workspace;
const created: string[] = [];

beforeAll(async () => {
  stack = await startStack({ env: { SCHEDULE_RUN_GRACE_SECONDS: '1' } });
  ws = await createWorkspace(stack.apiUrl);
});
afterAll(async () => {
  // Schedules live in the shared Temporal server: never leave one firing at a task queue nobody polls.
  for (const id of created)
    await stack.temporal.schedule
      .getHandle(`recomamp-schedule/${id}`)
      .delete()
      .catch(() => undefined);
  await stack?.close();
});

const api = (method: string, path: string, body?: unknown) =>
  call(stack.apiUrl, method, path, { token: ws.token, body });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function createSchedule(body: Record<string, unknown>, savedQueryId = ws.savedQuery.id) {
  const res = await api('POST', `/api/workflows/${savedQueryId}/schedules`, body);
  if (res.status === 201) created.push(res.body.id);
  return res;
}

/** Polls the runs list until `done(items)`. */
async function waitForRuns(id: string, done: (items: any[]) => boolean, timeoutMs = 40_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api('GET', `/api/schedules/${id}/runs`);
    if (res.status === 200 && done(res.body.items)) return res.body.items;
    if (Date.now() > deadline) throw new Error(`runs never matched: ${JSON.stringify(res.body)}`);
    await sleep(300);
  }
}

describe('schedules', () => {
  test('when the cron or the zone is bad, then 400 says why, and nothing is created', async () => {
    const badCron = await createSchedule({ cron: '61 * * * *', timezone: 'UTC' });
    expect(badCron.status).toBe(400);
    expect(badCron.body.error.code).toBe('INVALID_CRON');
    expect(badCron.body.error.message).toContain('Minute is not in range');
    const fields = await createSchedule({ cron: '0 6 * *', timezone: 'UTC' });
    expect(fields.body.error.details.reason).toContain('5-7 fields');
    const badZone = await createSchedule({ cron: '0 6 * * *', timezone: 'Mars/Olympus' });
    expect(badZone.status).toBe(400);
    expect(badZone.body.error.code).toBe('VALIDATION_ERROR');
    expect((await api('GET', `/api/schedules?workflowId=${ws.savedQuery.id}`)).body.items).toHaveLength(0);
  });

  test('when a schedule fires, then its runs are executions that complete; pause stops it, and the skipped fires say why', async () => {
    const res = await createSchedule({
      cron: '@every 2s',
      timezone: 'America/New_York',
      timeWindow: { lookbackDays: 7 },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      cron: '@every 2s',
      timeWindow: { lookbackDays: 7, lagDays: 14 },
      overlap: 'skip',
      paused: false,
      temporalScheduleId: `recomamp-schedule/${res.body.id}`,
    });
    expect(res.body.nextRuns.length).toBeGreaterThan(0);
    const description = await stack.temporal.schedule.getHandle(res.body.temporalScheduleId).describe();
    expect(description.memo).toMatchObject({ savedQueryName: 'Campaign reach', savedQueryId: ws.savedQuery.id });

    const fired = await waitForRuns(res.body.id, (items) => items.filter((r) => r.status === 'SUCCEEDED').length >= 2);
    const run = fired.find((r) => r.status === 'SUCCEEDED');
    const execution = await waitForExecution(stack.apiUrl, ws.token, run.executionId);
    expect(execution).toMatchObject({
      status: 'SUCCEEDED',
      workflowId: ws.savedQuery.id,
      timeWindowTimeZone: 'America/New_York',
    });
    expect(execution.temporalWorkflowId).toBe(`amc-execution/${execution.id}`);
    expect(run.timeWindowEnd).toBe(execution.timeWindowEnd);

    const paused = await api('POST', `/api/schedules/${res.body.id}/pause`, { note: 'AMC maintenance' });
    expect(paused.body).toMatchObject({ paused: true, note: 'AMC maintenance', nextRuns: [] });
    // Let any in-flight run finish, then no new execution may start while paused.
    await sleep(3000);
    const before = (await api('GET', `/api/schedules/${res.body.id}/runs`)).body.items.filter(
      (r: any) => r.executionId,
    );
    await sleep(5000);
    const items = (await api('GET', `/api/schedules/${res.body.id}/runs?limit=200`)).body.items;
    expect(items.filter((r: any) => r.executionId)).toHaveLength(before.length);
    const skipped = items.filter((r: any) => r.skipped && r.reason === 'PAUSED');
    expect(skipped.length).toBeGreaterThanOrEqual(2);
    expect(skipped[0]).toMatchObject({ executionId: null, status: 'SKIPPED', detail: 'AMC maintenance' });

    const resumed = await api('POST', `/api/schedules/${res.body.id}/resume`);
    expect(resumed.body.paused).toBe(false);
    await waitForRuns(res.body.id, (all) => all.filter((r) => r.executionId).length > before.length);
    expect((await api('DELETE', `/api/schedules/${res.body.id}`)).status).toBe(204);
  });

  test('when three past weeks are backfilled, then three executions run at once as backfills, each with its own New York window', async () => {
    await call(stack.simUrl, 'POST', '/__sim/config', { body: { executionSeconds: 3 } });
    const res = await createSchedule({
      cron: '0 6 * * MON',
      timezone: 'America/New_York',
      timeWindow: { lookbackDays: 7, lagDays: 14 },
    });
    expect(res.status).toBe(201);
    // Mondays 2025-10-20, 10-27 and 11-03; New York leaves DST on 2025-11-02.
    const backfill = await api('POST', `/api/schedules/${res.body.id}/backfill`, {
      start: '2025-10-19',
      end: '2025-11-09',
    });
    expect(backfill.status).toBe(202);
    expect(backfill.body.scheduledTimes).toEqual([
      '2025-10-20T10:00:00.000Z',
      '2025-10-27T10:00:00.000Z',
      '2025-11-03T11:00:00.000Z',
    ]);

    const runs = await waitForRuns(res.body.id, (items) => items.filter((r) => r.status === 'SUCCEEDED').length === 3);
    expect(runs.map((r) => [r.scheduledAt, r.timeWindowStart, r.timeWindowEnd])).toEqual([
      ['2025-11-03T11:00:00.000Z', '2025-10-13T04:00:00.000Z', '2025-10-20T04:00:00.000Z'],
      ['2025-10-27T10:00:00.000Z', '2025-10-06T04:00:00.000Z', '2025-10-13T04:00:00.000Z'],
      ['2025-10-20T10:00:00.000Z', '2025-09-29T04:00:00.000Z', '2025-10-06T04:00:00.000Z'],
    ]);
    expect(new Set(runs.map((r) => r.executionId)).size).toBe(3);
    // In parallel (not BUFFER_ALL one after another): every run's row exists before the first one finished; and
    // each waits at the quota gate as a backfill, behind regular fires.
    const rows = await stack
      .db('executions')
      .whereIn(
        'id',
        runs.map((r) => r.executionId),
      )
      .select('created_at', 'completed_at', 'run_kind');
    expect(rows.map((r) => r.run_kind)).toEqual(['backfill', 'backfill', 'backfill']);
    const lastCreated = Math.max(...rows.map((r) => new Date(r.created_at).getTime()));
    const firstCompleted = Math.min(...rows.map((r) => new Date(r.completed_at).getTime()));
    expect(lastCreated).toBeLessThan(firstCompleted);
    await call(stack.simUrl, 'POST', '/__sim/config', { body: { executionSeconds: 1 } });
  });

  test('when a schedule is edited, then its Temporal Schedule changes in place; deleting the saved query (forced) removes it', async () => {
    const other = await api('POST', '/api/workflows', {
      name: 'Doomed',
      instanceId: ws.instance.id,
      sqlQuery: 'SELECT campaign FROM dsp_impressions',
    });
    const res = await createSchedule({ cron: '0 6 * * *', timezone: 'UTC' }, other.body.id);
    const handle = stack.temporal.schedule.getHandle(res.body.temporalScheduleId);

    const patched = await api('PATCH', `/api/schedules/${res.body.id}`, {
      cron: '30 7 * * *',
      timezone: 'Europe/Berlin',
      overlap: 'buffer_one',
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ cron: '30 7 * * *', timezone: 'Europe/Berlin', overlap: 'buffer_one' });
    const described = await handle.describe();
    expect(described.spec.timezone).toBe('Europe/Berlin');
    expect(described.spec.calendars?.[0]?.hour).toEqual([{ start: 7, end: 7, step: 1 }]);
    expect(described.policies.overlap).toBe('BUFFER_ONE');
    const badPatch = await api('PATCH', `/api/schedules/${res.body.id}`, { cron: 'not a cron' });
    expect(badPatch.body.error.code).toBe('INVALID_CRON');
    expect((await api('GET', `/api/schedules/${res.body.id}`)).body.cron).toBe('30 7 * * *');

    const stranger = await createWorkspace(stack.apiUrl);
    const theirs = await call(stack.apiUrl, 'GET', `/api/schedules/${res.body.id}`, { token: stranger.token });
    expect(theirs.status).toBe(404);

    // A saved query with a schedule is not deleted by accident (issue 16 finding 6): 409, then ?force=true.
    expect((await api('DELETE', `/api/workflows/${other.body.id}`)).status).toBe(409);
    expect((await api('DELETE', `/api/workflows/${other.body.id}?force=true`)).status).toBe(200);
    await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect((await api('GET', `/api/schedules/${res.body.id}`)).status).toBe(404);
  });
});
