/**
 * `npm run bench` (`-- --quick` for a smoke run of every scenario in under five minutes, sizes in sizes.ts): starts
 * the stack on embedded defaults (Temporal dev server, embedded Postgres, simulator, API, worker), runs each
 * scenario and writes bench/results/latest.json and latest.md. Not part of CI: speed is proven here with ratios
 * measured side by side in one process and minute, never with timing assertions in tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config';
import { TASK_QUEUES } from '../workflows/task-queues';
import { startInfra } from '../test/helpers/infra';
import { startStack } from '../test/helpers/stack';
import { apiReads } from './scenarios/api-reads';
import { backfillMakespan, scheduleBackfillMakespan } from './scenarios/backfill';
import { inflight, type InflightResult } from './scenarios/inflight';
import { polling, POLLING_STACK } from './scenarios/polling';
import { preflightCheck } from './scenarios/preflight-check';
import { ingest } from './scenarios/ingest';
import { quotaGate } from './scenarios/quota';
import { sandboxLoad } from './scenarios/sandbox-load';
import { startOverhead } from './scenarios/start-overhead';
import { toMarkdown } from './report';
import { startApiProcess } from './api-process';
import { ensureCompiled } from './compiled';
import { FULL_SIZES, QUICK_SIZES } from './sizes';

const PROFILE_DIR = path.join(__dirname, 'results', 'profiles');

/** The poll intervals RecomAMP runs with by default (config AMC_POLL_*), not the tests' fast ones. */
const PRODUCTION_POLLING = (() => {
  const { executions } = loadConfig({});
  return { pollInitialSeconds: executions.pollInitialSeconds, pollMaxSeconds: executions.pollMaxSeconds };
})();

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  /** `--cpu-prof`: the API process (start and reads) runs under node --cpu-prof; profiles land in bench/results/profiles. */
  const cpuProfile = process.argv.includes('--cpu-prof');
  const only = process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const wanted = (name: string) => !only || only.includes(name);
  const sizes = quick ? QUICK_SIZES : FULL_SIZES;
  const started = Date.now();
  /** Wall seconds per scenario, stack start and stop included: where a run's time goes. */
  const scenarioSeconds: Record<string, number> = {};
  const scenario = async (name: string, body: () => Promise<void>): Promise<void> => {
    if (!wanted(name)) return;
    const t0 = Date.now();
    try {
      await body();
    } finally {
      scenarioSeconds[name] = Math.round((Date.now() - t0) / 1000);
      console.log(`  (${name}: ${scenarioSeconds[name]} s)`);
    }
  };
  ensureCompiled();
  const infra = await startInfra();
  infra.exportToEnv();
  const results: Record<string, unknown> = {
    quick,
    startedAt: new Date().toISOString(),
    load: {
      start: os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' '),
    },
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
  };
  try {
    await scenario('start', async () => {
      const stack = await startStack({ noWorker: true });
      const api = await startApiProcess(stack, { ...(cpuProfile && { cpuProfileDir: PROFILE_DIR }) });
      try {
        const r = await startOverhead(stack, api, sizes.start);
        Object.assign(results, {
          startOverheadRatio: r.startOverheadRatio,
          apiStartP50Ms: r.apiStartP50Ms,
          apiStartP99Ms: r.apiStartP99Ms,
          startOverhead: r,
        });
        console.log(`start overhead: ratio ${r.startOverheadRatio}, API p99 ${r.apiStartP99Ms} ms`);
        console.log(`  API stages (mean ms): ${JSON.stringify(r.apiStagesMeanMs)}`);
        console.log(`  CPU ms per start: ${JSON.stringify(r.cpuMsPerStart)}`);
        if (r.pinned)
          console.log(
            `  Temporal on CPU ${r.pinned.temporalCpus}, the rest on CPU ${r.pinned.othersCpus}: ratio ${r.pinned.startOverheadRatio}, API p99 ${r.pinned.apiStartP99Ms} ms, raw p99 ${r.pinned.rawStartP99Ms} ms; CPU ms per start ${JSON.stringify(r.pinned.cpuMsPerStart)}`,
          );
      } finally {
        await api.close();
        await stack.close();
      }
    });
    await scenario('inflight', async () => {
      // Each size on a fresh worker process with the worker's shipped sizing, each run long enough that every
      // execution is running at AMC at once.
      const runs: InflightResult[] = [];
      for (const size of sizes.inflight) {
        const stack = await startStack({ noWorker: true, taskQueue: TASK_QUEUES.amc });
        const api = await startApiProcess(stack);
        try {
          const r = await inflight(stack, api.url, size);
          runs.push(r);
          console.log(
            `inflight ${size.executions}: ${r.completed}/${r.executions} completed (${r.peakInFlightAtAmc} at once at AMC), worker peak RSS ${r.workerPeakRssMb} MB`,
          );
        } finally {
          await api.close();
          await stack.close();
        }
      }
      const [first, second] = runs;
      const [n1, n2] = sizes.inflight.map((s) => s.executions);
      Object.assign(results, {
        inflight: {
          ...first,
          [`rssMbAt${n1}`]: first?.workerPeakRssMb,
          [`rssMbAt${n2}`]: second?.workerPeakRssMb,
          [`at${n2}`]: second,
        },
      });
    });
    await scenario('polling', async () => {
      const stack = await startStack(POLLING_STACK);
      try {
        const r = await polling(stack, sizes.polling);
        Object.assign(results, { polling: r });
        console.log(
          `polling: status calls ${r.statusCallRatio} of a fixed 15 s poller's (first runs ${r.firstRuns.statusCallRatio}), lag p50 ${r.freshnessLagP50Pct} % of the run, p99 ${r.freshnessLagP99Ms} ms`,
        );
      } finally {
        await stack.close();
      }
    });
    await scenario('backfill', async () => {
      const { limit } = sizes.backfill;
      const stack = await startStack({
        simulator: { concurrencyLimit: 1000 },
        env: { AMC_MAX_CONCURRENT_PER_INSTANCE: String(limit), AMC_MAX_CONCURRENT_PER_ACCOUNT: '200' },
        settings: PRODUCTION_POLLING,
      });
      try {
        const r = await backfillMakespan(stack, sizes.backfill);
        Object.assign(results, { backfillMakespanRatio: r.backfillMakespanRatio, backfill: r });
        console.log(`backfill: ratio ${r.backfillMakespanRatio} (${r.makespanSeconds} s vs ideal ${r.idealSeconds} s)`);
        const s = await scheduleBackfillMakespan(stack, { ...sizes.backfill, deadlineFactor: 2 });
        Object.assign(results, { scheduleBackfillMakespanRatio: s.scheduleBackfillMakespanRatio, scheduleBackfill: s });
        console.log(
          `schedule backfill: ratio ${s.scheduleBackfillMakespanRatio}${s.complete ? '' : ` (extrapolated: ${s.finished}/${s.runs} runs done by 2x the ideal)`}`,
        );
      } finally {
        await stack.close();
      }
    });
    await scenario('quota', async () => {
      // Many weeks in flight at once, `limit` at AMC: the rest wait at the quota gate. Polls at 1–2 s so the
      // figures are the gate's, not AMC polling's.
      const { limit } = sizes.quota;
      const stack = await startStack({
        simulator: { concurrencyLimit: 1000 },
        env: { AMC_MAX_CONCURRENT_PER_INSTANCE: String(limit), AMC_MAX_CONCURRENT_PER_ACCOUNT: '200' },
        settings: { pollInitialSeconds: 1, pollMaxSeconds: 2 },
      });
      try {
        const r = await quotaGate(stack, sizes.quota);
        Object.assign(results, { quotaGrantLatencyP99Ms: r.grantLatencyP99Ms, quota: r });
        console.log(`quota: ${JSON.stringify(r)}`);
      } finally {
        await stack.close();
      }
    });
    await scenario('ingest', async () => {
      const stack = await startStack({ noWorker: true });
      try {
        const r = await ingest(stack, sizes.ingest);
        Object.assign(results, { ingestRatio: r.ingestRatio, ingestPeakRssMb: r.ingestPeakRssMb, ingest: r });
        console.log(`ingest: ratio ${r.ingestRatio}, peak RSS ${JSON.stringify(r.ingestPeakRssMb)}`);
      } finally {
        await stack.close();
      }
    });
    await scenario('reads', async () => {
      // The executions table holds `rows` executions, one user's, read through the API process.
      for (const rows of sizes.reads.rows) {
        const stack = await startStack({ noWorker: true });
        const api = await startApiProcess(stack, { ...(cpuProfile && { cpuProfileDir: PROFILE_DIR }) });
        try {
          const r = await apiReads(stack, api, { rows, requests: sizes.reads.requests });
          if (rows === 100_000)
            Object.assign(results, { apiListP99Ms: r.apiListP99Ms, apiGetP99Ms: r.apiGetP99Ms, apiReads: r });
          else
            Object.assign(results, {
              apiListP99MsAt1m: r.apiListP99Ms,
              apiGetP99MsAt1m: r.apiGetP99Ms,
              apiReadsAt1m: r,
            });
          console.log(`api reads (${rows} rows): list p99 ${r.apiListP99Ms} ms, get p99 ${r.apiGetP99Ms} ms`);
          console.log(
            `  at a steady ${r.steady.perSecond} req/s: list p99 ${r.apiListP99MsSteady} ms, get p99 ${r.apiGetP99MsSteady} ms`,
          );
          console.log(`  API CPU ms per request: ${JSON.stringify(r.apiCpuMsPerRequest)}`);
        } finally {
          await api.close();
          await stack.close();
        }
      }
    });
    await scenario('preflight', async () => {
      const stack = await startStack({ noWorker: true });
      try {
        const r = await preflightCheck(stack, sizes.preflight);
        Object.assign(results, { preflight: r });
        console.log(
          `pre-flight check: p50 ${r.checkP50Ms} ms (API ${r.apiCheckP50Ms} ms), sandbox run ${r.sandboxRunP50Ms} ms`,
        );
      } finally {
        await stack.close();
      }
    });
    await scenario('sandbox', async () => {
      const r = await sandboxLoad({ seed: 4242 });
      Object.assign(results, { sandbox: r });
      console.log(`sandbox: 7-day load ${r.loadMs} ms, all dsp_impressions columns ${r.allColumnsDspImpressionsMs} ms`);
    });
  } finally {
    await infra.teardown();
  }
  results.seconds = Math.round((Date.now() - started) / 1000);
  (results.load as Record<string, string>).end = os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const dir = path.join(__dirname, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const latest = path.join(dir, 'latest.json');
  // --merge: this run's scenarios over the previous latest.json (scenarios run apart, e.g. some full and some
  // --quick); `runs` keeps each run's flags, scenarios, time and load beside the figures.
  const run = {
    quick,
    only,
    startedAt: results.startedAt,
    seconds: results.seconds,
    scenarioSeconds,
    load: results.load,
  };
  const merged: Record<string, unknown> =
    process.argv.includes('--merge') && fs.existsSync(latest)
      ? (() => {
          const previous = JSON.parse(fs.readFileSync(latest, 'utf8')) as Record<string, unknown>;
          const runs = (previous.runs as unknown[] | undefined) ?? [
            {
              quick: previous.quick,
              only: null,
              startedAt: previous.startedAt,
              seconds: previous.seconds,
              load: previous.load,
            },
          ];
          return { ...previous, ...results, runs: [...runs, run] };
        })()
      : { ...results, runs: [run] };
  fs.writeFileSync(latest, `${JSON.stringify(merged, null, 2)}\n`);
  fs.writeFileSync(path.join(dir, 'latest.md'), toMarkdown(merged));
  console.log(toMarkdown(merged));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
