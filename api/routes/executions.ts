/** Executions and their results (contract: Executions). */
import { Router } from 'express';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { pipeline } from 'node:stream/promises';
import type { ExecutionRow } from '../../db/tables';
import { cancelExecution } from '../../services/cancel-execution';
import { executionResults } from '../../services/execution-results';
import { currentUserId } from '../auth';
import type { ApiDeps } from '../deps';
import { AppError, notFound } from '../errors';
import { csvHeaders, resultFormat } from '../result-format';
import { isPlainSelection, parseRowSelection } from '../../lib/result-selection';
import { presentQueuedExecution } from '../presenters';
import { executionListQuery, MAX_JSON_RESULT_ROWS, resultsQuery } from '../schemas/executions';
import { parseQuery, pathId } from '../validate';

export function createExecutionsRouter(deps: ApiDeps): Router {
  const router = Router();
  const { repos } = deps;

  async function ownExecution(userId: string, id: string): Promise<ExecutionRow> {
    const row = await repos.executions.findById(userId, id);
    if (!row) throw notFound('execution');
    return row;
  }

  router.get('/', async (req, res) => {
    const { limit, cursor, workflowId, ...filters } = parseQuery(executionListQuery, req);
    const page = await repos.executions.list(
      currentUserId(res),
      { ...filters, savedQueryId: workflowId },
      { limit, cursor },
    );
    res.json({ items: page.items.map(presentQueuedExecution), nextCursor: page.nextCursor });
  });

  router.get('/:id', async (req, res) => {
    const row = await repos.executions.findQueuedById(currentUserId(res), pathId(req, 'id', 'execution'));
    if (!row) throw notFound('execution');
    res.json(presentQueuedExecution(row));
  });

  router.get('/:id/history', async (req, res) => {
    const row = await ownExecution(currentUserId(res), pathId(req, 'id', 'execution'));
    const events = await repos.executions.events(row.id);
    res.json({
      items: events.map((e) => ({
        status: e.status,
        amcStatus: e.amc_status,
        detail: e.detail,
        at: e.created_at.toISOString(),
      })),
      nextCursor: null,
    });
  });

  router.get('/:id/results', async (req, res) => {
    const row = await ownExecution(currentUserId(res), pathId(req, 'id', 'execution'));
    const query = parseQuery(resultsQuery, req);
    const format = resultFormat(req, res, query.format);
    const results = executionResults(deps, row);
    const selection = parseRowSelection(
      query,
      results.columns.map((c) => c.name),
    );
    if (format === 'csv') {
      csvHeaders(res, `execution-${row.id}.csv`);
      const everything = isPlainSelection(selection) && query.offset === 0 && query.limit === undefined;
      if (everything) {
        res.write(stringifyCsv([results.columns.map((c) => c.name)]));
        await pipeline(results.csvBody(), res);
        return;
      }
      const { rows, total } = await results.select(selection, { offset: query.offset, limit: query.limit });
      res.setHeader('X-Total-Count', String(total));
      res.write(stringifyCsv([results.columns.map((c) => c.name)]));
      for (const r of rows) res.write(`${r.record}\n`);
      res.end();
      return;
    }
    const limit = query.limit ?? 1000;
    if (limit > MAX_JSON_RESULT_ROWS) {
      throw new AppError(400, 'VALIDATION_ERROR', `a JSON page holds at most ${MAX_JSON_RESULT_ROWS} rows`, {
        issues: [{ path: 'query.limit', message: `at most ${MAX_JSON_RESULT_ROWS} with format=json`, code: 'too_big' }],
      });
    }
    const { rows, total } = isPlainSelection(selection)
      ? { rows: await results.page(limit, query.offset), total: results.total }
      : await results.select(selection, { offset: query.offset, limit });
    res.json({
      columns: results.columns,
      rows: rows.map((r) => r.data),
      total,
      limit,
      offset: query.offset,
      ...(selection.sort && { sort: selection.sort }),
      ...(selection.filters.length > 0 && { filters: selection.filters }),
    });
  });

  router.post('/:id/cancel', async (req, res) => {
    const row = await ownExecution(currentUserId(res), pathId(req, 'id', 'execution'));
    await cancelExecution(deps, row);
    res.status(202).json({ executionId: row.id, status: row.status, cancelRequested: true });
  });

  return router;
}
