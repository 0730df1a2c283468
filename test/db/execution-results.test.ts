/** Result storage in chunks: COPY ingestion, retries replacing rows, pages across chunk boundaries, CSV export. */
import { Readable } from 'node:stream';
import { RESULT_CHUNK_ROWS } from '../../db/execution-results';
import { createWorkspace, insertExecutionRow } from '../helpers/fixtures';
import { startStack, type Stack } from '../helpers/stack';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ noWorker: true });
});
afterAll(() => stack?.close());

const newExecution = async () => insertExecutionRow(stack, await createWorkspace(stack.apiUrl), { status: 'RUNNING' });

function csvOf(rows: number): string {
  const lines = ['name,n'];
  for (let i = 1; i <= rows; i++) lines.push(i % 500 === 0 ? `"tricky, ""${i}""\nline",${i}` : `row ${i},${i}`);
  return `${lines.join('\r\n')}\r\n`;
}

describe('execution results', () => {
  test('when a result spans several chunks, then pages across chunk boundaries are exact', async () => {
    const id = await newExecution();
    const results = stack.deps.systemRepos.executionResults;
    const rows = 2 * RESULT_CHUNK_ROWS + 500;
    const ingested = await results.replaceFromCsv(id, Readable.from([csvOf(rows)]), { n: 'LONG' });
    expect(ingested).toEqual({
      rowCount: rows,
      columns: [
        { name: 'name', type: 'STRING' },
        { name: 'n', type: 'LONG' },
      ],
    });

    const page = await results.page(id, ingested.columns, 10, RESULT_CHUNK_ROWS - 5);
    expect(page.map((r) => r.data.n)).toEqual(Array.from({ length: 10 }, (_, i) => RESULT_CHUNK_ROWS - 4 + i));
    expect(page[4]!.data).toEqual({ name: 'tricky, "1000"\nline', n: 1000 });
    expect(await results.page(id, ingested.columns, 10, rows)).toEqual([]);

    let count = 0;
    for await (const r of results.rows(id, ingested.columns)) expect(r.rowNumber).toBe(++count);
    expect(count).toBe(rows);
  });

  test('when ingestion is retried, then the rows are replaced, not duplicated', async () => {
    const id = await newExecution();
    const results = stack.deps.systemRepos.executionResults;
    await results.replaceFromCsv(id, Readable.from([csvOf(1500)]), {});
    const again = await results.replaceFromCsv(id, Readable.from([csvOf(1200)]), {});
    expect(again.rowCount).toBe(1200);
    let body = '';
    for await (const chunk of results.csvBody(id)) body += chunk;
    expect(body.split('\n').filter((l) => l.startsWith('row ')).length).toBe(1200 - 2);
  });

  test('when the CSV is broken mid-way, then nothing is stored', async () => {
    const id = await newExecution();
    const results = stack.deps.systemRepos.executionResults;
    await results.replaceFromCsv(id, Readable.from([csvOf(10)]), {});
    await expect(results.replaceFromCsv(id, Readable.from(['name,n\nok,1\n"never closed,2\n']), {})).rejects.toThrow();
    expect(
      (
        await results.page(
          id,
          [
            { name: 'name', type: 'STRING' },
            { name: 'n', type: 'LONG' },
          ],
          100,
          0,
        )
      ).length,
    ).toBe(10);
  });
});
