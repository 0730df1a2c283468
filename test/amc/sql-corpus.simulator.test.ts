/**
 * The AMC SQL corpus (test/fixtures/amc-sql) straight against the simulator's AMC API, as an AMC client would
 * send it: an ad-hoc execution whose workflow declares the query's CUSTOM_PARAMETERs as `inputParameters` and
 * passes their values as `parameterValues`; {{x}} placeholders are rendered first (lib/sql-parameters). Each
 * query must reach its expected outcome: rows, or AMC's compile refusal with the expected reason. Valid queries
 * never get a compile error; at least 90 % of the valid measurement queries return rows. The outcome table is
 * printed and saved (test/helpers/amc-sql-corpus.ts).
 */
import { parse } from 'csv-parse/sync';
import {
  createAmcClient,
  type AmcApiError,
  type AmcCallContext,
  type AmcClient,
  type AmcExecution,
} from '../../amc/client';
import {
  amcInputParameters,
  amcParameterValues,
  isValidMeasurement,
  loadCorpus,
  mapLimit,
  renderPlaceholders,
  writeOutcomeReport,
  type CorpusQuery,
  type OutcomeRecord,
} from '../helpers/amc-sql-corpus';
import { readAll, startSimulator, waitForExecution } from './sim-harness';

const corpus = loadCorpus();
const DAY = 86_400_000;
/**
 * Two weeks ending two days ago: AMC's data lag, recent enough for queries filtering on CURRENT_DATE, and enough
 * shoppers at the sandbox's volume for sponsored-ads conversion metrics to clear AMC's 100-user threshold.
 */
const today = Math.floor(Date.now() / DAY) * DAY;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
const WINDOW = {
  timeWindowType: 'EXPLICIT',
  timeWindowStart: iso(today - 16 * DAY),
  timeWindowEnd: iso(today - 2 * DAY),
} as const;

interface RunResult {
  compileError?: AmcApiError;
  execution?: AmcExecution;
  rows: number;
}

describe('AMC SQL corpus against the simulator', () => {
  let h: Awaited<ReturnType<typeof startSimulator>>;
  let ctx: AmcCallContext;
  /** A client with a patient timeout: the corpus shares one simulator and DuckDB, and the machine may be busy. */
  let amc: AmcClient;
  const results = new Map<string, RunResult>();

  /** One retry when a keep-alive connection was reset under load (what AMC clients do; not what this test is about). */
  async function retried<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if ((err as AmcApiError).kind !== 'network') throw err;
      return fn();
    }
  }

  async function run(q: CorpusQuery): Promise<RunResult> {
    const sqlQuery = renderPlaceholders(q);
    let created: AmcExecution;
    try {
      created = await retried(() =>
        amc.createExecution(ctx, {
          ...WINDOW,
          workflow: { sqlQuery, inputParameters: amcInputParameters(q) },
          parameterValues: amcParameterValues(q),
        }),
      );
    } catch (err) {
      if ((err as AmcApiError).kind === 'sql_compile') return { compileError: err as AmcApiError, rows: 0 };
      throw err;
    }
    const execution = await retried(() => waitForExecution(amc, ctx, created.workflowExecutionId, undefined, 850_000));
    if (execution.status !== 'SUCCEEDED') return { execution, rows: 0 };
    const { downloadUrls } = await retried(() => amc.getDownloadUrls(ctx, created.workflowExecutionId));
    const csv = await retried(async () => readAll(await amc.openDownload(downloadUrls[0]!)));
    return { execution, rows: (parse(csv, { columns: true }) as unknown[]).length };
  }

  beforeAll(async () => {
    h = await startSimulator({ executionSeconds: 0.05, pendingSeconds: 0.01, concurrencyLimit: 200 });
    ctx = await h.contextFor('corpus-simulator');
    amc = createAmcClient({ baseUrl: h.url, clientId: h.sim.options.clientId, timeoutMs: 60_000 });
    const all = await mapLimit(corpus, 6, async (q) => [q.file, await run(q)] as const);
    for (const [file, r] of all) results.set(file, r);
  }, 900_000);
  afterAll(() => h?.sim.close());

  function outcomeOf(q: CorpusQuery): OutcomeRecord {
    const r = results.get(q.file)!;
    if (q.expect.kind === 'refused') {
      const details = r.compileError?.details ?? r.execution?.statusReason ?? '';
      const ok =
        r.compileError !== undefined && q.expect.code === 'AMC_SQL_COMPILE_ERROR' && details.includes(q.expect.reason);
      return {
        query: q,
        outcome: ok ? 'refused as expected' : 'wrong outcome',
        detail: details || `ran (${r.rows} rows)`,
      };
    }
    if (r.compileError) return { query: q, outcome: 'wrong outcome', detail: r.compileError.details ?? '' };
    if (r.execution?.status === 'SUCCEEDED' && r.rows > 0)
      return { query: q, outcome: 'rows', detail: `${r.rows} rows` };
    const reason = r.execution?.statusReason ?? `${r.execution?.status} with ${r.rows} rows`;
    return {
      query: q,
      outcome: reason.startsWith('SANDBOX_UNSUPPORTED:') ? 'SANDBOX_UNSUPPORTED' : 'wrong outcome',
      detail: reason,
    };
  }

  it('when the corpus is read, then it has at least 60 queries with complete headers across every family', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(60);
    expect(corpus.filter(isValidMeasurement).length).toBeGreaterThanOrEqual(30);
    expect(corpus.filter((q) => /CUSTOM_PARAMETER/i.test(q.sql)).length).toBeGreaterThanOrEqual(5);
    expect(corpus.filter((q) => /'[^']*\{\{/.test(q.sql)).length).toBeGreaterThanOrEqual(4);
    expect(corpus.filter((q) => q.tables.some((t) => t.endsWith('_for_audiences'))).length).toBeGreaterThanOrEqual(3);
    expect(corpus.filter((q) => q.expect.kind === 'refused').length).toBeGreaterThanOrEqual(10);
  });

  it.each(corpus.filter((q) => q.expect.kind === 'refused').map((q) => [q.file, q] as const))(
    'when %s is submitted, then AMC refuses it at compile time with the expected reason',
    (_file, q) => {
      const r = results.get(q.file)!;
      const expected = q.expect as { code: string; reason: string };
      expect(expected.code).toBe('AMC_SQL_COMPILE_ERROR');
      expect({ status: r.compileError?.status, details: r.compileError?.details }).toEqual({
        status: 400,
        details: expect.stringContaining(expected.reason),
      });
    },
  );

  it('when valid queries are submitted, then none gets an AMC compile error and every failed run is a named sandbox gap', () => {
    const valid = corpus.filter((q) => q.expect.kind === 'rows');
    const compileErrors = valid.flatMap((q) => {
      const e = results.get(q.file)!.compileError;
      return e ? [`${q.file}: ${e.details}`] : [];
    });
    expect(compileErrors).toEqual([]);
    const unexplained = valid
      .map(outcomeOf)
      .filter((o) => o.outcome === 'wrong outcome')
      .map((o) => `${o.query.file}: ${o.detail}`);
    expect(unexplained).toEqual([]);
  });

  it('when the valid measurement queries run, then at least 90 % return rows, and audience queries return users', () => {
    const measurement = corpus.filter(isValidMeasurement).map(outcomeOf);
    const withRows = measurement.filter((o) => o.outcome === 'rows').length;
    expect({ withRows, of: measurement.length, ok: withRows >= 0.9 * measurement.length }).toMatchObject({ ok: true });
    const audiences = corpus.filter((q) => q.expect.kind === 'rows' && !isValidMeasurement(q)).map(outcomeOf);
    expect(audiences.map((o) => [o.query.file, o.outcome])).toEqual(audiences.map((o) => [o.query.file, 'rows']));
  });

  it('when the corpus has run, then the outcome table by source and by construct is printed and saved', () => {
    const { file, text } = writeOutcomeReport('simulator AMC API', corpus.map(outcomeOf));
    console.log(`${text}\n(saved to ${file})`);
    expect(text).toContain('### by source');
    expect(text).toContain('### by construct');
  });
});
