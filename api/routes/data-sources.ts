/**
 * AMC data sources (contract: Catalog). `:id` is the table name (e.g. dsp_impressions) or the row's UUID;
 * the fixed paths /categories, /search and /compare are matched before it.
 */
import { Router } from 'express';
import type { DataSourceFieldRow } from '../../db/catalog-rows';
import type { DataSourceWithFields } from '../../db/data-sources';
import { compareDataSources } from '../../services/compare-data-sources';
import { presentDataSource, presentField, presentHit } from '../catalog-presenters';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { compareQuery, dataSourceListQuery, dataSourceSearchQuery } from '../schemas/catalog';
import { parseQuery } from '../validate';

export function createDataSourcesRouter(deps: ApiDeps): Router {
  const router = Router();
  const { repos } = deps;

  router.get('/', async (req, res) => {
    const rows = await repos.dataSources.list(parseQuery(dataSourceListQuery, req));
    res.json({ items: rows.map(presentDataSource), nextCursor: null });
  });

  router.get('/categories', async (_req, res) => {
    const rows = await repos.dataSources.categories();
    res.json({ items: rows.map((r) => ({ category: r.category, tableCount: Number(r.table_count) })) });
  });

  router.get('/search', async (req, res) => {
    const { q, limit } = parseQuery(dataSourceSearchQuery, req);
    res.json({ query: q, items: (await repos.dataSources.search(q, limit)).map(presentHit) });
  });

  router.get('/compare', async (req, res) => {
    const { ids } = parseQuery(compareQuery, req);
    const [a, b] = await Promise.all(ids.map((id) => repos.dataSources.get(id)));
    if (!a) throw notFound(`data source ${ids[0]}`);
    if (!b) throw notFound(`data source ${ids[1]}`);
    const strip = (s: DataSourceWithFields) => ({
      id: s.id,
      name: s.name,
      category: s.category,
      fieldCount: s.fields.length,
    });
    const { fields, summary } = compareDataSources(a, b);
    const field = (f: DataSourceFieldRow | null) => (f ? presentField(f) : null);
    res.json({
      a: strip(a),
      b: strip(b),
      fields: fields.map((r) => ({ ...r, a: field(r.a), b: field(r.b) })),
      summary,
    });
  });

  router.get('/:id', async (req, res) => {
    const source = await repos.dataSources.get(String(req.params.id));
    if (!source) throw notFound('data source');
    res.json(presentDataSource(source));
  });

  return router;
}
