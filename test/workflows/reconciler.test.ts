/**
 * The reconciler (workflows/reconciler.ts, activities/reconciler.ts) repairs rows whose workflow is gone: an
 * execution left RUNNING by a terminated workflow is FAILED (WORKFLOW_GONE) and its quota slot freed; a ticket whose
 * lease ran out under a gone workflow is reclaimed; a collection whose workflow was terminated is started again
 * and finishes, with the search attributes the API gave it. Runs are scoped to this file's user (the Postgres is shared with other test files).
 */
import { isFinishedCollectionStatus } from '../../lib/collection-statuses';
import { SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { call } from '../helpers/api-client';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { NOTHING_DONE, reconcileOnce } from '../helpers/reconciler';
import { startStack, type Stack } from '../helpers/stack';
import { until } from '../helpers/wait';

let stack: Stack;
let ws: Workspace;

beforeAll(async () => {
  stack = await startStack({
    simulator: { executionSeconds: 3, pendingSeconds: 0.1 },
    env: { COLLECTION_RETRY_BACKOFF_SECONDS: '0.2' },
  });
  ws = await createWorkspace(stack.apiUrl);
});
afterAll(() => stack?.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const reconcile = (quietSeconds: number) => reconcileOnce(stack, ws.session.user.id, quietSeconds);

/** Starts an execution and returns it once AMC runs it (it holds a quota slot). */
async function runningExecution(): Promise<{ id: string; temporal_workflow_id: string }> {
  await sim({ executionSeconds: 60 });
  const res = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
    token: ws.token,
    body: {},
  });
  expect(res.status).toBe(202);
  return until('AMC running', async () => {
    const row = await stack.db('executions').where({ id: res.body.executionId }).first();
    return row?.amc_status === 'RUNNING' && row;
  });
}

async function sim(config: Record<string, unknown>): Promise<void> {
  await call(stack.simUrl, 'POST', '/__sim/config', { body: config });
}

const ticketOf = (executionId: string) => stack.db('amc_quota_tickets').where({ execution_id: executionId }).first();

describe('reconciler', () => {
  test('when an execution workflow is terminated mid-run, then the reconciler fails its row and frees its slot', async () => {
    const row = await runningExecution();
    expect(await ticketOf(row.id)).toBeDefined();
    await stack.temporal.workflow.getHandle(row.temporal_workflow_id).terminate('test: worker lost it');
    const result = await reconcile(0);
    expect(result.executionsFailed).toBe(1);
    const after = await stack.db('executions').where({ id: row.id }).first();
    expect([after.status, after.error_code]).toEqual(['FAILED', 'WORKFLOW_GONE']);
    expect(await ticketOf(row.id)).toBeUndefined();
    expect(await reconcile(0)).toEqual(NOTHING_DONE);
  });

  test('when a granted ticket lease expires under a gone workflow, then the reconciler reclaims it (a live one stays)', async () => {
    const gone = await runningExecution();
    const live = await runningExecution();
    await stack.temporal.workflow.getHandle(gone.temporal_workflow_id).terminate('test');
    await stack
      .db('amc_quota_tickets')
      .whereIn('execution_id', [gone.id, live.id])
      .update({ lease_expires_at: stack.db.raw(`now() - interval '1 minute'`) });
    const result = await reconcile(3600); // rows are not quiet yet: only the lease path acts
    expect(result).toEqual({ ...NOTHING_DONE, ticketsReclaimed: 1 });
    expect(await ticketOf(gone.id)).toBeUndefined();
    expect(await ticketOf(live.id)).toBeDefined();
    await stack.temporal.workflow.getHandle(live.temporal_workflow_id).terminate('test: cleanup');
    await reconcile(0);
  });

  test('when a collection workflow is terminated, then the reconciler starts it again, with its search attributes, and it finishes', async () => {
    await sim({ executionSeconds: 2 });
    const created = await call(stack.apiUrl, 'POST', '/api/data-collections', {
      token: ws.token,
      body: { workflowId: ws.savedQuery.id, startDate: '2025-03-03', endDate: '2025-03-16' },
    });
    expect(created.status).toBe(202);
    const collectionId: string = created.body.id;
    const workflowId = `data-collection/${collectionId}`;
    await until(
      'a week at AMC',
      async () =>
        (await stack.db('collection_weeks').where({ collection_id: collectionId }).whereNotNull('execution_id'))
          .length > 0,
    );
    await stack.temporal.workflow.getHandle(workflowId).terminate('test: lost');
    await sleep(500);
    const result = await reconcile(0);
    expect(result.collectionsRestarted).toBe(1);
    // The restarted run carries what the API set at creation: the Temporal UI still finds it by saved query.
    const restarted = await stack.temporal.workflow.getHandle(workflowId).describe();
    expect(restarted.typedSearchAttributes.get(SEARCH_ATTRIBUTES.collectionId)).toBe(collectionId);
    expect(restarted.typedSearchAttributes.get(SEARCH_ATTRIBUTES.savedQueryId)).toBe(ws.savedQuery.id);
    expect(restarted.typedSearchAttributes.get(SEARCH_ATTRIBUTES.userId)).toBe(ws.session.user.id);
    expect(restarted.typedSearchAttributes.get(SEARCH_ATTRIBUTES.runKind)).toBe('backfill');
    expect(restarted.memo).toMatchObject({ savedQueryId: ws.savedQuery.id });
    const status = await until(
      'collection finished',
      async () => {
        const row = await stack.db('data_collections').where({ id: collectionId }).first();
        return isFinishedCollectionStatus(row.status) && row.status;
      },
      150_000,
    );
    expect(['SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED']).toContain(status);
    // The new run closes on its own (after announcing the completion), not by another terminate.
    const closedAs = await until('workflow closed', async () => {
      const desc = await stack.temporal.workflow.getHandle(workflowId).describe();
      return desc.status.name !== 'RUNNING' && desc.status.name;
    });
    expect(['COMPLETED', 'FAILED']).toContain(closedAs);
  }, 180_000);
});
