/**
 * How every workflow RecomAMP starts treats its workflow id: the one place these choices are made, imported by the
 * client-side starts (temporal/workflow-client.ts) and by the workflows that start children. A leaf (types only).
 *
 * - reuse: what a start does when a *closed* workflow already had this id;
 * - conflict: what a client start does when one is *running* (children always fail to start on a running id,
 *   which the parent treats as "already started");
 * - parentClose: what happens to a child when its parent closes (completes, fails, is cancelled or terminated).
 *
 * Schedule actions (a schedule's runs, the token refresh sweep, the reconciler) are started by the Temporal server:
 * their id is the action's id plus the nominal time, started with ALLOW_DUPLICATE, and not settable from the SDK.
 */
import type { WorkflowIdConflictPolicy, WorkflowIdReusePolicy } from '@temporalio/common';
import type { ParentClosePolicy } from '@temporalio/workflow';

export interface ClientStartPolicy {
  workflowIdReusePolicy: WorkflowIdReusePolicy;
  workflowIdConflictPolicy: WorkflowIdConflictPolicy;
}

export interface ChildStartPolicy {
  workflowIdReusePolicy: WorkflowIdReusePolicy;
  parentClosePolicy: ParentClosePolicy;
}

export const START_POLICIES = {
  /**
   * A manual execution (`amc-execution/<executionId>`, one per idempotencyKey): a closed run is never run again
   * (the key maps to its stored execution forever), a running one is joined.
   */
  execution: { workflowIdReusePolicy: 'REJECT_DUPLICATE', workflowIdConflictPolicy: 'USE_EXISTING' },
  /**
   * A scheduled run's execution, child of `scheduled-run/…`: a second fire of the same time never runs a finished
   * execution again; if the run is cancelled or terminated, its AMC work is cancelled (and its quota slot freed).
   */
  scheduledExecution: { workflowIdReusePolicy: 'REJECT_DUPLICATE', parentClosePolicy: 'REQUEST_CANCEL' },
  /**
   * A collection week (`data-collection/<id>/week-<date>`): each retry is a new execution row under the same id,
   * started only once the previous attempt has closed. A collection stopped from outside (an operator's cancel
   * or terminate) cancels its weeks at AMC instead of leaving them running without a ledger.
   */
  collectionWeek: { workflowIdReusePolicy: 'ALLOW_DUPLICATE', parentClosePolicy: 'REQUEST_CANCEL' },
  /** A new collection (`data-collection/<id>`, a fresh UUID): any existing workflow under that id is a bug. */
  collection: { workflowIdReusePolicy: 'REJECT_DUPLICATE', workflowIdConflictPolicy: 'FAIL' },
  /**
   * A collection reopened (retry-failed, rerun-stale) or repaired by the reconciler: signal-with-start signals the
   * running workflow (USE_EXISTING by definition) or starts a new run over the ledger after a closed one.
   */
  collectionResume: { workflowIdReusePolicy: 'ALLOW_DUPLICATE', workflowIdConflictPolicy: 'USE_EXISTING' },
  /** A webhook delivery, child of the workflow that emitted it: it must outlive its parent, which ends at once. */
  webhookDelivery: { workflowIdReusePolicy: 'REJECT_DUPLICATE', parentClosePolicy: 'ABANDON' },
  /** A replayed delivery (API): a deliberate new run after the last one closed; 409 while one is running. */
  webhookReplay: { workflowIdReusePolicy: 'ALLOW_DUPLICATE', workflowIdConflictPolicy: 'FAIL' },
} as const satisfies Record<string, ClientStartPolicy | ChildStartPolicy>;
