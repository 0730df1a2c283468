/**
 * The background Amazon token refresh on Temporal: the Schedule refreshes a token the simulator is about to
 * expire; when LWA refuses the refresh for good, the user's schedules and collections pause (marked
 * AMAZON_CONSENT_REQUIRED) and the next login resumes exactly those.
 */
import { randomUUID } from 'node:crypto';
import { call, login, simStats } from '../helpers/api-client';
import { createWorkspace, uniqueSimUser, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/wait';
import { ensureTokenRefreshSchedule } from '../../worker/token-refresh-schedule';

let stack: Stack;
let scheduleId: string;
let simUser: string;
let user: Workspace;

const collectionStatus = async (id: string) =>
  (await stack.db('data_collections').where({ id }).first()).status as string;
const userRow = () => stack.db('users').where({ id: user.session.user.id }).first();

/** Fires the refresh Schedule now and waits for that sweep to finish. */
async function sweep(): Promise<void> {
  const handle = stack.temporal.schedule.getHandle(scheduleId);
  const before = (await handle.describe()).info.recentActions.length;
  await handle.trigger();
  const run = await until(
    'the sweep to start',
    async () => {
      const actions = (await handle.describe()).info.recentActions;
      return actions.length > before ? actions[actions.length - 1] : undefined;
    },
    30_000,
  );
  await stack.temporal.workflow
    .getHandle(run.action.workflow.workflowId, run.action.workflow.firstExecutionRunId)
    .result();
}

beforeAll(async () => {
  // Amazon tokens live 10 minutes: inside the 15-minute refresh buffer from the moment they are issued.
  stack = await startStack({ simulator: { accessTokenTtlSeconds: 600 } });
  scheduleId = await ensureTokenRefreshSchedule(stack.temporal, {
    scheduleId: `test-token-refresh-${randomUUID()}`,
    taskQueue: stack.taskQueue,
    intervalSeconds: 3600, // fired by hand below
    bufferSeconds: stack.config.amazon.refreshBufferSeconds,
    parallelism: 4,
  });
  simUser = uniqueSimUser('refresh');
  user = await createWorkspace(stack.apiUrl, { simUser });
});
afterAll(async () => {
  await stack?.temporal.schedule
    .getHandle(scheduleId)
    .delete()
    .catch(() => undefined);
  await stack?.close();
});

describe('background token refresh', () => {
  test('when a token is about to expire, then the refresh Schedule refreshes it and records it on the user', async () => {
    const before = await userRow();
    const refreshedBefore = (await simStats(stack.simUrl)).tokens.refreshed;
    await ensureTokenRefreshSchedule(stack.temporal, {
      scheduleId,
      taskQueue: stack.taskQueue,
      intervalSeconds: 3600,
      bufferSeconds: 900,
      parallelism: 4,
    });

    await sweep();

    const after = await userRow();
    expect((await simStats(stack.simUrl)).tokens.refreshed).toBeGreaterThan(refreshedBefore);
    expect(after.amazon_access_token_sealed).not.toBe(before.amazon_access_token_sealed);
    expect(after.amazon_token_refreshed_at.getTime()).toBeGreaterThan(before.amazon_token_refreshed_at.getTime());
    expect(after).toMatchObject({
      amazon_refresh_error: null,
      amazon_refresh_failures: 0,
      amazon_connection_status: 'connected',
    });
    // The refreshed token works at AMC.
    const validated = await call(stack.apiUrl, 'POST', `/api/instances/${user.instance.id}/validate`, {
      token: user.token,
    });
    expect(validated.body.ok).toBe(true);
  });

  test('when AMC answers 401 to a token we thought valid, then the call refreshes once and succeeds', async () => {
    await fetch(`${stack.simUrl}/__sim/tokens/expire`, { method: 'POST' });
    const validated = await call(stack.apiUrl, 'POST', `/api/instances/${user.instance.id}/validate`, {
      token: user.token,
    });
    expect(validated.body.ok).toBe(true);
  });

  test('when consent is revoked, then schedules and collections pause, and the next login resumes exactly those', async () => {
    const token = user.token;
    const mine = await call(stack.apiUrl, 'POST', `/api/workflows/${user.savedQuery.id}/schedules`, {
      token,
      body: { cron: '0 6 * * MON', timezone: 'UTC', timeWindow: { lookbackDays: 7 } },
    });
    const userPaused = await call(stack.apiUrl, 'POST', `/api/workflows/${user.savedQuery.id}/schedules`, {
      token,
      body: { cron: '0 7 * * MON', timezone: 'UTC', timeWindow: { lookbackDays: 7 }, paused: true },
    });
    // A week ending in the future waits for AMC's data lag, so the collection is still running when consent goes.
    const today = new Date().toISOString().slice(0, 10);
    const collection = await call(stack.apiUrl, 'POST', '/api/data-collections', {
      token,
      body: { workflowId: user.savedQuery.id, startDate: today, endDate: today },
    });
    expect([mine.status, userPaused.status, collection.status]).toEqual([201, 201, 202]);
    await until(
      `RUNNING (is ${await collectionStatus(collection.body.id)})`,
      async () => (await collectionStatus(collection.body.id)) === 'RUNNING',
      30_000,
    );

    await fetch(`${stack.simUrl}/__sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ revokeTokens: true }),
    });
    await sweep();

    const me = await call(stack.apiUrl, 'GET', '/api/auth/user', { token });
    expect(me.body).toMatchObject({ amazonConnected: false, amazonConnectionStatus: 'needs_consent' });
    expect(me.body.amazonConnectionError).toMatch(/invalid_grant/);
    expect(me.body.amazonWorkPausedAt).not.toBeNull();
    const schedule = await call(stack.apiUrl, 'GET', `/api/schedules/${mine.body.id}`, { token });
    expect(schedule.body.paused).toBe(true);
    expect((await stack.temporal.schedule.getHandle(schedule.body.temporalScheduleId).describe()).state.paused).toBe(
      true,
    );
    await until(
      'PAUSED',
      async () => (await stack.db('data_collections').where({ id: collection.body.id }).first()).status === 'PAUSED',
      30_000,
    );
    // An AMC call from the API now says what to do, not a 500.
    const refused = await call(stack.apiUrl, 'GET', '/api/instances/discover', { token });
    expect([refused.status, refused.body.error.code]).toEqual([409, 'AMAZON_CONSENT_REQUIRED']);

    await fetch(`${stack.simUrl}/__sim/faults`, { method: 'DELETE' });
    const again = await login(stack.apiUrl, simUser);

    const meAgain = await call(stack.apiUrl, 'GET', '/api/auth/user', { token: again.accessToken });
    expect(meAgain.body).toMatchObject({
      amazonConnected: true,
      amazonWorkPausedAt: null,
      amazonConnectionError: null,
    });
    const resumed = await call(stack.apiUrl, 'GET', `/api/schedules/${mine.body.id}`, { token: again.accessToken });
    expect(resumed.body.paused).toBe(false);
    expect((await stack.temporal.schedule.getHandle(resumed.body.temporalScheduleId).describe()).state.paused).toBe(
      false,
    );
    const stillTheirs = await call(stack.apiUrl, 'GET', `/api/schedules/${userPaused.body.id}`, {
      token: again.accessToken,
    });
    expect(stillTheirs.body.paused).toBe(true); // paused by the user: not ours to resume
    await until(
      `RUNNING (is ${await collectionStatus(collection.body.id)})`,
      async () => (await collectionStatus(collection.body.id)) === 'RUNNING',
      30_000,
    );
    await stack.temporal.workflow.getHandle(collection.body.temporalWorkflowId).terminate();
  });
});
