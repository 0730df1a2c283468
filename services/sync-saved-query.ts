/**
 * Sync a saved query to AMC (POST /api/workflows/:id/sync): store it at AMC as a saved workflow. The AMC
 * workflowId comes from workflows/ids.ts; we PUT (update) first and create on AMC's 404, so a first sync, a
 * re-sync and a sync after someone deleted the workflow at AMC all end the same way. AMC's compile errors come
 * back as 422 with the line and column mapped onto the saved query's own SQL.
 */
import { AmcApiError, type AmcCallContext, type AmcClient, type AmcWorkflowDefinition } from '../amc/client';
import type { SavedQueryRow } from '../db/tables';
import { toAmcSavedWorkflowSql, type AmcSavedWorkflowSql } from '../lib/amc-saved-workflow';
import { AppError, notFound, parameterErrorToApi } from '../lib/app-error';
import { amcSavedWorkflowIdFor } from '../workflows/ids';
import { FAILURE_TYPES } from '../workflows/failures';
import { amazonCall } from './amazon-call';
import type { ServiceDeps } from './deps';
import { amcAddressFor } from './resolve-instance';

export type SyncOperation = 'created' | 'updated';

function compileError(err: AmcApiError, amcSql: AmcSavedWorkflowSql): AppError {
  const at =
    err.line !== undefined && err.column !== undefined ? amcSql.toOriginalPosition(err.line, err.column) : undefined;
  return new AppError(422, FAILURE_TYPES.sqlCompile, `AMC could not compile the query: ${err.details}`, {
    ...(at && { line: at.line, column: at.column, amcLine: err.line, amcColumn: err.column }),
    amc: { kind: err.kind, status: err.status ?? null, message: err.details },
  });
}

const isKind = (err: unknown, kind: AmcApiError['kind']) => err instanceof AmcApiError && err.kind === kind;

async function upsertAtAmc(amc: AmcClient, ctx: AmcCallContext, def: AmcWorkflowDefinition): Promise<SyncOperation> {
  try {
    await amc.updateWorkflow(ctx, def);
    return 'updated';
  } catch (err) {
    if (!isKind(err, 'not_found')) throw err;
  }
  try {
    await amc.createWorkflow(ctx, def);
    return 'created';
  } catch (err) {
    // A concurrent sync created it between our PUT and POST: the PUT now finds it.
    if (!(isKind(err, 'bad_request') && /already exists/i.test((err as AmcApiError).details))) throw err;
    await amc.updateWorkflow(ctx, def);
    return 'updated';
  }
}

export async function syncSavedQuery(
  deps: Pick<ServiceDeps, 'repos' | 'amc' | 'amazonTokens'>,
  savedQuery: SavedQueryRow,
): Promise<{ savedQuery: SavedQueryRow; amcWorkflowId: string; operation: SyncOperation }> {
  const instance = await deps.repos.amcInstances.findById(savedQuery.user_id, savedQuery.instance_id);
  if (!instance) throw notFound('instance');
  let amcSql: AmcSavedWorkflowSql;
  try {
    amcSql = toAmcSavedWorkflowSql(savedQuery.sql_query, savedQuery.parameters);
  } catch (err) {
    throw parameterErrorToApi(err);
  }
  const amcWorkflowId = amcSavedWorkflowIdFor(savedQuery.id);
  const def: AmcWorkflowDefinition = {
    workflowId: amcWorkflowId,
    sqlQuery: amcSql.sqlQuery,
    inputParameters: amcSql.inputParameters,
  };
  const operation = await amazonCall(deps, savedQuery.user_id, async (accessToken) => {
    try {
      return await upsertAtAmc(deps.amc, { ...(await amcAddressFor(deps, accessToken, instance)), accessToken }, def);
    } catch (err) {
      if (err instanceof AmcApiError && err.kind === 'sql_compile') throw compileError(err, amcSql);
      throw err;
    }
  });
  const saved = await deps.repos.savedQueries.update(savedQuery.user_id, savedQuery.id, {
    amc_workflow_id: amcWorkflowId,
  });
  if (!saved) throw notFound('workflow');
  return { savedQuery: saved, amcWorkflowId, operation };
}
