/**
 * Schedule writes that can be repaired (issue 15 item 6; services/schedule-sync.ts) and the reconciler's schedule
 * pass (issue 15 item 3; activities/reconcile-schedules.ts), against the run's real Temporal and Postgres.
 *
 * Each crash between the steps of a write is simulated by writing the state it leaves behind directly (a pending
 * row without its Temporal write, a Temporal Schedule without a row, …); one reconcile pass must repair it. Runs
 * are scoped to this file's user: Postgres and Temporal are shared with other test files.
 */
import { randomUUID } from 'node:crypto';
import { ScheduleNotFoundError } from '@temporalio/client';
import { call } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { NOTHING_DONE, reconcileOnce } from '../helpers/reconciler';
import { startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/wait';

let stack: Stack;
let ws: Workspace;
const temporalIds = new Set<string>();

beforeAll(async () => {
  stack = await startStack();
  ws = await createWorkspace(stack.apiUrl);
});
afterAll(async () => {
  // Never leave a Schedule in the shared Temporal server.
  for (const id of temporalIds) {
    await stack.temporal.schedule
      .getHandle(id)
      .delete()
      .catch(() => undefined);
  }
  await stack?.close();
});

const api = (method: string, path: string, body?: unknown) =>
  call(stack.apiUrl, method, path, { token: ws.token, body });
const temporalIdOf = (id: string) => `recomamp-schedule/${id}`;
const rowOf = (id: string) => stack.db('schedules').where({ id }).first();
const handleOf = (id: string) => stack.temporal.schedule.getHandle(temporalIdOf(id));

const reconcile = (quietSeconds: number, userId = ws.session.user.id) => reconcileOnce(stack, userId, quietSeconds);

async function createThroughApi(body: Record<string, unknown> = {}): Promise<string> {
  const res = await api('POST', `/api/workflows/${ws.savedQuery.id}/schedules`, {
    cron: '0 6 * * *',
    timezone: 'UTC',
    paused: true, // nothing fires at the shared server while the test runs
    ...body,
  });
  expect(res.status).toBe(201);
  temporalIds.add(res.body.temporalScheduleId);
  return res.body.id;
}

/** Whether Temporal's schedule listing (eventually consistent) shows `temporalId`. */
async function listed(temporalId: string): Promise<boolean> {
  for await (const s of stack.temporal.schedule.list()) if (s.scheduleId === temporalId) return true;
  return false;
}

const exists = (id: string) =>
  handleOf(id)
    .describe()
    .then(
      () => true,
      (err: unknown) => {
        if (err instanceof ScheduleNotFoundError) return false;
        throw err;
      },
    );

describe('schedule writes in one order', () => {
  test('when schedules are created, edited, paused, resumed and deleted through the API, then each answer comes once Temporal and the row agree (SYNCED)', async () => {
    const id = await createThroughApi({ paused: false });
    expect(await rowOf(id)).toMatchObject({ temporal_sync: 'SYNCED', paused: false });
    expect((await handleOf(id).describe()).memo).toMatchObject({ scheduleId: id, userId: ws.session.user.id });

    const patched = await api('PATCH', `/api/schedules/${id}`, { cron: '15 8 * * *' });
    expect(patched.status).toBe(200);
    expect(await rowOf(id)).toMatchObject({ temporal_sync: 'SYNCED', cron: '15 8 * * *' });
    expect((await handleOf(id).describe()).spec.calendars?.[0]?.hour).toEqual([{ start: 8, end: 8, step: 1 }]);

    // A cron Temporal refuses: the same 400 as ever, and the row gets its previous values back, SYNCED.
    const refused = await api('PATCH', `/api/schedules/${id}`, { cron: '61 * * * *', paused: true });
    expect([refused.status, refused.body.error.code]).toEqual([400, 'INVALID_CRON']);
    expect(await rowOf(id)).toMatchObject({ temporal_sync: 'SYNCED', cron: '15 8 * * *', paused: false });
    expect((await handleOf(id).describe()).state.paused).toBe(false);
    expect((await api('GET', `/api/schedules/${id}`)).body.pauses).toEqual([]);

    const paused = await api('POST', `/api/schedules/${id}/pause`, { note: 'quiet week' });
    expect(paused.status).toBe(200);
    expect(await rowOf(id)).toMatchObject({ temporal_sync: 'SYNCED', paused: true, note: 'quiet week' });
    expect((await handleOf(id).describe()).state).toMatchObject({ paused: true, note: 'quiet week' });
    const resumed = await api('POST', `/api/schedules/${id}/resume`, {});
    expect(resumed.status).toBe(200);
    expect((await handleOf(id).describe()).state.paused).toBe(false);
    expect(resumed.body.pauses).toHaveLength(1);

    expect((await api('DELETE', `/api/schedules/${id}`)).status).toBe(204);
    expect(await rowOf(id)).toBeUndefined();
    expect(await exists(id)).toBe(false);
    expect((await api('GET', `/api/schedules/${id}`)).status).toBe(404);
  });

  test('when a bad cron is posted, then the row written first is removed again (400, no row, no Temporal Schedule)', async () => {
    const before = await stack.db('schedules').where({ user_id: ws.session.user.id }).count({ n: '*' });
    const res = await api('POST', `/api/workflows/${ws.savedQuery.id}/schedules`, { cron: '0 6 * *', timezone: 'UTC' });
    expect([res.status, res.body.error.code]).toEqual([400, 'INVALID_CRON']);
    const after = await stack.db('schedules').where({ user_id: ws.session.user.id }).count({ n: '*' });
    expect(after).toEqual(before);
  });
});

describe('reconciler: schedules', () => {
  test('when a create stopped after its row (PENDING_CREATE, no Temporal Schedule), then one pass creates the Schedule and marks the row SYNCED', async () => {
    const id = randomUUID();
    temporalIds.add(temporalIdOf(id));
    await stack.db('schedules').insert({
      id,
      user_id: ws.session.user.id,
      saved_query_id: ws.savedQuery.id,
      cron: '0 5 * * 1',
      timezone: 'Europe/Berlin',
      lookback_days: 7,
      lag_days: 1,
      parameters: JSON.stringify({}),
      overlap: 'skip',
      paused: true,
      note: 'created by a request that crashed',
      temporal_schedule_id: temporalIdOf(id),
      temporal_sync: 'PENDING_CREATE',
    });
    expect(await reconcile(3600)).toEqual(NOTHING_DONE); // not quiet yet: a request may still be finishing it
    expect(await exists(id)).toBe(false);

    expect(await reconcile(0)).toEqual({ ...NOTHING_DONE, schedulesCreated: 1 });
    const described = await handleOf(id).describe();
    expect(described.spec.timezone).toBe('Europe/Berlin');
    expect(described.spec.calendars?.[0]?.hour).toEqual([{ start: 5, end: 5, step: 1 }]);
    expect(described.state).toMatchObject({ paused: true, note: 'created by a request that crashed' });
    expect(described.memo).toMatchObject({ scheduleId: id, userId: ws.session.user.id });
    expect(await rowOf(id)).toMatchObject({ temporal_sync: 'SYNCED' });
    const shown = await api('GET', `/api/schedules/${id}`);
    expect(shown.status).toBe(200);
    expect(shown.body.pauses).toHaveLength(1); // its pause recorded when it became SYNCED
    expect(await reconcile(0)).toEqual(NOTHING_DONE);
  });

  test('when a crashed create left a row Temporal refuses (a bad cron), then one pass counts it and removes the row (its POST never answered)', async () => {
    const id = randomUUID();
    await stack.db('schedules').insert({
      id,
      user_id: ws.session.user.id,
      saved_query_id: ws.savedQuery.id,
      cron: '61 * * * *',
      timezone: 'UTC',
      lookback_days: 7,
      lag_days: 1,
      parameters: JSON.stringify({}),
      overlap: 'skip',
      paused: false,
      note: null,
      temporal_schedule_id: temporalIdOf(id),
      temporal_sync: 'PENDING_CREATE',
    });
    expect(await reconcile(0)).toEqual({ ...NOTHING_DONE, schedulesRefused: 1 });
    expect(await rowOf(id)).toBeUndefined();
    expect(await exists(id)).toBe(false);
  });

  test('when a Temporal Schedule of ours has no row, then one pass deletes it (one naming another user is left alone)', async () => {
    const orphan = randomUUID();
    const othersOrphan = randomUUID();
    for (const [id, userId] of [
      [orphan, ws.session.user.id],
      [othersOrphan, randomUUID()],
    ] as const) {
      temporalIds.add(temporalIdOf(id));
      await stack.temporal.schedule.create({
        scheduleId: temporalIdOf(id),
        spec: { cronExpressions: ['0 6 * * *'] },
        action: { type: 'startWorkflow', workflowType: 'scheduledRunWorkflow', taskQueue: `nobody-${id}`, args: [] },
        memo: { scheduleId: id, userId },
        state: { paused: true },
      });
    }
    await until(
      'the orphans listed',
      async () => (await listed(temporalIdOf(orphan))) && listed(temporalIdOf(othersOrphan)),
      30_000,
    );

    expect(await reconcile(0)).toEqual({ ...NOTHING_DONE, orphanSchedulesDeleted: 1 });
    expect(await exists(orphan)).toBe(false);
    expect(await exists(othersOrphan)).toBe(true);
  });

  test('when a delete stopped after marking its row (PENDING_DELETE, Schedule still there), then the row is hidden at once and one pass deletes both', async () => {
    const id = await createThroughApi();
    await stack
      .db('schedules')
      .where({ id })
      .update({ temporal_sync: 'PENDING_DELETE', sync_requested_at: new Date() });
    expect((await api('GET', `/api/schedules/${id}`)).status).toBe(404);
    const list = await api('GET', `/api/schedules?workflowId=${ws.savedQuery.id}`);
    expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(id);
    expect((await api('PATCH', `/api/schedules/${id}`, { cron: '0 7 * * *' })).status).toBe(404);

    expect(await reconcile(0)).toEqual({ ...NOTHING_DONE, schedulesDeleted: 1 });
    expect(await exists(id)).toBe(false);
    expect(await rowOf(id)).toBeUndefined();
  });

  test('when a SYNCED row lost its Temporal Schedule behind our back, then one pass re-creates it', async () => {
    const id = await createThroughApi({ cron: '45 9 * * *' });
    await handleOf(id).delete();
    await until('the deletion listed', async () => !(await listed(temporalIdOf(id))), 30_000);

    expect(await reconcile(0)).toEqual({ ...NOTHING_DONE, schedulesRecreated: 1 });
    const described = await handleOf(id).describe();
    expect(described.spec.calendars?.[0]?.minute).toEqual([{ start: 45, end: 45, step: 1 }]);
    expect(described.state.paused).toBe(true);
    expect((await api('GET', `/api/schedules/${id}`)).status).toBe(200);
  });

  test('when an update stopped after its row (PENDING_UPDATE, Temporal still has the old cron), then one pass pushes the row', async () => {
    const id = await createThroughApi({ cron: '0 6 * * *', paused: true });
    await stack.db('schedules').where({ id }).update({
      cron: '30 7 * * *',
      paused: false,
      note: 'resumed by a request that crashed',
      temporal_sync: 'PENDING_UPDATE',
      sync_requested_at: new Date(),
    });
    expect((await handleOf(id).describe()).spec.calendars?.[0]?.hour).toEqual([{ start: 6, end: 6, step: 1 }]);

    expect(await reconcile(0)).toEqual({ ...NOTHING_DONE, schedulesUpdated: 1 });
    const described = await handleOf(id).describe();
    expect(described.spec.calendars?.[0]?.hour).toEqual([{ start: 7, end: 7, step: 1 }]);
    expect(described.state.paused).toBe(false);
    expect(await rowOf(id)).toMatchObject({ temporal_sync: 'SYNCED' });
    const pauses = (await api('GET', `/api/schedules/${id}`)).body.pauses;
    expect(pauses).toHaveLength(1);
    expect(pauses[0].resumedAt).toEqual(expect.any(String)); // the resume recorded with the sync
    await handleOf(id).pause('test: stop firing');
  });
});
