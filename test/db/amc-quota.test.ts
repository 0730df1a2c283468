/**
 * The AMC quota gate on real Postgres: priority order, idempotent grants, no double grant under concurrent
 * acquires, and slots freed by a terminal execution even when no release runs.
 */
import { randomUUID } from 'node:crypto';
import type { QuotaLimits } from '../../db/amc-quota';
import type { RunKind } from '../../db/tables';
import { amcWorkflowIdFor, executionWorkflowId } from '../../workflows/ids';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
let ws: Workspace;
const limits: QuotaLimits = { perInstance: 2, perAccount: 200, staleWaiterSeconds: 600 };

beforeAll(async () => {
  stack = await startStack({ noWorker: true });
  ws = await createWorkspace(stack.apiUrl);
});
afterAll(() => stack?.close());

async function newExecution(runKind: RunKind): Promise<string> {
  const id = randomUUID();
  await stack.deps.repos.executions.insertIdempotent({
    id,
    workflow_id: ws.savedQuery.id,
    user_id: ws.session.user.id,
    instance_id: ws.instance.id,
    status: 'PENDING',
    amc_workflow_id: amcWorkflowIdFor(id),
    time_window_start: new Date('2026-01-01T00:00:00Z'),
    time_window_end: new Date('2026-01-08T00:00:00Z'),
    parameters: {},
    sql_query: 'SELECT 1',
    idempotency_key: null,
    temporal_workflow_id: executionWorkflowId(id),
    run_kind: runKind,
  });
  return id;
}
const finish = (id: string) => stack.deps.repos.executions.transition(id, { status: 'SUCCEEDED' });

describe('AMC quota gate', () => {
  test('when slots are taken, then waiters queue by priority and a release grants the manual run first', async () => {
    const quota = stack.deps.repos.amcQuota;
    const [a, b, c, d] = [await newExecution('backfill'), await newExecution('backfill'), await newExecution('backfill'), await newExecution('manual')];
    expect(await quota.acquire(a, limits)).toEqual({ state: 'granted' });
    expect(await quota.acquire(b, limits)).toEqual({ state: 'granted' });
    expect(await quota.acquire(c, limits)).toEqual({ state: 'waiting', queuePosition: 1 });
    expect(await quota.acquire(d, limits)).toEqual({ state: 'waiting', queuePosition: 1 });
    expect(await quota.queuePositions([c, d])).toEqual(new Map([[d, 1], [c, 2]]));

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
    const quota = stack.deps.repos.amcQuota;
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
