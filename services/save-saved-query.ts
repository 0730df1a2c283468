/**
 * Create and update a saved query (POST /api/workflows, PUT /api/workflows/:id): the instance must be the
 * caller's, and the SQL's placeholders must match its parameter declarations (a bad default is a 400 now, not a
 * failed run later).
 */
import type { ParameterDefinition, SavedQueryRow } from '../db/tables';
import { AppError, notFound, parameterErrorToApi } from '../lib/app-error';
import { checkDeclarations } from '../lib/sql-parameters';
import type { ServiceDeps } from './deps';

export interface SavedQueryInput {
  name: string;
  description?: string;
  instanceId: string;
  sqlQuery: string;
  parameters: Record<string, ParameterDefinition>;
  tags: string[];
}

type Deps = Pick<ServiceDeps, 'repos'>;

async function checkInput(deps: Deps, userId: string, input: SavedQueryInput): Promise<void> {
  if (!(await deps.repos.amcInstances.findById(userId, input.instanceId))) {
    throw new AppError(400, 'VALIDATION_ERROR', 'instanceId is not one of your instances', {
      issues: [{ path: 'body.instanceId', message: 'unknown instance', code: 'custom' }],
    });
  }
  try {
    checkDeclarations(input.sqlQuery, input.parameters);
  } catch (err) {
    throw parameterErrorToApi(err);
  }
}

const toRow = (input: SavedQueryInput) => ({
  name: input.name,
  description: input.description ?? null,
  instance_id: input.instanceId,
  sql_query: input.sqlQuery,
  parameters: input.parameters,
  tags: input.tags,
});

export async function createSavedQuery(deps: Deps, userId: string, input: SavedQueryInput): Promise<SavedQueryRow> {
  await checkInput(deps, userId, input);
  return deps.repos.savedQueries.insert({ user_id: userId, ...toRow(input) });
}

/** `id` is the caller's saved query (the route has checked it exists: a 404 comes before a 400). */
export async function updateSavedQuery(
  deps: Deps,
  userId: string,
  id: string,
  input: SavedQueryInput,
): Promise<SavedQueryRow> {
  await checkInput(deps, userId, input);
  const row = await deps.repos.savedQueries.update(userId, id, toRow(input));
  if (!row) throw notFound('workflow');
  return row;
}
