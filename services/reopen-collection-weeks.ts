/**
 * Retry failed weeks / rerun stale weeks of a data collection (POST /api/data-collections/:id/retry-failed |
 * rerun-stale): reopens the weeks in the ledger under the collection's row lock (the workflow's final check,
 * the finishCollection activity in activities/data-collections.ts, takes the same lock, so a finishing workflow either sees them
 * or has already finished), then signals the workflow, starting a new run when the last one has finished
 * (signalWithStart).
 */
import type { DataCollectionRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import { signalWithStart } from '../temporal/workflow-client';
import { rerunStaleSignal, retryFailedSignal } from '../workflows/messages';
import { START_POLICIES } from '../workflows/start-policies';
import { refreshStaleWeeks } from './collection-view';
import { collectionWorkflowInput } from './create-collection';
import type { ServiceDeps } from './deps';

/** failed: FAILED weeks run again with a fresh retry budget; stale: STALE weeks run with today's SQL. */
export type ReopenKind = 'failed' | 'stale';

export async function reopenCollectionWeeks(
  deps: Pick<ServiceDeps, 'repos' | 'temporal' | 'settings'>,
  row: DataCollectionRow,
  kind: ReopenKind,
): Promise<number> {
  if (row.status === 'CANCELLED')
    throw new AppError(409, 'COLLECTION_CANCELLED', 'a cancelled collection cannot run again');
  if (kind === 'stale') await refreshStaleWeeks(deps, row);
  const { dataCollections } = deps.repos;
  const reopened = await dataCollections.transaction(async (tx) => {
    const locked = await dataCollections.lock(row.id, tx);
    const reset = { status: 'PENDING' as const, wait_reason: null, next_attempt_at: null };
    let n: number;
    if (kind === 'failed') {
      const retries = deps.settings.collections.weekRetryLimit;
      n = await dataCollections.updateWeeksWhere(row.id, ['FAILED'], { ...reset, retries_left: retries }, tx);
      // Weeks waiting for an automatic retry run now too (those waiting for AMC's data lag keep waiting).
      await dataCollections.updateWeeksWhere(row.id, ['WAITING'], { next_attempt_at: null }, tx, 'retry');
    } else {
      n = await dataCollections.updateWeeksWhere(row.id, ['STALE'], reset, tx);
    }
    if (n > 0 && locked.status !== 'PAUSED') await dataCollections.setStatus(row.id, 'RUNNING', tx);
    return n;
  });
  if (reopened === 0) {
    throw new AppError(
      409,
      kind === 'failed' ? 'NO_FAILED_WEEKS' : 'NO_STALE_WEEKS',
      `the collection has no ${kind} weeks`,
    );
  }
  await signalWithStart(
    deps.temporal,
    'dataCollectionWorkflow',
    {
      taskQueue: deps.settings.taskQueue,
      workflowId: row.temporal_workflow_id,
      args: [collectionWorkflowInput(deps, row)],
      signal: kind === 'failed' ? retryFailedSignal : rerunStaleSignal,
      signalArgs: [],
    },
    START_POLICIES.collectionResume,
  );
  return reopened;
}
