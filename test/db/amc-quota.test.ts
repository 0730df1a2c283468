/**
 * The AMC quota gate on real Postgres: priority order, idempotent grants, no double grant under concurrent
 * acquires, and slots freed by a terminal execution even when no release runs.
 */
import type { QuotaLimits } from '../../db/amc-quota';
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
});
