/**
 * A production-shaped RecomAMP for the topology tests: worker and API *processes* (test/helpers/processes.ts) in a
 * Temporal namespace of their own on the run's Temporal server, on the run's Postgres, against one AMC simulator
 * (in this process, so the test reads its counters directly). Workers expose their probes on free ports; each
 * start resolves once the process's /ready answers 200.
 */
import os from 'node:os';
import { Client, Connection } from '@temporalio/client';
import { createSimulator } from '../../amc/simulator';
import { findFreePort } from '../helpers/ports';
import { baseProcessEnv, startProcess, stopAll, waitForHttp, type RunningProcess } from '../helpers/processes';

export interface WorkerProcess extends RunningProcess {
  /** The SDK's default worker identity, as Temporal histories record it. */
  identity: string;
  probeUrl: string;
  /** The /ready answer (status and body), whatever the status. */
  readiness(): Promise<{ status: number; body: any }>;
}

export interface ApiProcess extends RunningProcess {
  url: string;
}

export interface Cluster {
  sim: ReturnType<typeof createSimulator>;
  namespace: string;
  temporal: Client;
  startWorker(env?: Record<string, string>): Promise<WorkerProcess>;
  startApi(env?: Record<string, string>): Promise<ApiProcess>;
  /** Identities of the workers that completed workflow and activity tasks of these workflows. */
  completedBy(workflowIds: string[]): Promise<Map<string, number>>;
  close(): Promise<void>;
}

export async function startCluster(opts: {
  namespace: string;
  simulator?: Parameters<typeof createSimulator>[0];
  env?: Record<string, string>;
}): Promise<Cluster> {
  const sim = createSimulator({ executionSeconds: 1, pendingSeconds: 0.2, ...opts.simulator });
  const simUrl = (await sim.listen(0)).url;
  const procs: RunningProcess[] = [];
  const connection = await Connection.connect({ address: process.env.RECOMAMP_TEST_TEMPORAL_ADDRESS! });
  const temporal = new Client({ connection, namespace: opts.namespace });
  const env = (extra: Record<string, string | undefined>) =>
    baseProcessEnv({
      TEMPORAL_NAMESPACE: opts.namespace,
      AMC_API_BASE_URL: simUrl,
      LWA_AUTHORIZE_URL: `${simUrl}/ap/oa`,
      LWA_TOKEN_URL: `${simUrl}/auth/o2/token`,
      LWA_PROFILE_URL: `${simUrl}/user/profile`,
      AMC_POLL_INITIAL_SECONDS: '0.2',
      AMC_POLL_MAX_SECONDS: '1',
      ...opts.env,
      ...extra,
    });

  return {
    sim,
    namespace: opts.namespace,
    temporal,
    async startWorker(extra = {}) {
      const [metricsPort, sdkMetricsPort] = [await findFreePort(), await findFreePort()];
      const proc = startProcess(
        `worker ${procs.length + 1}`,
        'worker/main.ts',
        env({ WORKER_METRICS_PORT: String(metricsPort), WORKER_SDK_METRICS_PORT: String(sdkMetricsPort), ...extra }),
      );
      procs.push(proc);
      const probeUrl = `http://127.0.0.1:${metricsPort}`;
      await waitForHttp(proc, `${probeUrl}/ready`);
      return {
        ...proc,
        identity: `${proc.pid}@${os.hostname()}`,
        probeUrl,
        async readiness() {
          const res = await fetch(`${probeUrl}/ready`);
          return { status: res.status, body: await res.json() };
        },
      };
    },
    async startApi(extra = {}) {
      const port = await findFreePort();
      const url = `http://127.0.0.1:${port}`;
      const proc = startProcess(
        `api ${procs.length + 1}`,
        'api/main.ts',
        env({ PORT: String(port), PUBLIC_API_URL: url, ...extra }),
      );
      procs.push(proc);
      await waitForHttp(proc, `${url}/ready`);
      return { ...proc, url };
    },
    async completedBy(workflowIds) {
      const counts = new Map<string, number>();
      for (const id of workflowIds) {
        const history = await temporal.workflow.getHandle(id).fetchHistory();
        for (const e of history.events ?? []) {
          const identity =
            e.workflowTaskCompletedEventAttributes?.identity ?? e.activityTaskCompletedEventAttributes?.identity;
          if (identity) counts.set(identity, (counts.get(identity) ?? 0) + 1);
        }
      }
      return counts;
    },
    async close() {
      await stopAll(procs);
      await sim.close();
      await connection.close();
    },
  };
}
