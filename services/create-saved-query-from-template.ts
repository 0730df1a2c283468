/**
 * Save a query template as one of the caller's saved queries (POST /api/query-templates/:id/create-workflow):
 * on one of their instances, with their values as the parameters' defaults (each checked against its type),
 * and the template's usage recorded in the same transaction.
 */
import type { QueryTemplateRow } from '../db/catalog-rows';
import type { ParameterDefinition, SavedQueryRow } from '../db/tables';
import { AppError, parameterErrorToApi } from '../lib/app-error';
import { checkDeclarations, ParameterError } from '../lib/sql-parameters';
import type { ServiceDeps } from './deps';

export interface FromTemplateInput {
  instanceId: string;
  name?: string;
  description?: string;
  /** Values that become the saved query's parameter defaults. */
  parameters: Record<string, unknown>;
  tags?: string[];
}

/** The template's parameter schema with the caller's values as defaults; every value checked against its type. */
function definitionsFor(
  template: QueryTemplateRow,
  values: Record<string, unknown>,
): Record<string, ParameterDefinition> {
  const defs: Record<string, ParameterDefinition> = structuredClone(template.parameters);
  try {
    for (const [name, value] of Object.entries(values)) {
      if (!Object.hasOwn(defs, name))
        throw new ParameterError('UNDECLARED_PARAMETER', name, `template has no parameter "${name}"`);
      if (value !== null && value !== undefined) defs[name] = { ...defs[name]!, default: value };
    }
    checkDeclarations(template.sql_query, defs);
  } catch (err) {
    throw parameterErrorToApi(err);
  }
  return defs;
}

export async function createSavedQueryFromTemplate(
  deps: Pick<ServiceDeps, 'repos'>,
  userId: string,
  template: QueryTemplateRow,
  input: FromTemplateInput,
): Promise<SavedQueryRow> {
  const { repos } = deps;
  if (!(await repos.amcInstances.findById(userId, input.instanceId))) {
    throw new AppError(400, 'VALIDATION_ERROR', 'instanceId is not one of your instances', {
      issues: [{ path: 'body.instanceId', message: 'unknown instance', code: 'custom' }],
    });
  }
  const parameters = definitionsFor(template, input.parameters);
  return repos.db.transaction(async (tx) => {
    const row = await repos.savedQueries.insert(
      {
        user_id: userId,
        instance_id: input.instanceId,
        name: input.name ?? template.name,
        description: input.description ?? template.description,
        sql_query: template.sql_query,
        parameters,
        tags: input.tags ?? [...template.tags, `template:${template.slug}`],
      },
      tx,
    );
    await repos.queryTemplates.recordUsage({ template_id: template.id, user_id: userId, saved_query_id: row.id }, tx);
    return row;
  });
}
