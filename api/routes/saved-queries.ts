/** Saved queries, called "workflows" in the REST contract (contract: Saved queries). */
import { Router } from 'express';
import { checkSavedQuery, checkSavedQueryInput } from '../../services/check-saved-query';
import { deleteSavedQuery } from '../../services/delete-saved-query';
import { createSavedQuery, updateSavedQuery } from '../../services/save-saved-query';
import { startExecution } from '../../services/start-execution';
import { syncSavedQuery } from '../../services/sync-saved-query';
import { currentUserId } from '../auth';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { presentExecution, presentSavedQuery } from '../presenters';
import { createStageTimer } from '../../lib/stage-timer';
import { checkBody, executeBody, savedQueryBody } from '../schemas/saved-queries';
import { forceQuery, listQuery, parseBody, parseQuery, pathId } from '../validate';

export function createSavedQueriesRouter(deps: ApiDeps): Router {
  const router = Router();
  const { repos } = deps;

  router.get('/', async (req, res) => {
    const page = await repos.savedQueries.list(currentUserId(res), parseQuery(listQuery, req));
    res.json({ items: page.items.map(presentSavedQuery), nextCursor: page.nextCursor });
  });

  router.post('/', async (req, res) => {
    const { row, warnings } = await createSavedQuery(deps, currentUserId(res), parseBody(savedQueryBody, req));
    res.status(201).json({ ...presentSavedQuery(row), warnings });
  });

  /** The pre-flight check of a query not saved yet: errors and warnings in milliseconds, no call to AMC. */
  router.post('/check', async (req, res) => {
    res.json(await checkSavedQueryInput(deps, currentUserId(res), parseBody(checkBody, req)));
  });

  router.get('/:id', async (req, res) => {
    const row = await repos.savedQueries.findById(currentUserId(res), pathId(req, 'id', 'workflow'));
    if (!row) throw notFound('workflow');
    res.json(presentSavedQuery(row));
  });

  router.put('/:id', async (req, res) => {
    const userId = currentUserId(res);
    const id = pathId(req, 'id', 'workflow');
    if (!(await repos.savedQueries.findById(userId, id))) throw notFound('workflow');
    const { row, warnings } = await updateSavedQuery(deps, userId, id, parseBody(savedQueryBody, req));
    res.json({ ...presentSavedQuery(row), warnings });
  });

  /** 409 naming what depends on it, unless ?force=true: then running work is cancelled first (see the service). */
  router.delete('/:id', async (req, res) => {
    const id = pathId(req, 'id', 'workflow');
    const { force } = parseQuery(forceQuery, req);
    const report = await deleteSavedQuery(deps, currentUserId(res), id, { force });
    if (force) res.json({ deleted: { workflowId: id }, ...report });
    else res.status(204).end();
  });

  router.post('/:id/execute', async (req, res) => {
    // Server-Timing: the middleware before this handler, then each stage (the bench sums them per stage).
    const timer = createStageTimer();
    timer.add('middleware', performance.now() - (res.locals.startedAt as number));
    const savedQuery = await timer.time('lookup', () =>
      repos.savedQueries.findForRun(currentUserId(res), pathId(req, 'id', 'workflow')),
    );
    if (!savedQuery) throw notFound('workflow');
    const { execution, created } = await startExecution(deps, savedQuery, parseBody(executeBody, req), { timer });
    res.setHeader('Server-Timing', timer.header());
    res
      .status(202)
      .json({ executionId: execution.id, status: execution.status, created, execution: presentExecution(execution) });
  });

  /** The pre-flight check of a saved query as it is stored. */
  router.post('/:id/check', async (req, res) => {
    const savedQuery = await repos.savedQueries.findById(currentUserId(res), pathId(req, 'id', 'workflow'));
    if (!savedQuery) throw notFound('workflow');
    res.json(checkSavedQuery(savedQuery));
  });

  /** Saves or updates the query at AMC as a saved workflow (CUSTOM_PARAMETER for each placeholder). */
  router.post('/:id/sync', async (req, res) => {
    const savedQuery = await repos.savedQueries.findById(currentUserId(res), pathId(req, 'id', 'workflow'));
    if (!savedQuery) throw notFound('workflow');
    const synced = await syncSavedQuery(deps, savedQuery);
    res.json({
      amcWorkflowId: synced.amcWorkflowId,
      operation: synced.operation,
      workflow: presentSavedQuery(synced.savedQuery),
    });
  });

  return router;
}
