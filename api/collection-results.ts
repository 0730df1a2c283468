/**
 * GET /api/data-collections/:id/results: every finished week's rows, in week order, each stamped with its
 * week_start (and the columns of the query after it), ready to chart. Rows are read week by week through the
 * execution results module, so a large collection streams as CSV without being held in memory.
 */
import type { Response } from 'express';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { DataCollectionRow, ResultColumn } from '../db/tables';
import type { ApiDeps } from './deps';

type Deps = Pick<ApiDeps, 'repos'>;

async function finishedWeeks(deps: Deps, row: DataCollectionRow) {
  const weeks = (await deps.repos.dataCollections.weeks(row.id)).filter(
    (w) => (w.status === 'SUCCEEDED' || w.status === 'STALE') && w.execution_id,
  );
  const withColumns = [];
  const columns: ResultColumn[] = [{ name: 'week_start', type: 'DATE' }];
  for (const w of weeks) {
    const execution = await deps.repos.executions.get(w.execution_id!);
    const own = execution.result_columns ?? [];
    for (const c of own) if (!columns.some((k) => k.name === c.name)) columns.push(c);
    withColumns.push({ week: w, columns: own });
  }
  return { weeks: withColumns, columns };
}

export async function sendCollectionResults(
  deps: Deps,
  row: DataCollectionRow,
  query: { format: 'json' | 'csv'; limit: number; offset: number },
  res: Response,
): Promise<void> {
  const { weeks, columns } = await finishedWeeks(deps, row);
  const names = columns.map((c) => c.name);
  if (query.format === 'csv') {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="collection-${row.id}.csv"`);
    res.write(stringifyCsv([names]));
    for (const { week, columns: own } of weeks) {
      for await (const r of deps.repos.executionResults.rows(week.execution_id!, own)) {
        const record: Record<string, unknown> = { ...r.data, week_start: week.week_start };
        res.write(stringifyCsv([names.map((n) => record[n] ?? '')]));
      }
    }
    res.end();
    return;
  }
  const rows: Record<string, unknown>[] = [];
  let index = 0;
  let total = 0;
  for (const { week, columns: own } of weeks) {
    total += week.row_count ?? 0;
    if (rows.length >= query.limit) continue;
    for await (const r of deps.repos.executionResults.rows(week.execution_id!, own)) {
      index += 1;
      if (index <= query.offset) continue;
      if (rows.length >= query.limit) break;
      rows.push(Object.fromEntries(names.map((n) => [n, n === 'week_start' ? week.week_start : (r.data[n] ?? null)])));
    }
  }
  res.json({ columns, rows, total, weeks: weeks.length, limit: query.limit, offset: query.offset });
}
