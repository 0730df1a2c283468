/** Saved queries, called "workflows" in the REST contract (contract: Saved queries). */
import { Router } from 'express';
import { checkDeclarations } from '../../lib/sql-parameters';
import { currentUserId } from '../auth';
import type { ApiDeps } from '../deps';
import { AppError, notFound } from '../errors';
import { presentExecution, presentSavedQuery } from '../presenters';
import { executeBody, savedQueryBody, type SavedQueryBody } from '../schemas/saved-queries';
import { deleteSchedulesOf } from '../schedules';
import { parameterErrorToApi, startExecution } from '../start-execution';
import { syncSavedQuery } from '../sync-saved-query';
import { listQuery, parseBody, parseQuery, pathId } from '../validate';

export function createSavedQueriesRouter(deps: ApiDeps): Router {
  const router = Router();
  const { repos } = deps;

  /** The body's instance must be the caller's, and its placeholders must match its declarations. */
  async function checkBody(userId: string, body: SavedQueryBody): Promise<void> {
    if (!(await repos.amcInstances.findById(userId, body.instanceId))) {
      throw new AppError(400, 'VALIDATION_ERROR', 'instanceId is not one of your instances', {
        issues: [{ path: 'body.instanceId', message: 'unknown instance', code: 'custom' }],
      });
    }
    try {
      checkDeclarations(body.sqlQuery, body.parameters);
    } catch (err) {
      throw parameterErrorToApi(err);
    }
  }

  const toRow = (body: SavedQueryBody) => ({
    name: body.name,
    description: body.description ?? null,
    instance_id: body.instanceId,
    sql_query: body.sqlQuery,
    parameters: body.parameters,
    tags: body.tags,
  });

  router.get('/', async (req, res) => {
    const page = await repos.savedQueries.list(currentUserId(res), parseQuery(listQuery, req));
    res.json({ items: page.items.map(presentSavedQuery), nextCursor: page.nextCursor });
  });

  router.post('/', async (req, res) => {
    const userId = currentUserId(res);
    const body = parseBody(savedQueryBody, req);
    await checkBody(userId, body);
    const row = await repos.savedQueries.insert({ user_id: userId, ...toRow(body) });
    res.status(201).json(presentSavedQuery(row));
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
    const body = parseBody(savedQueryBody, req);
    await checkBody(userId, body);
    res.json(presentSavedQuery((await repos.savedQueries.update(userId, id, toRow(body)))!));
  });

  router.delete('/:id', async (req, res) => {
    const userId = currentUserId(res);
    const id = pathId(req, 'id', 'workflow');
    await deleteSchedulesOf(deps, { userId, savedQueryId: id }); // their Temporal Schedules; rows cascade
    if (!(await repos.savedQueries.delete(userId, id))) throw notFound('workflow');
    res.status(204).end();
  });

  router.post('/:id/execute', async (req, res) => {
    const userId = currentUserId(res);
    const savedQuery = await repos.savedQueries.findById(userId, pathId(req, 'id', 'workflow'));
    if (!savedQuery) throw notFound('workflow');
    const { execution, created } = await startExecution(deps, savedQuery, parseBody(executeBody, req));
    res
      .status(202)
      .json({ executionId: execution.id, status: execution.status, created, execution: presentExecution(execution) });
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
