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
  /** config.worker; the SDK's defaults when omitted (tests). */
  sizing?: { maxCachedWorkflows: number; maxConcurrentActivities: number; maxConcurrentWorkflowTasks: number };
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
    ...workflowSource,
    ...(opts.sizing && {
      maxCachedWorkflows: opts.sizing.maxCachedWorkflows,
      maxConcurrentActivityTaskExecutions: opts.sizing.maxConcurrentActivities,
      maxConcurrentWorkflowTaskExecutions: Math.min(
        opts.sizing.maxConcurrentWorkflowTasks,
        opts.sizing.maxCachedWorkflows || Infinity,
      ),
    }),
  });
}
