/**
 * Large results (issue 15 #1): a 2-million-row result, split by the simulator into two files and served at a
 * throttled 2 MB/s, is stored completely and once. Each file takes longer to stream than AMC_HTTP_TIMEOUT_MS
 * (which used to bound the whole body, so every attempt was cut off and restarted from the first byte); the
 * timeout now bounds only the gaps between chunks. Heartbeats run on a timer (a 5 s heartbeat timeout here).
 */
import { call, simStats, waitForExecution } from '../helpers/api-client';
import { createWorkspace } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

const ROWS = 2_000_000;
const FILE_ROWS = 1_000_000;

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({
    simulator: {
      resultSource: 'synthetic',
      resultRows: ROWS,
      resultFileRows: FILE_ROWS,
      downloadBytesPerSecond: 2_000_000,
    },
    env: { AMC_HTTP_TIMEOUT_MS: '5000' },
    settings: { attemptTimeoutSeconds: 5 },
  });
});
afterAll(() => stack?.close());

test('when a 2-million-row result streams at 2 MB/s in two files, then every row is stored once and each file is downloaded once', async () => {
  // Two columns, ~28 bytes a row: each ~28 MB file streams for ~14 s, well past the 5 s AMC_HTTP_TIMEOUT_MS.
  const ws = await createWorkspace(stack.apiUrl, {
    sqlQuery: 'SELECT campaign, SUM(impressions) AS impressions FROM dsp_impressions GROUP BY campaign',
  });
  const started = await call(stack.apiUrl, 'POST', `/api/workflows/${ws.savedQuery.id}/execute`, {
    token: ws.token,
    body: {},
  });
  expect(started.status).toBe(202);
  const done = await waitForExecution(stack.apiUrl, ws.token, started.body.executionId, undefined, 200_000);

  expect(done).toMatchObject({ status: 'SUCCEEDED', rowCount: ROWS });
  const stored = await stack
    .db('execution_results')
    .where({ execution_id: done.id })
    .first(
      stack.db.raw('sum(row_count)::int AS rows'),
      stack.db.raw('count(*)::int AS chunks'),
      stack.db.raw('count(distinct chunk_number)::int AS distinct_chunks'),
      stack.db.raw('min(first_row)::int AS first_row'),
      stack.db.raw('max(first_row + row_count - 1)::int AS last_row'),
      stack.db.raw('count(distinct file_number)::int AS files'),
    );
  expect(stored).toEqual({ rows: ROWS, chunks: 2000, distinct_chunks: 2000, first_row: 1, last_row: ROWS, files: 2 });

  const stats = await simStats(stack.simUrl);
  expect(stats.executions.created).toBe(1);
  const files = Object.entries(stats.downloads.byFile).filter(([p]) => p.includes(done.amcExecutionId));
  expect(files.map(([, n]) => n)).toEqual([1, 1]); // each file fetched once: nothing restarted from the start
  expect(stats.downloads.completed).toBe(2);

  const last = await call(stack.apiUrl, 'GET', `/api/executions/${done.id}/results?limit=2&offset=${ROWS - 1}`, {
    token: ws.token,
  });
  expect(last.body.total).toBe(ROWS);
  expect(last.body.rows).toHaveLength(1);
}, 240_000);
