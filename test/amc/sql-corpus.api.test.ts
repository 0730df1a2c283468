/**
 * The AMC SQL corpus (test/fixtures/amc-sql) as a RecomAMP user runs it: each query is saved through
 * POST /api/workflows exactly as written and executed through the API (Temporal, the worker, the simulator's
 * sandbox); a second pass saves each one the way users paste SQL (comments, odd indentation, no-break spaces,
 * trailing semicolon, upper- or lower-case keywords and identifiers). Valid queries never end with an AMC compile
 * error; at least 90 % of the valid measurement queries SUCCEED with rows; every refused query is refused with the
 * expected code and reason. Execute bodies carry every value the query's header gives, for `{{x}}` placeholders
 * (also inside string literals) and AMC-native CUSTOM_PARAMETER('x') alike.
 */
import { call, type ApiResponse } from '../helpers/api-client';
import {
  apiParameterValues,
  declaredParameters,
  isValidMeasurement,
  loadCorpus,
  mapLimit,
  pasteLikeAUser,
  writeOutcomeReport,
  type CorpusQuery,
  type OutcomeRecord,
} from '../helpers/amc-sql-corpus';
import { createWorkspace, type Workspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

const corpus = loadCorpus();

const DAY = 86_400_000;
const today = Math.floor(Date.now() / DAY) * DAY;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Two weeks ending two days ago, as in the simulator corpus test. */
const WINDOW = { timeWindowStart: day(today - 16 * DAY), timeWindowEnd: day(today - 2 * DAY) };

type Pass = 'as written' | 'as pasted';

interface ApiRun {
  saveStatus: number;
  saveError?: { code: string; message: string };
  execution?: { status: string; rowCount?: number; error?: { code: string; message: string } };
}

let stack: Stack;
let ws: Workspace;
const runs = new Map<string, ApiRun>(); // `${pass}|${file}`

async function run(q: CorpusQuery, pass: Pass): Promise<ApiRun> {
  const sqlQuery = pass === 'as written' ? q.sql : pasteLikeAUser(q.sql);
  const saved = await call(stack.apiUrl, 'POST', '/api/workflows', {
    token: ws.token,
    body: {
      name: `corpus ${q.file} (${pass})`,
      instanceId: ws.instance.id,
      sqlQuery,
      parameters: declaredParameters(q),
    },
  });
  if (saved.status !== 201) return { saveStatus: saved.status, saveError: saved.body?.error };
  const started = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.body.id}/execute`, {
    token: ws.token,
    body: { parameters: apiParameterValues(q), ...WINDOW },
  });
  if (started.status !== 202) return { saveStatus: started.status, saveError: started.body?.error };
  return { saveStatus: 201, execution: await finished(started.body.executionId) };
}

/** GET with one retry on a dropped keep-alive connection (a reset socket under heavy load is not what we test). */
async function get(path: string): Promise<ApiResponse> {
  try {
    return await call(stack.apiUrl, 'GET', path, { token: ws.token });
  } catch {
    return call(stack.apiUrl, 'GET', path, { token: ws.token });
  }
}

/** Polls the execution until it is terminal. */
async function finished(executionId: string): Promise<any> {
  for (;;) {
    const res = await get(`/api/executions/${executionId}`);
    if (res.status === 200 && ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(res.body.status)) return res.body;
    await new Promise((r) => setTimeout(r, 500));
  }
}

function outcomeOf(q: CorpusQuery, pass: Pass): OutcomeRecord {
  const r = runs.get(`${pass}|${q.file}`)!;
  const error = r.saveError ?? r.execution?.error;
  const status = r.execution?.status;
  const expected = q.expectApi;
  if (expected.kind === 'refused') {
    // Pasting moves positions and changes the case of names: compare the reason without them.
    const reason = pass === 'as written' ? expected.reason : expected.reason.replace(/^From line .*$/, '');
    const ok =
      error?.code === expected.code &&
      (pass === 'as written'
        ? error.message.includes(reason)
        : error.message.toLowerCase().includes(reason.toLowerCase()));
    return {
      query: q,
      outcome: ok ? 'refused as expected' : 'wrong outcome',
      detail: error ? `${error.code}: ${error.message}` : `${status} ${r.execution?.rowCount} rows`,
    };
  }
  if (status === 'SUCCEEDED' && (r.execution?.rowCount ?? 0) > 0)
    return { query: q, outcome: 'rows', detail: `${r.execution!.rowCount} rows` };
  if (error?.code === 'SANDBOX_UNSUPPORTED') return { query: q, outcome: 'SANDBOX_UNSUPPORTED', detail: error.message };
  return {
    query: q,
    outcome: 'wrong outcome',
    detail: error ? `${error.code}: ${error.message}` : `${status} ${r.execution?.rowCount} rows`,
  };
}

beforeAll(async () => {
  stack = await startStack({ simulator: { executionSeconds: 0.05, pendingSeconds: 0.01, concurrencyLimit: 50 } });
  ws = await createWorkspace(stack.apiUrl);
}, 120_000);
afterAll(async () => stack?.close());

/**
 * One pass saves and runs every corpus query (88 executions through Temporal, the worker and the sandbox's DuckDB):
 * CPU-bound work, so the budget is per pass and generous for a machine shared with other test runs.
 */
const PASS_BUDGET_MS = 450_000;

test('when a query is pasted like a user pastes it, then literals, comments and placeholders are untouched and the rest varies', () => {
  const sql = "SELECT campaign, 'a  b' AS label -- it's\nFROM t WHERE x = '{{v}}' AND y = {{n}}";
  const pasted = pasteLikeAUser(sql);
  expect(pasted).toContain("'a  b'");
  expect(pasted).toContain("-- it's");
  expect(pasted).toContain("'{{v}}'");
  expect(pasted).toContain('{{n}}');
  expect(pasted).toMatch(/;\n$/);
  expect(pasted.startsWith('-- ')).toBe(true);
  const texts = corpus.map((q) => pasteLikeAUser(q.sql)).join('\n');
  expect(texts).toContain('\u00A0');
  expect(texts).toContain('\t');
  expect(/\bselect\b/.test(texts) && /\bSELECT\b/.test(texts)).toBe(true);
});

describe.each(['as written', 'as pasted'] as Pass[])('corpus %s', (pass) => {
  beforeAll(async () => {
    await mapLimit(corpus, 8, async (q) => runs.set(`${pass}|${q.file}`, await run(q, pass)));
  }, PASS_BUDGET_MS);

  test.each(corpus.filter((q) => q.expectApi.kind === 'refused').map((q) => [q.file, q] as const))(
    'when %s is saved and executed, then it is refused with the expected code and reason',
    (_file, q) => {
      expect(outcomeOf(q, pass)).toMatchObject({ outcome: 'refused as expected' });
    },
  );

  test('when valid queries are saved and executed, then none ends with an AMC compile error and every failure is a named sandbox gap', () => {
    const valid = corpus.filter((q) => q.expect.kind === 'rows').map((q) => outcomeOf(q, pass));
    expect(valid.filter((o) => o.outcome === 'wrong outcome').map((o) => `${o.query.file}: ${o.detail}`)).toEqual([]);
  });

  test('when the valid measurement queries run, then at least 90 % SUCCEED with rows and audience queries return users', () => {
    const measurement = corpus.filter(isValidMeasurement).map((q) => outcomeOf(q, pass));
    const withRows = measurement.filter((o) => o.outcome === 'rows').length;
    expect({ withRows, of: measurement.length, ok: withRows >= 0.9 * measurement.length }).toMatchObject({ ok: true });
    const audiences = corpus
      .filter((q) => q.expect.kind === 'rows' && !isValidMeasurement(q))
      .map((q) => outcomeOf(q, pass));
    expect(audiences.map((o) => [o.query.file, o.outcome])).toEqual(audiences.map((o) => [o.query.file, 'rows']));
  });

  test('when the pass has run, then the outcome table by source and by construct is printed and saved', () => {
    const { file, text } = writeOutcomeReport(
      `API ${pass}`,
      corpus.map((q) => outcomeOf(q, pass)),
    );
    console.log(`${text}\n(saved to ${file})`);
    expect(text).toContain('### by construct');
  });
});

test('when a saved query uses a function the sandbox lacks, then the execution FAILS with error code SANDBOX_UNSUPPORTED naming it', async () => {
  const sqlQuery =
    "SELECT campaign, STR_TO_MAP(CONCAT('campaign:', campaign), ',', ':') AS attributes, SUM(impressions) AS impressions FROM dsp_impressions GROUP BY 1, 2";
  const saved = await call(stack.apiUrl, 'POST', '/api/workflows', {
    token: ws.token,
    body: { name: 'sandbox gap', instanceId: ws.instance.id, sqlQuery },
  });
  const started = await call(stack.apiUrl, 'POST', `/api/workflows/${saved.body.id}/execute`, {
    token: ws.token,
    body: WINDOW,
  });
  const done = await finished(started.body.executionId);
  expect(done).toMatchObject({
    status: 'FAILED',
    error: {
      code: 'SANDBOX_UNSUPPORTED',
      message: expect.stringMatching(/^SANDBOX_UNSUPPORTED: function STR_TO_MAP /),
    },
  });
});
