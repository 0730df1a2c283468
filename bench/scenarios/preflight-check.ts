/**
 * The pre-flight check (issue 13) against what it saves the user: over every valid query of the AMC SQL corpus,
 * side by side in one process and minute — the check in-process (lib/sql-check.ts), the check through the API
 * (POST /api/workflows/check, 4 concurrent clients), and the simulator sandbox's compile-and-run of the same query
 * with the same parameters (the cheapest stand-in for a round trip to AMC, which Amazon says takes minutes).
 */
import { runSandboxQuery } from '../../amc/simulator/sandbox/run-query';
import { checkSql } from '../../lib/sql-check';
import { renderSql } from '../../lib/sql-parameters';
import { call } from '../../test/helpers/api-client';
import { apiParameterValues, declaredParameters, loadCorpus } from '../../test/helpers/amc-sql-corpus';
import { createWorkspace } from '../../test/helpers/fixtures';
import type { Stack } from '../../test/helpers/stack';
import { drive, percentile } from '../measure';

const round = (n: number) => Math.round(n * 100) / 100;

export async function preflightCheck(stack: Stack, opts: { rounds: number; sandboxQueries?: number }) {
  const queries = loadCorpus().filter((q) => q.expect.kind === 'rows');
  const ws = await createWorkspace(stack.apiUrl);

  const inProcess: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    for (const q of queries) {
      const t0 = performance.now();
      checkSql(q.sql, declaredParameters(q));
      inProcess.push(performance.now() - t0);
    }
  }
  inProcess.sort((a, b) => a - b);

  const api = await drive(opts.rounds * queries.length, 4, async (i) => {
    const q = queries[i % queries.length]!;
    const res = await call(stack.apiUrl, 'POST', '/api/workflows/check', {
      token: ws.token,
      body: { sqlQuery: q.sql, parameters: declaredParameters(q) },
    });
    if (res.status !== 200 || !res.body.ok) throw new Error(`${q.file}: ${JSON.stringify(res.body)}`);
  });

  const window = { startMs: Date.parse('2026-10-01T00:00:00Z'), endMs: Date.parse('2026-10-15T00:00:00Z') };
  const runInSandbox = async (q: (typeof queries)[number]) => {
    const rendered = renderSql(q.sql, declaredParameters(q), apiParameterValues(q));
    await runSandboxQuery({
      sqlQuery: rendered.sql,
      inputParameters: rendered.amcParameters?.inputParameters ?? [],
      params: rendered.amcParameters?.parameterValues ?? {},
      window,
      data: { seed: 4242, scale: 1 },
      maxDays: 120,
      userCap: 100,
    });
  };
  // Every query, or an even spread of `sandboxQueries` of them.
  const sandboxCount = Math.min(opts.sandboxQueries ?? queries.length, queries.length);
  const step = Math.max(1, Math.floor(queries.length / sandboxCount));
  const sandboxed = queries.filter((_, i) => i % step === 0).slice(0, sandboxCount);
  for (const q of sandboxed) await runInSandbox(q); // the store generates the window's data once, untimed
  const sandbox: number[] = [];
  for (const q of sandboxed) {
    const t0 = performance.now();
    await runInSandbox(q);
    sandbox.push(performance.now() - t0);
  }
  sandbox.sort((a, b) => a - b);

  const checkP50Ms = round(percentile(inProcess, 50));
  const sandboxP50Ms = round(percentile(sandbox, 50));
  return {
    queries: queries.length,
    checkP50Ms,
    checkP99Ms: round(percentile(inProcess, 99)),
    apiCheckP50Ms: api.p50Ms,
    apiCheckP99Ms: api.p99Ms,
    apiChecksPerSecond: api.perSecond,
    sandboxRuns: sandboxed.length,
    sandboxRunP50Ms: sandboxP50Ms,
    /** How many checks fit in one sandbox run of the same query (median against median). */
    sandboxRunToCheckRatio: round(sandboxP50Ms / checkP50Ms),
  };
}
