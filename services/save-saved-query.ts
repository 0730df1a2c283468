/**
 * Create and update a saved query (POST /api/workflows, PUT /api/workflows/:id): the instance must be the
 * caller's, and the SQL's parameter uses ({{x}} and CUSTOM_PARAMETER('x')) must match its declarations (a bad
 * default is a 400 now, not a failed run later). The save answers the pre-flight check's findings as warnings.
 */
import type { ParameterDefinition, SavedQueryRow } from '../db/tables';
import { notFound, parameterErrorToApi } from '../lib/app-error';
import { checkDeclarations } from '../lib/sql-parameters';
import { assertOwnInstance, checkSavedQuery, saveWarnings, type SaveWarning } from './check-saved-query';
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

export interface SavedQueryWithWarnings {
  row: SavedQueryRow;
  warnings: SaveWarning[];
}

async function checkInput(deps: Deps, userId: string, input: SavedQueryInput): Promise<void> {
  await assertOwnInstance(deps, userId, input.instanceId);
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

const withWarnings = (row: SavedQueryRow): SavedQueryWithWarnings => ({
  row,
  warnings: saveWarnings(checkSavedQuery(row)),
});

export async function createSavedQuery(
  deps: Deps,
  userId: string,
  input: SavedQueryInput,
): Promise<SavedQueryWithWarnings> {
  await checkInput(deps, userId, input);
  return withWarnings(await deps.repos.savedQueries.insert({ user_id: userId, ...toRow(input) }));
}

/** `id` is the caller's saved query (the route has checked it exists: a 404 comes before a 400). */
export async function updateSavedQuery(
  deps: Deps,
  userId: string,
  id: string,
  input: SavedQueryInput,
): Promise<SavedQueryWithWarnings> {
  await checkInput(deps, userId, input);
  const row = await deps.repos.savedQueries.update(userId, id, toRow(input));
  if (!row) throw notFound('workflow');
  return withWarnings(row);
}
