/** Data collections: multi-week backfills of a saved query (contract: Data collections). */
import { Router } from 'express';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { DataCollectionRow } from '../../db/tables';
import { cancelSignal, pauseSignal, resumeSignal } from '../../workflows/messages';
import { currentUserId } from '../auth';
import { sendCollectionResults } from '../collection-results';
import { collectionView, createCollection, FINISHED_COLLECTION, reopenWeeks } from '../data-collections';
import type { ApiDeps } from '../deps';
import { AppError, notFound } from '../errors';
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
    const body = parseBody(createCollectionBody, req);
    const savedQuery = await repos.savedQueries.findById(userId, body.workflowId);
    if (!savedQuery) {
      throw new AppError(400, 'VALIDATION_ERROR', 'workflowId is not one of your saved queries', {
        issues: [{ path: 'body.workflowId', message: 'unknown saved query', code: 'custom' }],
      });
    }
    const { row, totalWeeks } = await createCollection(deps, savedQuery, body);
    res.status(202).json({ id: row.id, status: row.status, totalWeeks, temporalWorkflowId: row.temporal_workflow_id });
  });

  router.get('/', async (req, res) => {
    const page = await repos.dataCollections.list(currentUserId(res), parseQuery(collectionListQuery, req));
    const items = await Promise.all(
      page.items.map(async (row) => {
        const { weeks: _weeks, ...summary } = await collectionView(deps, row);
        return summary;
      }),
    );
    res.json({ items, nextCursor: page.nextCursor });
  });

  router.get('/:id', async (req, res) => {
    res.json(await collectionView(deps, await ownCollection(currentUserId(res), pathId(req, 'id', 'data collection'))));
  });

  router.get('/:id/results', async (req, res) => {
    const row = await ownCollection(currentUserId(res), pathId(req, 'id', 'data collection'));
    await sendCollectionResults(deps, row, parseQuery(collectionResultsQuery, req), res);
  });

  /** pause | resume | cancel: signals to the running collection workflow. */
  const signals = { pause: pauseSignal, resume: resumeSignal, cancel: cancelSignal } as const;
  for (const [action, signal] of Object.entries(signals)) {
    router.post(`/:id/${action}`, async (req, res) => {
      const row = await ownCollection(currentUserId(res), pathId(req, 'id', 'data collection'));
      const finished = new AppError(409, 'COLLECTION_FINISHED', `the collection is already ${row.status}`);
      if (FINISHED_COLLECTION.includes(row.status)) throw finished;
      try {
        await deps.temporal.workflow.getHandle(row.temporal_workflow_id).signal(signal);
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) throw finished;
        throw err;
      }
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
      const reopened = await reopenWeeks(deps, row, kind);
      res.status(202).json({ id: row.id, status: 'RUNNING', reopenedWeeks: reopened });
    });
  }

  return router;
}
