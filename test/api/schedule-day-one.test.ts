/**
 * Issue 16 finding 5: schedules do what they say. `trigger` answers with the execution it started, `backfill`
 * with the scheduled times it asked for (read in the schedule's zone unless the bounds carry an offset), resume
 * keeps the pause's note and who did what, and fires skipped while paused show in /runs at once (this file keeps
 * the default 120 s grace period, which only NOT_STARTED fires still wait for).
 */
import { call, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let ws: Workspace;
const created: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  ws = await createWorkspace(stack.apiUrl);
});
afterAll(async () => {
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

async function createSchedule(body: Record<string, unknown>) {
  const res = await api('POST', `/api/workflows/${ws.savedQuery.id}/schedules`, body);
  expect(res.status).toBe(201);
  created.push(res.body.id);
  return res.body;
}

async function waitForRuns(id: string, done: (items: any[]) => boolean, timeoutMs = 40_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await api('GET', `/api/schedules/${id}/runs?limit=200`);
    if (res.status === 200 && done(res.body.items)) return res.body.items;
    if (Date.now() > deadline) throw new Error(`runs never matched: ${JSON.stringify(res.body)}`);
    await sleep(300);
  }
}

describe('schedules on day one', () => {
  test('when a schedule is triggered, then the answer carries the execution it started', async () => {
    const schedule = await createSchedule({ cron: '0 6 * * MON', timezone: 'UTC', timeWindow: { lookbackDays: 7 } });
    const before = Date.now();
    const triggered = await api('POST', `/api/schedules/${schedule.id}/trigger`);
    expect(triggered.status).toBe(202);
    expect(triggered.body).toEqual({
      triggered: true,
      executionId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      scheduledAt: expect.any(String),
      temporalWorkflowId: expect.stringContaining(`scheduled-run/${schedule.id}`),
    });
    expect(Date.parse(triggered.body.scheduledAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);

    const execution = await waitForExecution(stack.apiUrl, ws.token, triggered.body.executionId);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', runKind: 'scheduled' });
    const runs = await waitForRuns(schedule.id, (items) => items.some((r) => r.executionId));
    expect(runs.filter((r) => r.executionId)).toEqual([
      expect.objectContaining({ executionId: triggered.body.executionId, scheduledAt: triggered.body.scheduledAt }),
    ]);
  });

  test("when backfill bounds carry no offset, then they are read in the schedule's zone, and the answer lists what runs", async () => {
    const schedule = await createSchedule({ cron: '0 1 * * *', timezone: 'Asia/Tokyo' });
    // Midnight 2025-10-10 to midnight 2025-10-12 in Tokyo: the 01:00 fires of the 10th and the 11th (JST).
    const local = await api('POST', `/api/schedules/${schedule.id}/backfill`, {
      start: '2025-10-10',
      end: '2025-10-12',
    });
    expect(local.status).toBe(202);
    expect(local.body).toEqual({
      start: '2025-10-09T15:00:00.000Z',
      end: '2025-10-11T15:00:00.000Z',
      timezone: 'Asia/Tokyo',
      scheduledTimes: ['2025-10-09T16:00:00.000Z', '2025-10-10T16:00:00.000Z'],
      runs: 2,
    });
    const runs = await waitForRuns(schedule.id, (items) => items.filter((r) => r.status === 'SUCCEEDED').length === 2);
    expect(runs.map((r) => r.scheduledAt).sort()).toEqual(local.body.scheduledTimes);

    // With an offset the bounds are instants: the same dates at UTC midnight hold the fires of the 11th and 12th JST.
    const utc = await api('POST', `/api/schedules/${schedule.id}/backfill`, {
      start: '2025-10-10T00:00:00Z',
      end: '2025-10-12T00:00:00Z',
    });
    expect(utc.body.scheduledTimes).toEqual(['2025-10-10T16:00:00.000Z', '2025-10-11T16:00:00.000Z']);

    const reversed = await api('POST', `/api/schedules/${schedule.id}/backfill`, {
      start: '2025-10-12',
      end: '2025-10-10',
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['body.end']);
  });

  test('when a paused schedule is resumed, then the pause note stays and the history says who did what, when', async () => {
    const schedule = await createSchedule({ cron: '0 6 * * MON', timezone: 'UTC' });
    const paused = await api('POST', `/api/schedules/${schedule.id}/pause`, { note: 'AMC maintenance' });
    expect(paused.body.pauses).toEqual([
      {
        pausedAt: expect.any(String),
        pausedBy: { kind: 'user', userId: ws.session.user.id },
        note: 'AMC maintenance',
        resumedAt: null,
        resumedBy: null,
        resumeNote: null,
      },
    ]);
    const resumed = await api('POST', `/api/schedules/${schedule.id}/resume`, { note: 'maintenance over' });
    expect(resumed.body.paused).toBe(false);
    const got = await api('GET', `/api/schedules/${schedule.id}`);
    expect(got.body.pauses).toEqual([
      {
        pausedAt: paused.body.pauses[0].pausedAt,
        pausedBy: { kind: 'user', userId: ws.session.user.id },
        note: 'AMC maintenance',
        resumedAt: expect.any(String),
        resumedBy: { kind: 'user', userId: ws.session.user.id },
        resumeNote: 'maintenance over',
      },
    ]);
    expect(Date.parse(got.body.pauses[0].resumedAt)).toBeGreaterThanOrEqual(Date.parse(got.body.pauses[0].pausedAt));
  });

  test('when fires are skipped while paused, then /runs lists them at once with the pause note', async () => {
    const schedule = await createSchedule({ cron: '@every 2s', timezone: 'UTC', paused: true, note: 'not yet' });
    const runs = await waitForRuns(
      schedule.id,
      (items) => items.filter((r) => r.reason === 'PAUSED').length >= 2,
      15_000, // far less than the 120 s grace period
    );
    expect(runs.filter((r) => r.executionId)).toEqual([]);
    expect(runs.find((r) => r.reason === 'PAUSED')).toMatchObject({
      status: 'SKIPPED',
      skipped: true,
      detail: 'not yet',
      executionId: null,
    });
    expect(Date.now() - Date.parse(runs[runs.length - 1]!.scheduledAt)).toBeLessThan(60_000);
    expect((await api('DELETE', `/api/schedules/${schedule.id}`)).status).toBe(204);
  });
});
