/** Build guides (contract: Catalog). `:id` is the guide's slug or UUID. */
import { Router } from 'express';
import { presentGuide } from '../catalog-presenters';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { guideListQuery } from '../schemas/catalog';
import { parseQuery } from '../validate';

export function createBuildGuidesRouter(deps: ApiDeps): Router {
  const router = Router();
  const { repos } = deps;

  router.get('/', async (req, res) => {
    const rows = await repos.buildGuides.list(parseQuery(guideListQuery, req));
    res.json({ items: rows.map((g) => presentGuide(g)), nextCursor: null });
  });

  router.get('/:id', async (req, res) => {
    const guide = await repos.buildGuides.get(String(req.params.id));
    if (!guide) throw notFound('build guide');
    const templates = await repos.queryTemplates.list({});
    res.json(presentGuide(guide, new Map(templates.map((t) => [t.slug, t]))));
  });

  return router;
}
