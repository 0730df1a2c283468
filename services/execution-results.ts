/**
 * An execution's result rows (GET /api/executions/:id/results): there once it SUCCEEDED, as a page of parsed rows
 * or as AMC's CSV records exactly as delivered (header from the stored columns, records with no parsing).
 */
import type { Readable } from 'node:stream';
import type { ExecutionResultsDb, ResultRow } from '../db/execution-results';
import type { ExecutionRow, ResultColumn } from '../db/tables';
import { AppError } from '../lib/app-error';

export interface ExecutionResults {
  columns: ResultColumn[];
  total: number;
  page(limit: number, offset: number): Promise<ResultRow[]>;
  /** The stored CSV records, without the header line. */
  csvBody(): Readable;
}

export function executionResults(
  deps: { repos: { executionResults: Pick<ExecutionResultsDb, 'page' | 'csvBody'> } },
  row: ExecutionRow,
): ExecutionResults {
  if (row.status !== 'SUCCEEDED') {
    throw new AppError(409, 'RESULTS_NOT_READY', `execution is ${row.status}; results exist once it SUCCEEDED`);
  }
  const columns = row.result_columns ?? [];
  return {
    columns,
    total: row.row_count ?? 0,
    page: (limit, offset) => deps.repos.executionResults.page(row.id, columns, limit, offset),
    csvBody: () => deps.repos.executionResults.csvBody(row.id),
  };
}
