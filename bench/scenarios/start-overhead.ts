/**
 * Scenario 1: executions started per second through POST /api/workflows/:id/execute (the API as its own process,
 * as deployed) against raw Temporal `client.workflow.start` from this process, interleaved rounds so machine
 * noise cancels. Raw makes the start the API makes (same input, memo, search attributes, task queue, kind of
 * connection), so the ratio is the API's own overhead; bare (ids only, grpc-js Client: the seed's baseline) is
 * reported beside it. No worker polls the task queue: this measures
 * starting, not running. The API reports its stages in a Server-Timing header; their means say where its time
 * goes (middleware = everything before the handler: body, auth, tenant context, rate limit).
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Client } from '@temporalio/client';
import { payloadDataConverter } from '../../lib/payload-codec';
import { amcExecutionWorkflow } from '../../workflows';
import { TASK_QUEUES } from '../../workflows/task-queues';
import { searchAttributePairs } from '../../workflows/search-attributes';
import { parseServerTiming } from '../../lib/stage-timer';
import { createWorkspace } from '../../test/helpers/fixtures';
import type { Stack } from '../../test/helpers/stack';
import { createBenchClient } from '../http-client';
import { drive, round, type RunStats } from '../measure';
import { findPid, pinTree, treeCpuSeconds } from '../proc-cpu';

export interface StartOverheadResult {
  /** API starts/s ÷ raw starts/s, raw = the same Temporal start (input, memo, search attributes) without the API. */
  startOverheadRatio: number;
  /** ÷ a bare start (ids only, no memo, no search attributes). */
  startOverheadRatioVsBare: number;
  apiStartP50Ms: number;
  apiStartP99Ms: number;
  /** Raw Temporal's own p99 at the same concurrency: the floor under the API's. */
  rawStartP99Ms: number;
  /** Mean ms per execute by stage as the API timed it, and the client-observed mean beside their sum. */
  apiStagesMeanMs: Record<string, number>;
  /**
   * CPU ms per start by process (Linux /proc): the cost machine load does not distort. `client` is this process
   * (HTTP client or gRPC client), `postgres` the whole server, `temporal` the dev server.
   */
  cpuMsPerStart: { api: Record<string, number>; raw: Record<string, number>; bare: Record<string, number> };
  api: RunStats[];
  raw: RunStats[];
  bare: RunStats[];
  concurrency: number;
  /**
   * The same API and raw rounds with Temporal alone on half the cores and the API, its Postgres and the load
   * generator on the other half (taskset): the deployed topology, where the API does not take its CPU from
   * Temporal's, on one machine. Absent on a single core.
   */
  pinned?: PinnedStartResult;
}

export interface PinnedStartResult {
  temporalCpus: string;
  othersCpus: string;
  startOverheadRatio: number;
  apiStartP50Ms: number;
  apiStartP99Ms: number;
  rawStartP99Ms: number;
  cpuMsPerStart: { api: Record<string, number>; raw: Record<string, number> };
  api: RunStats[];
  raw: RunStats[];
}

/** The processes whose CPU a start costs: this one, the API, Postgres and Temporal (the ones found). */
function cpuMeter(apiPid: number, stack: Stack) {
  const pgPort = new URL(stack.config.db.url!).port;
  const temporalPort = stack.config.temporal.address.split(':').pop()!;
  const pids: Record<string, number | undefined> = {
    api: apiPid,
    postgres: findPid('-D', `-p ${pgPort}`),
    temporal: findPid('start-dev', `--port ${temporalPort}`),
  };
  const sample = (): Record<string, number> => {
    const out: Record<string, number> = { client: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 };
    for (const [name, pid] of Object.entries(pids)) if (pid) out[name] = treeCpuSeconds(pid);
    return out;
  };
  return {
    pids,
    /** Runs `work` and adds each process's CPU seconds to `into`. */
    async measure<T>(into: Record<string, number>, work: () => Promise<T>): Promise<T> {
      const before = sample();
      const result = await work();
      const after = sample();
      for (const k of Object.keys(after)) into[k] = (into[k] ?? 0) + after[k]! - (before[k] ?? 0);
      return result;
    },
  };
}

/**
 * The workflows this scenario started never run (no worker polls while it measures), and they sit on the production
 * task queue, where the API process starts them: terminated here, or the next scenario's worker on that queue (the
 * bench's Temporal server is shared) would inherit thousands of stale runs before its own.
 */
async function terminateLeftovers(stack: Stack): Promise<void> {
  const client = stack.temporal;
  for (let pass = 0; pass < 5; pass++) {
    const running: string[] = [];
    for await (const w of client.workflow.list({
      query: `TaskQueue = '${TASK_QUEUES.amc}' AND ExecutionStatus = 'Running'`,
    })) {
      running.push(w.workflowId);
    }
    if (running.length === 0) return;
    console.log(`  terminating ${running.length} workflows the start scenario left on ${TASK_QUEUES.amc}`);
    await drive(running.length, 16, async (i) => {
      await client.workflow
        .getHandle(running[i]!)
        .terminate('bench: start-overhead measured only the start')
        .catch(() => undefined); // already closed
    });
    await new Promise((r) => setTimeout(r, 1000)); // visibility catches up before the next look
  }
}

export async function startOverhead(
  stack: Stack,
  api: { url: string; pid: number },
  opts: { perRound: number; rounds: number; pinnedRounds: number },
): Promise<StartOverheadResult> {
  const apiUrl = api.url;
  const meter = cpuMeter(api.pid, stack);
  const cpu = {
    api: {} as Record<string, number>,
    raw: {} as Record<string, number>,
    bare: {} as Record<string, number>,
  };
  const ws = await createWorkspace(apiUrl);
  const client = createBenchClient(apiUrl);
  const concurrency = 16;
  const stageSums: Record<string, number> = {};
  let measured = 0;
  let clientMsSum = 0;
  let recording = false;
  const viaApi = () =>
    drive(opts.perRound, concurrency, async () => {
      const t0 = performance.now();
      const res = await client.request('POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
        token: ws.token,
        body: {},
      });
      if (res.status !== 202) throw new Error(`execute answered ${res.status}: ${res.body}`);
      if (!recording) return;
      clientMsSum += performance.now() - t0;
      measured += 1;
      for (const [stage, ms] of Object.entries(parseServerTiming(String(res.headers['server-timing'] ?? '')))) {
        stageSums[stage] = (stageSums[stage] ?? 0) + ms;
      }
    });
  // Raw: the start the API makes (its input, memo and search attributes), without the API; bare: ids only.
  const sameAsApi = {
    memo: { savedQueryId: ws.savedQuery.id, savedQueryName: ws.savedQuery.name, instanceId: ws.instance.id },
    typedSearchAttributes: searchAttributePairs({
      userId: ws.session.user.id,
      instanceId: ws.instance.id,
      amcInstanceId: ws.instance.instanceId,
      savedQueryId: ws.savedQuery.id,
      runKind: 'manual',
    }),
  };
  // Raw uses the kind of connection the API does (api/main.ts: grpc-js Connection, temporal/connection.ts) and its
  // payload codec; bare is the plain Client (no codec, ids only).
  const apiLikeClient = new Client({
    connection: stack.temporal.connection,
    namespace: stack.config.temporal.namespace,
    dataConverter: payloadDataConverter(stack.config.observability.payloadKeys),
  });
  const rawStart = (like: 'api' | 'bare') => () =>
    drive(opts.perRound, concurrency, async () => {
      await (like === 'api' ? apiLikeClient : stack.temporal).workflow.start(amcExecutionWorkflow, {
        taskQueue: TASK_QUEUES.amc,
        workflowId: `bench-raw/${randomUUID()}`,
        args: [{ executionId: randomUUID(), ...(like === 'api' && { pollInitialSeconds: 5, pollMaxSeconds: 60 }) }],
        ...(like === 'api' && sameAsApi),
      });
    });
  const raw = rawStart('api');
  const bare = rawStart('bare');
  const perStart = (m: Record<string, number>, starts: number) => {
    const out = Object.fromEntries(Object.entries(m).map(([k, v]) => [k, round((v * 1000) / starts)]));
    out.total = round((Object.values(m).reduce((sum, v) => sum + v, 0) * 1000) / starts);
    return out;
  };
  const rate = (runs: RunStats[]) =>
    runs.reduce((sum, x) => sum + x.count, 0) / runs.reduce((sum, x) => sum + x.seconds, 0);
  const worst = (runs: RunStats[], k: 'p50Ms' | 'p99Ms') => Math.max(...runs.map((x) => x[k]));
  /** API and raw rounds again, Temporal pinned to its own cores (see PinnedStartResult). */
  const measurePinned = async (): Promise<PinnedStartResult | undefined> => {
    const cpus = os.cpus().length;
    const { temporal: temporalPid, postgres: postgresPid } = meter.pids;
    if (opts.pinnedRounds === 0 || cpus < 2 || !temporalPid || !postgresPid) return undefined;
    const half = Math.floor(cpus / 2);
    const temporalCpus = half === 1 ? '0' : `0-${half - 1}`;
    const othersCpus = half === cpus - 1 ? String(half) : `${half}-${cpus - 1}`;
    const pin = (forTemporal: string, forOthers: string) =>
      [
        pinTree(temporalPid, forTemporal, { withDescendants: true }),
        pinTree(api.pid, forOthers, { withDescendants: true }),
        pinTree(postgresPid, forOthers, { withDescendants: true }),
        pinTree(process.pid, forOthers, { withDescendants: false }),
      ].every((n) => n > 0);
    const pinnedCpu = { api: {} as Record<string, number>, raw: {} as Record<string, number> };
    const pinnedApi: RunStats[] = [];
    const pinnedRaw: RunStats[] = [];
    if (!pin(temporalCpus, othersCpus)) {
      pin(`0-${cpus - 1}`, `0-${cpus - 1}`);
      console.log('  (no taskset here: the pinned start rounds are skipped)');
      return undefined;
    }
    try {
      for (let r = 0; r < opts.pinnedRounds; r++) {
        pinnedApi.push(await meter.measure(pinnedCpu.api, viaApi));
        pinnedRaw.push(await meter.measure(pinnedCpu.raw, raw));
      }
    } finally {
      pin(`0-${cpus - 1}`, `0-${cpus - 1}`);
    }
    const starts = opts.pinnedRounds * opts.perRound;
    return {
      temporalCpus,
      othersCpus,
      startOverheadRatio: round(rate(pinnedApi) / rate(pinnedRaw), 3),
      apiStartP50Ms: worst(pinnedApi, 'p50Ms'),
      apiStartP99Ms: worst(pinnedApi, 'p99Ms'),
      rawStartP99Ms: worst(pinnedRaw, 'p99Ms'),
      cpuMsPerStart: { api: perStart(pinnedCpu.api, starts), raw: perStart(pinnedCpu.raw, starts) },
      api: pinnedApi,
      raw: pinnedRaw,
    };
  };
  await viaApi(); // warm-up: JIT, pools, first connections
  await raw();
  await bare();
  recording = true;
  const apiRuns: RunStats[] = [];
  const rawRuns: RunStats[] = [];
  const bareRuns: RunStats[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    apiRuns.push(await meter.measure(cpu.api, viaApi));
    rawRuns.push(await meter.measure(cpu.raw, raw));
    bareRuns.push(await meter.measure(cpu.bare, bare));
  }
  recording = false; // the stage means are the unpinned rounds'
  const pinned = await measurePinned();
  await terminateLeftovers(stack);
  client.close();
  const starts = opts.rounds * opts.perRound;
  const apiStagesMeanMs: Record<string, number> = {};
  for (const [stage, sum] of Object.entries(stageSums)) apiStagesMeanMs[stage] = round(sum / measured);
  apiStagesMeanMs.serverSum = round(Object.values(stageSums).reduce((s, x) => s + x, 0) / measured);
  apiStagesMeanMs.client = round(clientMsSum / measured);
  return {
    startOverheadRatio: round(rate(apiRuns) / rate(rawRuns), 3),
    startOverheadRatioVsBare: round(rate(apiRuns) / rate(bareRuns), 3),
    apiStartP50Ms: worst(apiRuns, 'p50Ms'),
    apiStartP99Ms: worst(apiRuns, 'p99Ms'),
    rawStartP99Ms: worst(rawRuns, 'p99Ms'),
    apiStagesMeanMs,
    cpuMsPerStart: {
      api: perStart(cpu.api, starts),
      raw: perStart(cpu.raw, starts),
      bare: perStart(cpu.bare, starts),
    },
    api: apiRuns,
    raw: rawRuns,
    bare: bareRuns,
    concurrency,
    ...(pinned && { pinned }),
  };
}
