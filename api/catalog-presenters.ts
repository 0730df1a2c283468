/** Catalog rows → REST shapes (query templates, data sources, build guides). */
import type { BuildGuideRow, DataSourceFieldRow, DataSourceRow, QueryTemplateRow } from '../db/catalog-rows';
import type { DataSourceHit } from '../db/data-sources';
import type { TemplateUsage } from '../db/query-templates';

const iso = (d: Date) => d.toISOString();

export function presentTemplate(t: QueryTemplateRow, usage: TemplateUsage = { mine: 0, total: 0 }) {
  return {
    id: t.id,
    slug: t.slug,
    name: t.name,
    category: t.category,
    description: t.description,
    sqlQuery: t.sql_query,
    parameters: t.parameters,
    exampleParameters: t.example_parameters,
    tags: t.tags,
    dataSources: t.data_sources,
    /** Saved queries the caller created from this template. */
    usageCount: usage.mine,
    /** Across all users. */
    totalUsageCount: usage.total,
    updatedAt: iso(t.updated_at),
  };
}

export const presentField = (f: DataSourceFieldRow) => ({
  name: f.name,
  type: f.data_type,
  kind: f.kind,
  description: f.description,
  aggregationThreshold: f.aggregation_threshold,
});

export function presentDataSource(s: DataSourceRow & { field_count?: number; fields?: DataSourceFieldRow[] }) {
  return {
    id: s.id,
    name: s.name,
    category: s.category,
    description: s.description,
    source: s.source,
    paid: s.paid,
    audienceOf: s.audience_of,
    ...(s.field_count !== undefined && { fieldCount: Number(s.field_count) }),
    ...(s.fields && { fieldCount: s.fields.length, fields: s.fields.map(presentField) }),
  };
}

export function presentHit(h: DataSourceHit) {
  return {
    ...presentDataSource(h),
    score: h.score,
    matchedOn: h.tableScore >= (h.matchedFields[0]?.score ?? 0) ? 'table' : 'field',
    matchedFields: h.matchedFields.map((f) => ({ ...presentField(f), score: f.score })),
  };
}

type LinkedTemplate = Pick<QueryTemplateRow, 'id' | 'slug' | 'name' | 'category'>;

export function presentGuide(g: BuildGuideRow, templates?: Map<string, LinkedTemplate>) {
  const slugs = [...new Set(g.sections.flatMap((s) => s.templateSlugs))];
  return {
    id: g.id,
    slug: g.slug,
    title: g.title,
    category: g.category,
    description: g.description,
    sectionCount: g.sections.length,
    templateSlugs: slugs,
    ...(templates && {
      sections: g.sections.map((s, n) => ({
        step: n + 1,
        title: s.title,
        body: s.body,
        templates: s.templateSlugs.flatMap((slug) => {
          const t = templates.get(slug);
          return t ? [{ id: t.id, slug: t.slug, name: t.name, category: t.category }] : [];
        }),
      })),
    }),
  };
}
