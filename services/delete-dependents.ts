/**
 * What depends on a saved query or an instance that is being deleted (issue 16 finding 6, issue 15 item 4), and how
 * it is stopped. Without `?force=true` a deletion that would take schedules, running work or stored results (or,
 * for an instance, saved queries) with it is a 409 naming them. With force, work is **cancelled first, then the
 * rows are deleted**, so no workflow is left polling AMC or waiting for a quota slot for a row that is gone:
 *   1. each schedule row is marked PENDING_DELETE (so the reconciler never re-creates it), its Temporal Schedule
 *      is deleted (no new fires) and the runs it still has going are cancelled;
 *   2. each active data collection is sent its cancel signal (it cancels its weeks at AMC);
 *   3. each unfinished execution's workflow is cancelled (it cancels the AMC execution and releases its slot);
 *   4. we wait for all of them to close (DELETE_CANCEL_WAIT_SECONDS, 30); one that has not closed by then (no
 *      worker running) is terminated and its AMC execution cancelled from here.
 * The rows then go in one delete (foreign keys cascade: executions, results, collections, schedules).
 */
import { ScheduleNotFoundError, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { amcTargetOf } from '../db/amc-instances';
import type { DataCollectionRow, DependentsOwner, ExecutionRow, SavedQueryRow, ScheduleRow } from '../db/tables';
import { AppError } from '../lib/app-error';
import { isFinishedCollectionStatus } from '../lib/collection-statuses';
import { scheduleHandle } from '../temporal/schedules';
import { cancelSignal } from '../workflows/messages';
import { amazonCall } from './amazon-call';
import type { ServiceDeps } from './deps';

/** How long a forced deletion waits for cancelled workflows to close before it terminates them (default). */
export const CANCEL_WAIT_MS = 30_000;

export interface Dependents {
  /** An instance's saved queries (empty for a saved query). */
  savedQueries: SavedQueryRow[];
  schedules: ScheduleRow[];
  unfinishedExecutions: ExecutionRow[];
  activeCollections: DataCollectionRow[];
  executions: number;
  executionsWithResults: number;
  collections: number;
}

/** What a forced deletion did. */
export interface DeletionReport {
  removed: { savedQueries: number; schedules: number; executions: number; collections: number };
  cancelled: { executions: number; collections: number; scheduledRuns: number };
  /** Workflows that did not close within CANCEL_WAIT_MS and were terminated (their AMC runs cancelled from here). */
  terminated: number;
}

type Deps = Pick<ServiceDeps, 'repos' | 'temporal' | 'amc' | 'amazonTokens'>;

export async function findDependents(
  deps: Pick<ServiceDeps, 'repos'>,
  userId: string,
  owner: DependentsOwner,
): Promise<Dependents> {
  const { repos } = deps;
  const [savedQueries, schedules, executions, collections] = await Promise.all([
    'instanceId' in owner ? repos.savedQueries.listByInstance(userId, owner.instanceId) : Promise.resolve([]),
    'instanceId' in owner
      ? repos.schedules.listByInstance(userId, owner.instanceId)
      : repos.schedules.listBySavedQuery(userId, owner.savedQueryId),
    repos.executions.ofOwner(userId, owner),
    repos.dataCollections.ofOwner(userId, owner),
  ]);
  return {
    savedQueries,
    schedules,
    unfinishedExecutions: executions.unfinished,
    activeCollections: collections.filter((c) => !isFinishedCollectionStatus(c.status)),
    executions: executions.total,
    executionsWithResults: executions.succeeded,
    collections: collections.length,
  };
}

const counted = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The dependents that stop a deletion without force, as counts and as words. */
export function blockingDependents(d: Dependents): { counts: Record<string, number>; words: string[] } {
  const counts = {
    savedQueries: d.savedQueries.length,
    schedules: d.schedules.length,
    runningExecutions: d.unfinishedExecutions.length,
    activeCollections: d.activeCollections.length,
    executionsWithResults: d.executionsWithResults,
  };
  const words = [
    counts.savedQueries && counted(counts.savedQueries, 'saved query', 'saved queries'),
    counts.schedules && counted(counts.schedules, 'schedule'),
    counts.runningExecutions && counted(counts.runningExecutions, 'running execution'),
    counts.activeCollections && counted(counts.activeCollections, 'active data collection'),
    counts.executionsWithResults &&
      counted(counts.executionsWithResults, 'execution with stored results', 'executions with stored results'),
  ].filter((w): w is string => typeof w === 'string');
  return { counts, words };
}

/** 409 DEPENDENTS_EXIST naming what depends on `what`, unless nothing does. */
export function refuseUnlessForced(what: string, d: Dependents): void {
  const { counts, words } = blockingDependents(d);
  if (words.length === 0) return;
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  throw new AppError(
    409,
    'DEPENDENTS_EXIST',
    `${what} has ${list}; delete with ?force=true to cancel its running work and remove them all`,
    { dependents: counts },
  );
}

const ignoringGone = async (fn: () => Promise<unknown>): Promise<void> => {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError || err instanceof ScheduleNotFoundError)) throw err;
  }
};

/** Resolves with the handles that had not closed within `ms`. */
async function waitForClose(handles: WorkflowHandle[], ms: number): Promise<WorkflowHandle[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), ms)));
  try {
    const outcomes = await Promise.all(
      handles.map((h) =>
        Promise.race([
          h.result().then(
            () => 'closed' as const,
            () => 'closed' as const, // cancelled, failed or gone: closed either way
          ),
          deadline,
        ]),
      ),
    );
    return handles.filter((_h, i) => outcomes[i] === 'late');
  } finally {
    clearTimeout(timer);
  }
}

/** Cancels an execution at AMC from here, for a workflow that was terminated before it could (best effort). */
async function cancelAtAmc(deps: Deps, execution: ExecutionRow): Promise<void> {
  const instance = await deps.repos.amcInstances.findById(execution.user_id, execution.instance_id);
  if (!instance || !execution.amc_execution_id) return;
  await amazonCall(deps, execution.user_id, (accessToken) =>
    deps.amc.cancelExecution({ ...amcTargetOf(instance), accessToken }, execution.amc_execution_id!),
  ).catch(() => undefined); // already finished at AMC, or AMC unreachable: nothing more to do from a request
}

/** Stops everything in `d` (the steps in this module's comment); the caller then deletes the rows. */
export async function stopDependents(deps: Deps, d: Dependents, waitMs = CANCEL_WAIT_MS): Promise<DeletionReport> {
  const workflow = (id: string) => deps.temporal.workflow.getHandle(id);
  const scheduledRuns: string[] = [];
  await deps.repos.schedules.markPendingDelete(d.schedules.map((s) => s.id));
  for (const row of d.schedules) {
    await ignoringGone(async () => {
      const description = await scheduleHandle(deps, row).describe();
      scheduledRuns.push(...description.info.runningActions.map((a) => a.workflow.workflowId));
      await scheduleHandle(deps, row).delete();
    });
  }
  for (const c of d.activeCollections) await ignoringGone(() => workflow(c.temporal_workflow_id).signal(cancelSignal));
  for (const id of scheduledRuns) await ignoringGone(() => workflow(id).cancel());
  for (const e of d.unfinishedExecutions) await ignoringGone(() => workflow(e.temporal_workflow_id).cancel());

  const byId = new Map<string, ExecutionRow>(d.unfinishedExecutions.map((e) => [e.temporal_workflow_id, e]));
  const ids = [
    ...new Set([
      ...d.activeCollections.map((c) => c.temporal_workflow_id),
      ...scheduledRuns,
      ...d.unfinishedExecutions.map((e) => e.temporal_workflow_id),
    ]),
  ];
  const late = await waitForClose(ids.map(workflow), waitMs);
  for (const handle of late) {
    await ignoringGone(() => handle.terminate('its saved query or instance was deleted'));
    const execution = byId.get(handle.workflowId);
    if (execution) await cancelAtAmc(deps, execution);
  }
  return {
    removed: {
      savedQueries: d.savedQueries.length,
      schedules: d.schedules.length,
      executions: d.executions,
      collections: d.collections,
    },
    cancelled: {
      executions: d.unfinishedExecutions.length,
      collections: d.activeCollections.length,
      scheduledRuns: scheduledRuns.length,
    },
    terminated: late.length,
  };
}
