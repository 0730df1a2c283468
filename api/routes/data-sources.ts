/**
 * AMC data sources (contract: Catalog). `:id` is the table name (e.g. dsp_impressions) or the row's UUID;
 * the fixed paths /categories, /search and /compare are matched before it.
 */
import { Router } from 'express';
import type { DataSourceWithFields } from '../../db/data-sources';
import { presentDataSource, presentField, presentHit } from '../catalog-presenters';
import type { ApiDeps } from '../deps';
import { notFound } from '../errors';
import { compareQuery, dataSourceListQuery, dataSourceSearchQuery } from '../schemas/catalog';
import { parseQuery } from '../validate';

type Side = ReturnType<typeof presentField> | null;

/** Fields side by side: a's order first, then fields only b has. */
function compareFields(a: DataSourceWithFields, b: DataSourceWithFields) {
  const inB = new Map(b.fields.map((f) => [f.name, f]));
  const inA = new Set(a.fields.map((f) => f.name));
  const rows: { name: string; presence: 'both' | 'a' | 'b'; sameType: boolean | null; a: Side; b: Side }[] = [];
  for (const f of a.fields) {
    const other = inB.get(f.name);
    rows.push({
      name: f.name,
      presence: other ? 'both' : 'a',
      sameType: other ? other.data_type === f.data_type : null,
      a: presentField(f),
      b: other ? presentField(other) : null,
    });
  }
  for (const f of b.fields)
    if (!inA.has(f.name)) rows.push({ name: f.name, presence: 'b', sameType: null, a: null, b: presentField(f) });
  return {
    fields: rows,
    summary: {
      inBoth: rows.filter((r) => r.presence === 'both').length,
      onlyInA: rows.filter((r) => r.presence === 'a').length,
      onlyInB: rows.filter((r) => r.presence === 'b').length,
      typeMismatches: rows.filter((r) => r.sameType === false).map((r) => r.name),
    },
  };
}

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
    res.json({ a: strip(a), b: strip(b), ...compareFields(a, b) });
  });

  router.get('/:id', async (req, res) => {
    const source = await repos.dataSources.get(String(req.params.id));
    if (!source) throw notFound('data source');
    res.json(presentDataSource(source));
  });

  return router;
}
