/**
 * Pause, resume or cancel a data collection (POST /api/data-collections/:id/pause|resume|cancel): a signal to its
 * workflow, which records the change in the ledger. A finished collection (or one whose workflow is gone)
 * takes no more signals.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DataCollectionRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import { isFinishedCollectionStatus } from '../lib/collection-statuses';
import { cancelSignal, pauseSignal, resumeSignal } from '../workflows/messages';

const SIGNALS = { pause: pauseSignal, resume: resumeSignal, cancel: cancelSignal } as const;
export type CollectionControl = keyof typeof SIGNALS;
export const COLLECTION_CONTROLS = Object.keys(SIGNALS) as CollectionControl[];

export async function controlCollection(
  deps: { temporal: Pick<Client, 'workflow'> },
  row: DataCollectionRow,
  action: CollectionControl,
): Promise<void> {
  const finished = new AppError(409, 'COLLECTION_FINISHED', `the collection is already ${row.status}`);
  if (isFinishedCollectionStatus(row.status)) throw finished;
  try {
    await deps.temporal.workflow.getHandle(row.temporal_workflow_id).signal(SIGNALS[action]);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) throw finished;
    throw err;
  }
}
