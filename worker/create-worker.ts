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
  });
}
