/** latest.json → a markdown table of every headline figure beside its goal (issue #18's goals). */
type Row = [metric: string, value: unknown, goal: string];

const pair = (a: unknown, b: unknown) => (a === undefined && b === undefined ? undefined : `${a} / ${b}`);
/** "start 40 s, inflight 95 s, …": where a run's wall time went. */
const perScenario = (seconds: Record<string, number>) =>
  Object.entries(seconds)
    .map(([name, s]) => `${name} ${s} s`)
    .join(', ');

export function toMarkdown(r: Record<string, any>): string {
  const inflight = r.inflight ?? {};
  const sizes = Object.keys(inflight)
    .filter((k) => /^rssMbAt\d+$/.test(k))
    .map((k) => Number(k.slice('rssMbAt'.length)));
  const second = sizes[1] !== undefined ? inflight[`at${sizes[1]}`] : undefined;
  const rows: Row[] = [
    ['startOverheadRatio (API starts/s ÷ the same start raw, 16 clients)', r.startOverheadRatio, '≥ 0.8'],
    ['startOverheadRatioVsBare (÷ a bare grpc-js start, ids only)', r.startOverhead?.startOverheadRatioVsBare, ''],
    ['apiStartP99Ms (16 concurrent clients)', r.apiStartP99Ms, '< 50'],
    ['rawStartP99Ms (raw Temporal start, same run: the floor)', r.startOverhead?.rawStartP99Ms, ''],
    [
      'CPU ms per start: API path / raw (client+API+Postgres+Temporal)',
      pair(r.startOverhead?.cpuMsPerStart?.api?.total, r.startOverhead?.cpuMsPerStart?.raw?.total),
      '',
    ],
    [
      'start, Temporal on its own cores (taskset): ratio / API p99 / raw p99',
      r.startOverhead?.pinned &&
        `${r.startOverhead.pinned.startOverheadRatio} / ${r.startOverhead.pinned.apiStartP99Ms} / ${r.startOverhead.pinned.rawStartP99Ms}`,
      '',
    ],
    ...sizes.map((n, i): Row => {
      const run = i === 0 ? inflight : second;
      return [
        `inflight ${n}: completed / at AMC at once`,
        run && `${run.completed} / ${run.peakInFlightAtAmc}`,
        `${n} / ${n}`,
      ];
    }),
    ...sizes.map((n): Row => [
      `inflight.rssMbAt${n} (worker peak RSS)`,
      inflight[`rssMbAt${n}`],
      n === 1000 ? '< 500' : 'report',
    ]),
    [
      'inflight first runs: status calls per execution vs fixed 15 s poller',
      inflight.statusCallsPerExecution !== undefined &&
        `${inflight.statusCallsPerExecution} vs ${inflight.fixedPollerCallsPerExecution}`,
      '',
    ],
    ['polling.statusCallRatio (÷ fixed 15 s poller, runs with history)', r.polling?.statusCallRatio, '≤ 0.25'],
    [
      'polling.freshnessLagP50Pct (% of the run; AMC done → the check that sees it)',
      r.polling?.freshnessLagP50Pct,
      '≤ 10',
    ],
    ['polling.freshnessLagP99Ms (full-length time)', r.polling?.freshnessLagP99Ms, '≤ 60000'],
    [
      'polling results lag (AMC done → results stored, completed_at): p50 % / p99 ms',
      r.polling?.planned && `${r.polling.planned.resultsLagP50Pct} / ${r.polling.planned.resultsLagP99Ms}`,
      '',
    ],
    [
      'polling first runs (no history): call ratio / lag p50 % / lag p99 ms',
      r.polling &&
        `${r.polling.firstRuns.statusCallRatio} / ${r.polling.firstRuns.freshnessLagP50Pct} / ${r.polling.firstRuns.freshnessLagP99Ms}`,
      '',
    ],
    ['backfillMakespanRatio (collection: actual ÷ ceil(52/K)×T)', r.backfillMakespanRatio, '≤ 1.1'],
    [
      'scheduleBackfillMakespanRatio (52-week schedule backfill, same ideal)',
      r.scheduleBackfillMakespanRatio !== undefined &&
        `${r.scheduleBackfillMakespanRatio}${r.scheduleBackfill?.complete === false ? ' (extrapolated)' : ''}`,
      'beside the collection',
    ],
    [
      'quota gate, 500 weeks queued: grant latency p50 / p99 ms',
      r.quota && `${r.quota.grantLatencyP50Ms} / ${r.quota.grantLatencyP99Ms}`,
      '',
    ],
    [
      'quota gate: ticket-table statements / row writes / transactions per grant',
      r.quota &&
        `${r.quota.quotaStatementsPerGrant} / ${r.quota.quotaRowWritesPerGrant} / ${r.quota.transactionsPerGrant}`,
      'flat in queue depth',
    ],
    ['ingestRatio (our rows/s ÷ psql \\copy rows/s)', r.ingestRatio, '≥ 0.7'],
    [
      'ingestPeakRssMb 100k / 1M rows',
      r.ingestPeakRssMb && `${r.ingestPeakRssMb.rows100k} / ${r.ingestPeakRssMb.rows1m}`,
      'flat',
    ],
    ['apiListP99Ms (100k executions, 8 clients back to back)', r.apiListP99Ms, '< 20'],
    ['apiGetP99Ms (100k executions, 8 clients back to back)', r.apiGetP99Ms, '< 20'],
    ['apiListP99Ms (1M executions, 8 clients back to back)', r.apiListP99MsAt1m, '< 20'],
    ['apiGetP99Ms (1M executions, 8 clients back to back)', r.apiGetP99MsAt1m, '< 20'],
    [
      'list / get p99 ms at a steady 100 req/s (open loop), 100k · 1M executions',
      r.apiReads?.steady &&
        `${r.apiReads.apiListP99MsSteady} / ${r.apiReads.apiGetP99MsSteady} · ${r.apiReadsAt1m?.apiListP99MsSteady ?? '–'} / ${r.apiReadsAt1m?.apiGetP99MsSteady ?? '–'}`,
      '< 20',
    ],
    [
      'API CPU ms per list / get request (100k)',
      r.apiReads?.apiCpuMsPerRequest && `${r.apiReads.apiCpuMsPerRequest.list} / ${r.apiReads.apiCpuMsPerRequest.get}`,
      '',
    ],
    [
      'preflight.checkP50Ms / P99 (corpus, in process) · API P50 / P99',
      r.preflight &&
        `${r.preflight.checkP50Ms} / ${r.preflight.checkP99Ms} · ${r.preflight.apiCheckP50Ms} / ${r.preflight.apiCheckP99Ms}`,
      'milliseconds',
    ],
    ['preflight.sandboxRunToCheckRatio (sandbox run ÷ check, medians)', r.preflight?.sandboxRunToCheckRatio, '≫ 1'],
    ['sandbox.loadMs (7-day window of the main tables)', r.sandbox?.loadMs, ''],
    ['sandbox.allColumnsDspImpressionsMs (7 days, every catalogued column)', r.sandbox?.allColumnsDspImpressionsMs, ''],
  ];
  const body = rows
    .filter(([, v]) => v !== undefined && v !== null && v !== false)
    .map(([m, v, g]) => `| ${m} | ${v} | ${g} |`)
    .join('\n');
  const machine = r.machine
    ? `${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GiB, Node ${r.machine.node}`
    : '';
  const load = r.load ? `; load average at start ${r.load.start}, at end ${r.load.end}` : '';
  const runs: Record<string, any>[] = r.runs ?? [];
  const runLines =
    runs.length > 1
      ? `\n\nMerged from ${runs.length} runs (--merge):\n${runs
          .map(
            (x) =>
              `- ${x.startedAt}: ${x.quick ? '--quick ' : ''}${x.only ? `--only=${x.only.join(',')}` : 'all scenarios'}, ${x.seconds} s, load average ${x.load?.start} → ${x.load?.end}${x.scenarioSeconds ? ` (${perScenario(x.scenarioSeconds)})` : ''}`,
          )
          .join('\n')}`
      : runs[0]?.scenarioSeconds
        ? `\n\nSeconds per scenario: ${perScenario(runs[0].scenarioSeconds)}.`
        : '';
  return `# RecomAMP bench${r.quick && runs.length <= 1 ? ' (quick)' : ''}\n\n${machine}; ${r.seconds ?? '?'} s in all${load}.${runLines}\n\n| metric | value | goal |\n|---|---|---|\n${body}\n`;
}
