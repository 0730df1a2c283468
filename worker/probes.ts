/**
 * The worker's liveness and readiness, served beside its metrics (worker/metrics-server.ts):
 * - `/health` (liveness): 200 while the process runs and its worker has not failed. It does not depend on
 *   Temporal or Postgres, so an orchestrator does not restart healthy workers when a dependency blips, and it
 *   stays 200 while a SIGTERMed worker drains (killing it then would cut its running activities short).
 * - `/ready` (readiness): 200 when the worker is RUNNING with both pollers POLLING, Temporal answers
 *   (GetSystemInfo) and Postgres answers (SELECT 1), each within 2 s. 503 otherwise: starting, draining after
 *   SIGTERM (it stops taking work), a dependency down. Both bodies carry the worker's status (run state, pollers,
 *   activities and workflow activations in flight).
 */
import type { Worker, WorkerStatus } from '@temporalio/worker';
import type { Db } from '../db';

export interface ProbeAnswer {
  status: number;
  body: unknown;
}

export interface WorkerProbes {
  /** Called once the worker exists (the probes answer "starting" until then). */
  attach(worker: Worker): void;
  health(): ProbeAnswer;
  ready(): Promise<ProbeAnswer>;
}

interface Deps {
  db: Pick<Db, 'raw'>;
  temporal: { workflowService: { getSystemInfo(req: object): Promise<unknown> } };
  timeoutMs?: number;
}

function summary(status: WorkerStatus | undefined) {
  if (!status) return { state: 'STARTING' };
  return {
    state: status.runState,
    pollers: { workflow: status.workflowPollerState, activity: status.activityPollerState },
    inFlight: {
      activities: status.numInFlightActivities,
      heartbeatingActivities: status.numHeartbeatingActivities,
      workflowActivations: status.numInFlightWorkflowActivations,
    },
  };
}

export function createWorkerProbes(deps: Deps): WorkerProbes {
  let worker: Worker | undefined;
  const within = <T>(p: Promise<T>) =>
    Promise.race([
      p,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), deps.timeoutMs ?? 2000).unref()),
    ]);

  return {
    attach(w) {
      worker = w;
    },
    health() {
      const status = worker?.getStatus();
      const failed = status?.runState === 'FAILED';
      return { status: failed ? 503 : 200, body: { status: failed ? 'failed' : 'ok', ...summary(status) } };
    },
    async ready() {
      const status = worker?.getStatus();
      const [postgres, temporal] = await Promise.allSettled([
        within(deps.db.raw('SELECT 1')),
        within(deps.temporal.workflowService.getSystemInfo({})),
      ]);
      const problems: string[] = [];
      if (!status) problems.push('worker starting');
      else if (status.runState !== 'RUNNING') problems.push(`worker ${status.runState.toLowerCase()}`);
      else if (status.workflowPollerState !== 'POLLING' || status.activityPollerState !== 'POLLING')
        problems.push('not polling');
      if (temporal.status === 'rejected') problems.push('temporal unavailable');
      if (postgres.status === 'rejected') problems.push('postgres unavailable');
      const body = {
        ...summary(status),
        temporal: temporal.status === 'fulfilled',
        postgres: postgres.status === 'fulfilled',
      };
      if (problems.length === 0) return { status: 200, body: { status: 'ready', ...body } };
      return {
        status: 503,
        body: { error: { code: 'NOT_READY', message: `not ready: ${problems.join(', ')}`, details: body } },
      };
    },
  };
}
