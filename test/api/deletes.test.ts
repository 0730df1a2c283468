/**
 * Issue 16 finding 6 and issue 15 item 4: deleting what others depend on. A saved query or instance with
 * schedules, running work or stored results (an instance: or saved queries) is a 409 naming them; `?force=true`
 * cancels the running work first (AMC executions included), removes the Temporal Schedules, deletes the rows and
 * says what went. Nothing is left polling AMC or waiting at the quota gate for a row that is gone, also when no
 * worker is running to carry the cancellation out (then the API terminates and cancels at AMC itself).
 */
import { ScheduleNotFoundError } from '@temporalio/client';
import { call, simStats, waitForExecution } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
const schedules: string[] = [];

beforeAll(async () => {
  // A forced delete waits 5 s (not 30) for cancelled work before terminating it: the worker-down case stays short.
  stack = await startStack({ env: { DELETE_CANCEL_WAIT_SECONDS: '5' } });
});
afterAll(async () => {
  for (const id of schedules)
    await stack.temporal.schedule
      .getHandle(`recomamp-schedule/${id}`)
      .delete()
      .catch(() => undefined);
  await stack?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const simConfig = (body: unknown) =>
  fetch(`${stack.simUrl}/__sim/config`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const amcStatuses = async (ids: string[]): Promise<string[]> => {
  const { items } = (await (await fetch(`${stack.simUrl}/__sim/executions`)).json()) as {
    items: { workflowExecutionId: string; status: string }[];
  };
  return ids.map((id) => items.find((i) => i.workflowExecutionId === id)?.status ?? 'MISSING');
};

function client(ws: Workspace) {
  return (method: string, path: string, body?: unknown) => call(stack.apiUrl, method, path, { token: ws.token, body });
}

async function execute(ws: Workspace) {
  const res = await client(ws)('POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
    timeWindowStart: '2026-10-01',
    timeWindowEnd: '2026-10-08',
  });
  expect(res.status).toBe(202);
  return res.body.executionId as string;
}

async function addSchedule(ws: Workspace) {
  const res = await client(ws)('POST', `/api/workflows/${ws.savedQuery.id}/schedules`, {
    cron: '0 6 * * MON',
    timezone: 'UTC',
  });
  expect(res.status).toBe(201);
  schedules.push(res.body.id);
  return res.body;
}

/** Waits until the execution runs at AMC (it has an AMC id and AMC says RUNNING). */
const runningAtAmc = (ws: Workspace, id: string) =>
  waitForExecution(stack.apiUrl, ws.token, id, (e) => !!e.amcExecutionId && e.amcStatus === 'RUNNING', 60_000);

describe('deleting what others depend on', () => {
  test('when a saved query has a schedule and stored results, then DELETE is a 409 naming them and removes nothing', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const api = client(ws);
    const executionId = await execute(ws);
    expect((await waitForExecution(stack.apiUrl, ws.token, executionId)).status).toBe('SUCCEEDED');
    const schedule = await addSchedule(ws);

    const refused = await api('DELETE', `/api/workflows/${ws.savedQuery.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toEqual({
      code: 'DEPENDENTS_EXIST',
      message: expect.stringMatching(/1 schedule and 1 execution with stored results.*\?force=true/),
      details: {
        dependents: {
          savedQueries: 0,
          schedules: 1,
          runningExecutions: 0,
          activeCollections: 0,
          executionsWithResults: 1,
        },
      },
    });
    const instance = await api('DELETE', `/api/instances/${ws.instance.id}`);
    expect([instance.status, instance.body.error.code]).toEqual([409, 'DEPENDENTS_EXIST']);
    expect(instance.body.error.message).toContain('1 saved query');

    expect((await api('GET', `/api/workflows/${ws.savedQuery.id}`)).status).toBe(200);
    expect((await api('GET', `/api/instances/${ws.instance.id}`)).status).toBe(200);
    expect((await api('GET', `/api/schedules/${schedule.id}`)).status).toBe(200);
    expect((await api('GET', `/api/executions/${executionId}/results`)).status).toBe(200);
    await stack.temporal.schedule.getHandle(schedule.temporalScheduleId).describe(); // still there
  });

  test('when nothing depends on a saved query, then DELETE is a plain 204', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    expect((await client(ws)('DELETE', `/api/workflows/${ws.savedQuery.id}`)).status).toBe(204);
    expect((await client(ws)('GET', `/api/workflows/${ws.savedQuery.id}`)).status).toBe(404);
  });

  test('when forced while work runs, then AMC runs are cancelled first, nothing keeps running, and the answer says what went', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const api = client(ws);
    await simConfig({ executionSeconds: 600 });
    try {
      const schedule = await addSchedule(ws);
      const manual = await execute(ws);
      const collection = await api('POST', '/api/data-collections', {
        workflowId: ws.savedQuery.id,
        startDate: '2026-09-07',
        endDate: '2026-09-20',
      });
      expect(collection.status).toBe(202);
      await runningAtAmc(ws, manual);
      let weekExecutions: string[] = [];
      for (const deadline = Date.now() + 60_000; weekExecutions.length < 2 && Date.now() < deadline;) {
        await sleep(300);
        const view = await api('GET', `/api/data-collections/${collection.body.id}`);
        weekExecutions = view.body.weeks.map((w: any) => w.executionId).filter(Boolean);
      }
      expect(weekExecutions).toHaveLength(2);
      const running = await Promise.all([manual, ...weekExecutions].map((id) => runningAtAmc(ws, id)));
      const amcIds = running.map((e) => e.amcExecutionId as string);
      expect(await amcStatuses(amcIds)).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);

      const deleted = await api('DELETE', `/api/workflows/${ws.savedQuery.id}?force=true`);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({
        deleted: { workflowId: ws.savedQuery.id },
        removed: { savedQueries: 0, schedules: 1, executions: 3, collections: 1 },
        cancelled: { executions: 3, collections: 1, scheduledRuns: 0 },
        terminated: expect.any(Number),
      });

      // The AMC executions were cancelled at AMC, and every workflow of the saved query is closed.
      expect(await amcStatuses(amcIds)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED']);
      const workflowIds = [
        ...running.map((e) => e.temporalWorkflowId as string),
        collection.body.temporalWorkflowId as string,
      ];
      for (const id of workflowIds) {
        const described = await stack.temporal.workflow.getHandle(id).describe();
        expect([id, described.status.name]).not.toEqual([id, 'RUNNING']);
      }
      await expect(stack.temporal.schedule.getHandle(schedule.temporalScheduleId).describe()).rejects.toBeInstanceOf(
        ScheduleNotFoundError,
      );

      // The rows are gone, and with them every quota ticket: nothing waits for a slot on their behalf.
      expect((await api('GET', `/api/workflows/${ws.savedQuery.id}`)).status).toBe(404);
      expect((await api('GET', `/api/executions/${manual}`)).status).toBe(404);
      expect((await api('GET', `/api/data-collections/${collection.body.id}`)).status).toBe(404);
      expect((await api('GET', `/api/schedules/${schedule.id}`)).status).toBe(404);
      const tickets = await stack.db('amc_quota_tickets').whereIn('execution_id', [manual, ...weekExecutions]);
      expect(tickets).toEqual([]);
      const createdBefore = (await simStats(stack.simUrl)).executions.created;
      await sleep(1500);
      expect((await simStats(stack.simUrl)).executions.created).toBe(createdBefore); // and nothing starts again
    } finally {
      await simConfig({ executionSeconds: 1 });
    }
  });

  test('when no worker runs to cancel, then a forced instance delete terminates the workflow and cancels at AMC itself', async () => {
    const ws = await createWorkspace(stack.apiUrl);
    const api = client(ws);
    await simConfig({ executionSeconds: 600 });
    try {
      const id = await execute(ws);
      const running = await runningAtAmc(ws, id);
      await stack.stopWorker();
      const deleted = await api('DELETE', `/api/instances/${ws.instance.id}?force=true`);
      expect(deleted.status).toBe(200);
      expect(deleted.body).toEqual({
        deleted: { instanceId: ws.instance.id },
        removed: { savedQueries: 1, schedules: 0, executions: 1, collections: 0 },
        cancelled: { executions: 1, collections: 0, scheduledRuns: 0 },
        terminated: 1,
      });
      expect(await amcStatuses([running.amcExecutionId])).toEqual(['CANCELLED']);
      const described = await stack.temporal.workflow.getHandle(running.temporalWorkflowId).describe();
      expect(described.status.name).toBe('TERMINATED');
      expect((await api('GET', `/api/instances/${ws.instance.id}`)).status).toBe(404);
      expect((await api('GET', `/api/executions/${id}`)).status).toBe(404);
    } finally {
      await stack.startWorker();
      await simConfig({ executionSeconds: 1 });
    }
  });
});
