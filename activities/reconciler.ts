/**
 * The reconciler's activity (workflows/reconciler.ts, fired by the Temporal Schedule `recomamp-reconciler`): it
 * repairs what a crash, a terminate or a long outage can leave behind, by comparing rows with their workflows.
 *
 * - An execution row still live whose workflow is closed or missing (terminated, never started): FAILED with
 *   WORKFLOW_GONE, and its quota ticket given back (waiters woken).
 * - A quota ticket whose lease ran out (no poll renewed it) and whose workflow is closed or missing: given back.
 * - A collection row not finished whose workflow is closed or missing: its workflow started again over the ledger
 *   (weeks in flight are resumed by prepareCollectionWeek, never run twice at AMC), with the memo and search
 *   attributes the API gave it at creation.
 * - Schedules: interrupted writes finished, orphan Temporal Schedules deleted, vanished ones re-created
 *   (activities/reconcile-schedules.ts).
 *
 * Rows quiet for less than `quietSeconds` are left alone (a start may be under way). A row deleted under a running
 * workflow is not listed at all: that workflow's own activities stop it.
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Repositories } from '../db';
import type { AmcQuotaDb, QuotaLimits } from '../db/amc-quota';
import type { ExecutionsDb } from '../db/executions';
import type { ReconcilerDb } from '../db/reconciler';
import {
  collectionStartExtras,
  collectionWorkflowInput,
  type CollectionStartSettings,
} from '../services/create-collection';
import type { ServiceSettings } from '../services/deps';
import { withSearchAttributes } from '../temporal/search-attributes';
import { startWorkflow } from '../temporal/workflow-client';
import { START_POLICIES } from '../workflows/start-policies';
import { wakeGranted } from './amc-quota';
import { emptyScheduleReconcileResult, reconcileSchedules, type ScheduleReconcileResult } from './reconcile-schedules';

/** How the reconciler restarts collections and writes Temporal Schedules (the worker's settings, as the API's). */
export type ReconcilerSettings = CollectionStartSettings & Pick<ServiceSettings, 'scheduleCatchupWindow'>;

export interface ReconcilerActivitiesDeps {
  reconciler: ReconcilerDb;
  executions: Pick<ExecutionsDb, 'transition'>;
  amcQuota: Pick<AmcQuotaDb, 'release' | 'expiredLeases' | 'takeWakeups'>;
  /** Schedule rows, and what a restarted collection's or a pushed schedule's memo and search attributes need. */
  repos: Pick<Repositories, 'db' | 'schedules' | 'savedQueries' | 'amcInstances'>;
  limits: QuotaLimits;
  /**
   * How collections are (re)started and Temporal Schedules written: the worker's settings, as the API's; without
   * them no collection is restarted and no schedule repaired.
   */
  settings?: ReconcilerSettings;
}

export interface ReconcileInput {
  /** Rows unchanged for less than this are left alone. */
  quietSeconds: number;
  /** Most rows of each kind looked at per run. */
  batch: number;
  /** Only this user's rows (tests, whose Postgres is shared with other tests; an operator's targeted repair). */
  userId?: string;
}

export interface ReconcileResult extends ScheduleReconcileResult {
  executionsFailed: number;
  ticketsReclaimed: number;
  collectionsRestarted: number;
}

/** True when no workflow with this id is running (closed, or never existed). */
async function workflowGone(client: Client, workflowId: string): Promise<boolean> {
  try {
    const d = await client.workflow.getHandle(workflowId).describe();
    return d.status.name !== 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return true;
    throw err;
  }
}

export function createReconcilerActivities(deps: ReconcilerActivitiesDeps) {
  return {
    async reconcile(input: ReconcileInput): Promise<ReconcileResult> {
      const client = Context.current().client;
      const result: ReconcileResult = {
        executionsFailed: 0,
        ticketsReclaimed: 0,
        collectionsRestarted: 0,
        ...emptyScheduleReconcileResult(),
      };

      for (const e of await deps.reconciler.quietExecutions(input.quietSeconds, input.batch, input.userId)) {
        if (!(await workflowGone(client, e.temporal_workflow_id))) continue;
        await deps.executions.transition(
          e.id,
          {
            status: 'FAILED',
            error_code: 'WORKFLOW_GONE',
            error_message: 'its workflow closed or never started without finishing the run (reconciler)',
          },
          'reconciler: workflow gone',
        );
        await deps.amcQuota.release(e.id, deps.limits);
        await wakeGranted(deps.amcQuota, e.id);
        result.executionsFailed += 1;
      }

      for (const t of await deps.amcQuota.expiredLeases(input.userId)) {
        if (!(await workflowGone(client, t.workflowId))) continue;
        await deps.amcQuota.release(t.executionId, deps.limits);
        await wakeGranted(deps.amcQuota, t.executionId);
        result.ticketsReclaimed += 1;
      }

      const settings = deps.settings;
      if (!settings) return result;
      for (const row of await deps.reconciler.quietCollections(input.quietSeconds, input.batch, input.userId)) {
        if (!(await workflowGone(client, row.temporal_workflow_id))) continue;
        const savedQuery = await deps.repos.savedQueries.findById(row.user_id, row.saved_query_id);
        if (!savedQuery) continue; // being deleted with its saved query
        const extras = await collectionStartExtras(deps, savedQuery, row);
        await withSearchAttributes(client, () =>
          startWorkflow(
            client,
            'dataCollectionWorkflow',
            {
              taskQueue: settings.taskQueue,
              workflowId: row.temporal_workflow_id,
              args: [{ ...collectionWorkflowInput({ settings }, row), paused: row.status === 'PAUSED' }],
              ...extras,
            },
            START_POLICIES.collectionResume,
          ),
        );
        result.collectionsRestarted += 1;
      }

      Object.assign(
        result,
        await reconcileSchedules({ repos: deps.repos, reconciler: deps.reconciler, settings }, client, input),
      );
      return result;
    },
  };
}
