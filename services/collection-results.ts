/**
 * A data collection's results (GET /api/data-collections/:id/results): every finished week's rows, in week order,
 * each stamped with its week_start (and the columns of the query after it), ready to chart. Rows are read week by
 * week through the execution results module, so a large collection streams as CSV without being held in memory.
 */
import type { CollectionWeekRow, DataCollectionRow, ResultColumn } from '../db/tables';
import type { ServiceDeps } from './deps';

type Deps = Pick<ServiceDeps, 'repos'>;
type RowValues = Record<string, unknown>;

export interface CollectionResults {
  /** week_start first, then every column any week's result has, in first-seen order. */
  columns: ResultColumn[];
  /** Weeks with results (including a week being rerun, whose old rows stay until the new ones are stored). */
  weeks: number;
  /** Every row (CSV export): `columns`' values, null where a week's result lacks a column. */
  rows(): AsyncGenerator<RowValues>;
  /** One page of rows; `total` counts every week's rows. */
  page(limit: number, offset: number): Promise<{ rows: RowValues[]; total: number }>;
}

/**
 * Weeks with results: each week's rows are those of its result execution, which a rerun replaces only once its
 * own rows are stored (a week being rerun keeps showing its old rows until then).
 */
async function finishedWeeks(deps: Deps, row: DataCollectionRow) {
  const weeks = (await deps.repos.dataCollections.weeks(row.id)).filter((w) => w.result_execution_id);
  const withColumns: { week: CollectionWeekRow; executionId: string; rowCount: number; columns: ResultColumn[] }[] = [];
  const columns: ResultColumn[] = [{ name: 'week_start', type: 'DATE' }];
  for (const w of weeks) {
    const execution = await deps.repos.executions.get(w.result_execution_id!);
    const own = execution.result_columns ?? [];
    for (const c of own) if (!columns.some((k) => k.name === c.name)) columns.push(c);
    withColumns.push({ week: w, executionId: execution.id, rowCount: execution.row_count ?? 0, columns: own });
  }
  return { weeks: withColumns, columns };
}

export async function collectionResults(deps: Deps, row: DataCollectionRow): Promise<CollectionResults> {
  const { weeks, columns } = await finishedWeeks(deps, row);
  const names = columns.map((c) => c.name);
  const stamped = (week: CollectionWeekRow, data: RowValues) =>
    Object.fromEntries(names.map((n) => [n, n === 'week_start' ? week.week_start : (data[n] ?? null)]));
  return {
    columns,
    weeks: weeks.length,
    async *rows() {
      for (const { week, executionId, columns: own } of weeks) {
        for await (const r of deps.repos.executionResults.rows(executionId, own)) yield stamped(week, r.data);
      }
    },
    async page(limit, offset) {
      const rows: RowValues[] = [];
      let index = 0;
      let total = 0;
      for (const { week, executionId, rowCount, columns: own } of weeks) {
        total += rowCount;
        if (rows.length >= limit) continue;
        for await (const r of deps.repos.executionResults.rows(executionId, own)) {
          index += 1;
          if (index <= offset) continue;
          if (rows.length >= limit) break;
          rows.push(stamped(week, r.data));
        }
      }
      return { rows, total };
    },
  };
}
