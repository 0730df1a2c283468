/** Query templates (contract: Catalog). Shared by all users; usage counts and create-workflow are per user. */
import { Router } from 'express';
import type { QueryTemplateRow } from '../../db/catalog-rows';
import type { ParameterDefinition } from '../../db/tables';
import { checkDeclarations, ParameterError } from '../../lib/sql-parameters';
import { currentUserId } from '../auth';
import { presentTemplate } from '../catalog-presenters';
import type { ApiDeps } from '../deps';
import { AppError, notFound } from '../errors';
import { presentSavedQuery } from '../presenters';
import { createFromTemplateBody, templateListQuery, type CreateFromTemplateBody } from '../schemas/catalog';
import { parameterErrorToApi } from '../start-execution';
import { parseBody, parseQuery } from '../validate';

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

export function createQueryTemplatesRouter(deps: ApiDeps): Router {
  const router = Router();
  const { repos } = deps;

  async function findTemplate(idOrSlug: string): Promise<QueryTemplateRow> {
    const template = await repos.queryTemplates.get(idOrSlug);
    if (!template) throw notFound('query template');
    return template;
  }

  router.get('/', async (req, res) => {
    const rows = await repos.queryTemplates.list(parseQuery(templateListQuery, req));
    const usage = await repos.queryTemplates.usage(
      currentUserId(res),
      rows.map((r) => r.id),
    );
    res.json({ items: rows.map((t) => presentTemplate(t, usage.get(t.id))), nextCursor: null });
  });

  router.get('/:id', async (req, res) => {
    const template = await findTemplate(String(req.params.id));
    const usage = await repos.queryTemplates.usage(currentUserId(res), [template.id]);
    res.json(presentTemplate(template, usage.get(template.id)));
  });

  /** Saves the template as one of the caller's saved queries on one of their instances. */
  router.post('/:id/create-workflow', async (req, res) => {
    const userId = currentUserId(res);
    const template = await findTemplate(String(req.params.id));
    const body: CreateFromTemplateBody = parseBody(createFromTemplateBody, req);
    if (!(await repos.amcInstances.findById(userId, body.instanceId))) {
      throw new AppError(400, 'VALIDATION_ERROR', 'instanceId is not one of your instances', {
        issues: [{ path: 'body.instanceId', message: 'unknown instance', code: 'custom' }],
      });
    }
    const parameters = definitionsFor(template, body.parameters);
    const saved = await repos.db.transaction(async (tx) => {
      const row = await repos.savedQueries.insert(
        {
          user_id: userId,
          instance_id: body.instanceId,
          name: body.name ?? template.name,
          description: body.description ?? template.description,
          sql_query: template.sql_query,
          parameters,
          tags: body.tags ?? [...template.tags, `template:${template.slug}`],
        },
        tx,
      );
      await repos.queryTemplates.recordUsage({ template_id: template.id, user_id: userId, workflow_id: row.id }, tx);
      return row;
    });
    res.status(201).json({ ...presentSavedQuery(saved), template: { id: template.id, slug: template.slug } });
  });

  return router;
}
