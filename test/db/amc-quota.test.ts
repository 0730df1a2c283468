/**
 * The AMC quota gate on real Postgres: priority order, idempotent grants, no double grant under concurrent
 * acquires, slots freed by a terminal execution even when no release runs, waiters woken once when someone
 * else's grant pass gives them a slot (no waiter re-polls), and granted tickets as leases renewed by the poll.
 */
import { randomUUID } from 'node:crypto';
import type { QuotaLimits } from '../../db/amc-quota';
import { RecordDeletedError } from '../../lib/record-deleted';
import { FAILURE_TYPES, NON_RETRYABLE_FAILURES } from '../../workflows/failures';
import type { RunKind } from '../../db/tables';
import { call } from '../helpers/api-client';
import { createWorkspace, insertExecutionRow, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let ws: Workspace;
const limits: QuotaLimits = { perInstance: 2, perAccount: 200, staleWaiterSeconds: 600 };

beforeAll(async () => {
  stack = await startStack({ noWorker: true });
  ws = await createWorkspace(stack.apiUrl);
  // AMC confirms the instance is the user's (a live call): only then do its runs take AMC's shared slots.
  expect(
    (await call(stack.apiUrl, 'POST', `/api/instances/${ws.instance.id}/validate`, { token: ws.token })).body.ok,
  ).toBe(true);
});
afterAll(() => stack?.close());

const newExecution = (runKind: RunKind) => insertExecutionRow(stack, ws, { run_kind: runKind });
const finish = (id: string) => stack.deps.systemRepos.executions.transition(id, { status: 'SUCCEEDED' });

describe('AMC quota gate', () => {
  test('when slots are taken, then waiters queue by priority and a release grants the manual run first', async () => {
    const quota = stack.deps.systemRepos.amcQuota;
    const [a, b, c, d] = [
      await newExecution('backfill'),
      await newExecution('backfill'),
      await newExecution('backfill'),
      await newExecution('manual'),
    ];
    expect(await quota.acquire(a, limits)).toEqual({ state: 'granted' });
    expect(await quota.acquire(b, limits)).toEqual({ state: 'granted' });
    expect(await quota.acquire(c, limits)).toEqual({ state: 'waiting', queuePosition: 1 });
    expect(await quota.acquire(d, limits)).toEqual({ state: 'waiting', queuePosition: 1 });
    expect(await quota.queuePositions([c, d])).toEqual(
      new Map([
        [d, 1],
        [c, 2],
      ]),
    );
    // The API's get and list read the same places with the rows (one statement each): null for a slot holder.
    const shown = async (id: string) =>
      (await call(stack.apiUrl, 'GET', `/api/executions/${id}`, { token: ws.token })).body.queuePosition;
    expect([await shown(a), await shown(c), await shown(d)]).toEqual([null, 2, 1]);
    const listed = (await call(stack.apiUrl, 'GET', '/api/executions?limit=100', { token: ws.token })).body.items;
    const listedPosition = new Map(
      listed.map((e: { id: string; queuePosition: number | null }) => [e.id, e.queuePosition]),
    );
    expect([a, b, c, d].map((id) => listedPosition.get(id))).toEqual([null, null, 2, 1]);

    // Acquiring again (a retried activity) takes no second slot.
    expect(await quota.acquire(a, limits)).toEqual({ state: 'granted' });
    expect(await quota.heldOn(ws.instance.instanceId)).toBe(2);

    await quota.release(a, limits);
    expect(await quota.acquire(d, limits)).toEqual({ state: 'granted' });
    expect(await quota.acquire(c, limits)).toEqual({ state: 'waiting', queuePosition: 1 });

    // A terminal execution holds no slot, even though nobody released it.
    await finish(b);
    expect(await quota.acquire(c, limits)).toEqual({ state: 'granted' });
    await Promise.all([finish(c), finish(d)]);
  });

  test('when many executions acquire at once, then no more than the limit are granted', async () => {
    const quota = stack.deps.systemRepos.amcQuota;
    const ids = await Promise.all(Array.from({ length: 12 }, () => newExecution('scheduled')));
    const results = await Promise.all(ids.map((id) => quota.acquire(id, limits)));
    expect(results.filter((r) => r.state === 'granted')).toHaveLength(2);
    expect(await quota.heldOn(ws.instance.instanceId)).toBe(2);
    const positions = [...(await quota.queuePositions(ids)).values()].sort((x, y) => x - y);
    expect(positions).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    await Promise.all(ids.map(finish));
    expect(await quota.heldOn(ws.instance.instanceId)).toBe(0);
  });

  test('when a release grants a waiter, then takeWakeups names it once with its workflow, and the newcomer granted by its own acquire is owed none', async () => {
    const quota = stack.deps.systemRepos.amcQuota;
    const [a, b, c] = [await newExecution('backfill'), await newExecution('backfill'), await newExecution('backfill')];
    expect(await quota.acquire(a, limits)).toEqual({ state: 'granted' });
    expect(await quota.acquire(b, limits)).toEqual({ state: 'granted' });
    expect(await quota.acquire(c, limits)).toEqual({ state: 'waiting', queuePosition: 1 });
    expect(await quota.takeWakeups(a)).toEqual([]); // a and b learnt their grant from their own acquire

    await quota.release(a, limits);
    const workflowId = (await stack.deps.systemRepos.executions.get(c)).temporal_workflow_id;
    expect(await quota.takeWakeups(a)).toEqual([{ executionId: c, workflowId }]);
    expect(await quota.takeWakeups(b)).toEqual([]); // each wake-up is handed out once
    expect(await quota.acquire(c, limits)).toEqual({ state: 'granted' }); // the woken waiter finds its grant
    await Promise.all([finish(b), finish(c)]);
  });

  test('when a granted ticket is not renewed, then its lease expires; a poll renews it', async () => {
    const quota = stack.deps.systemRepos.amcQuota;
    const short: QuotaLimits = { ...limits, leaseSeconds: 1 };
    const a = await newExecution('manual');
    expect(await quota.acquire(a, short)).toEqual({ state: 'granted' });
    expect((await quota.expiredLeases()).map((w) => w.executionId)).not.toContain(a);
    await stack.db.raw(`SELECT pg_sleep(1.2)`);
    expect((await quota.expiredLeases()).map((w) => w.executionId)).toContain(a);
    await quota.renewLease(a, limits);
    expect((await quota.expiredLeases()).map((w) => w.executionId)).not.toContain(a);
    await finish(a);
  });

  test('when the execution row was deleted, then acquiring fails with the non-retryable RecordDeletedError', async () => {
    const quota = stack.deps.systemRepos.amcQuota;
    await expect(quota.acquire(randomUUID(), limits)).rejects.toBeInstanceOf(RecordDeletedError);
    await expect(
      stack.deps.systemRepos.executions.transition(randomUUID(), { status: 'FAILED' }),
    ).rejects.toBeInstanceOf(RecordDeletedError);
    // Temporal names an activity's failure by the error's class: that name is a non-retryable failure type.
    expect(RecordDeletedError.name).toBe(FAILURE_TYPES.recordDeleted);
    expect(NON_RETRYABLE_FAILURES).toContain(FAILURE_TYPES.recordDeleted);
  });
});
