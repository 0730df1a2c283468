/** latest.json → a markdown table of the headline numbers against their goals. */
type Row = [metric: string, value: unknown, goal: string];

export function toMarkdown(r: Record<string, any>): string {
  const rows: Row[] = [
    ['startOverheadRatio (API starts/s ÷ raw client starts/s)', r.startOverheadRatio, '≥ 0.8'],
    ['apiStartP99Ms (16 concurrent clients)', r.apiStartP99Ms, ''],
    [
      'inflight.executions / completed',
      r.inflight && `${r.inflight.executions} / ${r.inflight.completed}`,
      'all complete',
    ],
    ['inflight.workerPeakRssMb', r.inflight?.workerPeakRssMb, ''],
    [
      'inflight.statusCallsPerExecution vs fixed 15 s poller',
      r.inflight && `${r.inflight.statusCallsPerExecution} vs ${r.inflight.fixedPollerCallsPerExecution}`,
      'fewer',
    ],
    ['inflight.freshnessLagP50Ms', r.inflight?.freshnessLagP50Ms, ''],
    ['backfillMakespanRatio (actual ÷ ceil(52/K)×T)', r.backfillMakespanRatio, '≤ 1.1'],
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
    ['apiListP99Ms (100k executions)', r.apiListP99Ms, ''],
    ['apiGetP99Ms (100k executions)', r.apiGetP99Ms, ''],
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
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([m, v, g]) => `| ${m} | ${v} | ${g} |`)
    .join('\n');
  const machine = r.machine
    ? `${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGb} GiB, Node ${r.machine.node}`
    : '';
  return `# RecomAMP bench${r.quick ? ' (quick)' : ''}\n\n${machine}; ${r.seconds ?? '?'} s in all.\n\n| metric | value | goal |\n|---|---|---|\n${body}\n`;
}
