/** Query templates (contract: Catalog). Shared by all users; usage counts and create-workflow are per user. */
import { Router } from 'express';
import type { QueryTemplateRow } from '../../db/catalog-rows';
import { createSavedQueryFromTemplate } from '../../services/create-saved-query-from-template';
import { currentUserId } from '../auth';
import { presentTemplate } from '../catalog-presenters';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { presentSavedQuery } from '../presenters';
import { createFromTemplateBody, templateListQuery } from '../schemas/catalog';
import { parseBody, parseQuery } from '../validate';

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
    const saved = await createSavedQueryFromTemplate(deps, userId, template, parseBody(createFromTemplateBody, req));
    res.status(201).json({ ...presentSavedQuery(saved), template: { id: template.id, slug: template.slug } });
  });

  return router;
}
