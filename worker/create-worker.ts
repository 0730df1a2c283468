import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Activities } from '../activities';
import { payloadDataConverter } from '../lib/payload-codec';
import { TASK_QUEUES } from '../workflows/task-queues';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  activities: Activities;
  taskQueue?: string;
  /** A prebuilt bundle (tests build one per run); without it the worker bundles workflows/ at start. */
  workflowBundlePath?: string;
  /** TEMPORAL_PAYLOAD_KEYS (lib/payload-codec.ts): payloads are encrypted; unencrypted ones still decode. */
  payloadKeys?: string;
  /**
   * config.worker; the SDK's defaults when omitted (tests). Why the shipped defaults (issue #18, measured with
   * 1,000 and 5,000 executions in flight: npm run bench -- --only=inflight):
   * - maxCachedWorkflows 250: the SDK's default is ~600 per GB of heap limit (~2,300 on a 24 GiB machine), so every
   *   workflow in flight stayed cached and RSS grew with the number in flight. An AMC execution spends its life
   *   waiting (on one activity the server retries, or on the poll plan's timers), so a cache miss costs one replay
   *   of a short history when it wakes; 250 bounds the workflow thread's heap whatever the number in flight.
   * - activity and workflow task slots stay at the SDK's defaults (100 and 40), deliberately: activities are I/O
   *   (AMC calls, Postgres) holding little memory, and 100 lets a wave of runs finishing together download side by
   *   side while bounding what the heap holds at once. (Setting them explicitly, even to the same values, changed
   *   how the worker reports its state while draining: test/topology/graceful-shutdown.test.ts.)
   * The process's own heap and malloc sizing is worker/process-sizing.ts. Reusing one V8 context for all workflows
   * (`reuseV8Context`) is the SDK default and stays on (its docs: ≥ 600 cached workflows per GB with it, ~250 without).
   */
  sizing?: { maxCachedWorkflows: number };
  /**
   * Graceful shutdown (WORKER_SHUTDOWN_GRACE_SECONDS / _FORCE_SECONDS): after shutdown() (SIGTERM) the worker stops
   * polling, running activities have `graceSeconds` to finish, then they are cancelled (their attempt fails, so
   * Temporal retries it on another worker at once, with its last heartbeat details); after `forceSeconds` the
   * worker gives up waiting and run() rejects.
   */
  shutdown?: { graceSeconds: number; forceSeconds: number };
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  const workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = opts.workflowBundlePath
    ? { workflowBundle: { codePath: opts.workflowBundlePath } }
    : { workflowsPath: require.resolve('../workflows') };
  return Worker.create({
    connection: opts.connection,
    namespace: opts.namespace,
    taskQueue: opts.taskQueue ?? TASK_QUEUES.amc,
    activities: opts.activities,
    ...(opts.payloadKeys && { dataConverter: payloadDataConverter(opts.payloadKeys) }),
    ...(opts.shutdown && {
      shutdownGraceTime: opts.shutdown.graceSeconds * 1000,
      shutdownForceTime: opts.shutdown.forceSeconds * 1000,
    }),
    ...workflowSource,
    ...(opts.sizing && { maxCachedWorkflows: opts.sizing.maxCachedWorkflows }),
  });
}
