/** Data collections: multi-week backfills of a saved query (contract: Data collections). */
import { Router } from 'express';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { DataCollectionRow } from '../../db/tables';
import { weekDayNumber } from '../../lib/collection-weeks';
import { collectionResults } from '../../services/collection-results';
import { readCollection } from '../../services/collection-view';
import { COLLECTION_CONTROLS, controlCollection } from '../../services/control-collection';
import { createCollection } from '../../services/create-collection';
import { reopenCollectionWeeks } from '../../services/reopen-collection-weeks';
import { currentUserId } from '../auth';
import type { ApiDeps } from '../deps';
import { AppError, notFound } from '../errors';
import { csvHeaders, resultFormat } from '../result-format';
import { isPlainSelection, parseRowSelection, selectRows } from '../../lib/result-selection';
import { presentCollection } from '../presenters';
import { collectionListQuery, collectionResultsQuery, createCollectionBody } from '../schemas/data-collections';
import { parseBody, parseQuery, pathId } from '../validate';

export function createDataCollectionsRouter(deps: ApiDeps): Router {
  const router = Router();
  const { repos } = deps;

  async function ownCollection(userId: string, id: string): Promise<DataCollectionRow> {
    const row = await repos.dataCollections.findById(userId, id);
    if (!row) throw notFound('data collection');
    return row;
  }

  router.post('/', async (req, res) => {
    const userId = currentUserId(res);
    const { workflowId, weekStartDay, ...body } = parseBody(createCollectionBody, req);
    const savedQuery = await repos.savedQueries.findById(userId, workflowId);
    if (!savedQuery) {
      throw new AppError(400, 'VALIDATION_ERROR', 'workflowId is not one of your saved queries', {
        issues: [{ path: 'body.workflowId', message: 'unknown saved query', code: 'custom' }],
      });
    }
    const { row, totalWeeks } = await createCollection(deps, savedQuery, {
      ...body,
      weekStartDay: weekDayNumber(weekStartDay),
    });
    res.status(202).json({ id: row.id, status: row.status, totalWeeks, temporalWorkflowId: row.temporal_workflow_id });
  });

  router.get('/', async (req, res) => {
    const page = await repos.dataCollections.list(currentUserId(res), parseQuery(collectionListQuery, req));
    const items = await Promise.all(
      page.items.map(async (row) => {
        const { weeks: _weeks, ...summary } = presentCollection(await readCollection(deps, row));
        return summary;
      }),
    );
    res.json({ items, nextCursor: page.nextCursor });
  });

  router.get('/:id', async (req, res) => {
    const row = await ownCollection(currentUserId(res), pathId(req, 'id', 'data collection'));
    res.json(presentCollection(await readCollection(deps, row)));
  });

  router.get('/:id/results', async (req, res) => {
    const row = await ownCollection(currentUserId(res), pathId(req, 'id', 'data collection'));
    const query = parseQuery(collectionResultsQuery, req);
    const format = resultFormat(req, res, query.format);
    const results = await collectionResults(deps, row);
    const names = results.columns.map((c) => c.name);
    const selection = parseRowSelection(query, names);
    const numbered = async function* () {
      let rowNumber = 0;
      for await (const data of results.rows()) yield { rowNumber: ++rowNumber, data };
    };
    if (format === 'csv') {
      csvHeaders(res, `collection-${row.id}.csv`);
      const everything = isPlainSelection(selection) && query.offset === 0 && query.limit === undefined;
      const selected = everything
        ? numbered()
        : (await selectRows(numbered(), selection, { offset: query.offset, limit: query.limit })).rows;
      res.write(stringifyCsv([names]));
      for await (const r of selected) res.write(stringifyCsv([names.map((n) => r.data[n] ?? '')]));
      res.end();
      return;
    }
    const limit = query.limit ?? 100_000;
    const { rows, total } = isPlainSelection(selection)
      ? await results.page(limit, query.offset)
      : await selectRows(numbered(), selection, { offset: query.offset, limit }).then((s) => ({
          rows: s.rows.map((r) => r.data),
          total: s.total,
        }));
    res.json({
      columns: results.columns,
      rows,
      total,
      weeks: results.weeks,
      limit,
      offset: query.offset,
      ...(selection.sort && { sort: selection.sort }),
      ...(selection.filters.length > 0 && { filters: selection.filters }),
    });
  });

  /** pause | resume | cancel: signals to the running collection workflow. */
  for (const action of COLLECTION_CONTROLS) {
    router.post(`/:id/${action}`, async (req, res) => {
      const row = await ownCollection(currentUserId(res), pathId(req, 'id', 'data collection'));
      await controlCollection(deps, row, action);
      res.status(202).json({ id: row.id, status: row.status, requested: action });
    });
  }

  /** retry-failed: FAILED weeks run again (with a fresh retry budget); rerun-stale: STALE weeks run with today's SQL. */
  for (const [action, kind] of [
    ['retry-failed', 'failed'],
    ['rerun-stale', 'stale'],
  ] as const) {
    router.post(`/:id/${action}`, async (req, res) => {
      const row = await ownCollection(currentUserId(res), pathId(req, 'id', 'data collection'));
      const reopened = await reopenCollectionWeeks(deps, row, kind);
      res.status(202).json({ id: row.id, status: 'RUNNING', reopenedWeeks: reopened });
    });
  }

  return router;
}
