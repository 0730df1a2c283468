/**
 * An execution's result rows (GET /api/executions/:id/results): there once it SUCCEEDED, as a page of parsed rows
 * or as AMC's CSV records exactly as delivered (header from the stored columns). `sort` and `filter` are checked
 * against the result's own columns and applied over the stored rows (lib/result-selection.ts).
 */
import type { Readable } from 'node:stream';
import type { ExecutionResultsDb, ResultRecord, ResultRow } from '../db/execution-results';
import type { ExecutionRow, ResultColumn } from '../db/tables';
import { AppError } from '../lib/app-error';
import { isPlainSelection, selectRows, type RowSelection } from '../lib/result-selection';

export interface ResultPage {
  offset: number;
  /** Undefined: every row after offset. */
  limit?: number | undefined;
}

export interface ExecutionResults {
  columns: ResultColumn[];
  total: number;
  page(limit: number, offset: number): Promise<ResultRow[]>;
  /** The rows a sort/filter/page selects, with their CSV records, and how many rows match. */
  select(selection: RowSelection, page: ResultPage): Promise<{ rows: ResultRecord[]; total: number }>;
  /** The stored CSV records, without the header line. */
  csvBody(): Readable;
}

export function executionResults(
  deps: { repos: { executionResults: Pick<ExecutionResultsDb, 'page' | 'csvBody' | 'records'> } },
  row: ExecutionRow,
): ExecutionResults {
  if (row.status !== 'SUCCEEDED') {
    throw new AppError(409, 'RESULTS_NOT_READY', `execution is ${row.status}; results exist once it SUCCEEDED`);
  }
  const columns = row.result_columns ?? [];
  const total = row.row_count ?? 0;
  const { executionResults: store } = deps.repos;
  return {
    columns,
    total,
    page: (limit, offset) => store.page(row.id, columns, limit, offset),
    async select(selection, page) {
      if (isPlainSelection(selection)) {
        // Only the chunks that hold the page are read; every row matches, so the total is the stored count.
        const rows: ResultRecord[] = [];
        for await (const r of store.records(row.id, columns, page)) {
          if (r.rowNumber > page.offset && (page.limit === undefined || r.rowNumber <= page.offset + page.limit))
            rows.push(r);
        }
        return { rows, total };
      }
      return selectRows(store.records(row.id, columns), selection, page);
    },
    csvBody: () => store.csvBody(row.id),
  };
}
